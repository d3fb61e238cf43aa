/* test-reference-pull.c: the cache follows the server, and survives a bad one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "gw-reference-pull.h"
#include "gw-session.h"
#include "gw-test-util.h"
#include "gw-cache-schema.h"
#include "gw-server-schema.h"

typedef struct
{
  gboolean done;
  gboolean ok;
  gboolean changed;
  GError *error;
} PullResult;

static void
on_pulled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PullResult *r = user_data;

  r->ok = gw_reference_pull_finish (result, &r->changed, &r->error);
  r->done = TRUE;
}

static gboolean
pull_done (gpointer data)
{
  return ((PullResult *) data)->done;
}

static PullResult
pull (const char *url,
      const char *token,
      GwStore    *store,
      gsize       max_body,
      guint       timeout)
{
  g_autoptr(GwTownClient) client = gw_town_client_new (url, NULL);
  PullResult r = { 0 };

  gw_town_client_set_token (client, token);
  if (max_body)
    gw_town_client_set_max_body_size (client, max_body);
  if (timeout)
    gw_town_client_set_timeout (client, timeout);

  gw_reference_pull_async (client, store, NULL, on_pulled, &r);
  g_assert_true (gw_test_wait_until (pull_done, &r, 30000));
  return r;
}

static void
assert_counts (GwStore *store,
               guint    grids,
               guint    workers,
               guint    departments,
               guint    categories)
{
  g_autoptr(GPtrArray) w = gw_store_list_workers (store, NULL);
  g_autoptr(GPtrArray) d = gw_store_list_departments (store, NULL);
  g_autoptr(GPtrArray) c = gw_store_list_categories (store, NULL);

  g_assert_cmpuint (gw_store_count_grids (store), ==, grids);
  g_assert_cmpuint (w->len, ==, workers);
  g_assert_cmpuint (d->len, ==, departments);
  g_assert_cmpuint (c->len, ==, categories);
}

static void
test_pull_from_demo (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GwStore) truth = gw_server_store_open (server_db, NULL);
  g_autoptr(GPtrArray) w = gw_store_list_workers (truth, NULL);
  g_autoptr(GPtrArray) d = gw_store_list_departments (truth, NULL);
  g_autoptr(GPtrArray) c = gw_store_list_categories (truth, NULL);
  g_autoptr(GwGrid) here = NULL;
  g_autoptr(GwGrid) there = NULL;
  g_autofree char *etag = NULL;
  PullResult r;

  r = pull (server->url, server->token, cache, 0, 0);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_true (r.changed);
  assert_counts (cache, gw_store_count_grids (truth), w->len, d->len, c->len);

  /* Same answer for the same point, with staff intact. */
  here = gw_store_grid_at (cache, 35.40, 116.97);
  there = gw_store_grid_at (truth, 35.40, 116.97);
  g_assert_cmpstr (gw_grid_get_code (here), ==, gw_grid_get_code (there));
  g_assert_cmpstr (gw_grid_get_leader (here), ==, gw_grid_get_leader (there));
  g_assert_cmpstrv (gw_grid_get_workers (here), gw_grid_get_workers (there));

  etag = gw_store_get_meta (cache, "etag:grids");
  g_assert_nonnull (etag);

  /* Nothing changed on the server: every answer is a 304. */
  r = pull (server->url, server->token, cache, 0, 0);
  g_assert_true (r.ok);
  g_assert_false (r.changed);
}

/* A town server gone wrong, in-process. */
typedef enum
{
  HOSTILE_HTML,
  HOSTILE_TRUNCATED,
  HOSTILE_WRONG_TYPES,
  HOSTILE_BAD_ITEM,
  HOSTILE_500,
  HOSTILE_503,
  HOSTILE_HUGE,
  HOSTILE_SILENT,
} Hostility;

