/* gw-store-callers.c: the numbers residents left to be called back on
 *
 * Beside the case, not in it: a case travels whole in the change feed to
 * every client, and a resident's number is for the desk alone
 * (GET /api/v1/cases/{id}/caller).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-callers.h"
#include "gw-store-private.h"

gboolean
gw_store_put_caller_phone (GwStore     *self,
                           const char  *case_id,
                           const char  *phone,
                           GError     **error)
{
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!(stmt = gw_store_prepare_cached (db, "INSERT OR REPLACE INTO case_callers (case_id, phone) VALUES (?1, ?2)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, phone, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (db, error, _("Cannot store a caller’s number"));
  return TRUE;
}

char *
gw_store_get_caller_phone (GwStore    *self,
                           const char *case_id)
{
  sqlite3_stmt *stmt;
  char *phone = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (gw_store_get_db (self), "SELECT phone FROM case_callers WHERE case_id = ?1", NULL)))
    {
      sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        phone = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);
  return phone;
}
