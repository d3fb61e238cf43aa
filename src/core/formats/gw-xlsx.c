/* gw-xlsx.c: the rows of one sheet of an Excel (or WPS) workbook
 *
 * An .xlsx file is a ZIP archive of XML parts (ECMA-376): the workbook
 * names its sheets, its relationships say which part holds each one, and
 * texts are kept once in the shared strings. libgsf reads the archive and
 * libxml2 the parts; names are matched without their namespace, so both
 * the transitional and the strict flavour read.
 *
 * The file comes from outside: every part is bounded in size before it is
 * inflated, a part with a document type declaration (entities, the one
 * way XML expands) is refused, and rows and columns are bounded like CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-xlsx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "gw-csv.h"
#include "gw-error.h"
#include "gw-xlsx.h"

#define MAX_PART_BYTES (64 * 1024 * 1024)
#define MAX_SHARED_STRINGS 1000000

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static gpointer
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gpointer
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;

  if (error)
    {
      va_start (args, format);
      *error = g_error_new_valist (GW_ERROR, GW_ERROR_INVALID_DATA, format, args);
      va_end (args);
    }
  return NULL;
}

static gboolean
is (xmlNode    *node,
    const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name);
}

static xmlNode *
child (xmlNode    *parent,
       const char *name)
{
  for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
    if (is (n, name))
      return n;
  return NULL;
}

/* An attribute by its local name, whatever its namespace (r:id). */
static char *
attribute (xmlNode    *node,
           const char *name)
{
  for (xmlAttr *a = node->properties; a; a = a->next)
    if (g_str_equal ((const char *) a->name, name))
      {
        xmlChar *value = xmlNodeListGetString (node->doc, a->children, 1);
        char *copy = g_strdup ((const char *) value);

        xmlFree (value);
        return copy;
      }
  return NULL;
}

/* The part at @path inside the archive ("xl/workbook.xml"), parsed. */
static xmlDoc *
read_part (GsfInfile   *zip,
           const char  *path,
           gboolean     optional,
           GError     **error)
{
  g_auto(GStrv) names = g_strsplit (path, "/", 16);
  g_autoptr(GsfInput) input = gsf_infile_child_by_aname (zip, (const char **) names);
  g_autofree guint8 *data = NULL;
  gsf_off_t size;
  size_t read = 0;
  xmlDoc *doc;

  if (input == NULL)
    return optional ? NULL : fail (error, _("The workbook has no part %s"), path);
  size = gsf_input_size (input);
  if (size < 0 || size > MAX_PART_BYTES)
    return fail (error, _("The workbook's part %s is larger than %u MiB"), path, MAX_PART_BYTES >> 20);
  if (size == 0)
    return fail (error, _("The workbook's part %s is not well-formed XML"), path);
  if (!(data = gsf_input_read0 (input, size, &read)) || read != (size_t) size)
    return fail (error, _("The workbook's part %s cannot be read"), path);

  doc = xmlReadMemory ((const char *) data, (int) size, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      return fail (error, _("The workbook's part %s is not well-formed XML"), path);
    }
  if (doc->intSubset != NULL)
    {
      xmlFreeDoc (doc);
      return fail (error, _("The workbook's part %s declares a document type, which workbooks never do"), path);
    }
  return doc;
}

/* The text of a cell or shared string: its <t> elements, but not the
 * phonetic guide (<rPh>) some East Asian workbooks carry beside it. */
static void
collect_text (xmlNode *node,
              GString *out)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE || is (n, "rPh"))
        continue;
      if (is (n, "t"))
        {
          xmlChar *text = xmlNodeGetContent (n);

          g_string_append (out, (const char *) text);
          xmlFree (text);
        }
      else
        collect_text (n, out);
    }
}

static GPtrArray *
read_shared_strings (GsfInfile  *zip,
                     GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(xmlDoc) doc = read_part (zip, "xl/sharedStrings.xml", TRUE, &local);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  for (xmlNode *n = doc ? xmlDocGetRootElement (doc)->children : NULL; n; n = n->next)
    if (is (n, "si"))
      {
        GString *text = g_string_new (NULL);

        if (strings->len >= MAX_SHARED_STRINGS)
          return fail (error, _("The workbook has more than %u different texts"), MAX_SHARED_STRINGS);
        collect_text (n, text);
        g_ptr_array_add (strings, g_string_free (text, FALSE));
      }
  return g_steal_pointer (&strings);
}

