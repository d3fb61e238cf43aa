/* gw-store-feed.c: the town server's records: change feed, audit
 * trail and idempotency keys (its users are in gw-store-users.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-json.h"
#include "gw-store-feed.h"
#include "gw-store-private.h"

#define FEED_ID_KEY "feed-id"


void
gw_change_free (GwChange *change)
{
  g_free (change->kind);
  g_free (change->id);
  g_free (change->data);
  g_free (change);
}

void
gw_audit_entry_free (GwAuditEntry *entry)
{
  g_free (entry->at);
  g_free (entry->user);
  g_free (entry->role);
  g_free (entry->action);
  g_free (entry->case_id);
  g_free (entry->key);
  g_free (entry->detail);
  g_free (entry);
}

static gboolean
step_done (sqlite3_stmt  *stmt,
           sqlite3       *db,
           GError       **error,
           const char    *what)
{
  int rc = sqlite3_step (stmt);

  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (db, error, what);
  return TRUE;
}

/* Compacted: an entity keeps only its newest change, under a new
 * sequence number, so the feed stays as long as the set of entities. */
static gboolean
append_change (GwStore     *self,
               const char  *kind,
               const char  *id,
               gint64       version,
               const char  *data,
               GError     **error)
{
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;

  /* Entities without a version of their own (grids): the feed counts
   * their changes. */
  if (version == 0)
    {
      version = 1;
      if ((stmt = gw_store_prepare_cached (db, "SELECT version FROM changes WHERE kind = ?1 AND id = ?2", NULL)))
        {
          sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            version = sqlite3_column_int64 (stmt, 0) + 1;
          gw_store_finish (stmt);
        }
    }

  if (!(stmt = gw_store_prepare_cached (db, "DELETE FROM changes WHERE kind = ?1 AND id = ?2", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if (!step_done (stmt, db, error, _("Cannot record the change")))
    return FALSE;

  if (!(stmt = gw_store_prepare_cached (db, "INSERT INTO changes (kind, id, version, data) VALUES (?1, ?2, ?3, ?4)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_text (stmt, 4, data, -1, SQLITE_TRANSIENT);
  return step_done (stmt, db, error, _("Cannot record the change"));
}

void
gw_store_record_changes (GwStore  *self,
                         gboolean  records)
{
  g_return_if_fail (GW_IS_STORE (self));
  gw_store_set_change_func (self, records ? append_change : NULL);
}

static gpointer
read_case_json (sqlite3_stmt *stmt)
{
  g_autoptr(GwCase) kase = NULL;
  g_autoptr(JsonNode) json = NULL;

  /* The feed holds each case's JSON as it was written: sent as it is. */
  if (COL_TEXT (stmt, 19))
    return g_strdup (COL_TEXT (stmt, 19));
  if (!(kase = gw_store_read_case (stmt)))
    return NULL;
  json = gw_case_to_json (kase);
  return json_to_string (json, FALSE);
}

GPtrArray *
gw_store_list_case_json (GwStore            *self,
                         const GwCaseQuery  *query,
                         GError            **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  /* Only the feed entry of this very version: anything else is built anew. */
  return gw_store_list_case_rows (self, GW_STORE_CASE_COLUMNS_OF ("cases.") ", changes.data",
                         "LEFT JOIN changes ON changes.kind = 'case' AND changes.id = cases.id "
                         "AND changes.version = cases.version",
                         query, read_case_json, g_free, error);
}

GPtrArray *
gw_store_read_changes (GwStore   *self,
                       gint64     since,
                       guint      limit,
                       gint64    *last_seq,
                       gboolean  *more,
                       GError   **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_change_free);
  sqlite3_stmt *stmt;
  gint64 last = since;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                 "SELECT seq, kind, id, version, data FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                                 error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);   /* one more says whether there is more */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwChange *change;

      if (changes->len == limit)
        {
          *more = TRUE;
          break;
        }
      change = g_new0 (GwChange, 1);
      change->seq = sqlite3_column_int64 (stmt, 0);
      change->kind = g_strdup (COL_TEXT (stmt, 1));
      change->id = g_strdup (COL_TEXT (stmt, 2));
      change->version = sqlite3_column_int64 (stmt, 3);
      change->data = g_strdup (COL_TEXT (stmt, 4));
      last = change->seq;
      g_ptr_array_add (changes, change);
    }
  if (rc == SQLITE_DONE)
    *more = FALSE;
  gw_store_finish (stmt);
  gw_store_unlock (self);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot read the change feed"));
      return NULL;
    }

  /* With no changes past the cursor, it stays where the client has it;
   * past the end it is the end, so a stale cursor catches up at once. */
  *last_seq = changes->len > 0 ? last : MAX (since, 0);
  return g_steal_pointer (&changes);
}

char *
gw_store_dup_feed_id (GwStore  *self,
                      GError  **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  if ((id = gw_store_get_meta (self, FEED_ID_KEY)))
    return g_steal_pointer (&id);
  id = g_uuid_string_random ();
  if (!gw_store_set_meta (self, FEED_ID_KEY, id, error))
    return NULL;
  return g_steal_pointer (&id);
}

gint64
gw_store_get_last_seq (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), 0);
  return gw_store_query_int64 (self, "SELECT MAX(seq) FROM changes", 0);
}

gboolean
gw_store_audit (GwStore             *self,
                const GwAuditEntry  *entry,
                GError             **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (db, "INSERT INTO audit (at, user, role, action, case_id, idempotency_key, "
                                     "before_version, after_version, status, detail) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error)))
    {
      gw_store_unlock (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, entry->at ? entry->at : at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, entry->user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, entry->role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, entry->action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, entry->case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, entry->key, -1, SQLITE_TRANSIENT);
  if (entry->before_version > 0)
    sqlite3_bind_int64 (stmt, 7, entry->before_version);
  if (entry->after_version > 0)
    sqlite3_bind_int64 (stmt, 8, entry->after_version);
  sqlite3_bind_int (stmt, 9, entry->status);
  sqlite3_bind_text (stmt, 10, entry->detail, -1, SQLITE_TRANSIENT);
  ok = step_done (stmt, db, error, _("Cannot write the audit trail"));
  gw_store_unlock (self);

  return ok;
}

GPtrArray *
gw_store_list_audit (GwStore     *self,
                     const char  *case_id,
                     GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_audit_entry_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                 case_id
                                 ? "SELECT seq, at, user, role, action, case_id, idempotency_key, before_version, "
                                   "after_version, status, detail FROM audit WHERE case_id = ?1 ORDER BY seq"
                                 : "SELECT seq, at, user, role, action, case_id, idempotency_key, before_version, "
                                   "after_version, status, detail FROM audit ORDER BY seq", error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GwAuditEntry *e = g_new0 (GwAuditEntry, 1);

      e->seq = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup (COL_TEXT (stmt, 1));
      e->user = g_strdup (COL_TEXT (stmt, 2));
      e->role = g_strdup (COL_TEXT (stmt, 3));
      e->action = g_strdup (COL_TEXT (stmt, 4));
      e->case_id = g_strdup (COL_TEXT (stmt, 5));
      e->key = g_strdup (COL_TEXT (stmt, 6));
      e->before_version = sqlite3_column_int64 (stmt, 7);
      e->after_version = sqlite3_column_int64 (stmt, 8);
      e->status = sqlite3_column_int (stmt, 9);
      e->detail = g_strdup (COL_TEXT (stmt, 10));
      g_ptr_array_add (entries, e);
    }
  gw_store_finish (stmt);
  gw_store_unlock (self);

  return g_steal_pointer (&entries);
}

gboolean
gw_store_lookup_idempotent (GwStore     *self,
                            const char  *user,
                            const char  *key,
                            guint       *status,
                            char       **body,
                            char       **request)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                "SELECT status, body, request FROM idempotency WHERE user = ?1 AND key = ?2", NULL)))
    {
      sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          *status = sqlite3_column_int (stmt, 0);
          *body = g_strdup (COL_TEXT (stmt, 1));
          if (request)
            *request = g_strdup (COL_TEXT (stmt, 2));
          found = TRUE;
        }
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);

  return found;
}

