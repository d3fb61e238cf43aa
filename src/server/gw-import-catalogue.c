/* gw-import-catalogue.c: the county's inspection catalogue (检查事项清单):
 * for each trade, what each department inspects, on what legal basis and
 * how often
 *
 * Stored in the catalogue's own shape, with the trades and departments
 * its items name: a trade the built-in catalogue knows keeps its names
 * (and its share, which only the demo uses), another is named by its
 * code. The server plans with it from then on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-import-kinds.h"
#include "gw-json.h"

static const GwImportColumn catalogue_columns[] = {
  { "category", "行业", "category", GW_CELL_CODE, TRUE, NULL, "restaurant" },
  { "code", "事项编码", "item_code", GW_CELL_CODE, TRUE, NULL, "R-M1" },
  { "name", "事项", "item", GW_CELL_TEXT, TRUE, NULL, "食品原料进货查验与索证索票" },
  { "department", "部门", "department", GW_CELL_CODE, TRUE, NULL, "market" },
  { "basis", "依据", "legal_basis", GW_CELL_TEXT, FALSE, NULL, "《食品安全法》第五十三条" },
  { "per_year", "每年次数", "per_year", GW_CELL_COUNT, TRUE, NULL, "2" },
  { "random", "抽查", "random", GW_CELL_YES_NO, FALSE, NULL, "否" },
  { "name_en", "英文名称", "item_en", GW_CELL_TEXT, FALSE, NULL, "Incoming food checks and supplier records" },
  { NULL }
};

static GPtrArray *
list_items (GwImportRun  *run,
            GError      **error)
{
  return gw_import_list_stored (run, GW_INSPECTION_CATALOGUE, "code");
}

static GwImportItem *
build_item (GwImportRun *run,
            GwImportRow *row)
{
  JsonObject *obj = row->object;
  const char *department = gw_json_object_get_string (obj, "department");
  gint64 per_year = gw_json_object_get_int (obj, "per_year", 0);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) json = NULL;
  gboolean ok = TRUE;

  if (!gw_import_run_has_department (run, department))
    {
      gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "department"),
                              _("no department has the code “%s”; import the departments first"), department);
      ok = FALSE;
    }
  if (per_year < 1)
    {
      gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "per_year"),
                              _("an item is inspected at least once a year"));
      ok = FALSE;
    }
  if (!ok)
    return NULL;

  /* As gw_inspection_data_catalogue_to_json() writes an item. */
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "code", gw_json_object_get_string (obj, "code"));
  gw_json_builder_add_string (b, "category", gw_json_object_get_string (obj, "category"));
  gw_json_builder_add_string (b, "department", department);
  gw_json_builder_add_string (b, "name", gw_json_object_get_string (obj, "name"));
  gw_json_builder_add_string (b, "name_en", gw_json_object_get_string (obj, "name_en"));
  gw_json_builder_add_string (b, "basis", gw_json_object_get_string (obj, "basis"));
  json_builder_set_member_name (b, "per_year");
  json_builder_add_int_value (b, per_year);
  gw_json_builder_add_string (b, "kind", gw_json_object_get_bool (obj, "random", FALSE) ? "random" : "priority");
  json_builder_end_object (b);
  json = json_builder_get_root (b);
  return gw_import_item_new (gw_json_object_get_string (obj, "code"), gw_json_object_get_string (obj, "name"),
                             json, NULL);
}

/* Every stored target's trade must stay in the catalogue. */
static void
check_items (GwImportRun *run,
             GPtrArray   *items)
{
  g_autoptr(GHashTable) trades = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) targets = gw_import_stored_list (run, "targets");
  JsonArray *array = gw_json_object_get_array (json_node_get_object (targets), "items");

  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(JsonNode) json = json_from_string (((GwImportItem *) g_ptr_array_index (items, i))->json, NULL);

      g_hash_table_add (trades, g_strdup (gw_json_object_get_string (json_node_get_object (json), "category")));
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *target = gw_json_node_get_object (json_array_get_element (array, i));
      const char *trade = gw_json_object_get_string (target, "category");

      if (trade && !g_hash_table_contains (trades, trade))
        gw_import_report_error (run->report, 0, NULL,
                                _("the inspection target %s %s is of the trade “%s”, which the catalogue would no longer have"),
                                gw_json_object_get_string (target, "credit_code"),
                                gw_json_object_get_string (target, "name"), trade);
    }
}

/* Plans name the items they visit for. */
static void
item_refers (GwImportRun  *run,
             GwImportItem *item,
             GPtrArray    *names)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\"", item->key);

  gw_import_run_add_plan_references (run, needle, names);
}

/* The trades and departments the items name, in their order; a trade
 * the built-in catalogue knows keeps its names. */
static JsonNode *
catalogue_of (GPtrArray *items)
{
  g_autoptr(GwInspectionData) built_in = gw_inspection_data_new_catalogue (NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  const GwTargetCategory *known;
  guint n_known = 0;

  known = built_in ? gw_inspection_data_get_categories (built_in, &n_known) : NULL;
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (objects, json_from_string (((GwImportItem *) g_ptr_array_index (items, i))->json, NULL));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target_categories");
  json_builder_begin_array (b);
  for (guint i = 0; i < objects->len; i++)
    {
      const char *code = gw_json_object_get_string (json_node_get_object (g_ptr_array_index (objects, i)), "category");
      const GwTargetCategory *match = NULL;
      g_autofree char *key = g_strconcat ("c:", code, NULL);

      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        continue;
      for (guint k = 0; k < n_known && !match; k++)
        if (g_str_equal (known[k].code, code))
          match = &known[k];
      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "code", code);
      gw_json_builder_add_string (b, "name", match ? match->name : code);
      gw_json_builder_add_string (b, "name_en", match ? match->name_en : code);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "departments");
  json_builder_begin_array (b);
  for (guint i = 0; i < objects->len; i++)
    {
      const char *department = gw_json_object_get_string (json_node_get_object (g_ptr_array_index (objects, i)),
                                                          "department");
      g_autofree char *key = g_strconcat ("d:", department, NULL);

      if (g_hash_table_add (seen, g_steal_pointer (&key)))
        json_builder_add_string_value (b, department);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < objects->len; i++)
    json_builder_add_value (b, json_node_ref (g_ptr_array_index (objects, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
write_items (GwImportRun  *run,
             GPtrArray    *items,
             GError      **error)
{
  g_autoptr(JsonNode) catalogue = catalogue_of (items);
  g_autoptr(GwInspectionData) check = NULL;
  g_autofree char *text = NULL;
  g_autofree char *stamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());

  /* What the server will plan with must read. */
  if (!(check = gw_inspection_data_new_from_catalogue (catalogue, error)))
    return FALSE;
  text = json_to_string (catalogue, FALSE);
  return gw_store_put_inspection_data (run->store, GW_INSPECTION_CATALOGUE, text, error) &&
         gw_store_set_meta (run->store, GW_INSPECTION_DATA_STAMP, stamp, error);
}

const GwImportKind gw_import_catalogue = {
  "catalogue", "inspection_item", catalogue_columns,
  list_items, build_item, check_items, item_refers, write_items,
};
