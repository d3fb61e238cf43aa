/* gw-import-inspection.c: the enterprises to inspect (targets) and the
 * departments' inspectors
 *
 * Both are kept as the inspection data the server plans with, one JSON
 * list each; a target keeps the id plans know it by, and a new one is
 * known by its credit code. A target's point must fall in a unit grid,
 * which is recorded; an inspector's conflicts name targets by credit code.
 * The server notices the new lists by the stamp beside them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-geo.h"
#include "gw-import-kinds.h"
#include "gw-inspection-data.h"
#include "gw-json.h"

#define CREDIT_CODE_CHARS 18

static const GwCellChoice crs_choices[] = {
  { "wgs84", "WGS84", "wgs84" },
  { "gcj02", "GCJ02", "gcj02" },
  { NULL }
};

static const GwCellChoice risks[] = {
  { "high", "高", "high" },
  { "normal", "中", "normal" },
  { "low", "低", "low" },
  { NULL }
};

static const GwImportColumn target_columns[] = {
  { "credit_code", "统一社会信用代码", "credit_code", GW_CELL_CODE, TRUE, NULL, "91370883MA3C000001" },
  { "name", "名称", "name", GW_CELL_TEXT, TRUE, NULL, "鑫源家常菜馆" },
  { "category", "行业", "category", GW_CELL_CODE, TRUE, NULL, "restaurant" },
  { "address", "地址", "address", GW_CELL_TEXT, FALSE, NULL, "邹城市岗山路18号" },
  { "lon", "经度", "lon", GW_CELL_LONGITUDE, TRUE, NULL, "116.9700" },
  { "lat", "纬度", "lat", GW_CELL_LATITUDE, TRUE, NULL, "35.4050" },
  { "crs", "坐标系", "crs", GW_CELL_CHOICE, FALSE, crs_choices, "wgs84" },
  { "risk", "风险等级", "risk", GW_CELL_CHOICE, FALSE, risks, "中" },
  { "last_inspected", "上次检查", "last_inspected", GW_CELL_DATE, FALSE, NULL, "2026-03-15" },
  { NULL }
};

static const GwImportColumn inspector_columns[] = {
  { "id", "工号", "id", GW_CELL_CODE, TRUE, NULL, "market-01" },
  { "name", "姓名", "name", GW_CELL_TEXT, TRUE, NULL, "王敏" },
  { "department", "部门", "department", GW_CELL_CODE, TRUE, NULL, "market" },
  { "qualifications", "资质", "qualifications", GW_CELL_CODES, FALSE, NULL, "restaurant;farm_market" },
  { "conflicts", "回避", "conflicts", GW_CELL_CODES, FALSE, NULL, "" },
  { NULL }
};

static gboolean
is_target_category (GwImportRun *run,
                    const char  *code)
{
  const GwTargetCategory *categories;
  guint n = 0;

  if (run->catalogue == NULL)
    run->catalogue = gw_store_load_catalogue (run->store, NULL);
  categories = run->catalogue ? gw_inspection_data_get_categories (run->catalogue, &n) : NULL;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (categories[i].code, code) == 0)
      return TRUE;
  return FALSE;
}

/* ---- targets ---- */

/* The stored target with that credit code, as JSON (NULL: none). */
static JsonObject *
stored_target (GwImportRun *run,
               const char  *credit_code)
{
  if (run->targets == NULL)
    {
      g_autoptr(JsonNode) list = gw_import_stored_list (run, "targets");
      JsonArray *array = gw_json_object_get_array (json_node_get_object (list), "items");

      run->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *obj = gw_json_node_get_object (json_array_get_element (array, i));
          const char *code = gw_json_object_get_string (obj, "credit_code");

          if (code && gw_json_object_get_string (obj, "id"))
            g_hash_table_insert (run->targets, g_strdup (code), json_object_ref (obj));
        }
    }
  return credit_code ? g_hash_table_lookup (run->targets, credit_code) : NULL;
}

static void
set_text (JsonObject *obj,
          const char *member,
          const char *value)
{
  if (value)
    json_object_set_string_member (obj, member, value);
  else
    json_object_set_null_member (obj, member);
}

static GPtrArray *
list_targets (GwImportRun  *run,
              GError      **error)
{
  return gw_import_list_stored (run, "targets", "credit_code");
}

