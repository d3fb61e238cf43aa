/* gw-store-backup.c: copying a live town database, and checking a copy
 *
 * Both work on paths with their own connections, never on a GwStore: the
 * copy is taken while a server (this process's or another's) writes, and
 * a copy is checked without migrating or otherwise touching it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-store-backup.h"
#include "gw-store-private.h"

/* The cancellable is looked at between steps of this many pages. */
#define PAGES_PER_STEP 1024
/* A writer holding a lock the copy needs: retry for a while (20 ms each). */
#define MAX_BUSY_RETRIES 1500

static sqlite3 *
open_db (const char  *path,
         int          flags,
         GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      gw_store_set_sqlite_error (db, error, path);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  sqlite3_extended_result_codes (db, 1);
  return db;
}

static gboolean
query_int64 (sqlite3      *db,
             const char   *sql,
             gint64       *value,
             GError      **error)
{
  sqlite3_stmt *stmt = gw_store_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (db, error, _("Cannot read the database"));
  return TRUE;
}

static gboolean
check_application (sqlite3     *db,
                   const char  *path,
                   GError     **error)
{
  gint64 id = 0;

  if (!query_int64 (db, "PRAGMA application_id", &id, error))
    return FALSE;
  if (id != GW_STORE_SERVER_APPLICATION_ID && id != GW_STORE_LEGACY_APPLICATION_ID)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED, _("%s is not a town server's database"), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_pages (sqlite3       *src,
            sqlite3       *dst,
            GCancellable  *cancellable,
            GError       **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dst, "main", src, "main");
  guint busy = 0;
  int rc;

  if (backup == NULL)
    return gw_store_set_sqlite_error (dst, error, _("Cannot copy the database"));

  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_backup_finish (backup);
          return FALSE;
        }
      rc = sqlite3_backup_step (backup, PAGES_PER_STEP);
      if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK ||
         (((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) && ++busy < MAX_BUSY_RETRIES));

  /* finish leaves the step's error, if any, on the destination. */
  if (sqlite3_backup_finish (backup) != SQLITE_OK || rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (dst, error, _("Cannot copy the database"));
  return TRUE;
}

/* Copies the database at @source_path into @dest_path, which must not
 * exist or be empty. Every page comes from one read transaction, so the
 * copy is one moment of the database however much a server writes
 * meanwhile: WAL lets it write on while the snapshot is held. The copy
 * is left in rollback-journal mode: one self-contained file. */
gboolean
gw_store_backup (const char    *source_path,
                 const char    *dest_path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  sqlite3 *src = NULL, *dst = NULL;
  gint64 tables = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (source_path != NULL && dest_path != NULL, FALSE);

  /* Opening without SQLITE_OPEN_CREATE: a mistyped path is an error, not
   * a new empty database that would then be "backed up". */
  if (!g_file_test (source_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_FOUND, _("There is no database at %s"), source_path);
      return FALSE;
    }
  if (!(src = open_db (source_path, SQLITE_OPEN_READWRITE, error)) ||
      !gw_store_exec (src, "PRAGMA query_only = 1; BEGIN", error) ||
      !query_int64 (src, "SELECT count(*) FROM sqlite_schema", &tables, error) ||
      !check_application (src, source_path, error))
    goto out;

  if (!(dst = open_db (dest_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error)) ||
      !copy_pages (src, dst, cancellable, error))
    goto out;

  gw_store_exec (src, "COMMIT", NULL);
  ok = gw_store_exec (dst, "PRAGMA journal_mode = DELETE", error);

out:
  sqlite3_close (src);
  if (dst != NULL && sqlite3_close (dst) != SQLITE_OK && ok)
    ok = gw_store_set_sqlite_error (dst, error, _("Cannot write the copy"));
  return ok;
}

static gboolean
check_integrity (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  sqlite3_stmt *stmt = gw_store_prepare (db, "PRAGMA integrity_check (5)", error);
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (row, "ok") != 0)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", row ? row : "?");
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (db, error, _("Cannot check the database"));
  if (problems->len > 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_STORAGE, _("%s failed its integrity check: %s"), path, problems->str);
      return FALSE;
    }
  return TRUE;
}

/* The first row of @sql, as text and two numbers; FALSE when there is
 * none (or on error, which is set). */
