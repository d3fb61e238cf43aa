/* test-townd-ops.c: running a town server: online backups, the rolling set
 * and the options file, with a real gridwatch-townd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include "gw-test-util.h"

static sqlite3 *
open_copy (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* 0600 files, 0700 folders: private whatever the umask. */
static void
assert_private (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode) || S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, S_ISDIR (st.st_mode) ? 0700 : 0600);
}

/* Read here with the test's own code, not the server's check: every case
 * is in the feed once with its version (column and JSON), nothing else
 * of kind "case" is, and the audit trail ends at each case's version. */
static gint64
assert_copy_agrees (const char *path)
{
  sqlite3 *db = open_copy (path);
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *integrity = query_text (db, "PRAGMA integrity_check");
  sqlite3_stmt *stmt = NULL;
  guint feed_cases = 0;
  gint64 last_seq;

  g_assert_cmpstr (integrity, ==, "ok");

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, version FROM cases", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (versions, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER ((int) sqlite3_column_int64 (stmt, 1)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (g_hash_table_size (versions), >, 0);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, version, data FROM changes WHERE kind = 'case'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 2), NULL);
      JsonObject *data;

      g_assert_true (g_hash_table_contains (versions, id));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, GPOINTER_TO_INT (g_hash_table_lookup (versions, id)));
      g_assert_nonnull (node);
      data = json_node_get_object (node);
      g_assert_cmpstr (json_object_get_string_member (data, "id"), ==, id);
      g_assert_cmpint (json_object_get_int_member (data, "version"), ==, sqlite3_column_int64 (stmt, 1));
      feed_cases++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (feed_cases, ==, g_hash_table_size (versions));

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM cases c WHERE c.version IS NOT "
                                  "(SELECT max (after_version) FROM audit a WHERE a.case_id = c.id "
                                  " AND a.status BETWEEN 200 AND 299)"), ==, 0);

  last_seq = query_int (db, "SELECT max (seq) FROM changes");
  sqlite3_close (db);
  return last_seq;
}

static void
take_backup (const char *db,
             const char *file)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = gw_test_run_townd (&out, &err, "--db", db, "--backup", file, NULL);

  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "backup "));
  g_assert_nonnull (strstr (out, " integrity=ok"));
}

/* The issue's own words: a backup taken while --simulate 120 writes opens,
 * passes integrity_check and its feed equals its cases. Backups are taken
 * until the feed has moved between them twice, so they were taken while
 * the server wrote. */
static void
test_backup_while_serving (void)
{
  g_autofree char *db = gw_test_tmp_path ("live.sqlite");
  g_autofree char *dir = gw_test_tmp_path ("live-backups");
  g_autofree char *file = g_build_filename (dir, "nightly", "town.db", NULL);
  g_autofree char *folder = g_path_get_dirname (file);
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", "--seed-cases", "300", "--simulate", "120", NULL);
  gint64 last_seq = -1;
  guint moves = 0, taken = 0;

  for (; moves < 2 && taken < 300; taken++)
    {
      gint64 seq;

      take_backup (db, file);
      assert_private (file);
      seq = assert_copy_agrees (file);
      if (last_seq >= 0 && seq != last_seq)
        moves++;
      last_seq = seq;
      g_usleep (G_USEC_PER_SEC / 5);
    }
  g_assert_cmpuint (moves, ==, 2);

  /* Its folder was made private, and only the backup is in it. */
  assert_private (folder);
  g_assert_cmpuint (gw_test_count_files (folder), ==, 1);
  g_test_message ("%u backups while serving", taken);
}

static void
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* A copy whose feed or audit disagrees with its cases is refused, and no
 * file is put in place. */
static void
test_backup_checks (void)
{
  g_autofree char *db = gw_test_tmp_path ("checked.sqlite");
  g_autofree char *good = gw_test_tmp_path ("checked-good.db");
  g_autofree char *feed = gw_test_tmp_path ("checked-feed.db");
  g_autofree char *audit = gw_test_tmp_path ("checked-audit.db");
  g_autofree char *missing = gw_test_tmp_path ("checked-missing.db");
  g_autofree char *out_dir = gw_test_tmp_path ("checked-out");
  g_autofree char *out = g_build_filename (out_dir, "copy.db", NULL);
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", "--seed-cases", "20", NULL);
  struct {
    const char *copy;
    const char *sql;
    const char *said;
  } broken[] = {
    { feed, "UPDATE changes SET version = version + 1 WHERE seq = "
            "(SELECT min (seq) FROM changes WHERE kind = 'case')", "change feed" },
    { missing, "DELETE FROM changes WHERE seq = (SELECT max (seq) FROM changes WHERE kind = 'case')",
               "missing from the change feed" },
    { audit, "UPDATE audit SET after_version = after_version + 7 WHERE seq = "
             "(SELECT max (seq) FROM audit WHERE after_version IS NOT NULL)", "audit trail" },
  };

  take_backup (db, good);
  assert_copy_agrees (good);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (broken[i].copy, contents, length, NULL));
      tamper (broken[i].copy, broken[i].sql);

      g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", broken[i].copy, "--backup", out, NULL), ==, 1);
      g_assert_nonnull (strstr (err, broken[i].said));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (gw_test_count_files (out_dir), ==, 0);
    }
}

