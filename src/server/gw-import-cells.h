/* gw-import-cells.h: one validator for each kind of cell in a county's
 * spreadsheets, turning the operator's text into the typed JSON value the
 * model reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_CELL_TEXT,        /* a name or address: one line */
  GW_CELL_CODE,        /* an identifier: no spaces, at most 64 characters */
  GW_CELL_PHONE,       /* digits and + - ( ) space */
  GW_CELL_YES_NO,      /* 是/否, yes/no, true/false, 1/0 */
  GW_CELL_CHOICE,      /* one of the column's choices, in either language */
  GW_CELL_CHOICES,     /* several of them */
  GW_CELL_CODES,       /* several codes */
  GW_CELL_TIME_LIMIT,  /* "4工作时", "2工作日", "4 working_hours" */
  GW_CELL_REPORT_LIMIT,/* "当日" (same_day), "3工作日" (3 working_days) */
  GW_CELL_LONGITUDE,
  GW_CELL_LATITUDE,
  GW_CELL_DATE,        /* YYYY-MM-DD, or the day number a workbook keeps */
  GW_CELL_COUNT,       /* a whole number from 0 to 1000 */
} GwCellKind;

typedef struct
{
  const char *value;   /* what the model reads */
  const char *zh;
  const char *en;
} GwCellChoice;

typedef struct
{
  const char *member;  /* the model's JSON member */
  const char *zh;      /* the header in Chinese */
  const char *en;      /* and in English */
  GwCellKind kind;
  gboolean required;
  const GwCellChoice *choices;   /* ends with { NULL } */
  const char *example;           /* for the templates */
} GwImportColumn;

/* Several values in one cell: ; or 、 (and their full-width forms) or ,
 * between them. */
char     **gw_import_split_list (const char           *text);

/* Sets @column's member of @row from the cell's @text (trimmed), or
 * nothing for an empty optional cell. The error says what is wrong
 * without naming the cell (@header, as the file has it, only where the
 * text check names it): the caller knows its row and column. */
gboolean   gw_import_cell       (const GwImportColumn *column,
                                 const char           *header,
                                 const char           *text,
                                 JsonObject           *row,
                                 GError              **error);

G_END_DECLS
