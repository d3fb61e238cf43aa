/* test-store-kinds.c: the app's cache and the town server's database,
 * each its own kind: databases written by the release before they parted
 * are migrated with their data, and neither opens as the other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "gw-cache-schema.h"
#include "gw-error.h"
#include "gw-server-schema.h"
#include "gw-store-feed.h"
#include "gw-store-outbox.h"
#include "gw-store-private.h"
#include "gw-store-quarantine.h"
#include "gw-store-users.h"
#include "gw-test-util.h"

/* A database made from a fixture in tests/data: an SQL dump of what the
 * release before the split wrote. */
static char *
database_from_fixture (const char *fixture)
{
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "data", fixture, NULL);
  g_autofree char *name = g_strconcat (fixture, ".sqlite", NULL);
  g_autofree char *sql = NULL;
  char *path = gw_test_tmp_path (name);
  char *message = NULL;
  sqlite3 *db;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, sql, NULL, NULL, &message);
  g_assert_null (message);
  sqlite3_close (db);
  return path;
}

static gboolean
has_table (const char *path,
           const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE name = '%s'", table);

  return gw_test_query_int (path, sql) > 0;
}

static void
test_cache_from_release (void)
{
  g_autofree char *path = database_from_fixture ("cache-schema-12.sql");
  g_autoptr(GwStore) cache = NULL;
  g_autoptr(GwOutboxEntry) queued = NULL;
  g_autoptr(GwCase) pending = NULL;
  g_autoptr(GwGrid) grid = NULL;
  g_autoptr(GError) error = NULL;

  cache = gw_cache_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_store_get_schema_version (cache), ==, GW_CACHE_SCHEMA_VERSION);

  /* The cache's data survived: cases, the queued action on top of its
   * optimistic state, the feed's cursor and quarantine, the grids. */
  g_assert_cmpuint (gw_store_count_cases (cache), ==, 3);
  g_assert_cmpint (gw_store_get_cursor (cache), ==, 7);
  g_assert_cmpuint (gw_store_count_outbox (cache), ==, 1);
  queued = gw_store_peek_outbox (cache);
  g_assert_nonnull (queued);
  g_assert_cmpstr (queued->case_id, ==, "GW-2");
  g_assert_cmpstr (queued->action, ==, "accept");
  g_assert_cmpstr (queued->key, ==, "key-cache-1");
  pending = gw_store_get_case (cache, "GW-2");
  g_assert_nonnull (pending);
  g_assert_true (gw_case_get_pending (pending));
  g_assert_cmpstr (gw_case_get_data (pending)->description, ==, "路灯不亮 2");
  g_assert_cmpuint (gw_store_count_quarantine (cache), ==, 1);
  g_assert_cmpuint (gw_store_count_grids (cache), ==, 2);
  grid = gw_store_grid_at (cache, 35.25, 116.25);
  g_assert_nonnull (grid);
  g_assert_cmpstr (gw_grid_get_code (grid), ==, "370883001001001");
  g_clear_object (&cache);

  /* The server's tables are gone, and the file says what it is. */
  g_assert_false (has_table (path, "users"));
  g_assert_false (has_table (path, "audit"));
  g_assert_false (has_table (path, "idempotency"));
  g_assert_false (has_table (path, "changes"));
  g_assert_true (has_table (path, "outbox"));
  g_assert_cmpint (gw_test_query_int (path, "PRAGMA application_id"), ==, GW_STORE_CACHE_APPLICATION_ID);
}