/* Never the database itself, never a new empty one for a wrong path. */
static void
test_backup_refusals (void)
{
  g_autofree char *db = gw_test_tmp_path ("refuse.sqlite");
  g_autofree char *missing = gw_test_tmp_path ("no-such.sqlite");
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *file = gw_test_tmp_path ("refuse.db");
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length;

  g_free (gw_test_add_user (db, "someone", "admin"));
  g_assert_true (g_file_get_contents (db, &before, &length, NULL));

  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--backup", db, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "database itself"));
  g_assert_true (g_file_get_contents (db, &after, &length, NULL));
  g_assert_cmpstr (before, ==, after);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--backup", wal, NULL), ==, 1);
    }

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", missing, "--backup", file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no database"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

typedef struct
{
  char *dir;
  GHashTable *seen;
} Rolling;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
seen_enough (gpointer data)
{
  Rolling *r = data;
  g_autoptr(GDir) listing = g_dir_open (r->dir, 0, NULL);
  const char *name;

  while (listing && (name = g_dir_read_name (listing)))
    if (g_str_has_prefix (name, "gridwatch-") && g_str_has_suffix (name, "Z.db"))
      g_hash_table_add (r->seen, g_strdup (name));
  return g_hash_table_size (r->seen) >= 4;
}

static gboolean
keep_looking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* --backup-every while serving: timestamped names, the oldest beyond
 * --keep removed, files not of the set left alone. */
static void
test_rolling_backups (void)
{
  g_autofree char *db = gw_test_tmp_path ("rolling.sqlite");
  Rolling r = { gw_test_tmp_path ("rolling-backups"), g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  g_autofree char *note = g_build_filename (r.dir, "gridwatch-notes.db", NULL);
  g_autofree char *stale = g_build_filename (r.dir, ".gridwatch-20200101T000000Z.db.AbC123", NULL);
  g_autofree char *fresh = g_build_filename (r.dir, ".gridwatch-20200101T000001Z.db.dEf456", NULL);
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint tick;

  g_assert_cmpint (g_mkdir_with_parents (r.dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (note, "not a backup of the set", -1, NULL));
  /* What a killed server left two days ago goes; a fresh one may be
   * another process's, and stays. */
  g_assert_true (g_file_set_contents (stale, "", -1, NULL));
  g_assert_true (g_file_set_contents (fresh, "", -1, NULL));
  {
    struct utimbuf old = { time (NULL) - 2 * 86400, time (NULL) - 2 * 86400 };
    g_assert_cmpint (g_utime (stale, &old), ==, 0);
  }
  server = gw_test_server_start (db, "--demo", "--simulate", "120",
                                 "--backup-every", "0.0003", "--backup-dir", r.dir, "--keep", "2", NULL);

  /* The folder is looked at ten times a second: a backup lives two. */
  tick = g_timeout_add (100, keep_looking, NULL);
  g_assert_true (gw_test_wait_until (seen_enough, &r, 120000));
  g_source_remove (tick);
  /* Stopping waits for a backup under way; after it, the set is still. */
  g_clear_pointer (&server, gw_test_server_stop);
  seen_enough (&r);

  listing = g_dir_open (r.dir, 0, NULL);
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (r.dir, name, NULL);

      if (strcmp (name, "gridwatch-notes.db") == 0 || strcmp (name, ".gridwatch-20200101T000001Z.db.dEf456") == 0)
        continue;
      g_assert_false (g_str_has_prefix (name, "."));   /* no unfinished copy */
      assert_private (path);
      assert_copy_agrees (path);
      g_ptr_array_add (kept, g_strdup (name));
    }
  g_assert_true (g_file_test (note, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));

  /* The two newest of all there ever were. */
  all = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, r.seen);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (all, key);
  }
  g_ptr_array_sort (all, compare_names);
  g_ptr_array_sort (kept, compare_names);
  g_assert_cmpuint (all->len, >=, 4);
  g_assert_cmpuint (kept->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (kept, 0), ==, g_ptr_array_index (all, all->len - 2));
  g_assert_cmpstr (g_ptr_array_index (kept, 1), ==, g_ptr_array_index (all, all->len - 1));

  g_free (r.dir);
  g_hash_table_unref (r.seen);
}

