/* gw-csv.c: rows for spreadsheets, and rows from them
 *
 * Every field written is quoted, so commas, quotes and line breaks in
 * names and addresses survive Excel and WPS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-csv.h"
#include "gw-error.h"

void
gw_csv_append_field (GString    *out,
                     const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value ? value : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append (out, "\",");
}

void
gw_csv_end_row (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] == ',')
    g_string_truncate (out, out->len - 1);
  g_string_append (out, "\r\n");
}

/* Excel writes a byte order mark; other systems write plain UTF-8, and
 * older Chinese ones GBK, which GB18030 contains. A file that is valid
 * UTF-8 is read as UTF-8: GBK text of any length almost never is. */
static char *
to_utf8 (GBytes      *bytes,
         gsize       *length,
         const char **encoding,
         GError     **error)
{
  gsize size;
  /* An empty file's bytes have no data at all. */
  const char *data = g_bytes_get_data (bytes, &size) ?: "";
  g_autoptr(GError) local = NULL;
  char *text;

  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      if (!g_utf8_validate_len (data + 3, size - 3, NULL))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                       _("The file begins as UTF-8 but holds text that is not"));
          return NULL;
        }
      *encoding = "UTF-8 (BOM)";
      *length = size - 3;
      return g_strndup (data + 3, size - 3);
    }
  if (g_utf8_validate_len (data, size, NULL))
    {
      *encoding = "UTF-8";
      *length = size;
      return g_strndup (data, size);
    }
  if (!(text = g_convert (data, size, "UTF-8", "GB18030", NULL, length, &local)))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("The file is neither UTF-8 nor GB18030 (GBK) text"));
      return NULL;
    }
  *encoding = "GB18030";
  return text;
}

typedef struct
{
  GPtrArray *rows;
  GPtrArray *cells;     /* of the row being read */
  GString *cell;
} Reader;

static gboolean
end_cell (Reader  *reader,
          GError **error)
{
  if (reader->cell->len > GW_TABLE_MAX_CELL_BYTES)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("Row %u: a cell is longer than %u bytes"), reader->rows->len + 1, GW_TABLE_MAX_CELL_BYTES);
      return FALSE;
    }
  if (reader->cells->len >= GW_TABLE_MAX_COLUMNS)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("Row %u has more than %u columns"), reader->rows->len + 1, GW_TABLE_MAX_COLUMNS);
      return FALSE;
    }
  g_ptr_array_add (reader->cells, g_strndup (reader->cell->str, reader->cell->len));
  g_string_truncate (reader->cell, 0);
  return TRUE;
}

static gboolean
end_row (Reader  *reader,
         GError **error)
{
  if (!end_cell (reader, error))
    return FALSE;
  if (reader->rows->len >= GW_TABLE_MAX_ROWS)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("The file has more than %u rows"), GW_TABLE_MAX_ROWS);
      return FALSE;
    }
  g_ptr_array_add (reader->cells, NULL);
  g_ptr_array_add (reader->rows, g_ptr_array_steal (reader->cells, NULL));
  return TRUE;
}

/* RFC 4180, read as spreadsheets read it: a quote inside an unquoted
 * cell is kept as it is, and any of CRLF, LF or CR ends a row. */
GPtrArray *
gw_csv_parse (GBytes      *bytes,
              const char **encoding,
              GError     **error)
{
  const char *found = NULL;
  gsize length = 0;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  Reader reader = { rows, cells, cell };
  gboolean quoted = FALSE, at_start = TRUE;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!(text = to_utf8 (bytes, &length, &found, error)))
    return NULL;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (quoted)
        {
          if (c != '"')
            g_string_append_c (cell, c);
          else if (i + 1 < length && text[i + 1] == '"')
            g_string_append_c (cell, text[++i]);
          else
            quoted = FALSE;
          continue;
        }
      if (c == '"' && at_start)
        {
          quoted = TRUE;
          at_start = FALSE;
          continue;
        }
      at_start = FALSE;
      if (c == ',')
        {
          if (!end_cell (&reader, error))
            return NULL;
          at_start = TRUE;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && i + 1 < length && text[i + 1] == '\n')
            i++;
          if (!end_row (&reader, error))
            return NULL;
          at_start = TRUE;
        }
      else
        g_string_append_c (cell, c);
    }

  if (quoted)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("Row %u: a quoted cell is never closed"), rows->len + 1);
      return NULL;
    }
  /* A last row without its line break. */
  if (cell->len > 0 || cells->len > 0 || !at_start)
    if (!end_row (&reader, error))
      return NULL;

  if (encoding)
    *encoding = found;
  return g_steal_pointer (&rows);
}
