/* test-store.c: the SQLite store, its migrations and its spatial index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "gw-case.h"
#include "gw-error.h"
#include "gw-json.h"
#include "gw-store-feed.h"
#include "gw-store-private.h"
#include "gw-test-util.h"
#include "gw-server-schema.h"
#include "gw-cache-schema.h"

/* Schema 1 exactly as it shipped; a database of that age must upgrade. */
static const char *schema_v1 =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE grids (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent TEXT, geometry BLOB NOT NULL);"
  "CREATE INDEX grids_parent ON grids (parent);"
  "CREATE TABLE workers (id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT, full_time INTEGER NOT NULL DEFAULT 1, duties TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE grid_staff (grid TEXT NOT NULL REFERENCES grids (code) ON DELETE CASCADE, worker TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('leader', 'worker')), position INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (grid, worker));"
  "CREATE TABLE departments (id TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT, phone TEXT);"
  "CREATE TABLE categories (code TEXT PRIMARY KEY, kind TEXT NOT NULL, major_code TEXT, major_name TEXT, major_name_en TEXT,"
  "  name TEXT NOT NULL, name_en TEXT, limit_value INTEGER NOT NULL, limit_unit TEXT NOT NULL, department TEXT);"
  "PRAGMA user_version = 1; PRAGMA application_id = 1196901192;";

static GwGrid *
rectangle_grid (const char  *code,
                GwGridLevel  level,
                const char  *parent,
                double       x0,
                double       y0,
                double       x1,
                double       y1)
{
  g_autoptr(GwGeometry) g = gw_geometry_new_rectangle (x0, y0, x1, y1);

  return gw_grid_new (code, code, level, parent, g);
}

/* A county of two towns, the first with two unit grids. */
static GPtrArray *
nested_grids (void)
{
  GPtrArray *grids = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (grids, rectangle_grid ("370883", GW_GRID_LEVEL_COUNTY, NULL, 116.0, 35.0, 118.0, 36.0));
  g_ptr_array_add (grids, rectangle_grid ("370883001", GW_GRID_LEVEL_TOWN, "370883", 116.0, 35.0, 117.0, 36.0));
  g_ptr_array_add (grids, rectangle_grid ("370883002", GW_GRID_LEVEL_TOWN, "370883", 117.0, 35.0, 118.0, 36.0));
  g_ptr_array_add (grids, rectangle_grid ("370883001001001", GW_GRID_LEVEL_GRID, "370883001", 116.0, 35.0, 116.5, 35.5));
  g_ptr_array_add (grids, rectangle_grid ("370883001001002", GW_GRID_LEVEL_GRID, "370883001", 116.5, 35.0, 117.0, 35.5));
  return grids;
}

static void
test_migrate_from_v1 (void)
{
  g_autofree char *path = gw_test_tmp_path ("v1.sqlite");
  g_autoptr(GwGeometry) square = gw_geometry_new_rectangle (116.0, 35.0, 116.5, 35.5);
  g_autoptr(GBytes) blob = gw_geometry_to_bytes (square);
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwGrid) found = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_v1, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO grids VALUES ('370883001001001', '老网格', 'grid', '370883001001', ?1)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO grid_staff VALUES ('370883001001001', 'w1', 'leader', 0)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  store = gw_server_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_store_get_schema_version (store), ==, GW_SERVER_SCHEMA_VERSION);

  /* The old row survived and the new index was filled from it. */
  g_assert_cmpuint (gw_store_count_grids (store), ==, 1);
  found = gw_store_grid_at (store, 35.25, 116.25);
  g_assert_nonnull (found);
  g_assert_cmpstr (gw_grid_get_name (found), ==, "老网格");
  g_assert_cmpstr (gw_grid_get_leader (found), ==, "w1");
  g_assert_cmpfloat (gw_geometry_get_area (gw_grid_get_geometry (found)), >, 0);
}

/* Every table, column, index and foreign key of the database at @path,
 * as text: two databases with the same text have the same schema. */
