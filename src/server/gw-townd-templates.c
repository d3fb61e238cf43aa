/* gw-townd-templates.c: gridwatch-townd --write-templates DIR
 *
 * Each template has the Chinese header (required columns marked *), an
 * English header row marked as a note (its first cell starts with #, so
 * the importer skips it) and one example row. Every column of the
 * workbook is formatted as text, so that codes keep their leading zeros
 * and credit codes their digits. The CSV starts with a byte order mark,
 * so that Excel opens it as UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "gw-csv.h"
#include "gw-import-kinds.h"
#include "gw-townd-templates.h"

/* The three rows of @kind's template. */
static char **
template_row (const GwImportKind *kind,
              guint               row)
{
  g_autoptr(GStrvBuilder) cells = g_strv_builder_new ();

  for (const GwImportColumn *c = kind->columns; c->member; c++)
    {
      g_autofree char *cell = NULL;

      if (row == 0)
        cell = g_strconcat (c->zh, c->required ? "*" : "", NULL);
      else if (row == 1)
        cell = g_strconcat (c == kind->columns ? "#" : "", c->en, NULL);
      else
        cell = g_strdup (c->example ? c->example : "");
      g_strv_builder_add (cells, cell);
    }
  return g_strv_builder_end (cells);
}

static gboolean
write_csv (const GwImportKind  *kind,
           const char          *path,
           GError             **error)
{
  g_autoptr(GString) out = g_string_new ("\xef\xbb\xbf");

  for (guint r = 0; r < 3; r++)
    {
      g_auto(GStrv) cells = template_row (kind, r);

      for (guint i = 0; cells[i]; i++)
        gw_csv_append_field (out, cells[i]);
      gw_csv_end_row (out);
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

static gboolean
write_xlsx (const GwImportKind  *kind,
            const char          *path,
            GError             **error)
{
  lxw_workbook *book = workbook_new (path);
  lxw_worksheet *sheet;
  lxw_format *text, *header, *note;
  lxw_error status;
  guint n_columns = 0;

  if (book == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s"), path);
      return FALSE;
    }
  sheet = workbook_add_worksheet (book, kind->name);
  text = workbook_add_format (book);
  format_set_num_format (text, "@");
  header = workbook_add_format (book);
  format_set_bold (header);
  format_set_num_format (header, "@");
  note = workbook_add_format (book);
  format_set_italic (note);
  format_set_font_color (note, LXW_COLOR_GRAY);
  format_set_num_format (note, "@");

  for (guint r = 0; r < 3; r++)
    {
      g_auto(GStrv) cells = template_row (kind, r);

      n_columns = g_strv_length (cells);
      for (guint i = 0; cells[i]; i++)
        worksheet_write_string (sheet, r, i, cells[i], r == 0 ? header : r == 1 ? note : text);
    }
  worksheet_set_column (sheet, 0, n_columns - 1, 18, text);
  worksheet_freeze_panes (sheet, 2, 0);

  if ((status = workbook_close (book)) != LXW_NO_ERROR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path, lxw_strerror (status));
      return FALSE;
    }
  return TRUE;
}

int
gw_townd_write_templates (const char *dir)
{
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_printerr (_("gridwatch-townd: cannot make the folder %s\n"), dir);
      return 1;
    }
  for (guint i = 0; gw_import_kind_nth (i); i++)
    {
      const GwImportKind *kind = gw_import_kind_nth (i);
      g_autofree char *base = g_build_filename (dir, kind->name, NULL);
      g_autofree char *csv = g_strconcat (base, ".csv", NULL);
      g_autofree char *xlsx = g_strconcat (base, ".xlsx", NULL);

      if (!write_csv (kind, csv, &error) || !write_xlsx (kind, xlsx, &error))
        {
          g_printerr ("gridwatch-townd: %s\n", error->message);
          return 1;
        }
      g_print ("%s\n%s\n", xlsx, csv);
    }
  return 0;
}
