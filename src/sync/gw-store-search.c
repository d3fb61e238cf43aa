/* gw-store-search.c: full-text search over the cached cases
 *
 * SQLite's FTS5 splits text on spaces and punctuation, but Chinese is
 * written without spaces: "暴露垃圾" would be one word and "垃圾" would
 * not find it. So the indexed text is rewritten: every run of Chinese
 * characters becomes its overlapping pairs ("暴露 露垃 垃圾"), other words
 * stay as they are. A query is rewritten the same way, its pairs all
 * required; a single character matches as the start of a pair.
 *
 * The index is kept by the app from the cases it reads, not on the
 * feed's path, so a 100,000-case pull does not wait for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store-search"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-case.h"
#include "gw-store-cases.h"
#include "gw-store-private.h"
#include "gw-store-search.h"

static gboolean
is_han (gunichar c)
{
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff);
}

static void
add_term (GString    *out,
          const char *term,
          gssize      length,
          gboolean    for_query,
          gboolean    prefix)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (for_query)
    {
      /* Quoted, so that nothing in it is FTS5 syntax. */
      g_string_append_c (out, '"');
      for (gssize i = 0; i < length; i++)
        {
          if (term[i] == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, term[i]);
        }
      g_string_append_c (out, '"');
      if (prefix)
        g_string_append_c (out, '*');
    }
  else
    g_string_append_len (out, term, length);
}

/* The text as FTS5 should see it: for the index, or as a query in which
 * every term is required. */