static char *
describe_schema (const char *path)
{
  static const char *const per_table[] = {
    "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo (?1)",
    "SELECT name, \"unique\", origin, partial FROM pragma_index_list (?1) ORDER BY name",
    "SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list (?1)",
  };
  GString *text = g_string_new (NULL);
  sqlite3_stmt *objects, *stmt;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, ifnull (sql, '') FROM sqlite_schema "
                                           "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
                                       -1, &objects, NULL), ==, SQLITE_OK);
  while (sqlite3_step (objects) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (objects, 0);
      const char *name = (const char *) sqlite3_column_text (objects, 1);
      const char *sql = (const char *) sqlite3_column_text (objects, 2);

      /* Indexes and virtual tables keep the text they were made with;
       * a table's text grows with each added column, so it is told by
       * its columns instead. */
      g_string_append_printf (text, "%s %s %s\n", type, name,
                              g_str_equal (type, "table") && !g_str_has_prefix (sql, "CREATE VIRTUAL") ? "" : sql);
      if (!g_str_equal (type, "table"))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (per_table); i++)
        {
          g_assert_cmpint (sqlite3_prepare_v2 (db, per_table[i], -1, &stmt, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              for (int c = 0; c < sqlite3_column_count (stmt); c++)
                g_string_append_printf (text, " %s", sqlite3_column_type (stmt, c) == SQLITE_NULL
                                                     ? "NULL" : (const char *) sqlite3_column_text (stmt, c));
              g_string_append_c (text, '\n');
            }
          sqlite3_finalize (stmt);
        }
    }
  sqlite3_finalize (objects);
  sqlite3_close (db);
  return g_string_free (text, FALSE);
}

static void
assert_new_equals_migrated (GwStore *(*open) (const char *, GError **),
                            const char *name)
{
  g_autofree char *new_name = g_strconcat ("new-", name, NULL);
  g_autofree char *old_name = g_strconcat ("v1-", name, NULL);
  g_autofree char *new_path = gw_test_tmp_path (new_name);
  g_autofree char *old_path = gw_test_tmp_path (old_name);
  g_autofree char *new_schema = NULL;
  g_autofree char *old_schema = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (old_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_v1, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_object_unref (open (new_path, &error));
  g_assert_no_error (error);
  g_object_unref (open (old_path, &error));
  g_assert_no_error (error);

  new_schema = describe_schema (new_path);
  old_schema = describe_schema (old_path);
  g_assert_nonnull (strstr (new_schema, "table cases"));
  g_assert_cmpstr (new_schema, ==, old_schema);
}

/* A new database is made at once at the latest schema; one from schema 1
 * gets there by every migration. Both must end the same. */
static void
test_new_equals_migrated (void)
{
  assert_new_equals_migrated (gw_cache_open, "cache.sqlite");
  assert_new_equals_migrated (gw_server_store_open, "server.sqlite");
}

static void
test_refuses_newer_schema (void)
{
  g_autofree char *path = gw_test_tmp_path ("future.sqlite");
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = gw_server_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, GW_ERROR, GW_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer Gridwatch"));

  /* Left untouched. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT x FROM future", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_refuses_foreign_database (void)
{
  g_autofree char *path = gw_test_tmp_path ("other.sqlite");
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 42; CREATE TABLE t (x);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = gw_server_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED);

  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "this is not a database at all, just text", -1, NULL));
  store = gw_server_store_open (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
}

static void
test_grid_at (void)
{
  g_autofree char *path = gw_test_tmp_path ("grid-at.sqlite");
  g_autoptr(GwStore) store = gw_server_store_open (path, NULL);
  g_autoptr(GPtrArray) grids = nested_grids ();
  g_autoptr(GError) error = NULL;
  const struct { double lat, lon; const char *code; } cases[] = {
    { 35.25, 116.25, "370883001001001" },  /* unit grid inside town inside county */
    { 35.25, 116.75, "370883001001002" },
    { 35.75, 116.25, "370883001" },        /* town area not covered by unit grids */
    { 35.5, 117.5, "370883002" },
    { 35.25, 116.5, "370883001001002" },   /* the edge shared by two unit grids */
    { 34.0, 116.5, NULL },                 /* outside */
    { 95.0, 116.5, NULL },                 /* not a coordinate */
  };

  g_assert_true (gw_store_import_grids (store, grids, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GwGrid) grid = gw_store_grid_at (store, cases[i].lat, cases[i].lon);
      g_assert_cmpstr (grid ? gw_grid_get_code (grid) : NULL, ==, cases[i].code);
    }
}

