/* test-townd-users.c: tokens, users and private files of gridwatch-townd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "gw-error.h"
#include "gw-session.h"
#include "gw-store.h"
#include "gw-test-util.h"
#include "gw-token.h"
#include "gw-town-client.h"
#include "gw-cache-schema.h"

static gboolean
is_lower_hex (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static void
test_tokens_random (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *db = gw_test_tmp_path ("tokens.sqlite");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint64 ones = 0;
  const guint n = 1000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      char *token = gw_token_generate (&error);

      g_assert_no_error (error);
      g_assert_cmpuint (strlen (token), ==, 64);
      g_assert_true (is_lower_hex (token));
      for (const char *p = token; *p; p++)
        ones += __builtin_popcount (g_ascii_xdigit_value (*p));
      g_assert_true (g_hash_table_add (seen, token));
    }
  /* 256,000 bits, half of them set: a stuck or zeroed generator is far
   * outside ±5,000, a fair one (σ ≈ 253) never is. */
  g_assert_cmpuint (ones, >, n * 128 - 5000);
  g_assert_cmpuint (ones, <, n * 128 + 5000);

  /* The command line's tokens too: 256 bits in hex, never twice. */
  a = gw_test_add_user (db, "ann", "dispatcher");
  b = gw_test_add_user (db, "bob", "dispatcher");
  g_assert_true (is_lower_hex (a) && is_lower_hex (b));
  g_assert_cmpstr (a, !=, b);
}

static gboolean
is_time (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  return time != NULL;
}

static char **
list_users (const char *db)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", db, "--list-users", NULL), ==, 0);
  return g_strsplit (g_strchomp (out), "\n", -1);
}

static void
test_list_users (void)
{
  g_autofree char *db = gw_test_tmp_path ("list.sqlite");
  g_autofree char *ann = gw_test_add_user (db, "ann", "dispatcher");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) ann_row = NULL;
  g_auto(GStrv) bob_row = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  GTimeSpan left;

  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", db, "--add-user", "bob", "--role", "worker",
                                      "--token-days", "30", NULL), ==, 0);
  g_assert_cmpuint (strlen (g_strstrip (out)), ==, 64);
  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", db, "--revoke-user", "bob", NULL), ==, 0);

  lines = list_users (db);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "name\trole\tcreated\texpires\trevoked\tstate");
  ann_row = g_strsplit (lines[1], "\t", -1);
  bob_row = g_strsplit (lines[2], "\t", -1);
  g_assert_cmpuint (g_strv_length (ann_row), ==, 6);
  g_assert_cmpuint (g_strv_length (bob_row), ==, 6);

  g_assert_cmpstr (ann_row[0], ==, "ann");
  g_assert_cmpstr (ann_row[1], ==, "dispatcher");
  g_assert_true (is_time (ann_row[2]));
  g_assert_cmpstr (ann_row[3], ==, "never");
  g_assert_cmpstr (ann_row[4], ==, "-");
  g_assert_cmpstr (ann_row[5], ==, "active");

  g_assert_cmpstr (bob_row[0], ==, "bob");
  g_assert_cmpstr (bob_row[1], ==, "worker");
  expires = g_date_time_new_from_iso8601 (bob_row[3], NULL);
  g_assert_nonnull (expires);
  left = g_date_time_difference (expires, now);
  g_assert_cmpint (left, >, 29 * G_TIME_SPAN_DAY);
  /* Made 30 days from when the command ran, a moment after now was read. */
  g_assert_cmpint (left, <=, 30 * G_TIME_SPAN_DAY + G_TIME_SPAN_MINUTE);
  g_assert_true (is_time (bob_row[4]));
  g_assert_cmpstr (bob_row[5], ==, "revoked");

  /* Never a token, nor its hash. */
  for (guint i = 0; lines[i]; i++)
    g_assert_null (strstr (lines[i], ann));

  /* Unknown users and bad lengths are refused with a reason. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--revoke-user", "nobody", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nobody"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--rotate-token", "nobody", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nobody"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--add-user", "cy", "--role", "worker",
                                      "--token-days", "-1", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--token-days"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--add-user", "bad\nname", "--role", "worker", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "name"));
}

/* A live socket on /api/v1/live, as a client holds it. */
typedef struct
{
  SoupSession *session;
  SoupWebsocketConnection *conn;
  GError *error;
  gboolean connected;
  guint messages;
  gboolean closed;
} Live;

