/* gw-import-kinds.c: departments and the territorial list (categories),
 * and the table of every kind a county imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-import-kinds.h"
#include "gw-json.h"

GwImportItem *
gw_import_item_new (const char *key,
                    const char *name,
                    JsonNode   *json,
                    gpointer    object)
{
  GwImportItem *item = g_new0 (GwImportItem, 1);

  item->key = g_strdup (key);
  item->name = g_strdup (name);
  item->json = json_to_string (json, FALSE);
  item->object = object;
  return item;
}

void
gw_import_item_free (GwImportItem *item)
{
  g_free (item->key);
  g_free (item->name);
  g_free (item->json);
  g_clear_object (&item->object);
  g_free (item);
}

static GHashTable *
keys_of (GPtrArray  *objects,
         const char *(*key) (gpointer))
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; objects && i < objects->len; i++)
    g_hash_table_add (keys, g_strdup (key (g_ptr_array_index (objects, i))));
  return keys;
}

gboolean
gw_import_run_has_department (GwImportRun *run,
                              const char  *id)
{
  if (run->departments == NULL)
    {
      g_autoptr(GPtrArray) departments = gw_store_list_departments (run->store, NULL);

      run->departments = keys_of (departments, (gpointer) gw_department_get_id);
    }
  return id && g_hash_table_contains (run->departments, id);
}

GwGrid *
gw_import_run_lookup_grid (GwImportRun *run,
                           const char  *code)
{
  if (run->grids == NULL)
    {
      g_autoptr(GPtrArray) grids = gw_store_list_grids (run->store, NULL);

      run->grids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
      for (guint i = 0; grids && i < grids->len; i++)
        g_hash_table_insert (run->grids, (gpointer) gw_grid_get_code (g_ptr_array_index (grids, i)),
                             g_object_ref (g_ptr_array_index (grids, i)));
    }
  return code ? g_hash_table_lookup (run->grids, code) : NULL;
}

void
gw_import_run_clear (GwImportRun *run)
{
  g_clear_pointer (&run->departments, g_hash_table_unref);
  g_clear_pointer (&run->grids, g_hash_table_unref);
  g_clear_pointer (&run->targets, g_hash_table_unref);
  g_clear_object (&run->catalogue);
}

void
gw_import_run_add_plan_references (GwImportRun *run,
                                   const char  *needle,
                                   GPtrArray   *names)
{
  g_autoptr(GArray) plans = gw_store_list_inspection_plans (run->store);

  for (guint i = 0; i < plans->len; i++)
    {
      gint64 id = g_array_index (plans, gint64, i);
      g_autofree char *body = gw_store_get_inspection_plan (run->store, id, NULL, NULL, NULL);

      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      if (body && strstr (body, needle))
        g_ptr_array_add (names, g_strdup_printf (_("inspection plan %s"), number));
    }
}

/* The store's objects as items, each described by its own JSON. */
static GPtrArray *
items_of (GPtrArray  *objects,
          const char *(*key) (gpointer),
          const char *(*name) (gpointer),
          JsonNode   *(*to_json) (gpointer))
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_import_item_free);

  for (guint i = 0; objects && i < objects->len; i++)
    {
      gpointer object = g_ptr_array_index (objects, i);
      g_autoptr(JsonNode) json = to_json (object);

      g_ptr_array_add (items, gw_import_item_new (key (object), name (object), json, g_object_ref (object)));
    }
  return items;
}

static GPtrArray *
objects_of (GPtrArray *items)
{
  GPtrArray *objects = g_ptr_array_new ();

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (objects, ((GwImportItem *) g_ptr_array_index (items, i))->object);
  return objects;
}

void
gw_import_run_add_case_references (GwImportRun     *run,
                                   GwReferenceKind  kind,
                                   const char      *key,
                                   GPtrArray       *names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = gw_store_list_open_cases_referring (run->store, kind, key, &error);

  if (cases == NULL)
    {
      g_ptr_array_add (names, g_strdup (error->message));
      return;
    }
  for (guint i = 0; i < cases->len; i++)
    g_ptr_array_add (names, g_strdup_printf (_("open case %s"), (char *) g_ptr_array_index (cases, i)));
}

/* A list the store keeps whole (or an empty one), as {"items": [...]}. */
JsonNode *
gw_import_stored_list (GwImportRun *run,
                       const char  *name)
{
  g_autofree char *text = gw_store_get_inspection_data (run->store, name);
  JsonNode *node = text ? json_from_string (text, NULL) : NULL;

  if (!gw_json_object_get_array (gw_json_node_get_object (node), "items"))
    {
      g_clear_pointer (&node, json_node_unref);
      node = json_from_string ("{\"items\":[]}", NULL);
    }
  return node;
}