static void
test_server_from_release (void)
{
  g_autofree char *path = database_from_fixture ("server-schema-12.sql");
  g_autoptr(GwStore) server = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *request = NULL;
  g_autofree char *meta = NULL;
  gint64 last_seq = 0;
  gboolean more = TRUE;
  guint status = 0;

  server = gw_server_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_store_get_schema_version (server), ==, GW_SERVER_SCHEMA_VERSION);

  /* Everything a server keeps survived: the feed, cases, grids, users,
   * the audit trail, idempotency keys, meta. */
  changes = gw_store_read_changes (server, 0, 100, &last_seq, &more, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 5);
  g_assert_false (more);
  g_assert_cmpint (gw_store_get_last_seq (server), ==, last_seq);
  g_assert_cmpuint (gw_store_count_cases (server), ==, 3);
  g_assert_cmpuint (gw_store_count_grids (server), ==, 2);
  users = gw_store_list_users (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_cmpstr (((GwUserRecord *) g_ptr_array_index (users, 0))->name, ==, "dispatcher");
  audit = gw_store_list_audit (server, "GW-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((GwAuditEntry *) g_ptr_array_index (audit, 0))->detail, ==, "accepted");
  g_assert_true (gw_store_lookup_idempotent (server, "dispatcher", "key-1", &status, &body, &request));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (body, ==, "{\"ok\":true}");
  g_assert_cmpstr (request, ==, "digest");
  meta = gw_store_get_meta (server, "fixture");
  g_assert_cmpstr (meta, ==, "server");

  /* A change still goes to the feed after the ones kept. */
  gw_store_record_changes (server, TRUE);
  {
    g_autoptr(GwCase) kase = gw_store_get_case (server, "GW-1");
    g_autoptr(GPtrArray) after = NULL;

    g_assert_true (gw_store_put_case (server, kase, &error));
    after = gw_store_read_changes (server, last_seq, 100, &last_seq, &more, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (after->len, ==, 1);
  }
  g_clear_object (&server);

  /* The cache's tables are gone, and the file says what it is. */
  g_assert_false (has_table (path, "outbox"));
  g_assert_false (has_table (path, "feed_quarantine"));
  g_assert_true (has_table (path, "users"));
  g_assert_true (has_table (path, "changes"));
  g_assert_cmpint (gw_test_query_int (path, "PRAGMA application_id"), ==, GW_STORE_SERVER_APPLICATION_ID);
}

static void
assert_refused (GwStore    *store,
                GError     *error,
                const char *what)
{
  g_assert_null (store);
  g_assert_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, what));
}

/* Before the kinds parted both had one id: their contents tell them
 * apart, and a refused one is left as it was. */
static void
test_release_database_of_other_kind (void)
{
  g_autofree char *server_path = database_from_fixture ("server-schema-12.sql");
  g_autofree char *cache_path = database_from_fixture ("cache-schema-12.sql");
  g_autoptr(GError) error = NULL;
  GwStore *store;

  store = gw_cache_open (server_path, &error);
  assert_refused (store, error, "is a town server's database, not the app's cache");
  g_assert_cmpint (gw_test_query_int (server_path, "PRAGMA user_version"), ==, 12);
  g_assert_true (has_table (server_path, "outbox"));
  g_clear_error (&error);

  store = gw_server_store_open (cache_path, &error);
  assert_refused (store, error, "is the app's cache, not a town server's database");
  g_assert_cmpint (gw_test_query_int (cache_path, "PRAGMA user_version"), ==, 12);
  g_assert_true (has_table (cache_path, "users"));
}

static void
test_new_database_of_other_kind (void)
{
  g_autofree char *server_path = gw_test_tmp_path ("new-server.sqlite");
  g_autofree char *cache_path = gw_test_tmp_path ("new-cache.sqlite");
  g_autoptr(GError) error = NULL;
  GwStore *store;

  /* Empty, so only the id can tell. */
  g_object_unref (gw_server_store_open (server_path, &error));
  g_assert_no_error (error);
  g_object_unref (gw_cache_open (cache_path, &error));
  g_assert_no_error (error);

  store = gw_cache_open (server_path, &error);
  assert_refused (store, error, "is a town server's database, not the app's cache");
  g_clear_error (&error);
  store = gw_server_store_open (cache_path, &error);
  assert_refused (store, error, "is the app's cache, not a town server's database");
  g_clear_error (&error);

  /* Each opens again as what it is. */
  g_object_unref (gw_server_store_open (server_path, &error));
  g_assert_no_error (error);
  g_object_unref (gw_cache_open (cache_path, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/store-kinds/cache-from-release", test_cache_from_release);
  g_test_add_func ("/store-kinds/server-from-release", test_server_from_release);
  g_test_add_func ("/store-kinds/release-database-of-other-kind", test_release_database_of_other_kind);
  g_test_add_func ("/store-kinds/new-database-of-other-kind", test_new_database_of_other_kind);

  return g_test_run ();
}