static void
test_import_updates_and_replace (void)
{
  g_autofree char *path = gw_test_tmp_path ("replace.sqlite");
  g_autoptr(GwStore) store = gw_server_store_open (path, NULL);
  g_autoptr(GPtrArray) grids = nested_grids ();
  g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GwGrid) moved = NULL;
  g_autoptr(GError) error = NULL;
  const char *staff[] = { "w2", "w3", NULL };

  g_assert_true (gw_store_import_grids (store, grids, &error));
  g_ptr_array_add (update, rectangle_grid ("370883001001001", GW_GRID_LEVEL_GRID, "370883001", 116.0, 35.5, 116.5, 36.0));
  gw_grid_set_staff (g_ptr_array_index (update, 0), "w1", staff);
  g_assert_true (gw_store_import_grids (store, update, &error));
  g_assert_cmpuint (gw_store_count_grids (store), ==, 5);

  /* Updated in place: the index follows the new shape. */
  moved = gw_store_grid_at (store, 35.75, 116.25);
  g_assert_cmpstr (gw_grid_get_code (moved), ==, "370883001001001");
  g_assert_cmpstr (gw_grid_get_leader (moved), ==, "w1");
  g_assert_cmpstrv (gw_grid_get_workers (moved), staff);

  g_assert_true (gw_store_replace_grids (store, update, &error));
  listed = gw_store_list_grids (store, &error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_null (gw_store_grid_at (store, 35.25, 116.75));
}

static void
test_reference_roundtrip (void)
{
  g_autofree char *path = gw_test_tmp_path ("reference.sqlite");
  g_autoptr(GwStore) store = gw_server_store_open (path, NULL);
  g_autoptr(GPtrArray) workers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) departments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  const char *duties[] = { "safety", "petitions", NULL };
  GwCategoryInfo info = {
    .code = "E0101", .kind = GW_CATEGORY_KIND_EVENT, .major_code = "01", .major_name = "市容环境",
    .name = "暴露垃圾", .name_en = "Exposed garbage", .limit_value = 4,
    .limit_unit = GW_TIME_UNIT_WORKING_HOURS, .department = "urban",
  };
  const GwCategoryInfo *got;

  g_ptr_array_add (workers, gw_worker_new ("w1", "王伟", "13900000000", FALSE, duties));
  g_ptr_array_add (departments, gw_department_new ("urban", "城市管理局", "Urban Management Bureau", NULL));
  g_ptr_array_add (categories, gw_category_new (&info));

  g_assert_true (gw_store_replace_workers (store, workers, &error));
  g_assert_true (gw_store_replace_departments (store, departments, &error));
  g_assert_true (gw_store_replace_categories (store, categories, &error));
  g_assert_no_error (error);

  back = gw_store_list_workers (store, &error);
  g_assert_cmpuint (back->len, ==, 1);
  g_assert_cmpstr (gw_worker_get_name (g_ptr_array_index (back, 0)), ==, "王伟");
  g_assert_false (gw_worker_get_full_time (g_ptr_array_index (back, 0)));
  g_assert_cmpstrv (gw_worker_get_duties (g_ptr_array_index (back, 0)), duties);
  g_clear_pointer (&back, g_ptr_array_unref);

  back = gw_store_list_departments (store, &error);
  g_assert_cmpstr (gw_department_get_name_en (g_ptr_array_index (back, 0)), ==, "Urban Management Bureau");
  g_clear_pointer (&back, g_ptr_array_unref);

  back = gw_store_list_categories (store, &error);
  got = gw_category_get_info (g_ptr_array_index (back, 0));
  g_assert_cmpstr (got->name, ==, "暴露垃圾");
  g_assert_cmpuint (got->limit_value, ==, 4);
  g_assert_cmpint (got->limit_unit, ==, GW_TIME_UNIT_WORKING_HOURS);
  g_assert_cmpstr (got->department, ==, "urban");
}