/* The relationship target of the sheet named @name (the first sheet when
 * NULL), as a path inside the archive. */
static char *
find_sheet_path (GsfInfile   *zip,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(xmlDoc) workbook = NULL;
  g_autoptr(xmlDoc) rels = NULL;
  g_autofree char *id = NULL;
  xmlNode *sheets;

  if (!(workbook = read_part (zip, "xl/workbook.xml", FALSE, error)) ||
      !(rels = read_part (zip, "xl/_rels/workbook.xml.rels", FALSE, error)))
    return NULL;

  sheets = child (xmlDocGetRootElement (workbook), "sheets");
  for (xmlNode *n = sheets ? sheets->children : NULL; n && !id; n = n->next)
    if (is (n, "sheet"))
      {
        g_autofree char *sheet_name = attribute (n, "name");

        if (name == NULL || g_strcmp0 (sheet_name, name) == 0)
          id = attribute (n, "id");
      }
  if (id == NULL)
    return name ? fail (error, _("The workbook has no sheet named “%s”"), name)
                : fail (error, _("The workbook has no sheets"));

  for (xmlNode *n = xmlDocGetRootElement (rels)->children; n; n = n->next)
    if (is (n, "Relationship"))
      {
        g_autofree char *rel_id = attribute (n, "Id");
        g_autofree char *target = NULL;

        if (g_strcmp0 (rel_id, id) != 0 || !(target = attribute (n, "Target")))
          continue;
        /* Relative to xl/, or absolute from the archive's root. */
        if (target[0] == '/')
          return g_strdup (target + 1);
        return g_strconcat ("xl/", target, NULL);
      }
  return fail (error, _("The workbook does not say where its sheet is"));
}

static guint
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

/* libgsf 1.14.50 makes a GDateTime of each entry's DOS time and unrefs it
 * unchecked: an impossible date (month 13, hour 31) is a g_critical. The
 * archive's central directory is walked once, bounds checked, and such
 * times set to 1980-01-01 00:00 in a copy; libgsf reads everything else. */
static GBytes *
with_possible_times (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autofree guint8 *copy = NULL;
  gsize end = 0, offset;
  guint n;

  for (gsize i = size >= 22 ? size - 22 : 0; size >= 22 && i + 65557 >= size; i--)
    {
      if (le32 (data + i) == 0x06054b50)
        {
          end = i;
          break;
        }
      if (i == 0)
        break;
    }
  if (size < 22 || le32 (data + end) != 0x06054b50)
    return g_bytes_ref (bytes);

  copy = g_memdup2 (data, size);
  n = le16 (copy + end + 10);
  offset = le32 (copy + end + 16);
  for (guint i = 0; i < n && offset + 46 <= end && le32 (copy + offset) == 0x02014b50; i++)
    {
      guint time = le16 (copy + offset + 12), date = le16 (copy + offset + 14);
      guint month = (date >> 5) & 0xf, day = date & 0x1f;

      if (month < 1 || month > 12 || day < 1 || day > g_date_get_days_in_month (month, 1980 + (date >> 9)) ||
          (time >> 11) > 23 || ((time >> 5) & 0x3f) > 59 || (time & 0x1f) > 29)
        {
          copy[offset + 12] = copy[offset + 13] = 0;
          copy[offset + 14] = 0x21;
          copy[offset + 15] = 0;
        }
      offset += 46 + le16 (copy + offset + 28) + le16 (copy + offset + 30) + le16 (copy + offset + 32);
    }
  return g_bytes_new_take (g_steal_pointer (&copy), size);
}

/* "BC12" → 54 (zero-based column), or -1. */
static int
column_of (const char *ref)
{
  int column = 0, letters = 0;

  for (; ref && g_ascii_isalpha (*ref); ref++)
    {
      if (++letters > 3)
        return -1;
      column = column * 26 + (g_ascii_toupper (*ref) - 'A' + 1);
    }
  return letters > 0 ? column - 1 : -1;
}

