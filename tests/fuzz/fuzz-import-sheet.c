/* fuzz-import-sheet.c: a county's list, read cell by cell
 *
 * The input is a CSV file (in whatever encoding); its rows are read as
 * each kind of list --import takes, through the header matching and the
 * cell validators. What a row keeps must be what its column promises,
 * and every message valid UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gw-csv.h"
#include "gw-fuzz.h"
#include "gw-import-kinds.h"

static void
check_lines (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (lines, i), -1, NULL));
}

static void
check_value (const GwImportColumn *column,
             JsonNode             *value)
{
  switch (column->kind)
    {
    case GW_CELL_YES_NO:
      g_assert_true (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN);
      break;
    case GW_CELL_CHOICES:
    case GW_CELL_CODES:
      g_assert_true (JSON_NODE_HOLDS_ARRAY (value));
      break;
    case GW_CELL_TIME_LIMIT:
    case GW_CELL_REPORT_LIMIT:
      g_assert_true (JSON_NODE_HOLDS_OBJECT (value));
      break;
    case GW_CELL_LONGITUDE:
      g_assert_cmpfloat (fabs (json_node_get_double (value)), <=, 180);
      break;
    case GW_CELL_LATITUDE:
      g_assert_cmpfloat (fabs (json_node_get_double (value)), <=, 90);
      break;
    case GW_CELL_COUNT:
      g_assert_cmpint (json_node_get_int (value), >=, 0);
      break;
    case GW_CELL_TEXT:
    case GW_CELL_CODE:
    case GW_CELL_PHONE:
    case GW_CELL_CHOICE:
    case GW_CELL_DATE:
    default:
      g_assert_true (g_utf8_validate (json_node_get_string (value), -1, NULL));
      break;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GPtrArray) cells = gw_csv_parse (bytes, NULL, NULL);

  if (cells == NULL)
    return 0;
  for (guint k = 0; gw_import_kind_nth (k); k++)
    {
      const GwImportKind *kind = gw_import_kind_nth (k);
      g_auto(GwImportReport) report = { 0 };
      g_autoptr(GwImportSheet) sheet = NULL;
      GPtrArray *rows;

      gw_import_report_init (&report);
      sheet = gw_import_sheet_new (cells, kind->columns, &report);
      rows = gw_import_sheet_get_rows (sheet);
      for (guint r = 0; r < rows->len; r++)
        {
          GwImportRow *row = g_ptr_array_index (rows, r);

          for (const GwImportColumn *c = kind->columns; c->member; c++)
            {
              JsonNode *value = json_object_get_member (row->object, c->member);

              if (value)
                check_value (c, value);
            }
        }
      check_lines (report.errors);
      check_lines (report.warnings);
    }
  return 0;
}
