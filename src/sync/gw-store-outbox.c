/* gw-store-outbox.c: the client's side of the feed, and the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-outbox.h"
#include "gw-store-private.h"

#define CURSOR_KEY "feed-cursor"

GwOutboxPhoto *
gw_outbox_photo_new (const char *content_type,
                     GBytes     *data)
{
  GwOutboxPhoto *photo = g_new0 (GwOutboxPhoto, 1);

  photo->content_type = g_strdup (content_type);
  photo->data = g_bytes_ref (data);
  return photo;
}

void
gw_outbox_photo_free (GwOutboxPhoto *photo)
{
  g_free (photo->content_type);
  g_bytes_unref (photo->data);
  g_free (photo->url);
  g_free (photo);
}

void
gw_outbox_entry_free (GwOutboxEntry *entry)
{
  g_clear_pointer (&entry->photos, g_ptr_array_unref);
  g_free (entry->case_id);
  g_free (entry->action);
  g_free (entry->params);
  g_free (entry->key);
  g_free (entry->last_error);
  g_free (entry);
}

gboolean
gw_store_apply_cases (GwStore    *self,
                      GPtrArray  *cases,
                      gint64      cursor,
                      GPtrArray  *written_cases,
                      GError    **error)
{
  g_autofree char *cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!gw_store_upsert_feed_cases (self, cases, written_cases, error))
    return gw_store_rollback (self);

  if (!gw_store_set_meta (self, CURSOR_KEY, cursor_text, error))
    return gw_store_rollback (self);

  return gw_store_commit (self, error);
}

gint64
gw_store_get_cursor (GwStore *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), 0);

  text = gw_store_get_meta (self, CURSOR_KEY);
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

gboolean
gw_store_enqueue_action (GwStore     *self,
                         GwCase      *optimistic,
                         const char  *action,
                         const char  *params,
                         gint64       base_version,
                         const char  *key,
                         GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;

  gw_case_set_pending (optimistic, TRUE);
  if (!gw_store_upsert_case (self, optimistic, error))
    return gw_store_rollback (self);

  if (!(stmt = gw_store_prepare_cached (db, "INSERT INTO outbox (case_id, action, params, base_version, idempotency_key, created_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
    return gw_store_rollback (self);
  sqlite3_bind_text (stmt, 1, gw_case_get_id (optimistic), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, params, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, base_version);
  sqlite3_bind_text (stmt, 5, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, created, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sqlite_error (db, error, _("Cannot queue the action"));
      return gw_store_rollback (self);
    }

  return gw_store_commit (self, error);
}

static GPtrArray *
list_photos (GwStore *self,
             gint64   seq)
{
  GPtrArray *photos = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_outbox_photo_free);
  sqlite3_stmt *stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                                "SELECT content_type, data, url FROM outbox_photos WHERE seq = ?1 "
                                                "ORDER BY position", NULL);

  if (stmt == NULL)
    return photos;
  sqlite3_bind_int64 (stmt, 1, seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) data = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      GwOutboxPhoto *photo = gw_outbox_photo_new (COL_TEXT (stmt, 0), data);

      photo->url = g_strdup (COL_TEXT (stmt, 2));
      g_ptr_array_add (photos, photo);
    }
  gw_store_finish (stmt);
  return photos;
}

static gboolean
add_photos (GwStore     *self,
            const char  *key,
            GPtrArray   *photos,
            GError     **error)
{
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!(stmt = gw_store_prepare_cached (db, "INSERT INTO outbox_photos (seq, position, content_type, data) "
                                            "SELECT seq, ?2, ?3, ?4 FROM outbox WHERE idempotency_key = ?1", error)))
    return gw_store_rollback (self);
  for (guint i = 0; i < photos->len; i++)
    {
      GwOutboxPhoto *photo = g_ptr_array_index (photos, i);
      gsize size;
      gconstpointer data = g_bytes_get_data (photo->data, &size);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, photo->content_type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob64 (stmt, 4, data, size, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE || sqlite3_changes (db) != 1)
        {
          gw_store_finish (stmt);
          gw_store_set_sqlite_error (db, error, _("Cannot queue the photos"));
          return gw_store_rollback (self);
        }
    }
  gw_store_finish (stmt);
  return gw_store_commit (self, error);
}

gboolean
gw_store_enqueue_report (GwStore     *self,
                         GwCase      *stand_in,
                         const char  *report,
                         const char  *key,
                         GPtrArray   *photos,
                         GError     **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!gw_store_enqueue_action (self, stand_in, "create", report, 0, key, error) ||
      (photos && photos->len > 0 && !add_photos (self, key, photos, error)))
    return gw_store_rollback (self);
  return gw_store_commit (self, error);
}

gboolean
gw_store_set_outbox_photo_url (GwStore     *self,
                               gint64       seq,
                               guint        position,
                               const char  *url,
                               GError     **error)
{
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare_cached (db, "UPDATE outbox_photos SET url = ?3 WHERE seq = ?1 AND position = ?2", error)))
    {
      gw_store_unlock (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int (stmt, 2, position);
  sqlite3_bind_text (stmt, 3, url, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    gw_store_set_sqlite_error (db, error, _("Cannot update the outbox"));
  gw_store_unlock (self);
  return rc == SQLITE_DONE;
}

GwOutboxEntry *
gw_store_peek_outbox (GwStore *self)
{
  sqlite3_stmt *stmt;
  GwOutboxEntry *entry = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                "SELECT seq, case_id, action, params, base_version, idempotency_key, attempts, last_error "
                                "FROM outbox ORDER BY seq LIMIT 1", NULL)))
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          entry = g_new0 (GwOutboxEntry, 1);
          entry->seq = sqlite3_column_int64 (stmt, 0);
          entry->case_id = g_strdup (COL_TEXT (stmt, 1));
          entry->action = g_strdup (COL_TEXT (stmt, 2));
          entry->params = g_strdup (COL_TEXT (stmt, 3));
          entry->base_version = sqlite3_column_int64 (stmt, 4);
          entry->key = g_strdup (COL_TEXT (stmt, 5));
          entry->attempts = sqlite3_column_int (stmt, 6);
          entry->last_error = g_strdup (COL_TEXT (stmt, 7));
        }
      gw_store_finish (stmt);
    }
  if (entry && g_str_equal (entry->action, "create"))
    entry->photos = list_photos (self, entry->seq);
  gw_store_unlock (self);

  return entry;
}

gboolean
gw_store_finish_action (GwStore     *self,
                        gint64       seq,
                        const char  *case_id,
                        GwCase      *server_case,
                        gboolean     applied,
                        GError     **error)
{
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  gint64 still_queued = 0;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;

  /* Actions queued after this one on the same case were taken on top of
   * its result: now that it is applied, they follow the new version. */
  if (applied && server_case != NULL)
    {
      if (!(stmt = gw_store_prepare_cached (db, "UPDATE outbox SET base_version = ?3 WHERE case_id = ?1 AND seq > ?2 "
                                         "AND base_version = (SELECT base_version FROM outbox WHERE seq = ?2)", error)))
        return gw_store_rollback (self);
      sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, seq);
      sqlite3_bind_int64 (stmt, 3, gw_case_get_version (server_case));
      rc = sqlite3_step (stmt);
      gw_store_finish (stmt);
      if (rc != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (db, error, _("Cannot update the outbox"));
          return gw_store_rollback (self);
        }
    }

  if (!(stmt = gw_store_prepare_cached (db, "DELETE FROM outbox WHERE seq = ?1", error)))
    return gw_store_rollback (self);
  sqlite3_bind_int64 (stmt, 1, seq);
  rc = sqlite3_step (stmt);
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sqlite_error (db, error, _("Cannot update the outbox"));
      return gw_store_rollback (self);
    }

  if (server_case == NULL)
    {
      /* No answer to put in its place: drop the pending mark, and the next
       * version from the feed replaces the optimistic state. */
      if (!(stmt = gw_store_prepare_cached (db, "UPDATE cases SET pending = 0, touched = " GW_STORE_NEXT_TOUCHED " WHERE id = ?1 AND "
                                         "NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.case_id = cases.id)", error)))
        return gw_store_rollback (self);
      sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      gw_store_finish (stmt);
      if (rc != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (db, error, _("Cannot update the outbox"));
          return gw_store_rollback (self);
        }
    }
  else
    {
      if (!(stmt = gw_store_prepare_cached (db, "SELECT COUNT(*) FROM outbox WHERE case_id = ?1", error)))
        return gw_store_rollback (self);
      sqlite3_bind_text (stmt, 1, gw_case_get_id (server_case), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        still_queued = sqlite3_column_int64 (stmt, 0);
      gw_store_finish (stmt);

      /* The server's answer is the truth, unless another local action on
       * this case still waits: then the optimistic state stays. */
      if (still_queued == 0)
        {
          gw_case_set_pending (server_case, FALSE);
          if (!gw_store_upsert_case (self, server_case, error))
            return gw_store_rollback (self);
        }
    }

  return gw_store_commit (self, error);
}

