/* gw-json.c: json-glib helpers that never emit a critical on bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-json.h"

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

JsonNode *
gw_json_parse_bytes (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0)
    return gw_json_fail (error, _("empty document"));

  if (!json_parser_load_from_data (parser, data, len, &local_error))
    return gw_json_fail (error, _("not valid JSON: %s"), local_error->message);

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
