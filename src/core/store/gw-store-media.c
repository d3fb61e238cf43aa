/* gw-store-media.c: photos, by the SHA-256 of their bytes
 *
 * The same table holds the town server's originals and the app's cached
 * copies: a photo never changes, so its hash is its name and a cached copy
 * never goes stale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-private.h"
#include "gw-work-calendar.h"

/* Returns the photo's id, or NULL with @error set. */
char *
gw_store_put_media (GwStore     *self,
                    GBytes      *data,
                    const char  *content_type,
                    GError     **error)
{
  g_autofree char *id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created_at = gw_format_rfc3339 (now);
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  g_return_val_if_fail (data != NULL && content_type != NULL, NULL);

  id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  if (!gw_store_begin (self, error))
    return NULL;
  if (!(stmt = gw_store_prepare (gw_store_get_db (self),
                                 "INSERT OR IGNORE INTO media (id, content_type, data, created_at) "
                                 "VALUES (?1, ?2, ?3, ?4)", error)))
    {
      gw_store_rollback (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 3, g_bytes_get_data (data, NULL), g_bytes_get_size (data), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, created_at, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot store a photo"));
  sqlite3_finalize (stmt);
  if (!ok)
    {
      gw_store_rollback (self);
      return NULL;
    }
  return gw_store_commit (self, error) ? g_steal_pointer (&id) : NULL;
}

/* NULL when the photo is not here. */
GBytes *
gw_store_get_media (GwStore     *self,
                    const char  *id,
                    char       **content_type)
{
  GBytes *data = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  gw_store_lock (self);
  stmt = gw_store_prepare (gw_store_get_db (self), "SELECT content_type, data FROM media WHERE id = ?1", NULL);
  if (stmt)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          data = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
          if (content_type)
            *content_type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        }
      sqlite3_finalize (stmt);
    }
  gw_store_unlock (self);
  return data;
}
