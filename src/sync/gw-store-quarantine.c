/* gw-store-quarantine.c: feed items the cache could not read, set aside
 *
 * A change the app cannot read is neither applied nor dropped: it is kept
 * here (why, and its text as it came) so the dispatcher learns of it and
 * someone can take it to the server's keepers, while the rest of its page
 * is applied and the cursor moves on. A later readable change of the same
 * item supersedes it. Entries are keyed by kind and id: the feed is
 * compacted to one change per item, so an item has at most one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-private.h"
#include "gw-store-quarantine.h"
#include "gw-store-search.h"

#define FEED_ID_KEY "feed-id"


/* Takes nothing: copies the texts and refs @raw, which it caps. */
GwQuarantineEntry *
gw_quarantine_entry_new (gint64      seq,
                         const char *kind,
                         const char *id,
                         const char *reason,
                         GBytes     *raw)
{
  GwQuarantineEntry *entry = g_new0 (GwQuarantineEntry, 1);

  entry->seq = seq;
  entry->kind = g_strdup (kind ? kind : "");
  entry->id = g_strdup (id);
  entry->reason = g_strdup (reason);
  if (raw && g_bytes_get_size (raw) > GW_QUARANTINE_MAX_RAW)
    entry->raw = g_bytes_new_from_bytes (raw, 0, GW_QUARANTINE_MAX_RAW);
  else if (raw)
    entry->raw = g_bytes_ref (raw);
  return entry;
}

void
gw_quarantine_entry_free (GwQuarantineEntry *entry)
{
  g_free (entry->kind);
  g_free (entry->id);
  g_free (entry->reason);
  g_clear_pointer (&entry->raw, g_bytes_unref);
  g_free (entry->at);
  g_free (entry);
}

/* Items in page order: a read change clears what an older change of the
 * same item left here; an unreadable one replaces an older entry. */
static gboolean
record_items (GwStore    *self,
              GPtrArray  *items,
              GError    **error)
{
  sqlite3 *db = gw_store_get_db (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  sqlite3_stmt *put = NULL, *clear = NULL;
  /* Nearly always nothing is set aside: then a read change has nothing
   * to clear, and a first pull's hundred thousand deletes are saved. */
  gboolean any_set_aside = gw_store_query_int64 (self, "SELECT EXISTS (SELECT 1 FROM feed_quarantine)", 1);
  gboolean ok = FALSE;

  if (!(put = gw_store_prepare (db,
                                "INSERT INTO feed_quarantine (kind, id, seq, reason, raw, quarantined_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                "ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq, reason = excluded.reason, "
                                "raw = excluded.raw, quarantined_at = excluded.quarantined_at "
                                "WHERE excluded.seq >= feed_quarantine.seq", error)) ||
      !(clear = gw_store_prepare (db, "DELETE FROM feed_quarantine WHERE kind = ?1 AND id = ?2 AND seq < ?3", error)))
    goto out;

  for (guint i = 0; items && i < items->len; i++)
    {
      GwQuarantineEntry *item = g_ptr_array_index (items, i);
      sqlite3_stmt *stmt = item->reason ? put : clear;
      gsize raw_len = 0;
      gconstpointer raw = item->raw ? g_bytes_get_data (item->raw, &raw_len) : NULL;

      if (item->reason == NULL && !any_set_aside)
        continue;
      any_set_aside |= item->reason != NULL;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, item->kind, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, item->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, item->seq);
      if (item->reason)
        {
          sqlite3_bind_text (stmt, 4, item->reason, -1, SQLITE_TRANSIENT);
          /* A blob: the text may be anything but UTF-8, and is kept as it came. */
          sqlite3_bind_blob (stmt, 5, raw ? raw : "", (int) MIN (raw_len, GW_QUARANTINE_MAX_RAW), SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 6, at, -1, SQLITE_TRANSIENT);
        }
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (db, error, _("Cannot set aside the unreadable items of the feed"));
          goto out;
        }
    }
  ok = TRUE;

