/* gw-import-calendar.c: the county's own holidays and make-up working
 * days (休/班), over the national calendar the server knows
 *
 * Kept whole beside the inspection data, with a stamp; the server lays
 * them over its calendar at start and whenever the stamp changes, so
 * deadlines counted after an import follow them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-import-kinds.h"
#include "gw-json.h"
#include "gw-work-calendar.h"

static const GwCellChoice day_types[] = {
  { "holiday", "休", "holiday" },
  { "workday", "班", "workday" },
  { NULL }
};

static const GwImportColumn calendar_columns[] = {
  { "date", "日期", "date", GW_CELL_DATE, TRUE, NULL, "2026-10-09" },
  { "type", "类型", "type", GW_CELL_CHOICE, TRUE, day_types, "休" },
  { "name", "名称", "name", GW_CELL_TEXT, FALSE, NULL, "孟子故里文化节" },
  { NULL }
};

static GPtrArray *
list_days (GwImportRun  *run,
           GError      **error)
{
  return gw_import_list_stored (run, GW_CALENDAR_DATA, "date");
}

static GwImportItem *
build_day (GwImportRun *run,
           GwImportRow *row)
{
  JsonObject *obj = row->object;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) json = NULL;

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "date", gw_json_object_get_string (obj, "date"));
  gw_json_builder_add_string (b, "type", gw_json_object_get_string (obj, "type"));
  gw_json_builder_add_string (b, "name", gw_json_object_get_string (obj, "name"));
  json_builder_end_object (b);
  json = json_builder_get_root (b);
  return gw_import_item_new (gw_json_object_get_string (obj, "date"), gw_json_object_get_string (obj, "name"),
                             json, NULL);
}

/* A day refers to nothing: deadlines already set stay as they are. */
static void
day_refers (GwImportRun  *run,
            GwImportItem *item,
            GPtrArray    *names)
{
}

static gboolean
write_days (GwImportRun  *run,
            GPtrArray    *items,
            GError      **error)
{
  return gw_import_write_stored (run, GW_CALENDAR_DATA, GW_CALENDAR_STAMP, items, error);
}

const GwImportKind gw_import_calendar = {
  "calendar", "calendar_day", calendar_columns,
  list_days, build_day, NULL, day_refers, write_days,
};