static void
test_full_disk_loses_nothing (void)
{
  g_autofree char *path = gw_test_tmp_path ("full.sqlite");
  g_autoptr(GwStore) store = gw_server_store_open (path, NULL);
  g_autoptr(GPtrArray) grids = nested_grids ();
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = NULL;
  sqlite3_stmt *stmt;
  int pages;

  g_assert_true (gw_store_import_grids (store, grids, &error));

  /* Cap the file just above its size, as a full disk would. */
  g_assert_cmpint (sqlite3_prepare_v2 (gw_store_get_db (store), "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  limit = g_strdup_printf ("PRAGMA max_page_count = %d", pages + 1);
  g_assert_cmpint (sqlite3_exec (gw_store_get_db (store), limit, NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *code = g_strdup_printf ("370883009%06u", i);
      g_ptr_array_add (many, rectangle_grid (code, GW_GRID_LEVEL_GRID, "370883", 117.0 + i * 1e-4, 35.0, 117.0 + (i + 1) * 1e-4, 35.1));
    }

  g_assert_false (gw_store_import_grids (store, many, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_STORAGE_FULL);
  g_assert_nonnull (strstr (error->message, "full"));

  /* All or nothing: the earlier grids are all still there, none of the new. */
  g_assert_cmpuint (gw_store_count_grids (store), ==, grids->len);
}

static void
test_meta (void)
{
  g_autofree char *path = gw_test_tmp_path ("meta.sqlite");
  g_autoptr(GwStore) store = gw_server_store_open (path, NULL);
  g_autofree char *value = NULL;
  guint64 before = gw_store_get_generation (store);

  g_assert_null (gw_store_get_meta (store, "etag:grids"));
  g_assert_true (gw_store_set_meta (store, "etag:grids", "\"abc\"", NULL));
  value = gw_store_get_meta (store, "etag:grids");
  g_assert_cmpstr (value, ==, "\"abc\"");
  g_assert_true (gw_store_set_meta (store, "etag:grids", NULL, NULL));
  g_assert_null (gw_store_get_meta (store, "etag:grids"));

  /* Writes through another connection move the generation too. */
  {
    g_autoptr(GwStore) other = gw_server_store_open (path, NULL);
    g_autoptr(GPtrArray) grids = nested_grids ();
    g_assert_true (gw_store_import_grids (other, grids, NULL));
  }
  g_assert_cmpuint (gw_store_get_generation (store), !=, before);
  g_assert_cmpuint (gw_store_count_grids (store), ==, 5);
}

static GwCase *
case_at_version (const char *id,
                 const char *description,
                 gint64      version)
{
  GwCaseData d = {
    .id = (char *) id,
    .status = GW_CASE_STATUS_REPORTED,
    .source = GW_CASE_SOURCE_HOTLINE_12345,
    .lat = 30.1,
    .lon = 120.2,
    .description = (char *) description,
    .reported_at = (char *) "2026-11-30T08:00:00Z",
    .version = version,
  };

  return gw_case_new (&d);
}

static char *
case_json_text (GwCase *kase)
{
  g_autoptr(JsonNode) json = gw_case_to_json (kase);

  return json_to_string (json, FALSE);
}

/* The server lists cases by sending the feed's text of each; a case whose
 * feed entry is of another version, or missing, is built from its row. */
static void
test_list_case_json (void)
{
  g_autofree char *path = gw_test_tmp_path ("list-json.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_server_store_open (path, &error);
  g_autoptr(GwCase) a = case_at_version ("GW-A", "from the feed", 1);
  g_autoptr(GwCase) b1 = case_at_version ("GW-B", "old", 1);
  g_autoptr(GwCase) b2 = case_at_version ("GW-B", "newer, not in the feed", 2);
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *a_text = case_json_text (a);
  g_autofree char *b2_text = case_json_text (b2);
  GwCaseQuery query = { .limit = 10 };

  g_assert_no_error (error);
  gw_store_record_changes (store, TRUE);
  g_assert_true (gw_store_put_case (store, a, &error));
  g_assert_true (gw_store_put_case (store, b1, &error));
  /* Written as a client writes it: no feed entry for version 2. */
  gw_store_record_changes (store, FALSE);
  g_assert_true (gw_store_put_case (store, b2, &error));
  g_assert_no_error (error);

  texts = gw_store_list_case_json (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 2);
  /* Same reported_at: newest id first. */
  g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, b2_text);
  g_assert_cmpstr (g_ptr_array_index (texts, 1), ==, a_text);
}

/* What every open connection caches is handed back when asked (a wall
 * does at the end of each round), and only that: the data stays. */
static void
test_release_all_memory (void)
{
  g_autofree char *path = gw_test_tmp_path ("release.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_server_store_open (path, &error);
  g_autoptr(GwStore) reader = NULL;
  g_autofree char *padding = g_strnfill (2000, 'x');
  gsize filled, released;

  g_assert_no_error (error);
  g_assert_true (gw_store_exec (gw_store_get_db (store), "CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)", &error));
  g_assert_true (gw_store_exec (gw_store_get_db (store), "BEGIN", &error));
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO filler (text) VALUES ('%u%s')", i, padding);

      g_assert_true (gw_store_exec (gw_store_get_db (store), sql, &error));
    }
  g_assert_true (gw_store_exec (gw_store_get_db (store), "COMMIT", &error));
  reader = gw_store_open_reader (store, &error);
  g_assert_no_error (error);
  /* Both connections read every page: both caches fill. */
  g_assert_cmpint (gw_store_query_int64 (store, "SELECT sum(length(text)) FROM filler", 0), >, 500 * 2000);
  g_assert_cmpint (gw_store_query_int64 (reader, "SELECT sum(length(text)) FROM filler", 0), >, 500 * 2000);
  filled = gw_store_get_memory_used ();

  gw_store_release_all_memory ();
  released = gw_store_get_memory_used ();
  g_test_message ("SQLite held %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " after the release", filled, released);
  /* Two caches of about a megabyte each: most of it goes. */
  g_assert_cmpuint (released, <, filled);
  g_assert_cmpuint (filled - released, >, 1500 * 1024);
  g_assert_cmpint (gw_store_query_int64 (reader, "SELECT count(*) FROM filler", 0), ==, 500);

  /* A connection closed is no longer asked. */
  g_clear_object (&reader);
  gw_store_release_all_memory ();
}

static gpointer
count_in_thread (gpointer store)
{
  return GUINT_TO_POINTER (gw_store_count_grids (store) + 1);
}

/* The app forbids its main thread in the cache: entering it there is a
 * critical, which every window test makes fatal; other threads may. */
static void
test_forbidden_thread (void)
{
  g_autofree char *path = gw_test_tmp_path ("guarded.sqlite");
  g_autoptr(GwStore) store = gw_cache_open (path, NULL);
  g_autoptr(GThread) thread = NULL;

  gw_store_forbid_thread (store, g_thread_self ());
  thread = g_thread_new ("reader", count_in_thread, store);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (g_steal_pointer (&thread))), ==, 1);

  if (g_test_subprocess ())
    {
      gw_store_count_grids (store);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*entered on the thread that must never wait for it*");
}

static void
add_status (GPtrArray  *statuses,
            const char *worker,
            double      lat,
            const char *updated_at)
{
  g_ptr_array_add (statuses, gw_worker_status_new (worker, TRUE, TRUE, lat, 120.2, updated_at));
}

static double
stored_lat (GwStore    *store,
            const char *worker)
{
  g_autoptr(GPtrArray) statuses = gw_store_list_worker_statuses (store, NULL);

  for (guint i = 0; i < statuses->len; i++)
    {
      GwWorkerStatus *status = g_ptr_array_index (statuses, i);
      double lat, lon;

      if (g_str_equal (gw_worker_status_get_worker_id (status), worker))
        return gw_worker_status_get_location (status, &lat, &lon) ? lat : -1;
    }
  return 0;
}

/* The minute's whole list was taken before the feed brought a newer
 * report: the newer position stays, older ones move, the absent go. */
static void
test_worker_list_keeps_newer_reports (void)
{
  g_autofree char *path = gw_test_tmp_path ("worker-status.sqlite");
  g_autoptr(GwStore) store = gw_cache_open (path, NULL);
  g_autoptr(GPtrArray) fed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_object_unref);

  add_status (fed, "w-ahead", 30.3, "2026-12-03T09:00:30Z");
  add_status (fed, "w-behind", 30.1, "2026-12-03T08:00:00Z");
  add_status (fed, "w-gone", 30.1, "2026-12-03T08:00:00Z");
  g_assert_true (gw_store_put_worker_statuses (store, fed, NULL));

  add_status (listed, "w-ahead", 30.2, "2026-12-03T17:00:00+08:00");
  add_status (listed, "w-behind", 30.2, "2026-12-03T09:00:00Z");
  add_status (listed, "w-new", 30.2, NULL);
  g_assert_true (gw_store_replace_worker_statuses (store, listed, NULL));

  g_assert_cmpfloat (stored_lat (store, "w-ahead"), ==, 30.3);
  g_assert_cmpfloat (stored_lat (store, "w-behind"), ==, 30.2);
  g_assert_cmpfloat (stored_lat (store, "w-new"), ==, 30.2);
  g_assert_cmpfloat (stored_lat (store, "w-gone"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/store/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/store/forbidden-thread", test_forbidden_thread);
  g_test_add_func ("/store/release-all-memory", test_release_all_memory);
  g_test_add_func ("/store/new-equals-migrated", test_new_equals_migrated);
  g_test_add_func ("/store/refuses-newer-schema", test_refuses_newer_schema);
  g_test_add_func ("/store/refuses-foreign-database", test_refuses_foreign_database);
  g_test_add_func ("/store/grid-at", test_grid_at);
  g_test_add_func ("/store/import-updates-and-replace", test_import_updates_and_replace);
  g_test_add_func ("/store/reference-roundtrip", test_reference_roundtrip);
  g_test_add_func ("/store/full-disk-loses-nothing", test_full_disk_loses_nothing);
  g_test_add_func ("/store/meta", test_meta);
  g_test_add_func ("/store/list-case-json", test_list_case_json);
  g_test_add_func ("/store/worker-list-keeps-newer-reports", test_worker_list_keeps_newer_reports);

  return g_test_run ();
}
