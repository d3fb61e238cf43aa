/* gw-bench-town.c: a town of many cases, seeded fast, for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "gw-bench-town.h"
#include "gw-bench-util.h"

static char *
run_townd (const char * const *argv)
{
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
  char *out = NULL;

  if (p == NULL || !g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, NULL))
    g_error ("gridwatch-townd did not run");
  return g_strstrip (out);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("seeding: %s: %s", sql, message);
}

/* Each seeded case @copies − 1 times more, in the cases table and in the
 * feed, as "ID-n". */
static void
multiply_cases (const char *db_path,
                guint       copies)
{
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autofree char *cases_sql = NULL;
  g_autofree char *feed_sql = NULL;
  sqlite3_stmt *stmt;
  sqlite3 *db;

  if (sqlite3_open (db_path, &db) != SQLITE_OK)
    g_error ("cannot open %s", db_path);
  sqlite3_prepare_v2 (db, "PRAGMA table_info (cases)", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append_printf (columns, "%s%s", columns->len ? ", " : "", name);
      g_string_append_printf (values, "%s%s", values->len ? ", " : "",
                              strcmp (name, "id") == 0 ? "id || '-' || n" : name);
    }
  sqlite3_finalize (stmt);

  cases_sql = g_strdup_printf ("WITH RECURSIVE k (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %u) "
                               "INSERT INTO cases (%s) SELECT %s FROM cases, k",
                               copies - 1, columns->str, values->str);
  feed_sql = g_strdup_printf ("WITH RECURSIVE k (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %u) "
                              "INSERT INTO changes (kind, id, version, data) "
                              "SELECT kind, id || '-' || n, version, json_set (data, '$.id', id || '-' || n) "
                              "FROM changes, k WHERE kind = 'case' ORDER BY n, seq",
                              copies - 1);
  exec_sql (db, "BEGIN");
  exec_sql (db, cases_sql);
  exec_sql (db, feed_sql);
  exec_sql (db, "COMMIT");
  sqlite3_close (db);
}

char *
gw_bench_seed_town (const char *townd,
                    const char *db,
                    guint       seed,
                    guint       copies,
                    const char *role)
{
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  const char *add[] = { townd, "--db", db, "--add-user", "bench", "--role", role, NULL };
  const char *seeding[] = { townd, "--db", db, "--listen", "127.0.0.1:0", "--demo", "--seed-cases", seed_text, NULL };
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *url = NULL;
  char *token;

  token = run_townd (add);
  server = gw_bench_start_townd (seeding, &url);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  if (copies > 1)
    multiply_cases (db, copies);
  return token;
}
