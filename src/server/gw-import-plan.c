/* gw-import-plan.c: what importing a county's list would change, checked
 * whole, and writing it in one transaction
 *
 * Items are updated by their code: what the rows have and the store does
 * not is added, what differs is changed, and what the store has and the
 * rows do not is absent, and removed only with replace, unless something
 * still refers to it. What is written goes to the change feed, so the
 * apps connected to a running server pull it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-import-plan.h"
#include "gw-store-private.h"

/* The file's items, each built from a valid row; a code twice is refused. */
static GPtrArray *
build_items (GwImportRun        *run,
             const GwImportKind *kind)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_import_item_free);
  g_autoptr(GHashTable) rows_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *rows = gw_import_sheet_get_rows (run->sheet);

  for (guint i = 0; i < rows->len; i++)
    {
      GwImportRow *row = g_ptr_array_index (rows, i);
      GwImportItem *item;
      gpointer first;

      if (!row->valid || !(item = kind->build (run, row)))
        continue;
      item->row = row->number;
      if ((first = g_hash_table_lookup (rows_by_key, item->key)))
        {
          gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, kind->columns[0].member),
                                  _("“%s” is already in row %u"), item->key, GPOINTER_TO_UINT (first));
          gw_import_item_free (item);
          continue;
        }
      g_hash_table_insert (rows_by_key, item->key, GUINT_TO_POINTER (row->number));
      g_ptr_array_add (items, item);
    }
  return items;
}

/* The store's set after the import: the rows' items, and those they
 * leave out unless they are to go. */
static void
compare (GwImportPlan *plan)
{
  g_autoptr(GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < plan->file_items->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (plan->file_items, i);

      g_hash_table_insert (in_file, item->key, item);
      g_ptr_array_add (plan->items, item);
    }
  for (guint i = 0; i < plan->existing->len; i++)
    {
      GwImportItem *old = g_ptr_array_index (plan->existing, i);
      GwImportItem *new = g_hash_table_lookup (in_file, old->key);

      if (new == NULL)
        {
          g_ptr_array_add (plan->absent, old);
          if (!plan->replace)
            g_ptr_array_add (plan->items, old);
        }
      else if (!g_str_equal (new->json, old->json))
        g_ptr_array_add (plan->changed, new);
      else
        plan->unchanged++;
      if (new)
        g_hash_table_replace (in_file, new->key, NULL);
    }
  for (guint i = 0; i < plan->file_items->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (plan->file_items, i);

      if (g_hash_table_lookup (in_file, item->key))
        g_ptr_array_add (plan->added, item);
    }
}

/* What is removed must not leave an open case or another list pointing
 * at nothing. */
static void
check_removals (GwImportPlan *plan)
{
  for (guint i = 0; plan->replace && i < plan->absent->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (plan->absent, i);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *referring = NULL;

      plan->kind->refers (&plan->run, item, names);
      if (names->len == 0)
        continue;
      g_ptr_array_add (names, NULL);
      referring = g_strjoinv (_(", "), (char **) names->pdata);
      gw_import_report_error (&plan->report, 0, NULL,
                              _("%s %s is not in the file but cannot be removed: %s still refer to it"),
                              item->key, item->name, referring);
    }
}

GwImportPlan *
gw_import_plan_new (GwStore             *store,
                    const GwImportKind  *kind,
                    GPtrArray           *cells,
                    gboolean             replace,
                    GError             **error)
{
  g_autoptr(GwImportPlan) plan = g_new0 (GwImportPlan, 1);

  plan->kind = kind;
  plan->replace = replace;
  plan->run.store = store;
  gw_import_report_init (&plan->report);
  plan->run.report = &plan->report;
  plan->items = g_ptr_array_new ();
  plan->added = g_ptr_array_new ();
  plan->changed = g_ptr_array_new ();
  plan->absent = g_ptr_array_new ();

  plan->run.sheet = plan->sheet = gw_import_sheet_new (cells, kind->columns, &plan->report);
  plan->file_items = build_items (&plan->run, kind);
  if (!(plan->existing = kind->list (&plan->run, error)))
    return NULL;
  compare (plan);
  if (kind->check)
    kind->check (&plan->run, plan->items);
  check_removals (plan);
  return g_steal_pointer (&plan);
}

void
gw_import_plan_free (GwImportPlan *plan)
{
  gw_import_run_clear (&plan->run);
  gw_import_report_clear (&plan->report);
  g_clear_pointer (&plan->items, g_ptr_array_unref);
  g_clear_pointer (&plan->added, g_ptr_array_unref);
  g_clear_pointer (&plan->changed, g_ptr_array_unref);
  g_clear_pointer (&plan->absent, g_ptr_array_unref);
  g_clear_pointer (&plan->file_items, g_ptr_array_unref);
  g_clear_pointer (&plan->existing, g_ptr_array_unref);
  g_clear_pointer (&plan->sheet, gw_import_sheet_free);
  g_free (plan);
}

static gboolean
append_removal (GwStore       *store,
                const char    *kind,
                GwImportItem  *item,
                GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, item->key);
  json_builder_set_member_name (b, "removed");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  json = json_to_string (node, FALSE);
  return gw_store_append_change (store, kind, item->key, 0, json, error);
}

static gboolean
write_plan (GwStore   *store,
            gpointer   user_data,
            GError   **error)
{
  GwImportPlan *plan = user_data;
  GPtrArray *lists[] = { plan->added, plan->changed };

  if (!plan->kind->write (&plan->run, plan->items, error))
    return FALSE;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        GwImportItem *item = g_ptr_array_index (lists[l], i);

        if (!gw_store_append_change (store, plan->kind->feed_kind, item->key, 0, item->json, error))
          return FALSE;
      }
  for (guint i = 0; plan->replace && i < plan->absent->len; i++)
    if (!append_removal (store, plan->kind->feed_kind, g_ptr_array_index (plan->absent, i), error))
      return FALSE;
  return TRUE;
}

gboolean
gw_import_plan_write (GwImportPlan  *plan,
                      GError       **error)
{
  g_return_val_if_fail (plan->report.errors->len == 0, FALSE);

  return gw_store_transaction (plan->run.store, write_plan, plan, error);
}
