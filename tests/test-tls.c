/* test-tls.c: HTTPS and WSS end to end, with a real gridwatch-townd
 *
 * The test makes its own certificate authority and a certificate for
 * 127.0.0.1 with openssl. The server serves HTTPS and the live socket on
 * one port; the app's client refuses it, with the reason and the
 * fingerprint, until the CA is trusted for that server alone; a session
 * holds on a refused certificate rather than retrying. The server
 * refuses plain HTTP off loopback unless told, and then says so. A token
 * is never sent in clear to the network without the user's yes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gw-certificate.h"
#include "gw-error.h"
#include "gw-json.h"
#include "gw-session.h"
#include "gw-test-tls.h"
#include "gw-test-util.h"
#include "gw-cache-schema.h"

static GwTestTls *tls;

static gboolean
have_tls (void)
{
  if (tls == NULL)
    g_test_skip ("openssl is not installed: no test certificate authority");
  return tls != NULL;
}

typedef struct
{
  gboolean done;
  GwTownResponse *response;
  GObject *live;
  GError *error;
} Wait;

static gboolean
is_done (gpointer data)
{
  return ((Wait *) data)->done;
}

static void
wait_clear (Wait *w)
{
  g_clear_pointer (&w->response, gw_town_response_free);
  g_clear_object (&w->live);
  g_clear_error (&w->error);
  w->done = FALSE;
}

static void
on_got (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *w = user_data;

  w->response = gw_town_client_get_finish (GW_TOWN_CLIENT (object), result, &w->error);
  w->done = TRUE;
}

static void
get (GwTownClient *client,
     const char   *path,
     Wait         *w)
{
  wait_clear (w);
  gw_town_client_get_async (client, path, NULL, NULL, on_got, w);
  g_assert_true (gw_test_wait_until (is_done, w, 20000));
}

static GwTestServer *
start_https (const char *name)
{
  g_autofree char *db = gw_test_tmp_path (name);
  GwTestServer *server = gw_test_server_start (db, "--tls-cert", tls->cert, "--tls-key", tls->key, NULL);

  g_assert_true (g_str_has_prefix (server->url, "https://127.0.0.1:"));
  return server;
}

static void
test_https_health (void)
{
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(GwTownClient) trusted = NULL;
  g_autoptr(GwTownClient) stranger = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags errors = 0;
  g_autofree char *fingerprint = NULL;
  Wait w = { 0 };

  if (!have_tls ())
    return;
  server = start_https ("https-health.db");

  /* The CA trusted for this client: the health answer comes. */
  trusted = gw_town_client_new (server->url, NULL);
  g_assert_true (gw_town_client_set_ca_file (trusted, tls->ca, &error));
  g_assert_no_error (error);
  get (trusted, "/api/v1/health", &w);
  g_assert_no_error (w.error);
  g_assert_cmpstr (gw_json_object_get_string (gw_json_node_get_object (w.response->root), "status"), ==, "ok");
  g_assert_null (gw_json_object_get_string (gw_json_node_get_object (w.response->root), "warning"));

  /* Another client to the same server does not share that trust. */
  stranger = gw_town_client_new (server->url, NULL);
  get (stranger, "/api/v1/health", &w);
  g_assert_error (w.error, GW_ERROR, GW_ERROR_CERTIFICATE);
  g_assert_nonnull (strstr (w.error->message, "signed by an authority this computer does not trust"));
  g_assert_nonnull (gw_town_client_get_refused_certificate (stranger, &errors));
  g_assert_true (errors & G_TLS_CERTIFICATE_UNKNOWN_CA);
  fingerprint = gw_certificate_get_fingerprint (gw_town_client_get_refused_certificate (stranger, NULL));
  g_assert_cmpstr (fingerprint, ==, tls->fingerprint);
  wait_clear (&w);
}

static void
test_wrong_host (void)
{
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(GwTownClient) client = NULL;
  g_autofree char *by_name = NULL;
  Wait w = { 0 };

  if (!have_tls ())
    return;
  server = start_https ("wrong-host.db");

  /* The certificate names 127.0.0.1, not localhost. */
  by_name = g_strdup_printf ("https://localhost:%s", strrchr (server->url, ':') + 1);
  client = gw_town_client_new (by_name, NULL);
  g_assert_true (gw_town_client_set_ca_file (client, tls->ca, NULL));
  get (client, "/api/v1/health", &w);
  g_assert_error (w.error, GW_ERROR, GW_ERROR_CERTIFICATE);
  g_assert_nonnull (strstr (w.error->message, "issued for another host name"));
  wait_clear (&w);
}

static gboolean
session_settled (gpointer data)
{
  GwSession *session = data;
  GwConnectionState state = gw_session_get_state (session);

  return state == GW_CONNECTION_ONLINE || state == GW_CONNECTION_OFFLINE;
}

