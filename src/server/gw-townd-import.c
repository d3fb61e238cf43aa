/* gw-townd-import.c: gridwatch-townd --import KIND FILE
 *
 * All or nothing: every row is checked, and every error listed with its
 * row and column, before anything is written; one error and nothing is
 * (gw-import-plan.c does the comparing and the writing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-csv.h"
#include "gw-import-plan.h"
#include "gw-store-feed.h"
#include "gw-townd-import.h"
#include "gw-xlsx.h"

#define MAX_FILE_BYTES (64 * 1024 * 1024)

GPtrArray *
gw_townd_import_read_file (const char  *path,
                           const char  *sheet,
                           char       **described,
                           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *encoding = NULL;
  GPtrArray *rows;
  gsize size;
  const char *data;

  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, error)))
    return NULL;
  if (g_file_info_get_size (info) > MAX_FILE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The file is larger than %u MiB"), MAX_FILE_BYTES >> 20);
      return NULL;
    }
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, error)))
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  if ((size >= 4 && memcmp (data, "PK\x03\x04", 4) == 0) || g_str_has_suffix (path, ".xlsx"))
    {
      if ((rows = gw_xlsx_read_sheet (bytes, sheet, error)))
        *described = g_strdup_printf (_("workbook, sheet %s, %u rows"), sheet ? sheet : _("the first"), rows->len);
      return rows;
    }
  if ((rows = gw_csv_parse (bytes, &encoding, error)))
    *described = g_strdup_printf (_("CSV, %s, %u rows"), encoding, rows->len);
  return rows;
}

static void
print_lines (const char *title,
             GPtrArray  *lines)
{
  if (lines->len == 0)
    return;
  g_printerr ("%s\n", title);
  for (guint i = 0; i < lines->len; i++)
    g_printerr ("  %s\n", (char *) g_ptr_array_index (lines, i));
}

static void
say_changes (const char *what,
             GPtrArray  *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (items, i);

      g_printerr ("  %s %s %s\n", what, item->key, item->name ? item->name : "");
    }
}

int
gw_townd_import (GwStore             *store,
                 const GwTowndImport *options)
{
  const GwImportKind *kind = gw_import_kind_lookup (options->kind);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GwImportPlan) plan = NULL;
  g_autofree char *described = NULL;

  if (kind == NULL)
    {
      g_autofree char *names = gw_import_kind_names ();

      g_printerr (_("gridwatch-townd: --import takes one of %s, not “%s”\n"), names, options->kind);
      return 2;
    }
  if (!(cells = gw_townd_import_read_file (options->path, options->sheet, &described, &error)))
    {
      g_printerr (_("gridwatch-townd: cannot read %s: %s\n"), options->path, error->message);
      return 1;
    }
  g_printerr (_("gridwatch-townd: %s: %s\n"), options->path, described);

  /* What is written goes to the feed, for the apps of a running server. */
  gw_store_record_changes (store, TRUE);
  if (!(plan = gw_import_plan_new (store, kind, cells, options->replace, &error)))
    {
      g_printerr (_("gridwatch-townd: cannot import %s: %s\n"), options->path, error->message);
      return 1;
    }
  print_lines (_("Warnings:"), plan->report.warnings);
  if (plan->report.errors->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "gridwatch-townd: %s is refused, nothing was written (%u error):\n",
                               "gridwatch-townd: %s is refused, nothing was written (%u errors):\n",
                               plan->report.errors->len),
                  options->path, plan->report.errors->len);
      for (guint i = 0; i < plan->report.errors->len; i++)
        g_printerr ("  %s\n", (char *) g_ptr_array_index (plan->report.errors, i));
      return 1;
    }

  if (options->dry_run)
    {
      g_printerr (_("gridwatch-townd: a dry run, nothing was written; the import would:\n"));
      say_changes (_("add"), plan->added);
      say_changes (_("change"), plan->changed);
      if (options->replace)
        say_changes (_("remove"), plan->absent);
    }
  else if (!gw_import_plan_write (plan, &error))
    {
      g_printerr (_("gridwatch-townd: cannot import %s: %s\n"), options->path, error->message);
      return 1;
    }

  g_print ("added %u, changed %u, unchanged %u, absent %u\n",
           plan->added->len, plan->changed->len, plan->unchanged, plan->absent->len);
  if (options->replace && plan->absent->len > 0 && !options->dry_run)
    g_printerr (_("gridwatch-townd: removed the %u absent\n"), plan->absent->len);
  return 0;
}
