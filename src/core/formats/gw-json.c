/* gw-json.c: json-glib helpers that never emit a critical on bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-json.h"

#include <string.h>

gpointer
gw_json_fail (GError     **error,
              const char  *format,
              ...)
{
  va_list args;

  if (error != NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (GW_ERROR, GW_ERROR_INVALID_DATA, format, args);
      va_end (args);
    }

  return NULL;
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

/* The UTF-16 code unit of the \uXXXX escape at @p, or -1. */
static int
escaped_unit (const char *p,
              const char *end)
{
  int unit = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (guint i = 2; i < 6; i++)
    {
      int v = hex_value (p[i]);
      if (v < 0)
        return -1;
      unit = unit * 16 + v;
    }
  return unit;
}

static gboolean
scan_defect (GwJsonScan  *scan,
             gsize        offset,
             const char  *what,
             GError     **error)
{
  if (!scan->repair)
    {
      gw_json_fail (error, _("not valid JSON text: %s at byte %zu"), what, offset);
      return FALSE;
    }
  if (scan->defects)
    g_array_append_val (scan->defects, offset);
  return TRUE;
}

/* Bytes that are not UTF-8, and NUL, never reach json-glib. */
static gboolean
scan_utf8 (char        *data,
           gsize        len,
           GwJsonScan  *scan,
           GError     **error)
{
  const char *p = data;
  const char *end;

  /* An empty body comes as NULL: no arithmetic on that (found by fuzzing). */
  if (len == 0)
    return TRUE;
  end = data + len;
  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate_len (p, end - p, &valid_end))
        break;
      if (!scan_defect (scan, valid_end - data, *valid_end ? _("a byte that is not UTF-8") : _("a NUL byte"), error))
        return FALSE;
      data[valid_end - data] = '?';
      p = valid_end + 1;
    }
  return TRUE;
}

/* A \u escape that would make a NUL (which truncates C strings) or a lone
 * UTF-16 surrogate (which json-glib turns into bytes that are not UTF-8).
 * Mended to U+FFFD, the same six bytes. Returns the escape's length. */
static gssize
scan_escape (char        *data,
             gsize        offset,
             gsize        len,
             GwJsonScan  *scan,
             GError     **error)
{
  char *p = data + offset;
  const char *end = data + len;
  int unit = escaped_unit (p, end);
  const char *what = NULL;

  /* JSON's escapes only: json-glib also reads octal ones (\377), which
   * make bytes that are not UTF-8 or a NUL, and reads a \u escape short
   * of four hex digits past its end, making a lone surrogate or ending a
   * string where we do not think it ends (both found by fuzzing). */
  if (end - p >= 2 && (memchr ("\"\\/bfnrtu", p[1], 9) == NULL || (p[1] == 'u' && unit < 0)))
    {
      gw_json_fail (error, _("not valid JSON text: %s at byte %zu"), _("an escape that JSON does not have"), offset);
      return -1;
    }
  if (unit < 0)
    return 2;
  if (unit == 0)
    what = _("an escaped NUL");
  else if (unit >= 0xDC00 && unit <= 0xDFFF)
    what = _("a lone UTF-16 surrogate");
  else if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      int low = escaped_unit (p + 6, end);

      if (low >= 0xDC00 && low <= 0xDFFF)
        return 12;
      what = _("a lone UTF-16 surrogate");
    }
  if (what == NULL)
    return 6;
  if (!scan_defect (scan, offset, what, error))
    return -1;
  memcpy (p, "\\ufffd", 6);
  return 6;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

typedef enum
{
  ROOT_NONE,
  ROOT_SCALAR,
  ROOT_OPEN,      /* an object, array or string, or what cannot start one */
  ROOT_DONE,
} RootState;

static gboolean
is_scalar_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '-' || c == '.';
}

/* Outside strings JSON has white space, its punctuation, what numbers,
 * true, false and null are written with, and one value at the top level.
 * json-glib (1.6) reads more: comments, single-quoted strings, and text
 * after the root, where it parses a second value whole and leaks it, so
 * that a body such as 0{…} or ['[']{…} cost the server its size each
 * time (found by fuzzing). Whatever it would read otherwise than this
 * scan is refused. Returns what is wrong, or NULL. */
static const char *
check_structure (char       c,
                 guint      depth,
                 RootState *root)
{
  if (c == '\0' || (!is_scalar_char (c) && !strchr ("{}[]:,\"", c)))
    return _("a character that JSON does not have outside strings");
  if (depth > 0)
    return NULL;
  if (*root == ROOT_NONE)
    *root = is_scalar_char (c) ? ROOT_SCALAR : ROOT_OPEN;
  else if (!(*root == ROOT_SCALAR && is_scalar_char (c)))
    return _("more than one value at the top level");
  return NULL;
}

