/* gw-xlsx.h: the rows of one sheet of an Excel (or WPS) workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sheet named @sheet, or the first one when NULL, as rows of cells
 * like gw_csv_parse() gives: row i is the sheet's row i + 1, a GStrv of
 * its cells' text from column A on (blank cells as ""). Numbers and dates
 * are given as the workbook stores them ("116.98", "46023"). */
GPtrArray *gw_xlsx_read_sheet (GBytes      *bytes,
                               const char  *sheet,
                               GError     **error);

G_END_DECLS
