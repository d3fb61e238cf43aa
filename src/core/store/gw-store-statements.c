/* gw-store-statements.c: prepared statements kept for the next request
 *
 * Compiling SQL was a fifth of the town server's time under load: the
 * same few statements, parsed again for every request. The hot paths
 * take their statements from here and hand them back with
 * gw_store_finish(), which resets them for the next caller.
 *
 * A statement is lent to one caller at a time; a second caller of the
 * same SQL while it is out (a nested read) gets a fresh one, finalized
 * when it is handed back. SQLite re-prepares a kept statement by itself
 * when the schema changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-store-private.h"

/* Dynamic SQL (a LIMIT written in) could otherwise grow the set without end. */
#define MAX_KEPT_PER_DATABASE 256

typedef struct
{
  sqlite3_stmt *stmt;
  gboolean lent;
} Kept;

static GMutex lock;
static GHashTable *by_database;   /* sqlite3 * → (SQL → Kept *) */
static GHashTable *by_statement;  /* sqlite3_stmt * → Kept * */

static void
kept_free (gpointer data)
{
  Kept *kept = data;

  g_hash_table_remove (by_statement, kept->stmt);
  sqlite3_finalize (kept->stmt);
  g_free (kept);
}

sqlite3_stmt *
gw_store_prepare_cached (sqlite3     *db,
                         const char  *sql,
                         GError     **error)
{
  GHashTable *kept_here;
  Kept *kept;
  sqlite3_stmt *stmt = NULL;

  g_mutex_lock (&lock);
  if (by_database == NULL)
    {
      by_database = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
      by_statement = g_hash_table_new (NULL, NULL);
    }
  if (!(kept_here = g_hash_table_lookup (by_database, db)))
    {
      kept_here = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, kept_free);
      g_hash_table_insert (by_database, db, kept_here);
    }
  kept = g_hash_table_lookup (kept_here, sql);
  if (kept && !kept->lent)
    {
      kept->lent = TRUE;
      g_mutex_unlock (&lock);
      return kept->stmt;
    }
  if (kept == NULL && g_hash_table_size (kept_here) < MAX_KEPT_PER_DATABASE &&
      sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) == SQLITE_OK)
    {
      kept = g_new0 (Kept, 1);
      kept->stmt = stmt;
      kept->lent = TRUE;
      g_hash_table_insert (kept_here, g_strdup (sql), kept);
      g_hash_table_insert (by_statement, stmt, kept);
      g_mutex_unlock (&lock);
      return stmt;
    }
  g_mutex_unlock (&lock);

  /* Out already, or too many kept: one of its own, finalized when done. */
  return gw_store_prepare (db, sql, error);
}

void
gw_store_finish (sqlite3_stmt *stmt)
{
  Kept *kept;

  if (stmt == NULL)
    return;

  g_mutex_lock (&lock);
  kept = by_statement ? g_hash_table_lookup (by_statement, stmt) : NULL;
  if (kept)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      kept->lent = FALSE;
    }
  g_mutex_unlock (&lock);

  if (kept == NULL)
    sqlite3_finalize (stmt);
}

void
gw_store_forget_statements (sqlite3 *db)
{
  g_mutex_lock (&lock);
  if (by_database)
    g_hash_table_remove (by_database, db);
  g_mutex_unlock (&lock);
}
