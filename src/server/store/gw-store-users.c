/* gw-store-users.c: the town server's users and their tokens
 *
 * A user is a name, a role and the SHA-256 of their token. Revoking keeps
 * the row (the audit trail names them) and stamps revoked_at; rotating
 * replaces the hash, so the old token is simply unknown from then on.
 * The server reads this table on every request, and other processes
 * (gridwatch-townd --revoke-user) write it while it runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-field.h"
#include "gw-store-private.h"
#include "gw-store-users.h"
#include "gw-token.h"


/* Up to ten years: a longer lease is no lease. */
#define MAX_TOKEN_DAYS 3650

void
gw_user_record_free (GwUserRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record->role);
  g_free (record->created_at);
  g_free (record->expires_at);
  g_free (record->revoked_at);
  g_free (record->display_name);
  g_free (record);
}

static char *
format_utc (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* Runs @sql with ?1 the name, ?2 the role, ?3 the new token's hash, ?4
 * now and ?5 the expiry (NULL for never); returns the token if it
 * changed a row. */
static void
no_such_user (const char  *name,
              GError     **error)
{
  g_set_error (error, GW_ERROR, GW_ERROR_NOT_FOUND, _("There is no user named “%s”"), name);
}

/* @sql updates the user ?1 with ?2 (@value, NULL for none); @failure says
 * what could not be done. */
static gboolean
update_user (GwStore     *self,
             const char  *sql,
             const char  *name,
             const char  *value,
             const char  *failure,
             GError     **error)
{
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc;

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (db, sql, error)))
    {
      gw_store_unlock (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (value)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  rc = sqlite3_step (stmt);
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    gw_store_set_sqlite_error (db, error, failure);
  else if (!(found = sqlite3_changes (db) > 0))
    no_such_user (name, error);
  gw_store_unlock (self);
  return rc == SQLITE_DONE && found;
}

static char *
issue_token (GwStore     *self,
             const char  *sql,
             const char  *name,
             const char  *role,
             guint        days,
             GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = days > 0 ? g_date_time_add_days (now, days) : NULL;
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autofree char *expires = expiry ? format_utc (expiry) : NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  if (days > MAX_TOKEN_DAYS)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("A token may last at most %d days"), MAX_TOKEN_DAYS);
      return NULL;
    }
  if (!(token = gw_token_generate (error)))
    return NULL;
  hash = gw_token_hash (token);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (db, sql, error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, created, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, expires, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    gw_store_set_sqlite_error (db, error, _("Cannot save the user’s token"));
  else if (!(ok = sqlite3_changes (db) > 0))
    no_such_user (name, error);
  gw_store_unlock (self);

  return ok ? g_steal_pointer (&token) : NULL;
}

char *
gw_store_add_user (GwStore     *self,
                   const char  *name,
                   GwRole       role,
                   guint        days,
                   GError     **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  /* The name is printed in lists and written to the audit trail. */
  if (!gw_text_check (name, -1, GW_FIELD_REQUIRED | GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "name", error))
    return NULL;
  return issue_token (self,
                      "INSERT INTO users (name, role, token_hash, created_at, expires_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name) DO UPDATE SET role = excluded.role, "
                      "token_hash = excluded.token_hash, expires_at = excluded.expires_at, revoked_at = NULL",
                      name, gw_role_to_string (role), days, error);
}

char *
gw_store_rotate_token (GwStore     *self,
                       const char  *name,
                       guint        days,
                       GError     **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return issue_token (self,
                      "UPDATE users SET token_hash = ?3, expires_at = ?5, revoked_at = NULL WHERE name = ?1",
                      name, NULL, days, error);
}

gboolean
gw_store_revoke_user (GwStore     *self,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = format_utc (now);

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* Revoking twice keeps the first time. */
  return update_user (self, "UPDATE users SET revoked_at = coalesce (revoked_at, ?2) WHERE name = ?1",
                      name, at, _("Cannot revoke the user"), error);
}