gboolean
gw_store_remember_idempotent (GwStore     *self,
                              const char  *user,
                              const char  *key,
                              const char  *request,
                              guint        status,
                              const char  *body,
                              GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (db, "INSERT INTO idempotency (user, key, status, body, created_at, request) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
    {
      gw_store_unlock (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, status);
  sqlite3_bind_text (stmt, 4, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, request, -1, SQLITE_TRANSIENT);
  ok = step_done (stmt, db, error, _("Cannot remember the idempotency key"));
  gw_store_unlock (self);

  return ok;
}

gboolean
gw_store_record_auth_failures (GwStore     *self,
                               const char  *minute,
                               const char  *address,
                               guint        count,
                               const char  *last_path,
                               guint        keep_days,
                               GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) oldest = g_date_time_add_days (now, -(gint) keep_days);
  g_autofree char *cutoff = g_date_time_format (oldest, "%Y-%m-%dT%H:%M");
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!(stmt = gw_store_prepare_cached (db, "INSERT INTO auth_failures (minute, address, count, last_path) "
                                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (minute, address) "
                                     "DO UPDATE SET count = count + excluded.count, last_path = excluded.last_path",
                                 error)))
    return gw_store_rollback (self);
  sqlite3_bind_text (stmt, 1, minute, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, address, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, count);
  sqlite3_bind_text (stmt, 4, last_path, -1, SQLITE_TRANSIENT);
  ok = step_done (stmt, db, error, _("Cannot count failed logins"));
  if (ok && (stmt = gw_store_prepare_cached (db, "DELETE FROM auth_failures WHERE minute < ?1", error)))
    {
      sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_TRANSIENT);
      ok = step_done (stmt, db, error, _("Cannot count failed logins"));
    }
  if (!ok)
    return gw_store_rollback (self);
  return gw_store_commit (self, error);
}

gint64
gw_store_count_auth_failures (GwStore    *self,
                              const char *address)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (GW_IS_STORE (self), -1);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                "SELECT coalesce (sum (count), 0) FROM auth_failures WHERE ?1 IS NULL OR address = ?1", NULL)))
    {
      sqlite3_bind_text (stmt, 1, address, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);
  return n;
}
