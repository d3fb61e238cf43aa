/* gw-store-lists.c: workers, departments and categories in the store
 *
 * Small lists that the server sends whole; the cache replaces them whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <sqlite3.h>

#include "gw-json.h"
#include "gw-store-private.h"

/* Workers, departments and categories are small lists that the server
 * sends whole; the cache replaces them whole. */

gboolean
gw_store_replace_rows (GwStore       *self,
                       const char    *delete_sql,
                       const char    *insert_sql,
                       GPtrArray     *items,
                       GwStoreBindRow bind,
                       GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!gw_store_exec (gw_store_get_db (self), delete_sql, error) ||
      !(stmt = gw_store_prepare (gw_store_get_db (self), insert_sql, error)))
    goto rollback;

  for (guint i = 0; i < items->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      bind (stmt, g_ptr_array_index (items, i));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot store the reference data"));
          goto rollback;
        }
    }

  sqlite3_finalize (stmt);
  return gw_store_commit (self, error);

rollback:
  sqlite3_finalize (stmt);
  return gw_store_rollback (self);
}

GPtrArray *
gw_store_list_rows (GwStore       *self,
                    const char    *sql,
                    GwStoreReadRow read,
                    GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  gw_store_lock (self);
  if (!(stmt = gw_store_prepare (gw_store_get_db (self), sql, error)))
    {
      gw_store_unlock (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot read the reference data"));
      gw_store_unlock (self);
      return NULL;
    }
  gw_store_unlock (self);

  return g_steal_pointer (&items);
}


static gboolean
bind_worker (sqlite3_stmt *stmt,
             gpointer      item)
{
  GwWorker *w = item;
  g_autofree char *duties = g_strjoinv ("\n", (char **) gw_worker_get_duties (w));

  sqlite3_bind_text (stmt, 1, gw_worker_get_id (w), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, gw_worker_get_name (w), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, gw_worker_get_phone (w), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, gw_worker_get_full_time (w));
  sqlite3_bind_text (stmt, 5, duties, -1, SQLITE_TRANSIENT);
  return TRUE;
}

static gpointer
read_worker (sqlite3_stmt *stmt)
{
  g_auto(GStrv) duties = g_strsplit (COL_TEXT (stmt, 4) ? COL_TEXT (stmt, 4) : "", "\n", -1);

  return gw_worker_new (COL_TEXT (stmt, 0), COL_TEXT (stmt, 1), COL_TEXT (stmt, 2),
                        sqlite3_column_int (stmt, 3),
                        (const char * const *) (duties[0] && *duties[0] ? duties : NULL));
}

gboolean
gw_store_replace_workers (GwStore    *self,
                          GPtrArray  *workers,
                          GError    **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  return gw_store_replace_rows (self, "DELETE FROM workers",
                       "INSERT INTO workers (id, name, phone, full_time, duties) VALUES (?1, ?2, ?3, ?4, ?5)",
                       workers, bind_worker, error);
}

GPtrArray *
gw_store_list_workers (GwStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  return gw_store_list_rows (self, "SELECT id, name, phone, full_time, duties FROM workers ORDER BY id",
                    read_worker, error);
}

static gboolean
bind_department (sqlite3_stmt *stmt,
                 gpointer      item)
{
  GwDepartment *d = item;

  sqlite3_bind_text (stmt, 1, gw_department_get_id (d), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, gw_department_get_name (d), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, gw_department_get_name_en (d), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, gw_department_get_phone (d), -1, SQLITE_TRANSIENT);
  return TRUE;
}

static gpointer
read_department (sqlite3_stmt *stmt)
{
  return gw_department_new (COL_TEXT (stmt, 0), COL_TEXT (stmt, 1), COL_TEXT (stmt, 2), COL_TEXT (stmt, 3));
}

gboolean
gw_store_replace_departments (GwStore    *self,
                              GPtrArray  *departments,
                              GError    **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  return gw_store_replace_rows (self, "DELETE FROM departments",
                       "INSERT INTO departments (id, name, name_en, phone) VALUES (?1, ?2, ?3, ?4)",
                       departments, bind_department, error);
}

GPtrArray *
gw_store_list_departments (GwStore  *self,
                           GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  return gw_store_list_rows (self, "SELECT id, name, name_en, phone FROM departments ORDER BY id",
                    read_department, error);
}

static gboolean
bind_category (sqlite3_stmt *stmt,
               gpointer      item)
{
  const GwCategoryInfo *c = gw_category_get_info (item);
  g_autofree char *cooperating = g_strjoinv ("\n", (char **) c->cooperating);
  g_autofree char *town_handles = g_strjoinv ("\n", (char **) c->town_handles);

  sqlite3_bind_text (stmt, 1, c->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, gw_category_kind_to_string (c->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, c->major_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, c->major_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, c->major_name_en, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, c->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, c->name_en, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, c->limit_value);
  sqlite3_bind_text (stmt, 9, gw_time_unit_to_string (c->limit_unit), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, c->department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, cooperating, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, town_handles, -1, SQLITE_TRANSIENT);
  return TRUE;
}

/* A list kept one item a line; NULL when empty. */
static char **
read_lines (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = COL_TEXT (stmt, column);

  return text && *text ? g_strsplit (text, "\n", -1) : NULL;
}

static gpointer
read_category (sqlite3_stmt *stmt)
{
  g_auto(GStrv) cooperating = read_lines (stmt, 10);
  g_auto(GStrv) town_handles = read_lines (stmt, 11);
  GwCategoryInfo info = {
    .code = COL_TEXT (stmt, 0),
    .major_code = COL_TEXT (stmt, 2),
    .major_name = COL_TEXT (stmt, 3),
    .major_name_en = COL_TEXT (stmt, 4),
    .name = COL_TEXT (stmt, 5),
    .name_en = COL_TEXT (stmt, 6),
    .limit_value = sqlite3_column_int (stmt, 7),
    .department = COL_TEXT (stmt, 9),
    .cooperating = (const char * const *) cooperating,
    .town_handles = (const char * const *) town_handles,
  };

  if (!gw_category_kind_from_string (COL_TEXT (stmt, 1), &info.kind))
    info.kind = GW_CATEGORY_KIND_EVENT;
  if (!gw_time_unit_from_string (COL_TEXT (stmt, 8), &info.limit_unit))
    info.limit_unit = GW_TIME_UNIT_WORKING_DAYS;

  return gw_category_new (&info);
}

gboolean
gw_store_replace_categories (GwStore    *self,
                             GPtrArray  *categories,
                             GError    **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  return gw_store_replace_rows (self, "DELETE FROM categories",
                       "INSERT INTO categories (code, kind, major_code, major_name, major_name_en, "
                       "name, name_en, limit_value, limit_unit, department, cooperating, town_handles) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                       categories, bind_category, error);
}

#define CATEGORY_COLUMNS \
  "code, kind, major_code, major_name, major_name_en, name, name_en, limit_value, limit_unit, department, " \
  "cooperating, town_handles"

GPtrArray *
gw_store_list_categories (GwStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  return gw_store_list_rows (self, "SELECT " CATEGORY_COLUMNS " FROM categories ORDER BY code", read_category, error);
}

GwCategory *
gw_store_lookup_category (GwStore    *self,
                          const char *code)
{
  sqlite3_stmt *stmt;
  GwCategory *category = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (code != NULL &&
      (stmt = gw_store_prepare_cached (gw_store_get_db (self), "SELECT " CATEGORY_COLUMNS " FROM categories WHERE code = ?1", NULL)))
    {
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        category = read_category (stmt);
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);

  return category;
}
