/* gw-store-worker-status.c: grid workers on duty, and where
 *
 * The server keeps one row per worker, written as phones report; the
 * app's cache takes the whole list the server sent, newest report wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-json.h"
#include "gw-store-private.h"

static gboolean
bind_status (sqlite3_stmt *stmt,
             gpointer      item)
{
  GwWorkerStatus *status = item;
  double lat, lon;

  sqlite3_bind_text (stmt, 1, gw_worker_status_get_worker_id (status), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, gw_worker_status_get_on_duty (status));
  if (gw_worker_status_get_location (status, &lat, &lon))
    {
      sqlite3_bind_double (stmt, 3, lat);
      sqlite3_bind_double (stmt, 4, lon);
    }
  sqlite3_bind_text (stmt, 5, gw_worker_status_get_updated_at (status), -1, SQLITE_TRANSIENT);
  return TRUE;
}

static gpointer
read_status (sqlite3_stmt *stmt)
{
  gboolean located = sqlite3_column_type (stmt, 2) != SQLITE_NULL && sqlite3_column_type (stmt, 3) != SQLITE_NULL;

  return gw_worker_status_new ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
                               located, sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3),
                               (const char *) sqlite3_column_text (stmt, 4));
}

static gboolean
record_change (GwStore         *self,
               GwWorkerStatus  *status,
               GError         **error)
{
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GBytes) data = NULL;

  if (!gw_store_get_records_changes (self))
    return TRUE;
  json = gw_worker_status_to_json (status);
  data = gw_json_to_bytes (json);
  return gw_store_append_change (self, "worker_status", gw_worker_status_get_worker_id (status), 0,
                                 g_bytes_get_data (data, NULL), error);
}

#define INSERT_STATUS \
  "INSERT OR REPLACE INTO worker_status (worker_id, on_duty, lat, lon, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"

/* The whole list is a snapshot taken before the server answered, and the
 * change feed may have brought a worker's newer report since: a row only
 * gives way to one at least as recent (or to one whose time cannot be
 * compared), and workers the list no longer has go. */
#define MERGE_STATUS \
  "INSERT INTO worker_status (worker_id, on_duty, lat, lon, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) " \
  "ON CONFLICT (worker_id) DO UPDATE SET on_duty = excluded.on_duty, lat = excluded.lat, lon = excluded.lon, " \
  "  updated_at = excluded.updated_at " \
  "WHERE julianday (excluded.updated_at) IS NULL OR julianday (worker_status.updated_at) IS NULL " \
  "   OR julianday (excluded.updated_at) >= julianday (worker_status.updated_at)"

gboolean
gw_store_replace_worker_statuses (GwStore    *self,
                                  GPtrArray  *statuses,
                                  GError    **error)
{
  sqlite3 *db;
  sqlite3_stmt *merge = NULL, *keep = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  db = gw_store_get_db (self);
  if (!gw_store_exec (db, "CREATE TEMP TABLE IF NOT EXISTS listed_workers (worker_id TEXT PRIMARY KEY);"
                          "DELETE FROM temp.listed_workers;", error) ||
      !(merge = gw_store_prepare (db, MERGE_STATUS, error)) ||
      !(keep = gw_store_prepare (db, "INSERT OR IGNORE INTO temp.listed_workers (worker_id) VALUES (?1)", error)))
    goto rollback;
  for (guint i = 0; i < statuses->len; i++)
    {
      GwWorkerStatus *status = g_ptr_array_index (statuses, i);

      sqlite3_reset (merge);
      sqlite3_clear_bindings (merge);
      bind_status (merge, status);
      sqlite3_reset (keep);
      sqlite3_bind_text (keep, 1, gw_worker_status_get_worker_id (status), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (merge) != SQLITE_DONE || sqlite3_step (keep) != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (db, error, _("Cannot store a worker's status"));
          goto rollback;
        }
    }
  if (!gw_store_exec (db, "DELETE FROM worker_status WHERE worker_id NOT IN (SELECT worker_id FROM temp.listed_workers)",
                      error))
    goto rollback;
  sqlite3_finalize (merge);
  sqlite3_finalize (keep);
  return gw_store_commit (self, error);

rollback:
  sqlite3_finalize (merge);
  sqlite3_finalize (keep);
  return gw_store_rollback (self);
}

GPtrArray *
gw_store_list_worker_statuses (GwStore  *self,
                               GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  return gw_store_list_rows (self, "SELECT worker_id, on_duty, lat, lon, updated_at FROM worker_status ORDER BY worker_id",
                             read_status, error);
}

/* Reports from phones, or a simulator's many at once: one transaction,
 * so that readers see a new generation once. On the server each report
 * enters the change feed as kind "worker_status" (compacted: a worker
 * once, at their last report), so the desk's maps move at the next pull;
 * in the app's cache, which has no feed, it is a plain write. */
gboolean
gw_store_put_worker_statuses (GwStore    *self,
                              GPtrArray  *statuses,
                              GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  g_return_val_if_fail (statuses != NULL, FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!(stmt = gw_store_prepare (gw_store_get_db (self), INSERT_STATUS, error)))
    return gw_store_rollback (self);
  for (guint i = 0; i < statuses->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      bind_status (stmt, g_ptr_array_index (statuses, i));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot store a worker's status"));
          sqlite3_finalize (stmt);
          return gw_store_rollback (self);
        }
      if (!record_change (self, g_ptr_array_index (statuses, i), error))
        {
          sqlite3_finalize (stmt);
          return gw_store_rollback (self);
        }
    }
  sqlite3_finalize (stmt);
  return gw_store_commit (self, error);
}
