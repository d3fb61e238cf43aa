/* fuzz-spreadsheet.c: a county's CSV file or Excel workbook, to import
 *
 * Three kinds of input:
 *
 *  - a whole .xlsx file (it starts with "PK"), read as it is: damaged
 *    archives;
 *  - lines "--part PATH" each followed by that part's text: the harness
 *    packs the parts into a workbook, so the fuzzer reaches the XML
 *    readers without having to deflate;
 *  - anything else is a CSV file, in whatever encoding.
 *
 * Whatever is read must be UTF-8 rows within the sheet's bounds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <string.h>

#include "gw-csv.h"
#include "gw-fuzz.h"
#include "gw-xlsx.h"

#define PART_MARK "--part "

static void
check_rows (GPtrArray *rows,
            GError    *error)
{
  if (rows == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_cmpuint (rows->len, <=, GW_TABLE_MAX_ROWS);
  for (guint i = 0; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);

      g_assert_cmpuint (g_strv_length (cells), <=, GW_TABLE_MAX_COLUMNS);
      for (guint j = 0; cells[j]; j++)
        g_assert_true (g_utf8_validate (cells[j], -1, NULL));
    }
}

/* The directory of @path inside the archive, made on first use. */
static GsfOutfile *
directory_of (GsfOutfile *zip,
              GHashTable *dirs,
              GPtrArray  *order,
              const char *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *base = NULL;
  GsfOutfile *dir, *up;

  if (g_str_equal (parent, ".") || g_str_equal (parent, "/"))
    return zip;
  if ((dir = g_hash_table_lookup (dirs, parent)))
    return dir;
  up = directory_of (zip, dirs, order, parent);
  base = g_path_get_basename (parent);
  dir = GSF_OUTFILE (gsf_outfile_new_child (up, base, TRUE));
  g_hash_table_insert (dirs, g_strdup (parent), dir);
  g_ptr_array_add (order, dir);
  return dir;
}

static GBytes *
pack_parts (const char *text)
{
  g_autoptr(GHashTable) dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) parts = g_strsplit (text, "\n" PART_MARK, 64);
  GsfOutput *sink = gsf_output_memory_new ();
  GsfOutfile *zip = gsf_outfile_zip_new (sink, NULL);
  GBytes *bytes;

  for (guint i = 0; parts[i]; i++)
    {
      const char *part = i == 0 ? parts[i] + strlen (PART_MARK) : parts[i];
      const char *newline = strchr (part, '\n');
      g_autofree char *path = g_strndup (part, newline ? (gsize) (newline - part) : strlen (part));
      g_autofree char *base = g_path_get_basename (path);
      const char *body = newline ? newline + 1 : "";
      GsfOutput *child;

      if (*path == '\0' || g_str_has_suffix (path, "/"))
        continue;
      child = gsf_outfile_new_child (directory_of (zip, dirs, order, path), base, FALSE);
      if (child == NULL)
        continue;
      gsf_output_write (child, strlen (body), (const guint8 *) body);
      gsf_output_close (child);
      g_object_unref (child);
    }
  for (guint i = order->len; i > 0; i--)
    gsf_output_close (g_ptr_array_index (order, i - 1));
  gsf_output_close (GSF_OUTPUT (zip));
  g_object_unref (zip);
  bytes = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)), gsf_output_size (sink));
  g_object_unref (sink);
  return bytes;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (size >= 2 && memcmp (data, "PK", 2) == 0)
    {
      bytes = g_bytes_new (data, size);
      rows = gw_xlsx_read_sheet (bytes, NULL, &error);
    }
  else if (size >= strlen (PART_MARK) && memcmp (data, PART_MARK, strlen (PART_MARK)) == 0)
    {
      g_autofree char *text = gw_fuzz_strndup (data, size);

      bytes = pack_parts (text);
      rows = gw_xlsx_read_sheet (bytes, NULL, &error);
      check_rows (rows, error);
      g_clear_pointer (&rows, g_ptr_array_unref);
      g_clear_error (&error);
      rows = gw_xlsx_read_sheet (bytes, "部门", &error);
    }
  else
    {
      const char *encoding = NULL;

      bytes = g_bytes_new (data, size);
      rows = gw_csv_parse (bytes, &encoding, &error);
      g_assert_true (rows == NULL || encoding != NULL);
    }
  check_rows (rows, error);
  return 0;
}