/* A report the server answered: the entry and the local stand-in go, and
 * the server's case (if it took the report) takes their place. */
gboolean
gw_store_finish_report (GwStore     *self,
                        gint64       seq,
                        const char  *local_id,
                        GwCase      *server_case,
                        GError     **error)
{
  sqlite3 *db = gw_store_get_db (self);
  const char * const deletes[] = { "DELETE FROM outbox WHERE seq = ?1", "DELETE FROM cases WHERE id = ?2" };

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  /* The server's case first: its write stamp is the next after the
   * stand-in's, which a reader may already have seen. Deleted first, the
   * stand-in's stamp would be given out again and the case never read. */
  if (server_case)
    {
      gw_case_set_pending (server_case, FALSE);
      if (!gw_store_upsert_case (self, server_case, error))
        return gw_store_rollback (self);
    }
  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      sqlite3_stmt *stmt = gw_store_prepare_cached (db, deletes[i], error);
      int rc;

      if (stmt == NULL)
        return gw_store_rollback (self);
      sqlite3_bind_int64 (stmt, 1, seq);
      sqlite3_bind_text (stmt, 2, local_id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      gw_store_finish (stmt);
      if (rc != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (db, error, _("Cannot update the outbox"));
          return gw_store_rollback (self);
        }
    }
  return gw_store_commit (self, error);
}

void
gw_store_note_action_failure (GwStore    *self,
                              gint64      seq,
                              const char *message)
{
  sqlite3_stmt *stmt;

  g_return_if_fail (GW_IS_STORE (self));

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1", NULL)))
    {
      sqlite3_bind_int64 (stmt, 1, seq);
      sqlite3_bind_text (stmt, 2, message, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);
}

guint
gw_store_count_outbox (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), 0);
  return gw_store_query_int64 (self, "SELECT COUNT(*) FROM outbox", 0);
}