/* Checks a JSON document's text before a parser sees it: UTF-8 with no
 * NUL, no escape that decodes to NUL or to a lone surrogate, no escape
 * that JSON does not have, nothing outside strings that JSON does not
 * have, one value at the top level, and nesting no deeper than
 * scan->max_depth. With scan->repair,
 * text defects are mended in place (same length) and recorded, so the
 * caller can tell which element of a page held them; structure is never
 * mended. Without repair @data is only read. */
gboolean
gw_json_scan (char        *data,
              gsize        len,
              GwJsonScan  *scan,
              GError     **error)
{
  guint max_depth = scan->max_depth ? scan->max_depth : GW_JSON_MAX_DEPTH;
  g_autofree guint8 *is_array = g_new0 (guint8, max_depth + 1);
  guint depth = 0;
  gboolean in_string = FALSE;
  gssize elem_start = -1;
  gsize elem_last = 0;
  RootState root = ROOT_NONE;
  const char *wrong;
  /* A byte-order mark, which json-glib skips, is not a value. */
  gsize start = len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

  if (!scan_utf8 (data, len, scan, error))
    return FALSE;

  for (gsize i = start; i < len; i++)
    {
      char c = data[i];
      gboolean in_element = depth >= 2 && is_array[2] && !is_array[1];

      if (in_string)
        {
          if (c == '\\')
            {
              gssize n = scan_escape (data, i, len, scan, error);

              if (n < 0)
                return FALSE;
              i += n - 1;
            }
          else if (c == '"')
            in_string = FALSE;
          if (elem_start >= 0)
            elem_last = MIN (i, len - 1);
          continue;
        }

      if (is_json_space (c))
        {
          if (depth == 0 && root == ROOT_SCALAR)
            root = ROOT_DONE;
          continue;
        }
      if ((wrong = check_structure (c, depth, &root)))
        return gw_json_fail (error, _("not valid JSON text: %s at byte %zu"), wrong, i), FALSE;

      /* An element of a root member array starts and ends at depth 2. */
      if (depth == 2 && in_element && (c == ',' || c == ']'))
        {
          if (elem_start >= 0 && scan->elements)
            {
              GwJsonRange range = { elem_start, elem_last + 1 };
              g_array_append_val (scan->elements, range);
            }
          elem_start = -1;
        }
      else if (depth == 2 && in_element && elem_start < 0)
        elem_start = i;
      if (elem_start >= 0)
        elem_last = i;

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return gw_json_fail (error, _("nested deeper than %u levels"), max_depth), FALSE;
          is_array[depth] = c == '[';
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

JsonNode *
gw_json_parse_bytes (GBytes  *bytes,
                     GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  GwJsonScan scan = { 0 };

  if (len == 0)
    return gw_json_fail (error, _("empty document"));

  /* Without repair the scan only reads. */
  if (!gw_json_scan ((char *) data, len, &scan, error))
    return NULL;
  return gw_json_parse_scanned (bytes, error);
}

/* @bytes as gw_json_parse_bytes() reads them, once gw_json_scan() has
 * passed them (with the default depth): a 100,000-case pull scanned
 * every page twice. */
JsonNode *
gw_json_parse_scanned (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0)
    return gw_json_fail (error, _("empty document"));

  /* json-glib's message quotes the text it stopped at, cut anywhere,
   * even inside a character; the server sends it back and audits it
   * (found by fuzzing). */
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      return gw_json_fail (error, _("not valid JSON: %s"), message);
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    return gw_json_fail (error, _("empty document"));

  return json_node_ref (root);
}

GBytes *
gw_json_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len;
  char *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

JsonObject *
gw_json_node_get_object (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
gw_json_object_get_array (JsonObject *obj,
                          const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

const char *
gw_json_object_get_string (JsonObject *obj,
                           const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
gw_json_object_get_number (JsonObject *obj,
                           const char *member,
                           double     *value)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;

  *value = json_node_get_double (node);
  return TRUE;
}

gint64
gw_json_object_get_int (JsonObject *obj,
                        const char *member,
                        gint64      default_value)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return default_value;
  return json_node_get_int (node);
}

gboolean
gw_json_object_get_bool (JsonObject *obj,
                         const char *member,
                         gboolean    default_value)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;
  return json_node_get_boolean (node);
}

char **
gw_json_object_dup_strv (JsonObject *obj,
                         const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *arr = gw_json_object_get_array (obj, member);

  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);

      if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (el));
    }

  return g_strv_builder_end (builder);
}

char *
gw_json_node_dup_scalar (JsonNode *node)
{
  /* Codes come as strings in our API but as numbers in DataV files. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);
        if (d == (double) (gint64) d)
          return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) d);
        return NULL;
      }
    default:
      return NULL;
    }
}

void
gw_json_builder_add_strv (JsonBuilder        *builder,
                          const char         *member,
                          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv && strv[i]; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

void
gw_json_builder_add_string (JsonBuilder *builder,
                            const char  *member,
                            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* All or nothing: one bad element and the caller keeps what it had. */
GPtrArray *
gw_json_array_to_objects (JsonArray       *array,
                          GwJsonFromNode   from_node,
                          GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer item = from_node (json_array_get_element (array, i), error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}
