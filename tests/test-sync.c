/* test-sync.c: live cases end to end, with real gridwatch-townd processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include <libsoup/soup.h>

#include "gw-case-pull.h"
#include "gw-json.h"
#include "gw-session.h"
#include "gw-store-feed.h"
#include "gw-store-outbox.h"
#include "gw-store-quarantine.h"
#include "gw-test-pull.h"
#include "gw-test-util.h"
#include "gw-cache-schema.h"
#include "gw-server-schema.h"

static GwTownClient *
client_for (const GwTestServer *server,
            const char         *token)
{
  GwTownClient *client = gw_town_client_new (server->url, NULL);

  gw_town_client_set_token (client, token ? token : server->token);
  return client;
}

/* Every case of the server is in the cache at the same version. */
static void
assert_cache_equals_server (GwStore    *cache,
                            const char *server_db)
{
  g_autoptr(GwStore) truth = gw_server_store_open (server_db, NULL);
  g_autoptr(GPtrArray) theirs = gw_store_list_cases (truth, NULL, NULL);
  g_autoptr(GPtrArray) ours = gw_store_list_cases (cache, NULL, NULL);
  g_autoptr(GHashTable) versions = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (ours->len, ==, theirs->len);
  for (guint i = 0; i < ours->len; i++)
    g_hash_table_insert (versions, (gpointer) gw_case_get_id (g_ptr_array_index (ours, i)),
                         GINT_TO_POINTER ((int) gw_case_get_version (g_ptr_array_index (ours, i))));
  for (guint i = 0; i < theirs->len; i++)
    {
      GwCase *kase = g_ptr_array_index (theirs, i);
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (versions, gw_case_get_id (kase))), ==,
                       gw_case_get_version (kase));
    }
}

/* Cases whose latest change in the server's feed lies in (after, upto]. */
static guint
count_case_changes (const char *server_db,
                    gint64      after,
                    gint64      upto)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_open_v2 (server_db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM changes WHERE kind = 'case' AND seq > ?1 AND seq <= ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, upto);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gboolean
has_case_indexes (gpointer store)
{
  return gw_cache_has_case_indexes (store);
}

static void
test_pull_ten_thousand (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  /* No whistle proposals for seeded cases while pulling: the sweep's
   * other acts are done before the server listens. */
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "10000",
                                                         "--escalation-margin", "100000", NULL);
  g_autoptr(GwTownClient) client = client_for (server, NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  GwTestPull w = { 0 };
  gint64 cursor;

  gw_test_pull (&w, client, cache, 1000, 60000);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->applied, ==, 10000);
  g_assert_cmpuint (gw_store_count_cases (cache), ==, 10000);
  assert_cache_equals_server (cache, server_db);
  /* A first pull answers before the cases' indexes are back; they follow. */
  g_assert_true (gw_test_wait_until (has_case_indexes, cache, 60000));

  /* Pulling again applies only what the server changed since: on a slow
   * machine its escalation sweep (every 30 s) may have acted meanwhile. */
  cursor = w.result->cursor;
  gw_test_pull_clear (&w);
  gw_test_pull (&w, client, cache, 1000, 60000);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->applied, ==, count_case_changes (server_db, cursor, w.result->cursor));
  gw_test_pull_clear (&w);
}

/* The same address, another database behind it (a town server set up
 * again): the cache holds the new server's cases, none of the former's,
 * and the window is told to start afresh. */
