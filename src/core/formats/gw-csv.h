/* gw-csv.h: rows for spreadsheets, and rows from them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A quoted field and its comma; gw_csv_end_row() takes the last comma
 * back and ends the line as spreadsheets expect (CRLF). */
void gw_csv_append_field (GString    *out,
                          const char *value);
void gw_csv_end_row      (GString    *out);

/* What a sheet may hold before it is refused as not a county's list. */
#define GW_TABLE_MAX_ROWS 200000
#define GW_TABLE_MAX_COLUMNS 256
#define GW_TABLE_MAX_CELL_BYTES 65536

/* The rows of a CSV file as exported by Excel, WPS or another system:
 * UTF-8 with or without a byte order mark, or GB18030 (which reads GBK
 * and GB2312 too). Each row is a GStrv of its cells, in UTF-8; row i is
 * the sheet's row i + 1, blank ones included. @encoding (may be NULL)
 * says which encoding was found, for the operator. */
GPtrArray *gw_csv_parse          (GBytes      *bytes,
                                  const char **encoding,
                                  GError     **error);

G_END_DECLS