GPtrArray *
gw_import_list_stored (GwImportRun *run,
                       const char  *name,
                       const char  *key_member)
{
  g_autoptr(JsonNode) list = gw_import_stored_list (run, name);
  JsonArray *array = gw_json_object_get_array (json_node_get_object (list), "items");
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_import_item_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *obj = gw_json_node_get_object (node);
      const char *key = gw_json_object_get_string (obj, key_member);

      if (key)
        g_ptr_array_add (items, gw_import_item_new (key, gw_json_object_get_string (obj, "name"), node, NULL));
    }
  return items;
}

gboolean
gw_import_write_stored (GwImportRun  *run,
                        const char   *name,
                        const char   *stamp_key,
                        GPtrArray    *items,
                        GError      **error)
{
  g_autoptr(GString) text = g_string_new ("{\"items\":[");
  g_autofree char *stamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());

  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (text, "%s%s", i ? "," : "", ((GwImportItem *) g_ptr_array_index (items, i))->json);
  g_string_append (text, "]}");
  /* The stamp tells a running server to read the list again. */
  return gw_store_put_inspection_data (run->store, name, text->str, error) &&
         gw_store_set_meta (run->store, stamp_key, stamp, error);
}

/* ---- departments ---- */

static const GwImportColumn department_columns[] = {
  { "id", "编码", "code", GW_CELL_CODE, TRUE, NULL, "cgj" },
  { "name", "名称", "name", GW_CELL_TEXT, TRUE, NULL, "城市管理局" },
  { "name_en", "英文名称", "name_en", GW_CELL_TEXT, FALSE, NULL, "Urban Management Bureau" },
  { "phone", "联系电话", "phone", GW_CELL_PHONE, FALSE, NULL, "0537-5221234" },
  { NULL }
};

static GPtrArray *
list_departments (GwImportRun  *run,
                  GError      **error)
{
  g_autoptr(GPtrArray) departments = gw_store_list_departments (run->store, error);

  return departments ? items_of (departments, (gpointer) gw_department_get_id, (gpointer) gw_department_get_name,
                                 (gpointer) gw_department_to_json)
                     : NULL;
}

static GwImportItem *
build_department (GwImportRun *run,
                  GwImportRow *row)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), row->object);
  g_autoptr(GwDepartment) department = gw_department_new_from_json (node, NULL);
  g_autoptr(JsonNode) json = NULL;

  if (department == NULL)
    return NULL;
  json = gw_department_to_json (department);
  return gw_import_item_new (gw_department_get_id (department), gw_department_get_name (department), json,
                             g_object_ref (department));
}

static void
department_refers (GwImportRun  *run,
                   GwImportItem *item,
                   GPtrArray    *names)
{
  g_autoptr(GPtrArray) categories = gw_store_list_categories (run->store, NULL);

  for (guint i = 0; categories && i < categories->len; i++)
    {
      const GwCategoryInfo *info = gw_category_get_info (g_ptr_array_index (categories, i));

      if (g_strcmp0 (info->department, item->key) == 0 ||
          g_strv_contains (info->cooperating, item->key))
        g_ptr_array_add (names, g_strdup_printf (_("category %s %s"), info->code, info->name));
    }
  gw_import_run_add_case_references (run, GW_REFERENCE_DEPARTMENT, item->key, names);
}

static gboolean
write_departments (GwImportRun  *run,
                   GPtrArray    *items,
                   GError      **error)
{
  g_autoptr(GPtrArray) departments = objects_of (items);

  return gw_store_replace_departments (run->store, departments, error);
}

const GwImportKind gw_import_departments = {
  "departments", "department", department_columns,
  list_departments, build_department, NULL, department_refers, write_departments,
};

/* ---- categories: the territorial list (属地管理事项清单) ---- */

static const GwCellChoice category_kinds[] = {
  { "component", "部件", "component" },
  { "event", "事件", "event" },
  { NULL }
};

static const GwImportColumn category_columns[] = {
  { "code", "编码", "code", GW_CELL_CODE, TRUE, NULL, "0101" },
  { "name", "名称", "name", GW_CELL_TEXT, TRUE, NULL, "占道经营" },
  { "major_code", "大类编码", "major_code", GW_CELL_CODE, TRUE, NULL, "01" },
  { "major_name", "大类名称", "major_name", GW_CELL_TEXT, TRUE, NULL, "市容环境" },
  { "kind", "类型", "kind", GW_CELL_CHOICE, FALSE, category_kinds, "事件" },
  { "time_limit", "处置时限", "time_limit", GW_CELL_TIME_LIMIT, TRUE, NULL, "4工作时" },
  { "department", "牵头部门", "lead_department", GW_CELL_CODE, TRUE, NULL, "cgj" },
  { "cooperating", "配合部门", "cooperating_departments", GW_CELL_CODES, FALSE, NULL, "hbj" },
  { "town_handles", "乡镇自办", "town_handles", GW_CELL_CODES, FALSE, NULL, "" },
  { "name_en", "英文名称", "name_en", GW_CELL_TEXT, FALSE, NULL, "Street vending" },
  { "major_name_en", "大类英文名称", "major_name_en", GW_CELL_TEXT, FALSE, NULL, "City appearance" },
  { NULL }
};