static void
test_server_replaced (void)
{
  g_autofree char *first_db = gw_test_tmp_path ("first.sqlite");
  g_autofree char *second_db = gw_test_tmp_path ("second.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (first_db, "--demo", "--seed-cases", "300",
                                                         "--escalation-margin", "100000", NULL);
  g_autoptr(GwTownClient) client = client_for (server, NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autofree char *first_feed = NULL;
  g_autofree char *second_feed = NULL;
  GwTestPull w = { 0 };

  gw_test_pull (&w, client, cache, 100, 60000);
  g_assert_no_error (w.error);
  g_assert_false (w.result->reset);
  g_assert_cmpuint (gw_store_count_cases (cache), ==, 300);
  first_feed = gw_store_dup_cursor_feed (cache);
  g_assert_nonnull (first_feed);
  gw_test_pull_clear (&w);
  g_clear_pointer (&server, gw_test_server_stop);
  g_clear_object (&client);

  server = gw_test_server_start (second_db, "--demo", "--seed-cases", "40", "--escalation-margin", "100000", NULL);
  client = client_for (server, NULL);
  gw_test_pull (&w, client, cache, 100, 60000);
  g_assert_no_error (w.error);
  g_assert_true (w.result->reset);
  g_assert_true (w.result->reference_changed);
  second_feed = gw_store_dup_cursor_feed (cache);
  g_assert_cmpstr (second_feed, !=, first_feed);
  assert_cache_equals_server (cache, second_db);

  /* Pulled again, nothing is forgotten twice. */
  gw_test_pull_clear (&w);
  gw_test_pull (&w, client, cache, 100, 60000);
  g_assert_no_error (w.error);
  g_assert_false (w.result->reset);
  assert_cache_equals_server (cache, second_db);
  gw_test_pull_clear (&w);
}

/* A cursor past the feed's end (the server restored from an older
 * backup) starts the feed again; a malformed feed id is refused. */
static void
test_cursor_past_the_end (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "20", NULL);
  g_autofree char *past = g_strdup_printf ("%s/api/v1/changes?since=99999999&limit=5", server->url);
  g_autofree char *bad = g_strdup_printf ("%s/api/v1/changes?since=1&feed=%s", server->url,
                                          "0123456789012345678901234567890123456789012345678901234567890123456789");
  g_autofree char *first = g_strdup_printf ("%s/api/v1/changes?since=0&limit=5", server->url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *feed = NULL;
  JsonObject *page;
  guint status = 0;

  body = gw_test_http_get (first, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  node = gw_test_json_from_bytes (body);
  page = json_node_get_object (node);
  g_assert_false (json_object_get_boolean_member (page, "reset"));
  feed = g_strdup (json_object_get_string_member (page, "feed"));
  g_assert_cmpuint (strlen (feed), ==, 36);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&node, json_node_unref);

  body = gw_test_http_get (past, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  node = gw_test_json_from_bytes (body);
  page = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (page, "reset"));
  g_assert_cmpstr (json_object_get_string_member (page, "feed"), ==, feed);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 5);
  g_clear_pointer (&body, g_bytes_unref);

  body = gw_test_http_get (bad, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
}

typedef struct
{
  GwStore *cache;
} CursorWait;

static gboolean
cursor_moved (gpointer data)
{
  return gw_store_get_cursor (((CursorWait *) data)->cache) > 0;
}

static void
test_resume_after_server_killed (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "10000", NULL);
  g_autoptr(GwTownClient) client = client_for (server, NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  CursorWait cw = { cache };
  GwTestPull w = { 0 };
  gint64 cut_at;

  gw_test_pull_start (&w, client, cache, 100);
  g_assert_true (gw_test_wait_until (cursor_moved, &cw, 60000));

  /* Killed mid-pull, without warning. */
  g_subprocess_force_exit (server->process);
  g_assert_true (gw_test_wait_until (gw_test_pull_is_done, &w, 60000));
  g_assert_nonnull (w.error);
  cut_at = gw_store_get_cursor (cache);
  g_assert_cmpuint (gw_store_count_cases (cache), <, 10000);
  g_test_message ("cut after %u cases, cursor %" G_GINT64_FORMAT, gw_store_count_cases (cache), cut_at);
  gw_test_pull_clear (&w);
  g_clear_pointer (&server, gw_test_server_stop);

  /* Back on another port: the pull resumes from the cursor. */
  server = gw_test_server_start (server_db, NULL);
  g_clear_object (&client);
  client = client_for (server, NULL);
  gw_test_pull (&w, client, cache, 100, 60000);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->applied, >, 0);
  g_assert_cmpuint (gw_store_count_cases (cache), ==, 10000);
  assert_cache_equals_server (cache, server_db);
  gw_test_pull_clear (&w);
}