static void
test_session_refused_then_trusted (void)
{
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(GwTownClient) client = NULL;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwSession) session = NULL;
  g_autofree char *cache = gw_test_tmp_path ("session-cache.db");

  if (!have_tls ())
    return;
  server = start_https ("session.db");
  client = gw_town_client_new (server->url, NULL);
  gw_town_client_set_token (client, server->token);
  store = gw_cache_open (cache, NULL);
  session = gw_session_new (store, client);

  /* Refused with the reason, and held: no attempt is scheduled. */
  gw_session_start (session);
  g_assert_true (gw_test_wait_until (session_settled, session, 20000));
  g_assert_cmpuint (gw_session_get_state (session), ==, GW_CONNECTION_OFFLINE);
  g_assert_cmpuint (gw_session_get_hold (session), ==, GW_SESSION_HOLD_CERTIFICATE);
  g_assert_nonnull (strstr (gw_session_get_last_error (session), "does not trust"));
  g_assert_cmpint (gw_session_get_next_attempt (session), ==, 0);

  /* The user trusts the CA: the whole round, live socket included. */
  g_assert_true (gw_town_client_set_ca_file (client, tls->ca, NULL));
  gw_session_refresh (session);
  g_assert_cmpuint (gw_session_get_hold (session), ==, GW_SESSION_HOLD_NONE);
  g_assert_true (gw_test_wait_until (session_settled, session, 20000));
  g_assert_cmpstr (gw_session_get_last_error (session), ==, NULL);
  g_assert_cmpuint (gw_session_get_state (session), ==, GW_CONNECTION_ONLINE);
  g_assert_cmpstr (gw_session_get_user (session), ==, "test-dispatcher");

  gw_session_stop (session);
}

static void
on_live (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->live = gw_town_client_connect_live_finish (GW_TOWN_CLIENT (object), result, &w->error);
  w->done = TRUE;
}

static void
on_live_message (SoupWebsocketConnection *conn,
                 int                      type,
                 GBytes                  *message,
                 char                   **text)
{
  g_free (*text);
  *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
}

static gboolean
has_text (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_wss_live (void)
{
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(GwTownClient) client = NULL;
  g_autofree char *text = NULL;
  Wait w = { 0 };

  if (!have_tls ())
    return;
  server = start_https ("wss.db");
  client = gw_town_client_new (server->url, NULL);
  gw_town_client_set_token (client, server->token);
  g_assert_true (gw_town_client_set_ca_file (client, tls->ca, NULL));

  gw_town_client_connect_live_async (client, NULL, on_live, &w);
  g_assert_true (gw_test_wait_until (is_done, &w, 20000));
  g_assert_no_error (w.error);

  /* The server says where the feed is as soon as the socket opens. */
  g_signal_connect (w.live, "message", G_CALLBACK (on_live_message), &text);
  g_assert_true (gw_test_wait_until (has_text, &text, 20000));
  g_assert_true (g_str_has_prefix (text, "{\"seq\":"));

  soup_websocket_connection_close (SOUP_WEBSOCKET_CONNECTION (w.live), SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  wait_clear (&w);
}

static void
test_bad_certificate_files (void)
{
  g_autofree char *db = gw_test_tmp_path ("bad-files.db");
  g_autofree char *err = NULL;
  g_autofree char *missing = g_build_filename (tls ? tls->dir : "/", "missing.pem", NULL);

  if (!have_tls ())
    return;

  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--listen", "127.0.0.1:0",
                                      "--tls-cert", tls->cert, "--tls-key", tls->stranger_key, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "the key does not belong to the certificate"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--listen", "127.0.0.1:0",
                                      "--tls-cert", missing, "--tls-key", tls->key, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "cannot use the certificate"));
  g_assert_nonnull (strstr (err, "missing.pem"));
  g_clear_pointer (&err, g_free);

  /* A key is not a certificate. */
  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--listen", "127.0.0.1:0",
                                      "--tls-cert", tls->key, "--tls-key", tls->key, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "cannot use the certificate"));
}

/* No traffic leaves loopback: the server refuses before it binds. */
static void
test_plain_http_off_loopback_refused (void)
{
  g_autofree char *db = gw_test_tmp_path ("plain.db");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", db, "--listen", "0.0.0.0:0", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "0.0.0.0 is not a loopback address"));
  g_assert_nonnull (strstr (err, "--tls-cert"));
  g_assert_null (strstr (out, "listening on"));
}