static char *
cell_text (xmlNode    *cell,
           GPtrArray  *shared,
           GError    **error)
{
  g_autofree char *type = attribute (cell, "t");
  xmlNode *value = child (cell, "v");
  g_autofree char *v = value ? (char *) xmlNodeGetContent (value) : NULL;

  if (g_strcmp0 (type, "inlineStr") == 0)
    {
      GString *text = g_string_new (NULL);
      xmlNode *is_node = child (cell, "is");

      if (is_node)
        collect_text (is_node, text);
      return g_string_free (text, FALSE);
    }
  if (g_strcmp0 (type, "s") == 0)
    {
      guint64 index;

      if (!v || !g_ascii_string_to_unsigned (v, 10, 0, G_MAXUINT, &index, NULL) || index >= shared->len)
        return fail (error, _("A cell refers to a text the workbook does not have"));
      return g_strdup (g_ptr_array_index (shared, index));
    }
  if (g_strcmp0 (type, "b") == 0)
    return g_strdup (g_strcmp0 (v, "1") == 0 ? "TRUE" : "FALSE");
  return g_strdup (v ? v : "");
}

static gboolean
read_row (xmlNode    *row,
          GPtrArray  *shared,
          GPtrArray  *cells,
          GError    **error)
{
  for (xmlNode *c = row->children; c; c = c->next)
    {
      g_autofree char *ref = NULL;
      char *text;
      int column;

      if (!is (c, "c"))
        continue;
      ref = attribute (c, "r");
      column = ref ? column_of (ref) : (int) cells->len;
      if (column < (int) cells->len || column >= GW_TABLE_MAX_COLUMNS)
        return fail (error, _("Cell %s is out of place or beyond column %u"),
                     ref ? ref : "?", GW_TABLE_MAX_COLUMNS) != NULL;
      while ((int) cells->len < column)
        g_ptr_array_add (cells, g_strdup (""));
      if (!(text = cell_text (c, shared, error)))
        return FALSE;
      if (strlen (text) > GW_TABLE_MAX_CELL_BYTES || !g_utf8_validate (text, -1, NULL))
        {
          g_free (text);
          return fail (error, _("Cell %s is longer than %u bytes or not text"),
                       ref ? ref : "?", GW_TABLE_MAX_CELL_BYTES) != NULL;
        }
      g_ptr_array_add (cells, text);
    }
  return TRUE;
}

static GPtrArray *
read_rows (xmlDoc     *doc,
           GPtrArray  *shared,
           GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  xmlNode *data = child (xmlDocGetRootElement (doc), "sheetData");

  for (xmlNode *r = data ? data->children : NULL; r; r = r->next)
    {
      g_autofree char *number = NULL;
      g_autoptr(GPtrArray) cells = NULL;
      guint64 n = rows->len + 1;

      if (!is (r, "row"))
        continue;
      /* Rows the workbook leaves out are blank ones. */
      if ((number = attribute (r, "r")) &&
          (!g_ascii_string_to_unsigned (number, 10, 1, GW_TABLE_MAX_ROWS, &n, NULL) || n <= rows->len))
        return fail (error, _("The sheet's row %s is out of place or beyond row %u"), number, GW_TABLE_MAX_ROWS);
      while (rows->len + 1 < n)
        g_ptr_array_add (rows, g_new0 (char *, 1));

      cells = g_ptr_array_new_with_free_func (g_free);
      if (!read_row (r, shared, cells, error))
        return NULL;
      g_ptr_array_add (cells, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (cells, NULL));
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
gw_xlsx_read_sheet (GBytes      *bytes,
                    const char  *sheet,
                    GError     **error)
{
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(GPtrArray) shared = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GBytes) repaired = NULL;
  g_autofree char *path = NULL;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  repaired = with_possible_times (bytes);
  data = g_bytes_get_data (repaired, &size);

  /* An empty file has no data to hand libgsf. */
  if (data == NULL || size < 4)
    return fail (error, _("The file is not an Excel workbook (.xlsx)"));
  input = gsf_input_memory_new (data, size, FALSE);
  if (!(zip = gsf_infile_zip_new (input, NULL)))
    return fail (error, _("The file is not an Excel workbook (.xlsx)"));
  if (!(path = find_sheet_path (zip, sheet, error)) ||
      !(shared = read_shared_strings (zip, error)) ||
      !(doc = read_part (zip, path, FALSE, error)))
    return NULL;

  return read_rows (doc, shared, error);
}