typedef struct
{
  GwSession *session;
  GwConnectionState state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *w = data;
  return gw_session_get_state (w->session) == w->state;
}

static gboolean
outbox_empty (gpointer data)
{
  return gw_session_get_queued (data) == 0;
}

static GwSession *
online_session (GwTestServer *server,
                GwStore      *cache,
                const char   *token)
{
  g_autoptr(GwTownClient) client = client_for (server, token);
  GwSession *session = gw_session_new (cache, client);
  StateWait w = { session, GW_CONNECTION_ONLINE };

  gw_session_start (session);
  g_assert_true (gw_test_wait_until (state_is, &w, 30000));
  return session;
}

static guint
post_json (const GwTestServer *server,
           const char         *token,
           const char         *path,
           const char         *key,
           const char         *body,
           JsonNode          **response)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autofree char *bearer = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;

  if (bearer)
    soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (key)
    soup_message_headers_append (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  if (response)
    *response = gw_json_parse_bytes (reply, NULL);
  return soup_message_get_status (msg);
}

static char *
create_case (const GwTestServer *server)
{
  g_autoptr(JsonNode) response = NULL;
  guint status = post_json (server, server->token, "/api/v1/cases", NULL,
                            "{\"source\":\"hotline_12345\",\"lat\":35.40,\"lon\":116.97,"
                            "\"category\":\"E0401\",\"priority\":\"urgent\",\"description\":\"占道经营\"}", &response);

  g_assert_cmpuint (status, ==, 201);
  return g_strdup (gw_json_object_get_string (gw_json_node_get_object (response), "id"));
}

typedef struct
{
  GwStore *store;
  const char *id;
} CaseWait;

static gboolean
case_arrived (gpointer data)
{
  CaseWait *w = data;
  g_autoptr(GwCase) kase = gw_store_get_case (w->store, w->id);
  return kase != NULL;
}

static guint
count_applied (const char *server_db,
               const char *case_id)
{
  g_autoptr(GwStore) truth = gw_server_store_open (server_db, NULL);
  g_autoptr(GPtrArray) audit = gw_store_list_audit (truth, case_id, NULL);
  guint n = 0;

  for (guint i = 0; i < audit->len; i++)
    {
      GwAuditEntry *e = g_ptr_array_index (audit, i);
      n += e->after_version > 1 && e->status == 200;
    }
  return n;
}

static void
test_outbox_survives_sigkill (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *case_id = create_case (server);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GwSession) session = online_session (server, cache, NULL);
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GwStore) truth = NULL;
  g_autoptr(GwCase) final = NULL;
  g_autoptr(GError) error = NULL;

  CaseWait arrived = { cache, case_id };

  g_assert_true (gw_test_wait_until (case_arrived, &arrived, 10000));
  gw_session_stop (session);
  g_clear_object (&session);
  g_clear_pointer (&server, gw_test_server_stop);
  g_clear_object (&cache);

  /* The server is down; another client process queues three actions on
   * the cached case and is killed before it can do anything more. */
  helper = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("GW_OUTBOX_HELPER"),
                             cache_db, case_id, "w0001", NULL);
  g_assert_no_error (error);
  g_subprocess_wait (helper, NULL, &error);
  g_assert_true (g_subprocess_get_if_signaled (helper));
  g_assert_cmpint (g_subprocess_get_term_sig (helper), ==, SIGKILL);

  cache = gw_cache_open (cache_db, NULL);
  g_assert_cmpuint (gw_store_count_outbox (cache), ==, 3);

  /* The server returns; the queued actions go through, once each. */
  server = gw_test_server_start (server_db, NULL);
  session = online_session (server, cache, NULL);
  g_assert_true (gw_test_wait_until (outbox_empty, session, 30000));

  truth = gw_server_store_open (server_db, NULL);
  final = gw_store_get_case (truth, case_id);
  g_assert_cmpint (gw_case_get_status (final), ==, GW_CASE_STATUS_DISPATCHED);
  g_assert_cmpstr (gw_case_get_data (final)->assignee, ==, "worker:w0001");
  g_assert_cmpuint (count_applied (server_db, case_id), ==, 3);

  /* And the cache holds the server's version, no longer pending. */
  g_clear_object (&final);
  final = gw_store_get_case (cache, case_id);
  g_assert_cmpint (gw_case_get_version (final), ==, 4);
  g_assert_false (gw_case_get_pending (final));
  gw_session_stop (session);
}

