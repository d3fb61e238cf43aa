/* gw-store-track.c: where each grid worker's phone said it was
 *
 * worker_status keeps a worker's last report; this keeps every located
 * one for a month, so a dispatcher can see where someone went today.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-private.h"
#include "gw-store-track.h"
#include "gw-work-calendar.h"

static gboolean
add_point (sqlite3         *db,
           GwWorkerStatus  *status,
           GError         **error)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (gw_worker_status_get_updated_at (status), NULL);
  sqlite3_stmt *insert, *prune;
  double lat, lon;
  int rc;

  if (at == NULL || !gw_worker_status_get_location (status, &lat, &lon))
    return TRUE;
  if (!(insert = gw_store_prepare_cached (db, "INSERT INTO worker_track (worker, at, on_duty, lat, lon) "
                                              "VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    return FALSE;
  sqlite3_bind_text (insert, 1, gw_worker_status_get_worker_id (status), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 2, g_date_time_to_unix (at));
  sqlite3_bind_int (insert, 3, gw_worker_status_get_on_duty (status));
  sqlite3_bind_double (insert, 4, lat);
  sqlite3_bind_double (insert, 5, lon);
  rc = sqlite3_step (insert);
  gw_store_finish (insert);
  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (db, error, _("Cannot store a worker’s position"));

  if (!(prune = gw_store_prepare_cached (db, "DELETE FROM worker_track WHERE worker = ?1 AND at < ?2", error)))
    return FALSE;
  sqlite3_bind_text (prune, 1, gw_worker_status_get_worker_id (status), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (prune, 2, g_date_time_to_unix (at) - GW_TRACK_KEEP_DAYS * 86400);
  rc = sqlite3_step (prune);
  gw_store_finish (prune);
  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (db, error, _("Cannot store a worker’s position"));
  return TRUE;
}

gboolean
gw_store_add_track_points (GwStore    *self,
                           GPtrArray  *statuses,
                           GError    **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < statuses->len; i++)
    if (!add_point (gw_store_get_db (self), g_ptr_array_index (statuses, i), error))
      return gw_store_rollback (self);
  return gw_store_commit (self, error);
}

/* Oldest first, as GwWorkerStatus points with the times in @from's
 * time zone. */
GPtrArray *
gw_store_list_track (GwStore     *self,
                     const char  *worker,
                     GDateTime   *from,
                     GDateTime   *to,
                     GError     **error)
{
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func (g_object_unref);
  GTimeZone *tz = g_date_time_get_timezone (from);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                        "SELECT at, on_duty, lat, lon FROM worker_track "
                                        "WHERE worker = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, rowid", error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, worker, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (from));
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (to));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 0));
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      g_autofree char *at = gw_format_rfc3339 (local);

      g_ptr_array_add (points, gw_worker_status_new (worker, sqlite3_column_int (stmt, 1), TRUE,
                                                     sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3), at));
    }
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot read a worker’s track"));
      gw_store_unlock (self);
      return NULL;
    }
  gw_store_unlock (self);
  return g_steal_pointer (&points);
}
