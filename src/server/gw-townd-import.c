/* gw-townd-import.c: gridwatch-townd --import KIND FILE
 *
 * All or nothing: every row is checked, and every error listed with its
 * row and column, before anything is written; one error and nothing is.
 * Items are updated by their code: what the file has and the store does
 * not is added, what differs is changed, and what the store has and the
 * file does not is counted as absent, and removed only with --replace,
 * unless open cases still refer to it. What is written goes to the
 * change feed, so the apps connected to a running server pull it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-csv.h"
#include "gw-import-kinds.h"
#include "gw-store-feed.h"
#include "gw-store-private.h"
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

typedef struct
{
  const GwImportKind *kind;
  GwImportRun *run;
  GPtrArray *items;        /* as the store will have them */
  GPtrArray *written;      /* the items added or changed */
  GPtrArray *removed;
} Plan;

static gboolean
write_plan (GwStore   *store,
            gpointer   user_data,
            GError   **error)
{
  Plan *plan = user_data;

  if (!plan->kind->write (plan->run, plan->items, error))
    return FALSE;
  for (guint i = 0; i < plan->written->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (plan->written, i);

      if (!gw_store_append_change (store, plan->kind->feed_kind, item->key, 0, item->json, error))
        return FALSE;
    }
  for (guint i = 0; i < plan->removed->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (plan->removed, i);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *json = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, item->key);
      json_builder_set_member_name (b, "removed");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      json = json_to_string (node, FALSE);
      if (!gw_store_append_change (store, plan->kind->feed_kind, item->key, 0, json, error))
        return FALSE;
    }
  return TRUE;
}

/* The file's items, each built from a valid row; a code twice is refused. */
static GPtrArray *
build_items (GwImportRun        *run,
             const GwImportKind *kind)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_import_item_free);
  g_autoptr(GHashTable) rows_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *rows = gw_import_sheet_get_rows (run->sheet);

  for (guint i = 0; i < rows->len; i++)
    {
      GwImportRow *row = g_ptr_array_index (rows, i);
      GwImportItem *item;
      gpointer first;

      if (!row->valid || !(item = kind->build (run, row)))
        continue;
      item->row = row->number;
      if ((first = g_hash_table_lookup (rows_by_key, item->key)))
        {
          gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, kind->columns[0].member),
                                  _("“%s” is already in row %u"), item->key, GPOINTER_TO_UINT (first));
          gw_import_item_free (item);
          continue;
        }
      g_hash_table_insert (rows_by_key, item->key, GUINT_TO_POINTER (row->number));
      g_ptr_array_add (items, item);
    }
  return items;
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
  g_autoptr(GwImportSheet) sheet = NULL;
  g_autoptr(GPtrArray) file_items = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(GPtrArray) written = g_ptr_array_new ();
  g_autoptr(GPtrArray) absent = g_ptr_array_new ();
  g_auto(GwImportReport) report = { 0 };
  g_autofree char *described = NULL;
  GwImportRun run = { store };
  guint unchanged = 0;
  int status = 1;

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

  gw_import_report_init (&report);
  run.report = &report;
  run.sheet = sheet = gw_import_sheet_new (cells, kind->columns, &report);
  file_items = build_items (&run, kind);
  if (!(existing = kind->list (&run, &error)))
    {
      g_printerr (_("gridwatch-townd: cannot import %s: %s\n"), options->path, error->message);
      goto out;
    }

  /* The store's set after the import: the file's items, and those it
   * leaves out unless they are to go. */
  for (guint i = 0; i < file_items->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (file_items, i);

      g_hash_table_insert (in_file, item->key, item);
      g_ptr_array_add (items, item);
    }
  for (guint i = 0; i < existing->len; i++)
    {
      GwImportItem *old = g_ptr_array_index (existing, i);
      GwImportItem *new = g_hash_table_lookup (in_file, old->key);

      if (new == NULL)
        {
          g_ptr_array_add (absent, old);
          if (!options->replace)
            g_ptr_array_add (items, old);
        }
      else if (!g_str_equal (new->json, old->json))
        g_ptr_array_add (changed, new);
      else
        unchanged++;
      if (new)
        g_hash_table_replace (in_file, new->key, NULL);
    }
  for (guint i = 0; i < file_items->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (file_items, i);

      if (g_hash_table_lookup (in_file, item->key))
        g_ptr_array_add (added, item);
    }
  if (kind->check)
    kind->check (&run, items);

  /* What is removed must not leave an open case or another list
   * pointing at nothing. */
  for (guint i = 0; options->replace && i < absent->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (absent, i);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      kind->refers (&run, item, names);
      if (names->len > 0)
        {
          g_autofree char *referring = NULL;

          g_ptr_array_add (names, NULL);
          referring = g_strjoinv (_(", "), (char **) names->pdata);
          gw_import_report_error (&report, 0, NULL, _("%s %s is not in the file but cannot be removed: %s still refer to it"),
                                  item->key, item->name, referring);
        }
    }

  print_lines (_("Warnings:"), report.warnings);
  if (report.errors->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "gridwatch-townd: %s is refused, nothing was written (%u error):\n",
                               "gridwatch-townd: %s is refused, nothing was written (%u errors):\n",
                               report.errors->len),
                  options->path, report.errors->len);
      for (guint i = 0; i < report.errors->len; i++)
        g_printerr ("  %s\n", (char *) g_ptr_array_index (report.errors, i));
      goto out;
    }

  if (options->dry_run)
    {
      g_printerr (_("gridwatch-townd: a dry run, nothing was written; the import would:\n"));
      say_changes (_("add"), added);
      say_changes (_("change"), changed);
      if (options->replace)
        say_changes (_("remove"), absent);
    }
  else
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      Plan plan = { kind, &run, items, written, options->replace ? absent : none };

      g_ptr_array_extend (written, added, NULL, NULL);
      g_ptr_array_extend (written, changed, NULL, NULL);
      gw_store_record_changes (store, TRUE);
      if (!gw_store_transaction (store, write_plan, &plan, &error))
        {
          g_printerr (_("gridwatch-townd: cannot import %s: %s\n"), options->path, error->message);
          goto out;
        }
    }

  g_print ("added %u, changed %u, unchanged %u, absent %u\n", added->len, changed->len, unchanged, absent->len);
  if (options->replace && absent->len > 0 && !options->dry_run)
    g_printerr (_("gridwatch-townd: removed the %u absent\n"), absent->len);
  status = 0;

out:
  gw_import_run_clear (&run);
  return status;
}