out:
  sqlite3_finalize (put);
  sqlite3_finalize (clear);
  return ok;
}

/* A page of the feed in one transaction: its readable cases by version,
 * the workers' reports (@statuses, may be NULL), its unreadable items set
 * aside, and the cursor past it. A set-aside
 * change never touches the cached case, which keeps its last good
 * version. */
/* What came from the feed of another database (the server replaced, or
 * restored from a backup) goes with it, in the transaction of the first
 * page of the new one: the cases, what was set aside, the search index
 * over them, and the reference collections' ETags so that they are fetched
 * whole again. The outbox stays: what a user did is theirs to see refused. */
static gboolean
forget_feed (GwStore  *self,
             GError  **error)
{
  return gw_store_exec (gw_store_get_db (self),
                        "DELETE FROM cases; DELETE FROM feed_quarantine; DELETE FROM meta WHERE key LIKE 'etag:%'",
                        error) &&
         gw_store_clear_search_index (self, error);
}

gboolean
gw_store_apply_feed_page (GwStore    *self,
                          GPtrArray  *cases,
                          GPtrArray  *statuses,
                          GPtrArray  *items,
                          gint64      cursor,
                          const char *feed_id,
                          gboolean    reset,
                          GPtrArray  *written,
                          GError    **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  g_return_val_if_fail (cases != NULL, FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if ((reset && !forget_feed (self, error)) ||
      !gw_store_apply_cases (self, cases, cursor, written, error) ||
      (statuses && statuses->len > 0 && !gw_store_put_worker_statuses (self, statuses, error)) ||
      !record_items (self, items, error) ||
      (feed_id && !gw_store_set_meta (self, FEED_ID_KEY, feed_id, error)))
    return gw_store_rollback (self);
  return gw_store_commit (self, error);
}

/* The feed the cursor belongs to, or NULL before the first page (or in a
 * cache filled by a server that gave none). */
char *
gw_store_dup_cursor_feed (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  return gw_store_get_meta (self, FEED_ID_KEY);
}

/* Oldest first, at most @limit (0: all); without their text, which may
 * be 64 KiB each and is read one at a time. */
GPtrArray *
gw_store_list_quarantine (GwStore  *self,
                          guint     limit,
                          GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_quarantine_entry_free);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  db = gw_store_get_db (self);
  gw_store_lock (self);
  if (!(stmt = gw_store_prepare (db, "SELECT seq, kind, id, reason, quarantined_at FROM feed_quarantine "
                                     "ORDER BY seq, kind, id LIMIT ?1", error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, limit ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwQuarantineEntry *entry = gw_quarantine_entry_new (sqlite3_column_int64 (stmt, 0), COL_TEXT (stmt, 1),
                                                          COL_TEXT (stmt, 2), COL_TEXT (stmt, 3), NULL);

      entry->at = g_strdup (COL_TEXT (stmt, 4));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    gw_store_set_sqlite_error (db, error, _("Cannot read the items of the feed that were set aside"));
  gw_store_unlock (self);

  return rc == SQLITE_DONE ? g_steal_pointer (&entries) : NULL;
}

/* The change's text as it came, or NULL if it is not set aside. */
GBytes *
gw_store_dup_quarantine_raw (GwStore    *self,
                             const char *kind,
                             const char *id)
{
  sqlite3_stmt *stmt;
  GBytes *raw = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL && id != NULL, NULL);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare (gw_store_get_db (self),
                                "SELECT raw FROM feed_quarantine WHERE kind = ?1 AND id = ?2", NULL)))
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        raw = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      sqlite3_finalize (stmt);
    }
  gw_store_unlock (self);
  return raw;
}

guint
gw_store_count_quarantine (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), 0);
  return (guint) gw_store_query_int64 (self, "SELECT count(*) FROM feed_quarantine", 0);
}