/* Bound to every address, asked on loopback only. */
static void
test_insecure_http_warns (void)
{
  g_autofree char *db = gw_test_tmp_path ("insecure.db");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--listen", "0.0.0.0:0", "--insecure-http", NULL);
  g_autofree char *health = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *warning;
  guint status = 0;

  g_assert_true (g_str_has_prefix (server->url, "http://0.0.0.0:"));
  health = g_strdup_printf ("http://127.0.0.1:%s/api/v1/health", strrchr (server->url, ':') + 1);
  body = gw_test_http_get (health, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  root = gw_test_json_from_bytes (body);
  warning = gw_json_object_get_string (gw_json_node_get_object (root), "warning");
  g_assert_nonnull (warning);
  g_assert_true (g_str_has_prefix (warning, "insecure_http"));
}

typedef struct
{
  guint requests;
} Counter;

static void
count_request (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ((Counter *) user_data)->requests++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

/* A token for plain http:// off loopback stays here until the user
 * agrees; the refusal comes before any connection. 0.0.0.0 is such an
 * address (it is not loopback), yet would reach only this machine. */
static void
test_plain_token_needs_consent (void)
{
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(GwTownClient) remote = NULL;
  g_autoptr(GwTownClient) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_url = NULL;
  g_autofree char *local_url = NULL;
  GSList *uris;
  Counter counter = { 0 };
  Wait w = { 0 };
  int port;

  soup_server_add_handler (soup, NULL, count_request, &counter, NULL);
  g_assert_true (soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (soup);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  remote_url = g_strdup_printf ("http://0.0.0.0:%d", port);
  remote = gw_town_client_new (remote_url, NULL);
  g_assert_false (gw_town_client_is_private (remote));
  g_assert_false (gw_town_client_token_needs_consent (remote));
  gw_town_client_set_token (remote, "secret");
  g_assert_true (gw_town_client_token_needs_consent (remote));
  get (remote, "/api/v1/health", &w);
  g_assert_error (w.error, GW_ERROR, GW_ERROR_PLAIN_HTTP);
  g_assert_nonnull (strstr (w.error->message, "0.0.0.0"));
  g_assert_cmpuint (counter.requests, ==, 0);

  wait_clear (&w);
  gw_town_client_connect_live_async (remote, NULL, on_live, &w);
  g_assert_true (gw_test_wait_until (is_done, &w, 20000));
  g_assert_error (w.error, GW_ERROR, GW_ERROR_PLAIN_HTTP);
  g_assert_cmpuint (counter.requests, ==, 0);

  gw_town_client_allow_plain_token (remote, TRUE);
  g_assert_false (gw_town_client_token_needs_consent (remote));

  /* Loopback needs no consent, and gets the request. */
  local_url = g_strdup_printf ("http://127.0.0.1:%d", port);
  local = gw_town_client_new (local_url, NULL);
  gw_town_client_set_token (local, "secret");
  g_assert_true (gw_town_client_is_private (local));
  get (local, "/api/v1/health", &w);
  g_assert_no_error (w.error);
  g_assert_cmpuint (counter.requests, ==, 1);
  wait_clear (&w);
}

static void
test_authority_file_checked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *empty = gw_test_tmp_path ("empty.pem");

  g_assert_true (g_file_set_contents (empty, "not a certificate\n", -1, NULL));
  g_assert_null (gw_certificate_load_authority (empty, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Cannot use"));
  g_clear_error (&error);

  if (!have_tls ())
    return;
  database = gw_certificate_load_authority (tls->ca, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_TLS_DATABASE (database));
}

static void
test_reasons_in_words (void)
{
  g_autofree char *none = gw_certificate_describe_errors (0);
  g_autofree char *two = gw_certificate_describe_errors (G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_BAD_IDENTITY);

  g_assert_cmpstr (none, ==, "it could not be verified");
  g_assert_cmpstr (two, ==, "it was issued for another host name or address; it has expired");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gw_test_init (&argc, &argv);
  g_test_add_func ("/tls/reasons-in-words", test_reasons_in_words);
  g_test_add_func ("/tls/authority-file-checked", test_authority_file_checked);
  g_test_add_func ("/tls/https-health", test_https_health);
  g_test_add_func ("/tls/wrong-host", test_wrong_host);
  g_test_add_func ("/tls/session-refused-then-trusted", test_session_refused_then_trusted);
  g_test_add_func ("/tls/wss-live", test_wss_live);
  g_test_add_func ("/tls/bad-certificate-files", test_bad_certificate_files);
  g_test_add_func ("/tls/plain-http-off-loopback-refused", test_plain_http_off_loopback_refused);
  g_test_add_func ("/tls/insecure-http-warns", test_insecure_http_warns);
  g_test_add_func ("/tls/plain-token-needs-consent", test_plain_token_needs_consent);

  tls = gw_test_tls_new ();

  status = g_test_run ();
  g_clear_pointer (&tls, gw_test_tls_free);
  return status;
}
