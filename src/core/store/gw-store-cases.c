/* gw-store-cases.c: cases, as both databases keep them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-case-reader.h"
#include "gw-case-writer.h"
#include "gw-json.h"
#include "gw-store-cases.h"
#include "gw-store-private.h"

#define CASE_COLUMNS GW_STORE_CASE_COLUMNS_OF ("")

GwCase *
gw_store_read_case (sqlite3_stmt *stmt)
{
  g_auto(GwCaseData) d = { 0 };
  g_auto(GStrv) media = NULL;
  GwCase *kase;

  if (!gw_case_status_from_string (COL_TEXT (stmt, 1), &d.status) ||
      !gw_case_source_from_string (COL_TEXT (stmt, 3), &d.source))
    return NULL;

  media = g_strsplit (COL_TEXT (stmt, 10) ? COL_TEXT (stmt, 10) : "", "\n", -1);
  d.id = g_strdup (COL_TEXT (stmt, 0));
  d.category = g_strdup (COL_TEXT (stmt, 2));
  d.lat = sqlite3_column_double (stmt, 4);
  d.lon = sqlite3_column_double (stmt, 5);
  d.grid = g_strdup (COL_TEXT (stmt, 6));
  d.urgent = g_strcmp0 (COL_TEXT (stmt, 7), "urgent") == 0;
  d.description = g_strdup (COL_TEXT (stmt, 8));
  d.reporter = g_strdup (COL_TEXT (stmt, 9));
  d.media = media[0] && *media[0] ? g_steal_pointer (&media) : g_new0 (char *, 1);
  d.reported_at = g_strdup (COL_TEXT (stmt, 11));
  d.deadline = g_strdup (COL_TEXT (stmt, 12));
  d.assignee = g_strdup (COL_TEXT (stmt, 13));
  d.version = sqlite3_column_int64 (stmt, 14);
  d.created_at = g_strdup (COL_TEXT (stmt, 15));
  d.updated_at = g_strdup (COL_TEXT (stmt, 16));
  /* Written by us; if it is unreadable the case is still shown. */
  if (!gw_case_lifecycle_from_text (&d, COL_TEXT (stmt, 18), NULL))
    g_warning ("Case %s has an unreadable lifecycle in the store", d.id);

  kase = gw_case_new_take (&d);
  gw_case_set_pending (kase, sqlite3_column_int (stmt, 17) > 0);
  return kase;
}

/* The case's texts are bound as they are (SQLITE_STATIC): @kase and
 * @lifecycle outlive the step, and the caller clears the bindings before
 * either goes. @lifecycle is scratch space for the lifecycle column. */
static void
bind_case (sqlite3_stmt *stmt,
           GwCase       *kase,
           GString      *lifecycle)
{
  const GwCaseData *d = gw_case_get_data (kase);

  sqlite3_bind_text (stmt, 1, d->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, gw_case_status_to_string (d->status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, d->category, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, gw_case_source_to_string (d->source), -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 5, d->lat);
  sqlite3_bind_double (stmt, 6, d->lon);
  sqlite3_bind_text (stmt, 7, d->grid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, d->urgent ? "urgent" : "normal", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, d->description ? d->description : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, d->reporter, -1, SQLITE_STATIC);
  if (d->media[0] == NULL)
    sqlite3_bind_text (stmt, 11, "", 0, SQLITE_STATIC);
  else
    sqlite3_bind_text (stmt, 11, g_strjoinv ("\n", d->media), -1, g_free);
  sqlite3_bind_text (stmt, 12, d->reported_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, d->deadline, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, d->assignee, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 15, d->version);
  sqlite3_bind_text (stmt, 16, d->created_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 17, d->updated_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 18, gw_case_get_pending (kase));
  /* Most cases have nothing to say here yet: store nothing. The text is
   * json-glib's (gw-case-writer.c), which the LIKE queries match. */
  if (gw_case_data_has_lifecycle (d))
    {
      g_string_truncate (lifecycle, 0);
      gw_case_lifecycle_write (d, lifecycle);
      sqlite3_bind_text (stmt, 19, lifecycle->str, lifecycle->len, SQLITE_STATIC);
    }
  else
    sqlite3_bind_null (stmt, 19);
}

GwCase *
gw_store_get_case (GwStore    *self,
                   const char *id)
{
  sqlite3_stmt *stmt;
  GwCase *kase = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (gw_store_get_db (self), "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?1", NULL)))
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        kase = gw_store_read_case (stmt);
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);

  return kase;
}