static const char *hostility_names[] = {
  "html", "truncated", "wrong-types", "bad-item", "500", "503", "huge", "silent",
};

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
hostile_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Hostility how = GPOINTER_TO_INT (user_data);
  const char *json = "application/json";

  /* Departments are fine, so a pull gets partway before it meets trouble. */
  if (g_str_equal (path, "/api/v1/departments"))
    {
      respond (msg, 200, json, "{\"items\":[{\"id\":\"x\",\"name\":\"坏部门\"}]}");
      return;
    }

  switch (how)
    {
    case HOSTILE_HTML:
      respond (msg, 200, "text/html", "<html>gateway</html>");
      break;
    case HOSTILE_TRUNCATED:
      respond (msg, 200, json, "{\"items\":[{\"code\":\"E01");
      break;
    case HOSTILE_WRONG_TYPES:
      respond (msg, 200, json, "{\"items\":\"many\"}");
      break;
    case HOSTILE_BAD_ITEM:
      respond (msg, 200, json, "{\"items\":[{\"code\":7,\"kind\":[],\"time_limit\":\"soon\"}]}");
      break;
    case HOSTILE_500:
      respond (msg, 500, json, "{\"error\":{\"code\":\"storage_error\",\"message\":\"disk on fire\"}}");
      break;
    case HOSTILE_503:
      soup_server_message_set_status (msg, 503, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
      break;
    case HOSTILE_HUGE:
      {
        char *big = g_malloc (256 * 1024);
        memset (big, ' ', 256 * 1024);
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, json, SOUP_MEMORY_TAKE, big, 256 * 1024);
      }
      break;
    case HOSTILE_SILENT:
      soup_server_message_pause (msg);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_hostile_server (gconstpointer data)
{
  Hostility how = GPOINTER_TO_INT (data);
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwTestServer) good = gw_test_server_start (server_db, "--demo", NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(SoupServer) bad = soup_server_new (NULL, NULL);
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  PullResult r;
  guint grids;

  /* A cache filled from a good server... */
  r = pull (good->url, good->token, cache, 0, 0);
  g_assert_true (r.ok);
  grids = gw_store_count_grids (cache);
  departments = gw_store_list_departments (cache, NULL);

  /* ...then pointed at a bad one. */
  soup_server_add_handler (bad, NULL, hostile_handler, GINT_TO_POINTER (how), NULL);
  g_assert_true (soup_server_listen_local (bad, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (bad);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  r = pull (url, NULL, cache, how == HOSTILE_HUGE ? 64 * 1024 : 0, how == HOSTILE_SILENT ? 1 : 0);
  g_assert_false (r.ok);
  g_assert_nonnull (r.error);
  g_test_message ("%s: %s", hostility_names[how], r.error->message);
  g_assert_cmpuint (strlen (r.error->message), >, 10);
  if (how == HOSTILE_500)
    g_assert_nonnull (strstr (r.error->message, "disk on fire"));
  if (how == HOSTILE_HTML)
    g_assert_nonnull (strstr (r.error->message, "text/html"));
  g_clear_error (&r.error);

  /* Everything the cache held is still there. The bad server's departments
   * answered fine and may have replaced ours; the rest were never touched. */
  g_assert_cmpuint (gw_store_count_grids (cache), ==, grids);
  {
    g_autoptr(GPtrArray) workers = gw_store_list_workers (cache, NULL);
    g_autoptr(GPtrArray) categories = gw_store_list_categories (cache, NULL);
    g_assert_cmpuint (workers->len, >, 300);
    g_assert_cmpuint (categories->len, >, 30);
  }
}

typedef struct
{
  GwSession *session;
  GwConnectionState state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *w = data;
  return gw_session_get_state (w->session) == w->state;
}

static void
count_notes (guint *notes)
{
  (*notes)++;
}

static void
test_session_offline_then_online (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *url = g_strdup (server->url);
  g_autoptr(GwTownClient) client = gw_town_client_new (url, NULL);
  g_autoptr(GwSession) session = NULL;
  g_autoptr(GDateTime) synced = NULL;
  g_autoptr(GDateTime) notified = NULL;
  StateWait wait = { NULL, GW_CONNECTION_ONLINE };
  guint sync_notes = 0;

  gw_town_client_set_token (client, server->token);
  session = gw_session_new (cache, client);
  wait.session = session;
  g_signal_connect_swapped (session, "notify::last-sync", G_CALLBACK (count_notes), &sync_notes);
  gw_session_start (session);
  g_assert_true (gw_test_wait_until (state_reached, &wait, 20000));
  synced = gw_session_dup_last_sync (session);
  g_assert_nonnull (synced);
  /* Said, for whoever shows "data as of": the window and the wall. */
  g_assert_cmpuint (sync_notes, >=, 1);
  g_object_get (session, "last-sync", &notified, NULL);
  g_assert_true (g_date_time_equal (notified, synced));
  g_assert_cmpuint (gw_store_count_grids (cache), >, 300);

  /* The server goes away: offline, with the reason and a retry planned. */
  g_clear_pointer (&server, gw_test_server_stop);
  gw_session_refresh (session);
  wait.state = GW_CONNECTION_OFFLINE;
  g_assert_true (gw_test_wait_until (state_reached, &wait, 20000));
  g_assert_nonnull (gw_session_get_last_error (session));
  g_assert_cmpuint (gw_session_get_retry_seconds (session), >=, 1);
  g_assert_cmpuint (gw_session_get_retry_seconds (session), <=, 60);
  g_assert_cmpint (gw_session_get_next_attempt (session), >, g_get_monotonic_time ());
  g_assert_cmpuint (gw_store_count_grids (cache), >, 300);

  gw_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/reference-pull/from-demo", test_pull_from_demo);
  for (guint i = 0; i < G_N_ELEMENTS (hostility_names); i++)
    {
      g_autofree char *path = g_strdup_printf ("/reference-pull/hostile/%s", hostility_names[i]);
      g_test_add_data_func (path, GINT_TO_POINTER (i), test_hostile_server);
    }
  g_test_add_func ("/reference-pull/session-offline", test_session_offline_then_online);

  return g_test_run ();
}