GPtrArray *
gw_store_list_users (GwStore  *self,
                     GError  **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_user_record_free);
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (db, "SELECT name, role, created_at, expires_at, revoked_at, display_name "
                                        "FROM users ORDER BY name",
                                 error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwUserRecord *record = g_new0 (GwUserRecord, 1);

      record->name = g_strdup (COL_TEXT (stmt, 0));
      record->role = g_strdup (COL_TEXT (stmt, 1));
      record->created_at = g_strdup (COL_TEXT (stmt, 2));
      record->expires_at = g_strdup (COL_TEXT (stmt, 3));
      record->revoked_at = g_strdup (COL_TEXT (stmt, 4));
      record->display_name = g_strdup (COL_TEXT (stmt, 5));
      g_ptr_array_add (users, record);
    }
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    gw_store_set_sqlite_error (db, error, _("Cannot read the users"));
  gw_store_unlock (self);

  return rc == SQLITE_DONE ? g_steal_pointer (&users) : NULL;
}

/* The name people see for a user (a login name is for logging in);
 * NULL or empty takes it away. */
gboolean
gw_store_set_user_display_name (GwStore     *self,
                                const char  *name,
                                const char  *display_name,
                                GError     **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (display_name && *display_name &&
      !gw_text_check (display_name, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "display-name", error))
    return FALSE;
  return update_user (self, "UPDATE users SET display_name = ?2 WHERE name = ?1",
                      name, display_name && *display_name ? display_name : NULL, _("Cannot name the user"), error);
}

/* Login name → display name, for the users who have one. */
GHashTable *
gw_store_user_display_names (GwStore  *self,
                             GError  **error)
{
  g_autoptr(GPtrArray) users = gw_store_list_users (self, error);
  GHashTable *names;

  if (users == NULL)
    return NULL;
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < users->len; i++)
    {
      GwUserRecord *record = g_ptr_array_index (users, i);

      if (record->display_name)
        g_hash_table_insert (names, g_strdup (record->name), g_strdup (record->display_name));
    }
  return names;
}

/* An expiry that cannot be read has passed: a broken row opens nothing. */
static GwTokenState
check_expiry (const char *expires_at,
              GDateTime  *now,
              gint64     *expires)
{
  g_autoptr(GDateTime) expiry = NULL;

  *expires = 0;
  if (expires_at == NULL)
    return GW_TOKEN_VALID;
  if (!(expiry = g_date_time_new_from_iso8601 (expires_at, NULL)))
    return GW_TOKEN_EXPIRED;
  *expires = g_date_time_to_unix (expiry);
  return g_date_time_compare (now, expiry) < 0 ? GW_TOKEN_VALID : GW_TOKEN_EXPIRED;
}

GwTokenState
gw_store_check_token_hash (GwStore     *self,
                           const char  *hash,
                           GDateTime   *now,
                           char       **name,
                           GwRole      *role,
                           gint64      *expires)
{
  GwTokenState state = GW_TOKEN_UNKNOWN;
  sqlite3_stmt *stmt;
  gint64 until = 0;

  g_return_val_if_fail (GW_IS_STORE (self), GW_TOKEN_UNKNOWN);
  g_return_val_if_fail (hash != NULL && now != NULL, GW_TOKEN_UNKNOWN);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                "SELECT name, role, expires_at, revoked_at FROM users WHERE token_hash = ?1", NULL)))
    {
      GwRole found_role;

      sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW && gw_role_from_string (COL_TEXT (stmt, 1), &found_role))
        {
          if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
            state = GW_TOKEN_REVOKED;
          else
            state = check_expiry (COL_TEXT (stmt, 2), now, &until);
          if (state == GW_TOKEN_VALID)
            {
              if (name)
                *name = g_strdup (COL_TEXT (stmt, 0));
              if (role)
                *role = found_role;
            }
        }
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);

  if (expires)
    *expires = until;
  return state;
}

GwTokenState
gw_store_authenticate (GwStore     *self,
                       const char  *token,
                       char       **name,
                       GwRole      *role)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *hash = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), GW_TOKEN_UNKNOWN);

  if (token == NULL || *token == '\0')
    return GW_TOKEN_UNKNOWN;
  hash = gw_token_hash (token);
  return gw_store_check_token_hash (self, hash, now, name, role, NULL);
}