#define UPSERT_SQL \
  "INSERT INTO cases (" CASE_COLUMNS ", touched) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) " \
  "ON CONFLICT (id) DO UPDATE SET status = excluded.status, category = excluded.category, " \
  "source = excluded.source, lat = excluded.lat, lon = excluded.lon, grid = excluded.grid, " \
  "priority = excluded.priority, description = excluded.description, reporter = excluded.reporter, " \
  "media = excluded.media, reported_at = excluded.reported_at, deadline = excluded.deadline, " \
  "assignee = excluded.assignee, version = excluded.version, created_at = excluded.created_at, " \
  "updated_at = excluded.updated_at, pending = excluded.pending, lifecycle = excluded.lifecycle, " \
  "touched = excluded.touched "
/* Feed updates only move a case forward, and never over a queued action. */
#define FEED_GUARD "WHERE excluded.version > cases.version AND cases.pending = 0"

/* @touched: the last stamp given out; the write takes the next one. The
 * caller holds a transaction, so nobody else stamps meanwhile. */
static gboolean
step_upsert (GwStore       *self,
             sqlite3_stmt  *stmt,
             GwCase        *kase,
             GString       *lifecycle,
             gint64        *touched,
             gboolean      *written,
             GError       **error)
{
  sqlite3 *db = gw_store_get_db (self);
  int rc;

  sqlite3_reset (stmt);
  bind_case (stmt, kase, lifecycle);
  sqlite3_bind_int64 (stmt, 20, ++*touched);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (db, error, _("Cannot store a case"));

  if (written)
    *written = sqlite3_changes (db) > 0;
  return TRUE;
}

gboolean
gw_store_upsert_case (GwStore   *self,
             GwCase    *kase,
             GError   **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (gw_store_get_db (self), UPSERT_SQL, error);
  gint64 touched = gw_store_get_cases_touched (self);
  g_autoptr(GString) lifecycle = g_string_new (NULL);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ok = step_upsert (self, stmt, kase, lifecycle, &touched, NULL, error);
  gw_store_finish (stmt);
  return ok;
}

gboolean
gw_store_upsert_feed_cases (GwStore    *self,
                            GPtrArray  *cases,
                            GPtrArray  *written_cases,
                            GError    **error)
{
  gint64 touched = gw_store_get_cases_touched (self);
  g_autoptr(GString) lifecycle = g_string_sized_new (512);
  sqlite3_stmt *stmt;

  if (!(stmt = gw_store_prepare_cached (gw_store_get_db (self), UPSERT_SQL FEED_GUARD, error)))
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      gboolean written = FALSE;

      /* Older or equal versions change nothing, so a batch applied twice
       * is harmless; a case with a queued action keeps the local state
       * until the server answers that action. */
      if (!step_upsert (self, stmt, g_ptr_array_index (cases, i), lifecycle, &touched, &written, error))
        {
          gw_store_finish (stmt);
          return FALSE;
        }
      if (written && written_cases)
        g_ptr_array_add (written_cases, g_object_ref (g_ptr_array_index (cases, i)));
    }
  gw_store_finish (stmt);
  return TRUE;
}

gboolean
gw_store_put_case (GwStore  *self,
                   GwCase   *kase,
                   GError  **error)
{
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GBytes) data = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  g_return_val_if_fail (GW_IS_CASE (kase), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!gw_store_upsert_case (self, kase, error))
    return gw_store_rollback (self);

  if (gw_store_get_records_changes (self))
    {
      json = gw_case_to_json (kase);
      data = gw_json_to_bytes (json);
      if (!gw_store_append_change (self, "case", gw_case_get_id (kase), gw_case_get_version (kase),
                                   g_bytes_get_data (data, NULL), error))
        return gw_store_rollback (self);
    }

  return gw_store_commit (self, error);
}

/* The SELECT of @columns from cases (as "cases") for @query, its
 * parameters bound. */
