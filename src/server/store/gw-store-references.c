/* gw-store-references.c: what still refers to a worker, a department or a
 * category, before an import removes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-private.h"
#include "gw-store-references.h"

#define DESCRIPTION_CHARS 30

/* An escalation is kept in its case's lifecycle JSON, which json-glib
 * writes without spaces: "called":"ID" is found as it is. */
static const char * const conditions[] = {
  [GW_REFERENCE_CATEGORY] = "category = ?1",
  [GW_REFERENCE_WORKER] = "assignee = 'worker:' || ?1",
  [GW_REFERENCE_DEPARTMENT] = "assignee = 'department:' || ?1 OR "
                              "instr (lifecycle, '\"called\":\"' || ?1 || '\"') > 0",
  [GW_REFERENCE_WHISTLE_ITEM] = "instr (lifecycle, '\"item\":\"' || ?1 || '\"') > 0",
};

GPtrArray *
gw_store_list_open_cases_referring (GwStore         *self,
                                    GwReferenceKind  kind,
                                    const char      *key,
                                    GError         **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = NULL;
  sqlite3 *db = gw_store_get_db (self);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (kind < G_N_ELEMENTS (conditions), NULL);

  sql = g_strdup_printf ("SELECT id, description FROM cases WHERE status NOT IN ('closed', 'rejected') "
                         "AND (%s) ORDER BY id", conditions[kind]);
  gw_store_lock (self);
  if (!(stmt = gw_store_prepare (db, sql, error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *description = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *valid = g_utf8_make_valid (description ? description : "", -1);
      g_autofree char *shortened = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), DESCRIPTION_CHARS));

      g_ptr_array_add (cases, *shortened ? g_strdup_printf ("%s (%s)", sqlite3_column_text (stmt, 0), shortened)
                                         : g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sqlite_error (db, error, _("Cannot read the cases"));
      gw_store_unlock (self);
      return NULL;
    }
  gw_store_unlock (self);
  return g_steal_pointer (&cases);
}
