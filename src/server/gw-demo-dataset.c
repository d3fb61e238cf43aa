/* gw-demo-dataset.c: the generated Zoucheng demo county
 *
 * The data itself is written at build time by demo/generate-demo-dataset.py
 * and compiled into the binary, so --demo works from any directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-demo-dataset"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gridwatch-townd-resources.h"
#include "gw-demo-dataset.h"
#include "gw-json.h"

#define DATASET_RESOURCE "/org/gridwatch/townd/demo-dataset.json"

static GPtrArray *
read_list (JsonObject      *root,
           const char      *member,
           GwJsonFromNode   from_json,
           GError         **error)
{
  JsonArray *array = gw_json_object_get_array (root, member);

  if (array == NULL)
    return gw_json_fail (error, _("The demo dataset has no %s"), member);

  return gw_json_array_to_objects (array, from_json, error);
}

gboolean
gw_demo_dataset_load (GwStore  *store,
                      guint    *n_grids,
                      GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) grids = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  JsonObject *obj;

  if (!(bytes = g_resource_lookup_data (gw_townd_get_resource (), DATASET_RESOURCE, 0, error)) ||
      !(root = gw_json_parse_bytes (bytes, error)) ||
      !(obj = gw_json_node_get_object (root) ?: gw_json_fail (error, _("The demo dataset is not an object"))) ||
      !(grids = read_list (obj, "grids", (GwJsonFromNode) gw_grid_new_from_json, error)) ||
      !(workers = read_list (obj, "workers", (GwJsonFromNode) gw_worker_new_from_json, error)) ||
      !(departments = read_list (obj, "departments", (GwJsonFromNode) gw_department_new_from_json, error)) ||
      !(categories = read_list (obj, "categories", (GwJsonFromNode) gw_category_new_from_json, error)))
    return FALSE;

  if (!gw_store_replace_departments (store, departments, error) ||
      !gw_store_replace_categories (store, categories, error) ||
      !gw_store_replace_workers (store, workers, error) ||
      !gw_store_replace_grids (store, grids, error))
    return FALSE;

  if (n_grids)
    *n_grids = grids->len;

  return TRUE;
}