static gboolean
first_row (sqlite3      *db,
           const char   *sql,
           char        **id,
           gint64       *a,
           gint64       *b,
           GError      **error)
{
  sqlite3_stmt *stmt = gw_store_prepare (db, sql, error);
  gboolean found;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW;
  if (found)
    {
      *id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *a = sqlite3_column_int64 (stmt, 1);
      *b = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (!found && rc != SQLITE_DONE)
    gw_store_set_sqlite_error (db, error, _("Cannot check the database"));
  return found;
}

/* Every case is in the compacted feed once, at its own version (the
 * column and the JSON alike), and its audit trail ends at that version:
 * the server writes all three in one transaction (gw_store_put_case,
 * then the audit). A copy that disagrees was not taken at one moment. */
static gboolean
check_feed (sqlite3     *db,
            const char  *path,
            GError     **error)
{
  g_autofree char *id = NULL;
  gint64 a = 0, b = 0;
  GError *local = NULL;

  if (first_row (db, "SELECT c.id, c.version, f.version FROM cases c "
                     "LEFT JOIN changes f ON f.kind = 'case' AND f.id = c.id "
                     "WHERE f.seq IS NULL OR f.version IS NOT c.version OR "
                     "  CASE WHEN json_valid (f.data) THEN json_extract (f.data, '$.version') IS NOT c.version "
                     "       OR json_extract (f.data, '$.id') IS NOT c.id ELSE 1 END LIMIT 1", &id, &a, &b, &local))
    {
      if (b < 0)
        g_set_error (error, GW_ERROR, GW_ERROR_STORAGE,
                     _("%s: case %s is missing from the change feed"), path, id);
      else
        g_set_error (error, GW_ERROR, GW_ERROR_STORAGE,
                     _("%s: case %s is at version %d, but the change feed has it at %d"), path, id, (int) a, (int) b);
    }
  else if (!local &&
           first_row (db, "SELECT f.id, f.version, NULL FROM changes f WHERE f.kind = 'case' AND "
                          "NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = f.id) LIMIT 1", &id, &a, &b, &local))
    g_set_error (error, GW_ERROR, GW_ERROR_STORAGE,
                 _("%s: the change feed holds case %s, which is not among the cases"), path, id);
  else if (!local &&
           first_row (db, "SELECT c.id, c.version, (SELECT max (a.after_version) FROM audit a "
                          "  WHERE a.case_id = c.id AND a.status BETWEEN 200 AND 299) AS audited "
                          "FROM cases c WHERE audited IS NOT c.version LIMIT 1", &id, &a, &b, &local))
    g_set_error (error, GW_ERROR, GW_ERROR_STORAGE,
                 _("%s: case %s is at version %d, but its audit trail ends at %d"), path, id, (int) a, (int) b);
  else if (!local)
    return TRUE;

  if (local)
    g_propagate_error (error, local);
  return FALSE;
}

static int
interrupt_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

/* Checks a copy without changing it: SQLite's integrity check, then that
 * its cases, change feed and audit trail agree. The integrity check of a
 * large database takes a while; cancelling interrupts it. */
gboolean
gw_store_check_copy (const char        *path,
                     GwStoreCopyCheck  *check,
                     GCancellable      *cancellable,
                     GError           **error)
{
  GwStoreCopyCheck counts = { 0 };
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!(db = open_db (path, SQLITE_OPEN_READONLY, error)))
    return FALSE;
  if (cancellable)
    sqlite3_progress_handler (db, 10000, interrupt_if_cancelled, cancellable);

  ok = check_integrity (db, path, error) &&
       check_application (db, path, error) &&
       check_feed (db, path, error) &&
       query_int64 (db, "SELECT count(*) FROM cases", &counts.cases, error) &&
       query_int64 (db, "SELECT count(*) FROM changes WHERE kind = 'case'", &counts.feed_cases, error) &&
       query_int64 (db, "SELECT ifnull (max (seq), 0) FROM changes", &counts.last_seq, error) &&
       query_int64 (db, "SELECT count(*) FROM audit", &counts.audit, error);
  sqlite3_close (db);

  if (!ok && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  if (ok && check)
    *check = counts;
  return ok;
}
