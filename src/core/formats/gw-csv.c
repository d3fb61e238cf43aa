/* gw-csv.c: rows for spreadsheets
 *
 * Every field is quoted, so commas, quotes and line breaks in names and
 * addresses survive Excel and WPS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-csv.h"

void
gw_csv_append_field (GString    *out,
                     const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value ? value : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append (out, "\",");
}

void
gw_csv_end_row (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] == ',')
    g_string_truncate (out, out->len - 1);
  g_string_append (out, "\r\n");
}
