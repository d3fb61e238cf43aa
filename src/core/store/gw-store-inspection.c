/* gw-store-inspection.c: joint-inspection data and plans
 *
 * Targets and inspectors are kept as the JSON the server sends; plans as
 * JSON with a version, so that two planners' edits conflict instead of
 * one overwriting the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-inspection-data.h"
#include "gw-store-private.h"
#include "gw-work-calendar.h"

static gboolean
exec_one (GwStore     *self,
          const char  *sql,
          const char  *a,
          const char  *b,
          const char  *c,
          gint64       n,
          GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!(stmt = gw_store_prepare (gw_store_get_db (self), sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, n);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot store the inspection plan"));
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
gw_store_put_inspection_data (GwStore     *self,
                              const char  *name,
                              const char  *body,
                              GError     **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!exec_one (self, "INSERT OR REPLACE INTO inspection_data (name, body) VALUES (?1, ?2)", name, body, NULL, 0, error))
    return gw_store_rollback (self);
  return gw_store_commit (self, error);
}

char *
gw_store_get_inspection_data (GwStore    *self,
                              const char *name)
{
  sqlite3_stmt *stmt;
  char *body = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare (gw_store_get_db (self), "SELECT body FROM inspection_data WHERE name = ?1", NULL)))
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        body = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
  gw_store_unlock (self);
  return body;
}

/* In the change feed: which plan, at which version; readers fetch it. */
static gboolean
record_change (GwStore  *self,
               gint64    id,
               gint64    version,
               GError  **error)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *data = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"version\":%" G_GINT64_FORMAT "}", id, version);

  return !gw_store_get_records_changes (self) ||
         gw_store_append_change (self, "inspection_plan", key, version, data, error);
}

/* Returns the new plan's id, 0 on failure. */
gint64
gw_store_add_inspection_plan (GwStore     *self,
                              const char  *created_by,
                              const char  *body,
                              GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created_at = gw_format_rfc3339 (now);
  gint64 id;

  g_return_val_if_fail (GW_IS_STORE (self), 0);

  if (!gw_store_begin (self, error))
    return 0;
  if (!exec_one (self, "INSERT INTO inspection_plans (version, created_at, created_by, body) VALUES (1, ?1, ?2, ?3)",
                 created_at, created_by, body, 0, error))
    {
      gw_store_rollback (self);
      return 0;
    }
  id = sqlite3_last_insert_rowid (gw_store_get_db (self));
  if (!record_change (self, id, 1, error))
    {
      gw_store_rollback (self);
      return 0;
    }
  return gw_store_commit (self, error) ? id : 0;
}

/* Only from @base_version: else FALSE with GW_ERROR_CONFLICT. */
gboolean
gw_store_update_inspection_plan (GwStore     *self,
                                 gint64       id,
                                 gint64       base_version,
                                 const char  *body,
                                 gint64      *new_version,
                                 GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!(stmt = gw_store_prepare (gw_store_get_db (self),
                                 "UPDATE inspection_plans SET body = ?3, version = version + 1 WHERE id = ?1 AND version = ?2",
                                 error)))
    return gw_store_rollback (self);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, base_version);
  sqlite3_bind_text (stmt, 3, body, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot store the inspection plan"));
  else if (sqlite3_changes (gw_store_get_db (self)) == 0)
    {
      g_autofree char *plan = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, base_version);

      ok = FALSE;
      g_set_error (error, GW_ERROR, GW_ERROR_CONFLICT, _("Plan %s is not at version %s"), plan, version);
    }
  sqlite3_finalize (stmt);
  if (!ok || !record_change (self, id, base_version + 1, error))
    return gw_store_rollback (self);
  if (new_version)
    *new_version = base_version + 1;
  return gw_store_commit (self, error);
}

char *
gw_store_get_inspection_plan (GwStore     *self,
                              gint64       id,
                              gint64      *version,
                              char       **created_at,
                              char       **created_by)
{
  sqlite3_stmt *stmt;
  char *body = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare (gw_store_get_db (self),
                                "SELECT body, version, created_at, created_by FROM inspection_plans WHERE id = ?1", NULL)))
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          body = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          if (version)
            *version = sqlite3_column_int64 (stmt, 1);
          if (created_at)
            *created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          if (created_by)
            *created_by = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
        }
      sqlite3_finalize (stmt);
    }
  gw_store_unlock (self);
  return body;
}

/* Of gint64: the plans' ids, newest first. */
GArray *
gw_store_list_inspection_plans (GwStore *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (self), ids);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare (gw_store_get_db (self), "SELECT id FROM inspection_plans ORDER BY id DESC", NULL)))
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_finalize (stmt);
    }
  gw_store_unlock (self);
  return ids;
}

/* The county's catalogue when it imported one, the built-in one else. */
GwInspectionData *
gw_store_load_catalogue (GwStore  *self,
                         GError  **error)
{
  g_autofree char *text = gw_store_get_inspection_data (self, GW_INSPECTION_CATALOGUE);
  g_autoptr(JsonNode) root = NULL;

  if (text == NULL)
    return gw_inspection_data_new_catalogue (error);
  if (!(root = json_from_string (text, error)))
    return NULL;
  return gw_inspection_data_new_from_catalogue (root, error);
}