typedef struct
{
  guint refusals;
  guint status;
  char *message;
  GwCase *server_case;
} Refusals;

static void
on_refused (GwSession  *session,
            const char *case_id,
            const char *action,
            guint       status,
            const char *message,
            GwCase     *server_case,
            Refusals   *r)
{
  r->refusals++;
  r->status = status;
  g_free (r->message);
  r->message = g_strdup (message);
  g_set_object (&r->server_case, server_case);
  g_test_message ("refused %s on %s: %u %s", action, case_id, status, message);
}

typedef struct
{
  GwSession *a;
  GwSession *b;
  Refusals *ra;
  Refusals *rb;
} Pair;

static gboolean
both_settled (gpointer data)
{
  Pair *p = data;

  /* Queues empty, and the refusal announced: it is emitted on the main
   * loop after the flush that emptied the queue has finished. */
  return gw_session_get_queued (p->a) == 0 && gw_session_get_queued (p->b) == 0 &&
         p->ra->refusals + p->rb->refusals > 0;
}

static void
test_two_clients_assign_at_once (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_a = gw_test_tmp_path ("a.sqlite");
  g_autofree char *cache_b = gw_test_tmp_path ("b.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *case_id = create_case (server);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/actions", case_id);
  g_autofree char *other = gw_test_add_user (server_db, "other-dispatcher", "dispatcher");
  g_autoptr(GwStore) store_a = gw_cache_open (cache_a, NULL);
  g_autoptr(GwStore) store_b = gw_cache_open (cache_b, NULL);
  g_autoptr(GwSession) a = NULL;
  g_autoptr(GwSession) b = NULL;
  g_autoptr(JsonObject) to_1 = json_object_new ();
  g_autoptr(JsonObject) to_2 = json_object_new ();
  g_autoptr(GwStore) truth = NULL;
  g_autoptr(GwCase) final = NULL;
  g_autoptr(GwCase) seen_by_loser = NULL;
  Refusals ra = { 0 }, rb = { 0 };
  g_autofree char *message = NULL;
  Pair pair;

  g_assert_cmpuint (post_json (server, server->token, path, "accept-1", "{\"action\":\"accept\",\"base_version\":1}", NULL), ==, 200);
  g_assert_cmpuint (post_json (server, server->token, path, "file-1", "{\"action\":\"file\",\"base_version\":2}", NULL), ==, 200);

  a = online_session (server, store_a, NULL);
  b = online_session (server, store_b, other);
  g_signal_connect (a, "action-refused", G_CALLBACK (on_refused), &ra);
  g_signal_connect (b, "action-refused", G_CALLBACK (on_refused), &rb);
  pair = (Pair) { a, b, &ra, &rb };

  /* Both see version 3, both assign before either hears of the other. */
  {
    GwTestPull w = { 0 };
    g_autoptr(GwTownClient) ca = client_for (server, NULL);
    g_autoptr(GwTownClient) cb = client_for (server, other);

    gw_test_pull (&w, ca, store_a, 0, 30000);
    gw_test_pull_clear (&w);
    gw_test_pull (&w, cb, store_b, 0, 30000);
    gw_test_pull_clear (&w);
  }

  json_object_set_string_member (to_1, "assignee", "worker:w0001");
  json_object_set_string_member (to_2, "assignee", "worker:w0002");
  {
    g_autoptr(GwCase) in_a = gw_store_get_case (store_a, case_id);
    g_autoptr(GwCase) in_b = gw_store_get_case (store_b, case_id);

    g_assert_true (gw_session_perform_action (a, in_a, "assign", to_1, NULL));
    g_assert_true (gw_session_perform_action (b, in_b, "assign", to_2, NULL));
  }
  g_assert_true (gw_test_wait_until (both_settled, &pair, 30000));

  /* One won; the other was told, with the case as it now is. */
  g_assert_cmpuint (ra.refusals + rb.refusals, ==, 1);
  truth = gw_server_store_open (server_db, NULL);
  final = gw_store_get_case (truth, case_id);
  g_assert_cmpint (gw_case_get_version (final), ==, 4);
  /* The loser is told who changed the case, and with what. */
  message = g_strdup (rb.refusals ? rb.message : ra.message);
  g_assert_nonnull (strstr (message, rb.refusals ? "test-dispatcher" : "other-dispatcher"));
  g_assert_nonnull (strstr (message, "assign"));
  if (rb.refusals)
    {
      g_assert_cmpuint (rb.status, ==, 409);
      g_assert_cmpstr (gw_case_get_data (final)->assignee, ==, "worker:w0001");
      seen_by_loser = gw_store_get_case (store_b, case_id);
    }
  else
    {
      g_assert_cmpuint (ra.status, ==, 409);
      g_assert_cmpstr (gw_case_get_data (final)->assignee, ==, "worker:w0002");
      seen_by_loser = gw_store_get_case (store_a, case_id);
    }
  /* Nothing silently overwritten: the loser's cache shows the winner's. */
  g_assert_cmpstr (gw_case_get_data (seen_by_loser)->assignee, ==, gw_case_get_data (final)->assignee);
  g_assert_cmpint (gw_case_get_version (seen_by_loser), ==, 4);

  g_clear_object (&ra.server_case);
  g_clear_object (&rb.server_case);
  g_free (ra.message);
  g_free (rb.message);
  gw_session_stop (a);
  gw_session_stop (b);
}

