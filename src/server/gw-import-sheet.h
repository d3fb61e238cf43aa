/* gw-import-sheet.h: a county's spreadsheet as rows of typed values, with
 * every problem found listed by row and column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-import-cells.h"

G_BEGIN_DECLS

/* What an import found: errors refuse the file, warnings do not. */
typedef struct
{
  GPtrArray *errors;      /* of char *, in the operator's language */
  GPtrArray *warnings;
} GwImportReport;

void gw_import_report_init    (GwImportReport *report);
void gw_import_report_clear   (GwImportReport *report);
/* @row 0: the file as a whole; @header NULL: the row as a whole. */
void gw_import_report_error   (GwImportReport *report,
                               guint           row,
                               const char     *header,
                               const char     *format,
                               ...) G_GNUC_PRINTF (4, 5);
void gw_import_report_warning (GwImportReport *report,
                               guint           row,
                               const char     *header,
                               const char     *format,
                               ...) G_GNUC_PRINTF (4, 5);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwImportReport, gw_import_report_clear)

typedef struct
{
  guint number;           /* the sheet's row number, as the operator sees it */
  JsonObject *object;     /* the row's valid cells, by member */
  gboolean valid;         /* every cell passed its check */
} GwImportRow;

typedef struct _GwImportSheet GwImportSheet;

/* The header row (the first that is not blank) names the columns, in
 * Chinese or English, in any order; a row whose first cell starts with
 * "#" is a note (the templates' English header) and is skipped, like a
 * blank one. */
GwImportSheet *gw_import_sheet_new      (GPtrArray            *cells,
                                         const GwImportColumn *columns,
                                         GwImportReport       *report);
void           gw_import_sheet_free     (GwImportSheet        *sheet);
GPtrArray     *gw_import_sheet_get_rows (GwImportSheet        *sheet);
/* The column's header as the file writes it, for the operator. */
const char    *gw_import_sheet_header   (GwImportSheet        *sheet,
                                         const char           *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwImportSheet, gw_import_sheet_free)

G_END_DECLS