static void
on_live_message (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 Live                    *live)
{
  live->messages++;
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                Live                    *live)
{
  live->closed = TRUE;
}

static void
on_live_connected (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Live *live = user_data;

  live->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &live->error);
  live->connected = TRUE;
  if (live->conn)
    {
      g_signal_connect (live->conn, "message", G_CALLBACK (on_live_message), live);
      g_signal_connect (live->conn, "closed", G_CALLBACK (on_live_closed), live);
    }
}

static gboolean
live_greeted (gpointer data)
{
  Live *live = data;

  return live->error != NULL || live->messages > 0 || live->closed;
}

static gboolean
live_closed (gpointer data)
{
  return ((Live *) data)->closed;
}

static void
live_free (Live *live)
{
  if (live->conn && soup_websocket_connection_get_state (live->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (live->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  if (live->conn)
    g_signal_handlers_disconnect_by_data (live->conn, live);
  g_clear_object (&live->conn);
  g_clear_object (&live->session);
  g_clear_error (&live->error);
  g_free (live);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Live, live_free)

static Live *
live_connect (GwTestServer *server,
              const char   *token)
{
  Live *live = g_new0 (Live, 1);
  g_autofree char *url = g_strconcat (server->url, "/api/v1/live", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);

  live->session = soup_session_new ();
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_websocket_connect_async (live->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_live_connected, live);
  g_assert_true (gw_test_wait_until (live_greeted, live, 20000));
  return live;
}

/* Connected, and told where the feed is. */
static Live *
live_open (GwTestServer *server,
           const char   *token)
{
  Live *live = live_connect (server, token);

  g_assert_no_error (live->error);
  g_assert_cmpuint (live->messages, >, 0);
  g_assert_false (live->closed);
  return live;
}

/* The server closed it for its token, saying why. */
static void
assert_live_refused (Live       *live,
                     const char *reason)
{
  gint64 start = g_get_monotonic_time ();

  g_assert_true (gw_test_wait_until (live_closed, live, 20000));
  g_test_message ("live socket closed %" G_GINT64_FORMAT " ms after the refusal",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpuint (soup_websocket_connection_get_close_code (live->conn), ==, 4401);
  g_assert_cmpstr (soup_websocket_connection_get_close_data (live->conn), ==, reason);
}

/* GET /api/v1/me: the status, and the error code of a refusal or who
 * the token is, as NAME/ROLE. */
static guint
get_me (GwTestServer  *server,
        const char    *token,
        char         **answer)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/me", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  guint status;

  body = gw_test_http_get (url, token, NULL, &status, NULL);
  root = gw_test_json_from_bytes (body);
  g_assert_nonnull (root);
  obj = json_node_get_object (root);
  if (answer && json_object_has_member (obj, "error"))
    *answer = g_strdup (json_object_get_string_member (json_object_get_object_member (obj, "error"), "code"));
  else if (answer)
    *answer = g_strdup_printf ("%s/%s", json_object_get_string_member (obj, "name"),
                               json_object_get_string_member (obj, "role"));
  return status;
}

static void
test_revoke (void)
{
  g_autofree char *db = gw_test_tmp_path ("revoke.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, NULL);
  g_autofree char *eve = gw_test_add_user (db, "eve", "worker");
  g_autofree char *code = NULL;
  g_autofree char *err = NULL;
  g_autoptr(Live) eve_live = NULL;
  g_autoptr(Live) other_live = NULL;
  g_autoptr(Live) refused = NULL;

  g_assert_cmpuint (get_me (server, eve, NULL), ==, 200);
  eve_live = live_open (server, eve);
  other_live = live_open (server, server->token);

  /* Another process, on the same database, while the server runs. */
  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--revoke-user", "eve", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "eve"));

  g_assert_cmpuint (get_me (server, eve, &code), ==, 401);
  g_assert_cmpstr (code, ==, "token_revoked");
  assert_live_refused (eve_live, "token_revoked");

  /* The check that closed eve's socket left the others alone. */
  g_assert_false (other_live->closed);
  g_assert_cmpint (soup_websocket_connection_get_state (other_live->conn), ==, SOUP_WEBSOCKET_STATE_OPEN);
  g_assert_cmpuint (get_me (server, server->token, NULL), ==, 200);

  /* Nor can a revoked token open a new one. */
  refused = live_connect (server, eve);
  g_assert_error (refused->error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET);
}

static void
test_rotate (void)
{
  g_autofree char *db = gw_test_tmp_path ("rotate.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, NULL);
  g_autofree char *old_token = gw_test_add_user (db, "fay", "leader");
  g_autofree char *new_token = NULL;
  g_autofree char *code = NULL;
  g_autoptr(Live) live = NULL;

  live = live_open (server, old_token);
  g_assert_cmpint (gw_test_run_townd (&new_token, NULL, "--db", db, "--rotate-token", "fay", NULL), ==, 0);
  g_strstrip (new_token);
  g_assert_cmpuint (strlen (new_token), ==, 64);
  g_assert_cmpstr (new_token, !=, old_token);

  g_assert_cmpuint (get_me (server, old_token, &code), ==, 401);
  g_assert_cmpstr (code, ==, "unauthorized");
  assert_live_refused (live, "unauthorized");

  /* The new token is fay's, with fay's role. */
  g_clear_pointer (&code, g_free);
  g_assert_cmpuint (get_me (server, new_token, &code), ==, 200);
  g_assert_cmpstr (code, ==, "fay/leader");
}

/* As if the days had passed: the expiry is moved into the past. */
static void
expire_now (const char *db,
            const char *name)
{
  sqlite3 *handle = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE users SET expires_at = '2001-01-01T00:00:00Z' WHERE name = '%s'", name);

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 10000);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (handle), ==, 1);
  sqlite3_close (handle);
}

static void
test_expiry (void)
{
  g_autofree char *db = gw_test_tmp_path ("expiry.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, NULL);
  g_autofree char *token = NULL;
  g_autofree char *code = NULL;
  g_autofree char *renewed = NULL;
  g_autoptr(Live) live = NULL;

  g_assert_cmpint (gw_test_run_townd (&token, NULL, "--db", db, "--add-user", "gus", "--role", "worker",
                                      "--token-days", "1", NULL), ==, 0);
  g_strstrip (token);
  g_assert_cmpuint (get_me (server, token, NULL), ==, 200);
  live = live_open (server, token);

  expire_now (db, "gus");
  g_assert_cmpuint (get_me (server, token, &code), ==, 401);
  g_assert_cmpstr (code, ==, "token_expired");
  assert_live_refused (live, "token_expired");

  /* A new token, without --token-days, does not expire. */
  g_assert_cmpint (gw_test_run_townd (&renewed, NULL, "--db", db, "--rotate-token", "gus", NULL), ==, 0);
  g_assert_cmpuint (get_me (server, g_strstrip (renewed), NULL), ==, 200);
}

static guint
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
test_files_private (void)
{
  g_autofree char *dir = gw_test_tmp_path ("private-state");
  g_autofree char *db = g_build_filename (dir, "town.sqlite", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *photo = NULL;
  const char *name;
  guint status;
  guint files = 0;
  mode_t old_umask = umask (022);   /* the usual one, which SQLite obeys */

  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  server = gw_test_server_start (db, NULL);
  /* A photo lives in the database, as a row: no other file appears. */
  photo = gw_test_upload_photo (server->url, server->token, gw_test_tiny_png, sizeof gw_test_tiny_png, &status);
  g_assert_nonnull (photo);

  g_assert_cmphex (mode_of (dir), ==, 0700);
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (shm, G_FILE_TEST_IS_REGULAR));
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_test_message ("%s: %04o", name, mode_of (path));
      g_assert_cmphex (mode_of (path), ==, 0600);
      files++;
    }
  g_assert_cmpuint (files, ==, 3);
  umask (old_umask);
}

static void
test_readable_db (void)
{
  g_autofree char *db = gw_test_tmp_path ("readable.sqlite");
  g_autofree char *token = gw_test_add_user (db, "hal", "dispatcher");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *fix = g_strdup_printf ("chmod 600 %s", db);
  g_autoptr(GwTestServer) server = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (g_chmod (db, 0644), ==, 0);

  /* Serving is refused, with the file and the fix. */
  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", db, "--listen", "127.0.0.1:0", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, db));
  g_assert_nonnull (strstr (err, fix));
  g_assert_nonnull (strstr (err, "--allow-readable-db"));

  /* A one-shot command (a revocation cannot wait) warns and works. */
  lines = list_users (db);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);

  /* Told, the server serves. */
  server = gw_test_server_start (db, "--allow-readable-db", NULL);
  g_assert_cmpuint (get_me (server, token, NULL), ==, 200);
  g_assert_cmphex (mode_of (db), ==, 0644);
}

static gboolean
session_held (gpointer data)
{
  return gw_session_get_hold (data) == GW_SESSION_HOLD_TOKEN;
}

static gboolean
session_online (gpointer data)
{
  return gw_session_get_state (data) == GW_CONNECTION_ONLINE;
}

/* The app's session, live when its token is revoked, stops at once with
 * the reason in words, and does not knock again (every refusal counts
 * against the office's address). */
static void
test_session_revoked (void)
{
  g_autofree char *db = gw_test_tmp_path ("session-revoked.sqlite");
  g_autofree char *cache_path = gw_test_tmp_path ("session-revoked-cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", NULL);
  g_autofree char *eve = gw_test_add_user (db, "eve", "dispatcher");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) cache = gw_cache_open (cache_path, &error);
  g_autoptr(GwTownClient) client = gw_town_client_new (server->url, NULL);
  g_autoptr(GwSession) session = NULL;
  g_autoptr(GError) expected = gw_town_client_token_error ("token_revoked");

  g_assert_no_error (error);
  gw_town_client_set_token (client, eve);
  session = gw_session_new (cache, client);
  gw_session_start (session);
  g_assert_true (gw_test_wait_until (session_online, session, 30000));

  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", db, "--revoke-user", "eve", NULL), ==, 0);
  /* The server closes the live socket with 4401 within a second or two. */
  g_assert_true (gw_test_wait_until (session_held, session, 20000));
  g_assert_cmpint (gw_session_get_state (session), ==, GW_CONNECTION_OFFLINE);
  g_assert_cmpstr (gw_session_get_last_error (session), ==, expected->message);
  g_assert_cmpint (gw_session_get_next_attempt (session), ==, 0);
  gw_session_stop (session);
}

/* People are shown by name: --display-name gives one, /api/v1/me and a
 * case's history say it beside the login name; a name that cannot be
 * shown is refused, and no token is made. */
static void
test_display_name (void)
{
  g_autofree char *db = gw_test_tmp_path ("display-name.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *me_url = g_strconcat (server->url, "/api/v1/me", NULL);
  g_autofree char *cases_url = g_strconcat (server->url, "/api/v1/cases", NULL);
  g_autofree char *history_url = NULL;
  g_autoptr(GBytes) me = NULL;
  g_autoptr(GBytes) created = NULL;
  g_autoptr(GBytes) history = NULL;
  g_autoptr(JsonNode) me_root = NULL;
  g_autoptr(JsonNode) case_root = NULL;
  g_autoptr(JsonNode) history_root = NULL;
  JsonObject *first;
  guint status = 0;

  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", db, "--add-user", "li", "--role", "dispatcher",
                                      "--display-name", "李明", NULL), ==, 0);
  g_strstrip (out);
  me = gw_test_http_get (me_url, out, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  me_root = gw_test_json_from_bytes (me);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me_root), "name"), ==, "li");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (me_root), "display_name"), ==, "李明");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (me_root), "return_visit_days"), ==, 2);

  created = gw_test_http_post_once (cases_url, out, "{\"source\":\"walk_in\",\"lat\":35.40,\"lon\":116.97,"
                                                   "\"description\":\"路灯不亮\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  case_root = gw_test_json_from_bytes (created);
  history_url = g_strdup_printf ("%s/api/v1/cases/%s/history", server->url,
                                 json_object_get_string_member (json_node_get_object (case_root), "id"));
  history = gw_test_http_get (history_url, out, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  history_root = gw_test_json_from_bytes (history);
  first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (history_root), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "user"), ==, "li");
  g_assert_cmpstr (json_object_get_string_member (first, "user_name"), ==, "李明");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", db, "--add-user", "mo", "--role", "dispatcher",
                                      "--display-name", "  ", NULL), !=, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/townd-users/tokens-random", test_tokens_random);
  g_test_add_func ("/townd-users/list-users", test_list_users);
  g_test_add_func ("/townd-users/revoke", test_revoke);
  g_test_add_func ("/townd-users/session-revoked", test_session_revoked);
  g_test_add_func ("/townd-users/rotate", test_rotate);
  g_test_add_func ("/townd-users/expiry", test_expiry);
  g_test_add_func ("/townd-users/files-private", test_files_private);
  g_test_add_func ("/townd-users/readable-db", test_readable_db);
  g_test_add_func ("/townd-users/display-name", test_display_name);

  return g_test_run ();
}