static void
on_urgent (GwSession *session,
           GwCase    *kase,
           guint     *count)
{
  (*count)++;
}

static gboolean
urgent_announced (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_live_poke (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GwSession) session = online_session (server, cache, NULL);
  g_autofree char *case_id = NULL;
  CaseWait w = { cache, NULL };
  guint urgent = 0;

  g_signal_connect (session, "urgent-case", G_CALLBACK (on_urgent), &urgent);
  case_id = create_case (server);
  w.id = case_id;

  /* No refresh asked: the server's poke brings it, and it is announced
   * (on the main thread, after the worker thread stored it). */
  g_assert_true (gw_test_wait_until (urgent_announced, &urgent, 10000));
  g_assert_true (case_arrived (&w));
  g_assert_cmpuint (urgent, ==, 1);
  gw_session_stop (session);
}

static void
test_refusals_are_audited (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *leader = gw_test_add_user (server_db, "leader", "leader");
  g_autofree char *case_id = create_case (server);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/actions", case_id);
  g_autofree char *grids = g_strconcat (server->url, "/api/v1/grids", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GwStore) truth = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  guint status, n401 = 0, n403 = 0;
  const char *accept = "{\"action\":\"accept\",\"base_version\":1}";

  body = gw_test_http_get (grids, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpuint (post_json (server, NULL, path, "k1", accept, NULL), ==, 401);
  g_assert_cmpuint (post_json (server, "0123456789abcdef", path, "k2", accept, NULL), ==, 401);
  g_assert_cmpuint (post_json (server, leader, path, "k3", accept, NULL), ==, 403);
  g_assert_cmpuint (post_json (server, leader, "/api/v1/cases", "k4",
                               "{\"source\":\"patrol\",\"lat\":35.4,\"lon\":116.97}", NULL), ==, 403);

  /* Failed logins are counted by address and minute, not a row each;
   * the count is written at the latest when the server stops. */
  g_clear_pointer (&server, gw_test_server_stop);
  truth = gw_server_store_open (server_db, NULL);
  g_assert_cmpint (gw_store_count_auth_failures (truth, "127.0.0.1"), ==, 3);
  audit = gw_store_list_audit (truth, NULL, NULL);
  for (guint i = 0; i < audit->len; i++)
    {
      GwAuditEntry *e = g_ptr_array_index (audit, i);
      n401 += e->status == 401;
      if (e->status == 403)
        {
          n403++;
          g_assert_cmpstr (e->user, ==, "leader");
        }
    }
  g_assert_cmpuint (n401, ==, 0);
  g_assert_cmpuint (n403, ==, 2);

  /* The case is untouched. */
  {
    g_autoptr(GwCase) kase = gw_store_get_case (truth, case_id);
    g_assert_cmpint (gw_case_get_version (kase), ==, 1);
  }
}

static void
test_idempotent_replay (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *case_id = create_case (server);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/actions", case_id);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  const char *comment = "{\"action\":\"comment\",\"params\":{\"text\":\"已电话联系\"},\"base_version\":1}";

  g_assert_cmpuint (post_json (server, server->token, path, "same-key", comment, &first), ==, 200);
  g_assert_cmpuint (post_json (server, server->token, path, "same-key", comment, &again), ==, 200);
  a = gw_json_to_bytes (first);
  b = gw_json_to_bytes (again);
  g_assert_true (g_bytes_equal (a, b));
  g_assert_cmpuint (count_applied (server_db, case_id), ==, 1);

  /* An illegal action is 422, and the same key replays the 422. */
  g_assert_cmpuint (post_json (server, server->token, path, "k-start",
                               "{\"action\":\"handle\",\"base_version\":2}", NULL), ==, 403);
  g_assert_cmpuint (post_json (server, server->token, path, "k-assign",
                               "{\"action\":\"assign\",\"params\":{\"assignee\":\"worker:w1\"},\"base_version\":2}", NULL), ==, 422);
  g_assert_cmpuint (post_json (server, server->token, path, "k-assign",
                               "{\"action\":\"assign\",\"params\":{\"assignee\":\"worker:w1\"},\"base_version\":2}", NULL), ==, 422);
}

/* A broken feed leaves the cache and its cursor alone. */
static const char *broken_feeds[] = {
  "{\"changes\":[{\"seq\":5,\"kind\":\"case\",\"id\":\"x\",\"version\":1,\"data\":",
  "{\"changes\":\"none\",\"last_seq\":9,\"more\":false}",
  "{\"changes\":[],\"last_seq\":\"nine\",\"more\":false}",
  "[1,2,3]",
};

static void
broken_feed_handler (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  const char *body = user_data;

  if (body == NULL)
    {
      soup_server_message_set_status (msg, 503, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "45");
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static char *
serve_broken (SoupServer *server,
              const char *body)
{
  soup_server_add_handler (server, NULL, broken_feed_handler, (gpointer) body, NULL);
  return gw_test_serve_local (server);
}

static void
test_broken_feed (void)
{
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GPtrArray) seed = g_ptr_array_new_with_free_func (g_object_unref);
  GwCaseData d = { .id = (char *) "kept", .source = GW_CASE_SOURCE_PATROL, .lat = 35.4, .lon = 116.97,
                   .reported_at = (char *) "2026-11-23T09:00:00+08:00", .version = 4 };

  g_ptr_array_add (seed, gw_case_new (&d));
  g_assert_true (gw_store_apply_cases (cache, seed, 7, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (broken_feeds); i++)
    {
      g_autoptr(SoupServer) bad = soup_server_new (NULL, NULL);
      g_autofree char *url = serve_broken (bad, broken_feeds[i]);
      g_autoptr(GwTownClient) client = gw_town_client_new (url, NULL);
      GwTestPull w = { 0 };

      gw_test_pull (&w, client, cache, 0, 10000);
      g_assert_nonnull (w.error);
      g_test_message ("feed %u: %s", i, w.error->message);
      gw_test_pull_clear (&w);

      g_assert_cmpint (gw_store_get_cursor (cache), ==, 7);
      g_assert_cmpuint (gw_store_count_cases (cache), ==, 1);
    }

  /* One bad case no longer spoils its page: it is set aside, the good one
   * is applied and the cursor moves on (test-feed-quarantine.c has more). */
  {
    g_autoptr(SoupServer) bad = soup_server_new (NULL, NULL);
    g_autofree char *url = serve_broken (bad, "{\"changes\":["
                                              "{\"seq\":8,\"kind\":\"case\",\"id\":\"x\",\"version\":1,"
                                              "\"data\":{\"id\":\"x\",\"status\":\"flying\"}},"
                                              "{\"seq\":9,\"kind\":\"case\",\"id\":\"y\",\"version\":1,"
                                              "\"data\":{\"id\":\"y\",\"status\":\"reported\",\"source\":\"patrol\","
                                              "\"lat\":35.4,\"lon\":116.97,\"priority\":\"normal\","
                                              "\"reported_at\":\"2026-11-23T09:00:00+08:00\",\"version\":1}}],"
                                              "\"last_seq\":9,\"more\":false}");
    g_autoptr(GwTownClient) client = gw_town_client_new (url, NULL);
    g_autoptr(GPtrArray) set_aside = NULL;
    GwTestPull w = { 0 };

    gw_test_pull (&w, client, cache, 0, 10000);
    g_assert_no_error (w.error);
    g_assert_cmpuint (w.result->applied, ==, 1);
    g_assert_cmpuint (w.result->quarantined, ==, 1);
    gw_test_pull_clear (&w);

    g_assert_cmpint (gw_store_get_cursor (cache), ==, 9);
    g_assert_cmpuint (gw_store_count_cases (cache), ==, 2);
    set_aside = gw_store_list_quarantine (cache, 0, NULL);
    g_assert_cmpuint (set_aside->len, ==, 1);
    g_assert_cmpstr (((GwQuarantineEntry *) g_ptr_array_index (set_aside, 0))->id, ==, "x");
  }
}

static void
test_retry_after (void)
{
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(SoupServer) bad = soup_server_new (NULL, NULL);
  g_autofree char *url = serve_broken (bad, NULL);
  g_autoptr(GwTownClient) client = gw_town_client_new (url, NULL);
  g_autoptr(GwSession) session = gw_session_new (cache, client);
  StateWait w = { session, GW_CONNECTION_OFFLINE };

  gw_session_start (session);
  g_assert_true (gw_test_wait_until (state_is, &w, 10000));
  g_assert_nonnull (strstr (gw_session_get_last_error (session), "503"));
  /* The server asked for 45 s; our own backoff would have said 1 or 2. */
  g_assert_cmpuint (gw_session_get_retry_seconds (session), >=, 45);
  gw_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/sync/pull-ten-thousand", test_pull_ten_thousand);
  g_test_add_func ("/sync/resume-after-server-killed", test_resume_after_server_killed);
  g_test_add_func ("/sync/server-replaced", test_server_replaced);
  g_test_add_func ("/sync/cursor-past-the-end", test_cursor_past_the_end);
  g_test_add_func ("/sync/outbox-survives-sigkill", test_outbox_survives_sigkill);
  g_test_add_func ("/sync/two-clients-assign-at-once", test_two_clients_assign_at_once);
  g_test_add_func ("/sync/live-poke", test_live_poke);
  g_test_add_func ("/sync/refusals-are-audited", test_refusals_are_audited);
  g_test_add_func ("/sync/idempotent-replay", test_idempotent_replay);
  g_test_add_func ("/sync/broken-feed", test_broken_feed);
  g_test_add_func ("/sync/retry-after", test_retry_after);

  return g_test_run ();
}