static sqlite3_stmt *
prepare_case_query (GwStore            *self,
                    const char         *columns,
                    const char         *joins,
                    const GwCaseQuery  *query,
                    GError            **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_string_printf (sql, "SELECT %s FROM cases %s WHERE 1", columns, joins);
  if (query->status)
    g_string_append (sql, " AND status = ?1");
  if (query->grid)
    /* A prefix, compared as text: LIKE would read % and _ in a code as wildcards. */
    g_string_append (sql, " AND substr (grid, 1, length (?2)) = ?2");
  if (query->since)
    g_string_append (sql, " AND updated_at >= ?3");
  if (query->touched_after)
    g_string_append (sql, " AND touched > ?4");
  if (query->escalation_cutoff)
    g_string_append (sql, " AND (lifecycle LIKE '%\"state\":\"awaiting_report\"%' OR"
                          " (status IN ('dispatched', 'in_progress', 'returned') AND"
                          "  (lifecycle IS NULL OR lifecycle NOT LIKE '%\"escalations\"%') AND"
                          "  (deadline < ?5 OR json_extract (lifecycle, '$.returns') >= 2)))");
  if (query->ids)
    g_string_append (sql, " AND cases.id IN (SELECT value FROM json_each (?12))");
  if (query->categories)
    g_string_append (sql, " AND category IN (SELECT value FROM json_each (?6))");
  /* Closed as gw_case_status_is_open() says. */
  if (query->open == GW_CASE_QUERY_OPEN_ONLY)
    g_string_append (sql, " AND status NOT IN ('closed', 'rejected')");
  else if (query->open == GW_CASE_QUERY_CLOSED_ONLY)
    g_string_append (sql, " AND status IN ('closed', 'rejected')");
  if (query->reported_from)
    g_string_append (sql, " AND unixepoch (reported_at) >= ?7");
  if (query->reported_to)
    g_string_append (sql, " AND unixepoch (reported_at) <= ?8");
  if (query->created_by)
    /* Correlated, so that a page walks the cases in order through the
     * audit's case index and stops when it is full. */
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM audit WHERE audit.case_id = cases.id AND user = ?9"
                          " AND action = 'create' AND after_version = 1)");
  if (query->rowid_below)
    g_string_append (sql, " AND cases.rowid >= ?13 AND cases.rowid < ?14 ORDER BY cases.rowid");
  else
    g_string_append (sql, " ORDER BY reported_at DESC, cases.id DESC");
  /* Bound, not printed: statements are kept by their text, and a page
   * size or offset from a request must not make a new one each time. */
  if (query->limit)
    g_string_append (sql, " LIMIT ?10 OFFSET ?11");

  if (!(stmt = gw_store_prepare_cached (gw_store_get_db (self), sql->str, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, query->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, query->grid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, query->since, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, query->touched_after);
  sqlite3_bind_text (stmt, 5, query->escalation_cutoff, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, query->categories, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, query->reported_from);
  sqlite3_bind_int64 (stmt, 8, query->reported_to);
  sqlite3_bind_text (stmt, 9, query->created_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, query->limit);
  sqlite3_bind_int64 (stmt, 11, MAX (query->offset, 0));
  sqlite3_bind_text (stmt, 12, query->ids, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 13, query->rowid_from);
  sqlite3_bind_int64 (stmt, 14, query->rowid_below);
  return stmt;
}

GPtrArray *
gw_store_list_case_rows (GwStore            *self,
                const char         *columns,
                const char         *joins,
                const GwCaseQuery  *query,
                GwStoreReadRow      read_row,
                GDestroyNotify      free_row,
                GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  GwCaseQuery all = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  gw_store_lock (self);
  if (!(stmt = prepare_case_query (self, columns, joins, query ? query : &all, error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer row = read_row (stmt);
      if (row)
        g_ptr_array_add (rows, row);
    }
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot read the cases"));
      gw_store_unlock (self);
      return NULL;
    }
  gw_store_unlock (self);

  return g_steal_pointer (&rows);
}

GPtrArray *
gw_store_list_cases (GwStore            *self,
                     const GwCaseQuery  *query,
                     GError            **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  return gw_store_list_case_rows (self, CASE_COLUMNS, "", query, (GwStoreReadRow) gw_store_read_case, g_object_unref, error);
}

/* The stamp of the latest write to any case; read it before listing the
 * cases touched after the previous one, so nothing falls between. */
gint64
gw_store_get_cases_touched (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), 0);
  return gw_store_query_int64 (self, "SELECT ifnull(max(touched), 0) FROM cases", 0);
}

/* The rowid that splits the cases in two about equal parts, for a read
 * in two threads: the cache takes cases in as they come and updates them
 * in place, so their rowids are nearly dense. Read once for both parts,
 * so that no case falls in neither or both. */
gint64
gw_store_split_cases (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), 0);
  /* min() and max() each in a query of its own: SQLite finds each at an
   * end of the table, where both in one query would scan it. */
  return gw_store_query_int64 (self, "SELECT ifnull(((SELECT min(rowid) FROM cases) +"
                                     " (SELECT max(rowid) FROM cases)) / 2 + 1, 1)", 1);
}

guint
gw_store_count_cases (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), 0);
  return gw_store_query_int64 (self, "SELECT COUNT(*) FROM cases", 0);
}

char *
gw_store_next_case_id (GwStore    *self,
                       GDateTime  *now,
                       GError    **error)
{
  g_autofree char *counter = NULL;
  g_autofree char *next = NULL;
  g_autofree char *day = NULL;
  guint64 n;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  /* Dispatchers read case numbers aloud: a date and a running number. */
  if (!gw_store_begin (self, error))
    return NULL;
  counter = gw_store_get_meta (self, "case-counter");
  n = counter ? g_ascii_strtoull (counter, NULL, 10) + 1 : 1;
  next = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  if (!gw_store_set_meta (self, "case-counter", next, error))
    {
      gw_store_rollback (self);
      return NULL;
    }
  if (!gw_store_commit (self, error))
    return NULL;

  day = g_date_time_format (now, "%Y%m%d");
  return g_strdup_printf ("GW%s-%06" G_GUINT64_FORMAT, day, n);
}