static GPtrArray *
list_categories (GwImportRun  *run,
                 GError      **error)
{
  g_autoptr(GPtrArray) categories = gw_store_list_categories (run->store, error);

  return categories ? items_of (categories, (gpointer) gw_category_get_code, (gpointer) gw_category_get_name,
                                (gpointer) gw_category_to_json)
                    : NULL;
}

/* Every department the row's @member names (one or several) exists. */
static gboolean
check_departments (GwImportRun *run,
                   GwImportRow *row,
                   const char  *member)
{
  JsonNode *node = json_object_get_member (row->object, member);
  g_auto(GStrv) ids = NULL;
  gboolean ok = TRUE;

  if (node && JSON_NODE_HOLDS_VALUE (node))
    ids = g_strdupv ((char *[]) { (char *) json_node_get_string (node), NULL });
  else
    ids = gw_json_object_dup_strv (row->object, member);
  for (guint i = 0; ids && ids[i]; i++)
    if (!gw_import_run_has_department (run, ids[i]))
      {
        gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, member),
                                _("no department has the code “%s”; import the departments first"), ids[i]);
        ok = FALSE;
      }
  return ok;
}

/* The towns that handle a category themselves are towns of the county. */
static gboolean
check_towns (GwImportRun *run,
             GwImportRow *row)
{
  g_auto(GStrv) codes = gw_json_object_dup_strv (row->object, "town_handles");
  gboolean ok = TRUE;

  for (guint i = 0; codes && codes[i]; i++)
    {
      GwGrid *town = gw_import_run_lookup_grid (run, codes[i]);

      if (town == NULL || gw_grid_get_level (town) != GW_GRID_LEVEL_TOWN)
        {
          gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "town_handles"),
                                  _("no town has the code “%s”; import the grids first"), codes[i]);
          ok = FALSE;
        }
    }
  return ok;
}

static GwImportItem *
build_category (GwImportRun *run,
                GwImportRow *row)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), row->object);
  g_autoptr(GwCategory) category = NULL;
  g_autoptr(JsonNode) json = NULL;
  gboolean ok;

  if (!json_object_has_member (row->object, "kind"))
    json_object_set_string_member (row->object, "kind", "event");
  if (!(category = gw_category_new_from_json (node, NULL)))
    return NULL;
  /* Each check reports its own errors: all of them run. */
  ok = check_departments (run, row, "department");
  ok = check_departments (run, row, "cooperating") && ok;
  ok = check_towns (run, row) && ok;
  if (!ok)
    return NULL;
  json = gw_category_to_json (category);
  return gw_import_item_new (gw_category_get_code (category), gw_category_get_name (category), json,
                             g_object_ref (category));
}

static void
category_refers (GwImportRun  *run,
                 GwImportItem *item,
                 GPtrArray    *names)
{
  gw_import_run_add_case_references (run, GW_REFERENCE_CATEGORY, item->key, names);
}

static gboolean
write_categories (GwImportRun  *run,
                  GPtrArray    *items,
                  GError      **error)
{
  g_autoptr(GPtrArray) categories = objects_of (items);

  return gw_store_replace_categories (run->store, categories, error);
}

const GwImportKind gw_import_categories = {
  "categories", "category", category_columns,
  list_categories, build_category, NULL, category_refers, write_categories,
};

/* ---- the table ---- */

static const GwImportKind * const kinds[] = {
  &gw_import_departments,
  &gw_import_categories,
  &gw_import_workers,
  &gw_import_whistle_items,
  &gw_import_catalogue,
  &gw_import_targets,
  &gw_import_inspectors,
  &gw_import_calendar,
};

const GwImportKind *
gw_import_kind_nth (guint index)
{
  return index < G_N_ELEMENTS (kinds) ? kinds[index] : NULL;
}

const GwImportKind *
gw_import_kind_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i]->name, name) == 0)
      return kinds[i];
  return NULL;
}

char *
gw_import_kind_names (void)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_strv_builder_add (names, "grids");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_strv_builder_add (names, kinds[i]->name);
  strv = g_strv_builder_end (names);
  return g_strjoinv (", ", strv);
}
