/* gw-import-whistle.c: the county's whistle list (吹哨清单)
 *
 * What a town may whistle up, how soon the called party reports and
 * which county department reports. Kept whole beside the inspection data;
 * the server serves it and makes it the list its rules use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-import-kinds.h"
#include "gw-json.h"
#include "gw-whistle-list.h"

static const GwImportColumn whistle_columns[] = {
  { "code", "编码", "code", GW_CELL_CODE, TRUE, NULL, "W1-01" },
  { "name", "事项", "name", GW_CELL_TEXT, TRUE, NULL, "占道经营屡教不改需联合执法" },
  { "group", "类别", "group", GW_CELL_TEXT, TRUE, NULL, "城市管理与市容环境" },
  { "report", "报到时限", "report_limit", GW_CELL_REPORT_LIMIT, TRUE, NULL, "当日" },
  { "department", "报到部门", "department", GW_CELL_CODE, TRUE, NULL, "cgj" },
  { "name_en", "英文名称", "name_en", GW_CELL_TEXT, FALSE, NULL, "Repeated street vending needing joint enforcement" },
  { "group_en", "类别英文名称", "group_en", GW_CELL_TEXT, FALSE, NULL, "Urban management and city appearance" },
  { "categories", "案件类别", "case_categories", GW_CELL_CODES, FALSE, NULL, "0101;0102" },
  { NULL }
};

static GPtrArray *
list_whistle_items (GwImportRun  *run,
                    GError      **error)
{
  return gw_import_list_stored (run, GW_WHISTLE_LIST_DATA, "code");
}

/* The group's code: the item code's prefix ("W1" of "W1-01"), or the
 * group's name when the code has none. */
static char *
group_code (const char *code,
            const char *group)
{
  const char *dash = strchr (code, '-');

  return dash && dash > code ? g_strndup (code, dash - code) : g_strdup (group);
}

static GwImportItem *
build_whistle_item (GwImportRun *run,
                    GwImportRow *row)
{
  JsonObject *obj = row->object;
  const char *code = gw_json_object_get_string (obj, "code");
  const char *department = gw_json_object_get_string (obj, "department");
  g_autofree char *group = group_code (code, gw_json_object_get_string (obj, "group"));
  g_auto(GStrv) categories = gw_json_object_dup_strv (obj, "categories");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) json = NULL;

  if (!gw_import_run_has_department (run, department))
    {
      gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "department"),
                              _("no department has the code “%s”; import the departments first"), department);
      return NULL;
    }

  /* As gw_whistle_list_to_json() writes an item. */
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "code", code);
  gw_json_builder_add_string (b, "name", gw_json_object_get_string (obj, "name"));
  gw_json_builder_add_string (b, "name_en", gw_json_object_get_string (obj, "name_en"));
  json_builder_set_member_name (b, "group");
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "code", group);
  gw_json_builder_add_string (b, "name", gw_json_object_get_string (obj, "group"));
  gw_json_builder_add_string (b, "name_en", gw_json_object_get_string (obj, "group_en"));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "report");
  json_builder_add_value (b, json_node_copy (json_object_get_member (obj, "report")));
  gw_json_builder_add_string (b, "department", department);
  gw_json_builder_add_strv (b, "categories", (const char * const *) categories);
  json_builder_end_object (b);
  json = json_builder_get_root (b);
  return gw_import_item_new (code, gw_json_object_get_string (obj, "name"), json, NULL);
}

/* Open cases whose escalation names the item. */
static void
whistle_item_refers (GwImportRun  *run,
                     GwImportItem *item,
                     GPtrArray    *names)
{
  gw_import_run_add_case_references (run, GW_REFERENCE_WHISTLE_ITEM, item->key, names);
}

static gboolean
write_whistle_items (GwImportRun  *run,
                     GPtrArray    *items,
                     GError      **error)
{
  g_autoptr(GString) text = g_string_new ("{\"items\":[");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwWhistleList) check = NULL;

  /* What the server will read must read. */
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (text, "%s%s", i ? "," : "", ((GwImportItem *) g_ptr_array_index (items, i))->json);
  g_string_append (text, "]}");
  bytes = g_bytes_new_static (text->str, text->len);
  if (!(check = gw_whistle_list_new_from_bytes (bytes, error)))
    return FALSE;
  return gw_import_write_stored (run, GW_WHISTLE_LIST_DATA, GW_WHISTLE_LIST_STAMP, items, error);
}

const GwImportKind gw_import_whistle_items = {
  "whistle-items", "whistle_item", whistle_columns,
  list_whistle_items, build_whistle_item, NULL, whistle_item_refers, write_whistle_items,
};