static char *
write_config (const char *name,
              const char *text,
              int         mode)
{
  char *path = gw_test_tmp_path (name);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

/* Keys of [townd] are the long options; the command line wins. */
static void
test_config_options (void)
{
  g_autofree char *db = gw_test_tmp_path ("config-users.sqlite");
  g_autofree char *text = g_strdup_printf ("[townd]\n# a comment\ndb=%s\nadd-user=alice\nrole=worker\n"
                                           "version=false\n", db);
  g_autofree char *path = write_config ("users.conf", text, 0644);
  g_autofree char *out = NULL;
  g_autofree char *role = NULL;
  sqlite3 *users;

  g_assert_cmpint (gw_test_run_townd (&out, NULL, "--config", path, "--role", "admin", NULL), ==, 0);
  g_assert_cmpuint (strlen (g_strstrip (out)), ==, 64);
  users = open_copy (db);
  role = query_text (users, "SELECT role FROM users WHERE name = 'alice'");
  sqlite3_close (users);
  g_assert_cmpstr (role, ==, "admin");

  /* A switch set to true is given. */
  {
    g_autofree char *version = write_config ("version.conf", "[townd]\nversion=true\n", 0600);
    g_autofree char *arg = g_strconcat ("--config=", version, NULL);

    g_clear_pointer (&out, g_free);
    g_assert_cmpint (gw_test_run_townd (&out, NULL, arg, NULL), ==, 0);
    g_assert_true (g_str_has_prefix (out, "gridwatch-townd " PACKAGE_VERSION));
  }
}

/* A serving server: the file's limit holds, its address loses to the
 * command line's (an address that would not even parse). */
static void
test_config_serving (void)
{
  g_autofree char *db = gw_test_tmp_path ("config-serve.sqlite");
  g_autofree char *path = write_config ("serve.conf", "[townd]\nlisten=not-an-address\nmax-body-kib=1\n"
                                                      "demo=true\n", 0644);
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--config", path, NULL);
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases", NULL);
  g_autofree char *big = g_strdup_printf ("{\"source\":\"patrol\",\"lat\":35.4,\"lon\":116.97,"
                                          "\"description\":\"%2000s\"}", "");
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) small = NULL;
  guint status = 0;

  reply = gw_test_http_send ("POST", url, server->token, big, &status);
  g_assert_cmpuint (status, ==, 413);
  small = gw_test_http_send ("POST", url, server->token,
                             "{\"source\":\"patrol\",\"lat\":35.4,\"lon\":116.97,\"description\":\"x\"}", &status);
  g_assert_cmpuint (status, !=, 413);
}

static void
assert_config_refused (const char *path,
                       const char *said)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--config", path, "--version", NULL), ==, 2);
  g_assert_nonnull (strstr (err, path));
  g_assert_nonnull (strstr (err, said));
}

static void
test_config_refusals (void)
{
  g_autofree char *unknown = write_config ("unknown.conf", "[townd]\nlisten=127.0.0.1:0\nlisen=x\n", 0600);
  g_autofree char *writable = write_config ("writable.conf", "[townd]\nlisten=127.0.0.1:0\n", 0666);
  g_autofree char *secret = write_config ("secret.conf", "[townd]\nadmin-token=0123\n", 0644);
  g_autofree char *group = write_config ("group.conf", "[town]\nlisten=127.0.0.1:0\n", 0600);
  g_autofree char *boolean = write_config ("boolean.conf", "[townd]\ndemo=maybe\n", 0600);
  g_autofree char *nested = write_config ("nested.conf", "[townd]\nconfig=/etc/passwd\n", 0600);

  assert_config_refused (unknown, "lisen");
  assert_config_refused (writable, "chmod o-w");
  assert_config_refused (secret, "admin-token");
  assert_config_refused (group, "[townd]");
  assert_config_refused (boolean, "demo");
  assert_config_refused (nested, "config");
}

/* The sample shipped in data/ names only options that exist. */
static void
test_config_sample (void)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "..", "data", "gridwatch-townd.conf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = gw_test_run_townd (&out, &err, "--config", sample, "--version", NULL);

  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "gridwatch-townd "));
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  /* Backups are private whatever the umask; test with the usual one. */
  umask (022);

  g_test_add_func ("/townd-ops/backup-while-serving", test_backup_while_serving);
  g_test_add_func ("/townd-ops/backup-checks", test_backup_checks);
  g_test_add_func ("/townd-ops/backup-refusals", test_backup_refusals);
  g_test_add_func ("/townd-ops/rolling-backups", test_rolling_backups);
  g_test_add_func ("/townd-ops/config-options", test_config_options);
  g_test_add_func ("/townd-ops/config-serving", test_config_serving);
  g_test_add_func ("/townd-ops/config-refusals", test_config_refusals);
  g_test_add_func ("/townd-ops/config-sample", test_config_sample);

  return g_test_run ();
}