static gboolean
is_credit_code (const char *code)
{
  if (g_utf8_strlen (code, -1) != CREDIT_CODE_CHARS)
    return FALSE;
  for (const char *p = code; *p; p++)
    if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static GwImportItem *
build_target (GwImportRun *run,
              GwImportRow *row)
{
  JsonObject *obj = row->object;
  const char *code = gw_json_object_get_string (obj, "credit_code");
  const char *category = gw_json_object_get_string (obj, "category");
  double lon = json_object_get_double_member (obj, "lon"), lat = json_object_get_double_member (obj, "lat");
  g_autoptr(GwGrid) grid = NULL;
  JsonObject *old, *target;
  g_autoptr(JsonNode) json = NULL;
  gboolean ok = TRUE;

  if (!is_credit_code (code))
    {
      gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "credit_code"),
                              _("“%s” is not an 18-character unified social credit code"), code);
      ok = FALSE;
    }
  if (!is_target_category (run, category))
    {
      gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "category"),
                              _("“%s” is not a trade of the inspection catalogue; import the catalogue first"), category);
      ok = FALSE;
    }
  if (g_strcmp0 (gw_json_object_get_string (obj, "crs"), "gcj02") == 0)
    gw_gcj02_to_wgs84 (lon, lat, &lon, &lat);
  grid = gw_store_grid_at (run->store, lat, lon);
  if (grid == NULL || gw_grid_get_level (grid) != GW_GRID_LEVEL_GRID)
    {
      gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "lon"),
                              _("the point %.6f, %.6f is in no unit grid"), lon, lat);
      ok = FALSE;
    }
  if (!ok)
    return NULL;

  /* A target already known keeps the id plans know it by, and its
   * complaints, which the file does not have. */
  old = stored_target (run, code);
  json = json_node_new (JSON_NODE_OBJECT);
  target = json_object_new ();
  json_node_take_object (json, target);
  set_text (target, "id", old ? gw_json_object_get_string (old, "id") : code);
  set_text (target, "name", gw_json_object_get_string (obj, "name"));
  set_text (target, "credit_code", code);
  set_text (target, "category", category);
  set_text (target, "address", gw_json_object_get_string (obj, "address"));
  json_object_set_double_member (target, "lat", lat);
  json_object_set_double_member (target, "lon", lon);
  set_text (target, "grid", gw_grid_get_code (grid));
  set_text (target, "risk", gw_json_object_get_string (obj, "risk") ?: "normal");
  json_object_set_int_member (target, "complaints", old ? gw_json_object_get_int (old, "complaints", 0) : 0);
  set_text (target, "last_inspected", gw_json_object_get_string (obj, "last_inspected"));
  return gw_import_item_new (code, gw_json_object_get_string (obj, "name"), json, NULL);
}

static void
target_refers (GwImportRun  *run,
               GwImportItem *item,
               GPtrArray    *names)
{
  g_autoptr(JsonNode) json = json_from_string (item->json, NULL);
  g_autofree char *needle = g_strdup_printf ("\"target\":\"%s\"",
                                             gw_json_object_get_string (json_node_get_object (json), "id"));

  gw_import_run_add_plan_references (run, needle, names);
}

static gboolean
write_targets (GwImportRun  *run,
               GPtrArray    *items,
               GError      **error)
{
  return gw_import_write_stored (run, "targets", GW_INSPECTION_DATA_STAMP, items, error);
}

const GwImportKind gw_import_targets = {
  "targets", "inspection_target", target_columns,
  list_targets, build_target, NULL, target_refers, write_targets,
};

/* ---- inspectors ---- */

static GPtrArray *
list_inspectors (GwImportRun  *run,
                 GError      **error)
{
  return gw_import_list_stored (run, "inspectors", "id");
}

static GwImportItem *
build_inspector (GwImportRun *run,
                 GwImportRow *row)
{
  JsonObject *obj = row->object;
  const char *department = gw_json_object_get_string (obj, "department");
  g_auto(GStrv) qualifications = gw_json_object_dup_strv (obj, "qualifications");
  g_auto(GStrv) conflicts = gw_json_object_dup_strv (obj, "conflicts");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GStrvBuilder) target_ids = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  gboolean ok = TRUE;

  if (!gw_import_run_has_department (run, department))
    {
      gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "department"),
                              _("no department has the code “%s”; import the departments first"), department);
      ok = FALSE;
    }
  for (guint i = 0; qualifications && qualifications[i]; i++)
    if (!is_target_category (run, qualifications[i]))
      {
        gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "qualifications"),
                                _("“%s” is not a trade of the inspection catalogue; import the catalogue first"), qualifications[i]);
        ok = FALSE;
      }
  for (guint i = 0; conflicts && conflicts[i]; i++)
    {
      JsonObject *target = stored_target (run, conflicts[i]);

      if (target == NULL)
        {
          gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "conflicts"),
                                  _("no inspection target has the credit code “%s”; import the targets first"),
                                  conflicts[i]);
          ok = FALSE;
        }
      else
        g_strv_builder_add (target_ids, gw_json_object_get_string (target, "id"));
    }
  if (!ok)
    return NULL;

  ids = g_strv_builder_end (target_ids);
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "id", gw_json_object_get_string (obj, "id"));
  gw_json_builder_add_string (b, "name", gw_json_object_get_string (obj, "name"));
  gw_json_builder_add_string (b, "department", department);
  gw_json_builder_add_strv (b, "qualifications", (const char * const *) qualifications);
  gw_json_builder_add_strv (b, "conflicts", (const char * const *) ids);
  json_builder_end_object (b);
  json = json_builder_get_root (b);
  return gw_import_item_new (gw_json_object_get_string (obj, "id"), gw_json_object_get_string (obj, "name"), json, NULL);
}

static void
inspector_refers (GwImportRun  *run,
                  GwImportItem *item,
                  GPtrArray    *names)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\"", item->key);

  gw_import_run_add_plan_references (run, needle, names);
}

static gboolean
write_inspectors (GwImportRun  *run,
                  GPtrArray    *items,
                  GError      **error)
{
  return gw_import_write_stored (run, "inspectors", GW_INSPECTION_DATA_STAMP, items, error);
}

const GwImportKind gw_import_inspectors = {
  "inspectors", "inspector", inspector_columns,
  list_inspectors, build_inspector, NULL, inspector_refers, write_inspectors,
};