char *
gw_search_terms (const char *text,
                 gboolean    for_query)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text ? text : "";

  while (*p)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;

      if (is_han (c))
        {
          const char *run = p;
          guint count = 0;

          while (*p && is_han (g_utf8_get_char (p)))
            {
              p = g_utf8_next_char (p);
              count++;
            }
          if (count == 1)
            add_term (out, run, p - run, for_query, for_query);
          for (const char *a = run; count > 1 && a < p; a = g_utf8_next_char (a))
            {
              const char *b = g_utf8_next_char (a);

              if (b >= p)
                break;
              add_term (out, a, g_utf8_next_char (b) - a, for_query, FALSE);
            }
        }
      else if (g_unichar_isalnum (c))
        {
          const char *word = p;

          while (*p && !is_han (g_utf8_get_char (p)) && g_unichar_isalnum (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          /* Case numbers are typed by their ends: match word starts. */
          add_term (out, word, p - word, for_query, for_query);
        }
      else
        p = g_utf8_next_char (p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The index's id column is not indexed: deleting one case's row is a
 * scan of the whole index, so a batch's old rows go in one scan, by the
 * ids gathered in a temporary table, not one scan a case (which made a
 * first index of 100,000 cases take the better part of an hour). */
static gboolean
remove_indexed (sqlite3    *db,
                GPtrArray  *cases,
                GError    **error)
{
  sqlite3_stmt *add;
  gboolean ok = TRUE;

  if (!gw_store_exec (db, "CREATE TEMP TABLE IF NOT EXISTS search_batch (id TEXT PRIMARY KEY);"
                          "DELETE FROM temp.search_batch;", error) ||
      !(add = gw_store_prepare (db, "INSERT OR IGNORE INTO temp.search_batch (id) VALUES (?1)", error)))
    return FALSE;
  for (guint i = 0; ok && i < cases->len; i++)
    {
      sqlite3_reset (add);
      sqlite3_bind_text (add, 1, gw_case_get_id (g_ptr_array_index (cases, i)), -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (add) == SQLITE_DONE;
    }
  sqlite3_finalize (add);
  if (!ok)
    return gw_store_set_sqlite_error (db, error, _("Cannot index the cases for search"));
  return gw_store_exec (db, "DELETE FROM case_search WHERE id IN (SELECT id FROM temp.search_batch);"
                            "DELETE FROM temp.search_batch;", error);
}

gboolean
gw_store_index_cases (GwStore    *self,
                      GPtrArray  *cases,
                      GError    **error)
{
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *insert = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (cases == NULL || cases->len == 0)
    return TRUE;
  if (!gw_store_begin (self, error))
    return FALSE;
  if (!remove_indexed (db, cases, error) ||
      !(insert = gw_store_prepare (db, "INSERT INTO case_search (id, body) VALUES (?1, ?2)", error)))
    goto out;

  for (guint i = 0; i < cases->len; i++)
    {
      const GwCaseData *d = gw_case_get_data (g_ptr_array_index (cases, i));
      g_autofree char *text = g_strjoin (" ", d->id, d->description ? d->description : "",
                                         d->reporter ? d->reporter : "", d->note ? d->note : "", NULL);
      g_autofree char *body = gw_search_terms (text, FALSE);

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, d->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, body, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (db, error, _("Cannot index the cases for search"));
          goto out;
        }
    }
  ok = TRUE;

out:
  sqlite3_finalize (insert);
  return ok ? gw_store_commit (self, error) : gw_store_rollback (self);
}

/* The ids of the cases matching every term of @text, best first. */
GPtrArray *
gw_store_search_cases (GwStore    *self,
                       const char *text,
                       guint       limit,
                       GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *query = gw_search_terms (text, TRUE);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  if (*query == '\0')
    return g_steal_pointer (&ids);

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare (gw_store_get_db (self),
                                 "SELECT id FROM case_search WHERE case_search MATCH ?1 ORDER BY rank LIMIT ?2", error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit ? limit : G_MAXINT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot search the cases"));
      gw_store_unlock (self);
      return NULL;
    }
  gw_store_unlock (self);
  return g_steal_pointer (&ids);
}

#define SEARCH_KEY "search-indexed-to"

/* Brings the index up to date with every case written since the last
 * call, in this process or an earlier one. */
gboolean
gw_store_update_search_index (GwStore  *self,
                              GError  **error)
{
  g_autofree char *indexed = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  GwCaseQuery query = { 0 };
  gint64 touched;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  touched = gw_store_get_cases_touched (self);
  indexed = gw_store_get_meta (self, SEARCH_KEY);
  query.touched_after = indexed ? g_ascii_strtoll (indexed, NULL, 10) : 0;
  if (query.touched_after >= touched)
    return TRUE;
  if (!(cases = gw_store_list_cases (self, &query, error)) || !gw_store_index_cases (self, cases, error))
    return FALSE;
  stamp = g_strdup_printf ("%" G_GINT64_FORMAT, touched);
  return gw_store_set_meta (self, SEARCH_KEY, stamp, error);
}

gboolean
gw_store_clear_search_index (GwStore  *self,
                             GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  return gw_store_exec (gw_store_get_db (self),
                        "DELETE FROM case_search; DELETE FROM meta WHERE key = '" SEARCH_KEY "'", error);
}

typedef struct
{
  char *text;
  guint limit;
} Search;

static void
search_free (Search *search)
{
  g_free (search->text);
  g_free (search);
}

static void
search_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Search *search = task_data;
  GError *error = NULL;
  GPtrArray *ids;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(ids = gw_store_search_cases (source_object, search->text, search->limit, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_ptr_array_unref);
}

void
gw_store_search_cases_async (GwStore             *self,
                             const char          *text,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Search *search;

  g_return_if_fail (GW_IS_STORE (self));
  g_return_if_fail (text != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_store_search_cases_async);
  /* A cancelled search answers "cancelled" even when it finished: the
   * caller never sees a stale list. */
  g_task_set_check_cancellable (task, TRUE);
  search = g_new0 (Search, 1);
  search->text = g_strdup (text);
  search->limit = limit;
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);
  g_task_run_in_thread (task, search_in_thread);
}

GPtrArray *
gw_store_search_cases_finish (GwStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
