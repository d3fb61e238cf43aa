/* gw-csv.h: rows for spreadsheets
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

G_END_DECLS
