/* gw-import-sheet.c: a county's spreadsheet as rows of typed values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-import-sheet.h"

struct _GwImportSheet
{
  GPtrArray *rows;             /* of GwImportRow */
  GHashTable *headers;         /* member → header as written */
  const GwImportColumn *columns;
};

void
gw_import_report_init (GwImportReport *report)
{
  report->errors = g_ptr_array_new_with_free_func (g_free);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
}

void
gw_import_report_clear (GwImportReport *report)
{
  g_clear_pointer (&report->errors, g_ptr_array_unref);
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
}

static void
add_line (GPtrArray  *lines,
          guint       row,
          const char *header,
          const char *format,
          va_list     args) G_GNUC_PRINTF (4, 0);

static void
add_line (GPtrArray  *lines,
          guint       row,
          const char *header,
          const char *format,
          va_list     args)
{
  g_autofree char *reason = g_strdup_vprintf (format, args);

  if (row > 0 && header)
    g_ptr_array_add (lines, g_strdup_printf (_("row %u, column “%s”: %s"), row, header, reason));
  else if (row > 0)
    g_ptr_array_add (lines, g_strdup_printf (_("row %u: %s"), row, reason));
  else if (header)
    g_ptr_array_add (lines, g_strdup_printf (_("column “%s”: %s"), header, reason));
  else
    g_ptr_array_add (lines, g_steal_pointer (&reason));
}

void
gw_import_report_error (GwImportReport *report,
                        guint           row,
                        const char     *header,
                        const char     *format,
                        ...)
{
  va_list args;

  va_start (args, format);
  add_line (report->errors, row, header, format, args);
  va_end (args);
}

void
gw_import_report_warning (GwImportReport *report,
                          guint           row,
                          const char     *header,
                          const char     *format,
                          ...)
{
  va_list args;

  va_start (args, format);
  add_line (report->warnings, row, header, format, args);
  va_end (args);
}

static void
row_free (GwImportRow *row)
{
  g_clear_pointer (&row->object, json_object_unref);
  g_free (row);
}

void
gw_import_sheet_free (GwImportSheet *sheet)
{
  g_clear_pointer (&sheet->rows, g_ptr_array_unref);
  g_clear_pointer (&sheet->headers, g_hash_table_unref);
  g_free (sheet);
}

GPtrArray *
gw_import_sheet_get_rows (GwImportSheet *sheet)
{
  return sheet->rows;
}

const char *
gw_import_sheet_header (GwImportSheet *sheet,
                        const char    *member)
{
  const char *header = g_hash_table_lookup (sheet->headers, member);

  for (const GwImportColumn *c = sheet->columns; !header && c->member; c++)
    if (g_str_equal (c->member, member))
      header = c->zh;
  return header ? header : member;
}

static gboolean
is_skipped (char **cells)
{
  for (guint i = 0; cells[i]; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (cells[i]));

      if (*text != '\0')
        return text[0] == '#';
    }
  return TRUE;
}

/* "名称", "Name", "name_en", "编码*" (required, as the templates mark it). */
static const GwImportColumn *
column_named (const GwImportColumn *columns,
              const char           *header)
{
  g_autofree char *name = g_strstrip (g_strdup (header));
  gsize len = strlen (name);

  if (len > 0 && name[len - 1] == '*')
    name[len - 1] = '\0';
  g_strstrip (name);
  g_strdelimit (name, " ", '_');
  for (const GwImportColumn *c = columns; c->member; c++)
    if (g_str_equal (name, c->zh) || g_ascii_strcasecmp (name, c->en) == 0)
      return c;
  return NULL;
}

/* Which column each of the file's columns is (NULL: unknown, ignored). */
static const GwImportColumn **
read_header (GwImportSheet        *sheet,
             char                **cells,
             guint                 number,
             GwImportReport       *report)
{
  guint n = g_strv_length (cells);
  const GwImportColumn **map = g_new0 (const GwImportColumn *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *header = g_strstrip (g_strdup (cells[i]));

      if (*header == '\0')
        continue;
      if (!(map[i] = column_named (sheet->columns, header)))
        gw_import_report_warning (report, number, header, _("not a column this list has; ignored"));
      else if (g_hash_table_contains (sheet->headers, map[i]->member))
        {
          gw_import_report_error (report, number, header, _("the column appears twice"));
          map[i] = NULL;
        }
      else
        g_hash_table_insert (sheet->headers, (gpointer) map[i]->member, g_steal_pointer (&header));
    }
  for (const GwImportColumn *c = sheet->columns; c->member; c++)
    if (c->required && !g_hash_table_contains (sheet->headers, c->member))
      gw_import_report_error (report, 0, NULL, _("the required column “%s” (%s) is missing"), c->zh, c->en);
  return map;
}

GwImportSheet *
gw_import_sheet_new (GPtrArray            *cells,
                     const GwImportColumn *columns,
                     GwImportReport       *report)
{
  g_autoptr(GwImportSheet) sheet = g_new0 (GwImportSheet, 1);
  g_autofree const GwImportColumn **map = NULL;
  guint n_columns = 0;

  sheet->columns = columns;
  sheet->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  sheet->headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < cells->len; i++)
    {
      char **row_cells = g_ptr_array_index (cells, i);
      GwImportRow *row;

      if (is_skipped (row_cells))
        continue;
      if (map == NULL)
        {
          map = read_header (sheet, row_cells, i + 1, report);
          n_columns = g_strv_length (row_cells);
          continue;
        }

      row = g_new0 (GwImportRow, 1);
      row->number = i + 1;
      row->object = json_object_new ();
      row->valid = TRUE;
      for (guint j = 0; row_cells[j]; j++)
        {
          g_autoptr(GError) error = NULL;

          if (j >= n_columns)
            {
              if (*g_strstrip (row_cells[j]) != '\0')
                gw_import_report_warning (report, row->number, NULL,
                                          _("a value beyond the last named column is ignored"));
              continue;
            }
          if (map[j] && !gw_import_cell (map[j], g_hash_table_lookup (sheet->headers, map[j]->member),
                                         row_cells[j], row->object, &error))
            {
              gw_import_report_error (report, row->number, g_hash_table_lookup (sheet->headers, map[j]->member),
                                      "%s", error->message);
              row->valid = FALSE;
            }
        }
      /* A short row leaves its last cells empty. */
      for (guint j = g_strv_length (row_cells); j < n_columns; j++)
        if (map[j] && map[j]->required)
          {
            gw_import_report_error (report, row->number, g_hash_table_lookup (sheet->headers, map[j]->member),
                                    _("a value is required"));
            row->valid = FALSE;
          }
      g_ptr_array_add (sheet->rows, row);
    }
  if (map == NULL)
    gw_import_report_error (report, 0, NULL, _("the file has no header row"));

  return g_steal_pointer (&sheet);
}
