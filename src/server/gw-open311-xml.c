/* gw-open311-xml.c: Open311 documents as XML, both ways
 *
 * The spec's XML and its JSON are one shape (the "Spark convention"): a
 * list is an element whose children all carry the singular of its name,
 * and everything else is an element with text. So one JSON tree is
 * written either way, and XML read back into the JSON the consumer reads
 * anyway. libxml2 writes and reads it: escaping, encodings and entities
 * are its job, not ours.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-open311"

#include "config.h"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "gw-error.h"
#include "gw-open311-xml.h"

/* Beyond these, an element with several children of one name is read
 * as a list too. */
static const struct
{
  const char *plural;
  const char *singular;
} lists[] = {
  { "services", "service" },
  { "service_requests", "request" },
  { "errors", "error" },
  { "attributes", "attribute" },
  { "values", "value" },
  { "endpoints", "endpoint" },
  { "formats", "format" },
};

static const char *
singular_of (const char *plural)
{
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (g_str_equal (lists[i].plural, plural))
      return lists[i].singular;
  return "item";
}

static gboolean
is_list_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (g_str_equal (lists[i].plural, name))
      return TRUE;
  return FALSE;
}

/* XML 1.0 has no place for most control characters, even escaped; our
 * own texts have none, but this writer trusts nothing it is given. */
static char *
xml_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
write_value (xmlTextWriterPtr  w,
             const char       *name,
             JsonNode         *node);

static void
write_members (xmlTextWriterPtr  w,
               JsonObject       *obj)
{
  /* In the order they were added: the spec's documents read that way. */
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    write_value (w, l->data, json_object_get_member (obj, l->data));
}

static void
write_value (xmlTextWriterPtr  w,
             const char       *name,
             JsonNode         *node)
{
  xmlTextWriterStartElement (w, BAD_CAST name);
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      write_members (w, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        const char *item = singular_of (name);

        for (guint i = 0; i < json_array_get_length (array); i++)
          write_value (w, item, json_array_get_element (array, i));
      }
      break;
    case JSON_NODE_VALUE:
      {
        g_autofree char *text = NULL;
        char number[G_ASCII_DTOSTR_BUF_SIZE];

        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          text = xml_text (json_node_get_string (node));
        else if (type == G_TYPE_BOOLEAN)
          text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_INT64)
          text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        else
          /* 15 digits: 35.4, not 35.399999999999999. */
          text = g_strdup (g_ascii_formatd (number, sizeof number, "%.15g", json_node_get_double (node)));
        xmlTextWriterWriteString (w, BAD_CAST text);
      }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
  xmlTextWriterEndElement (w);
}

/* @node as the document @root: an array's items are named after the
 * singular of @root ("services" → "service"). */
GBytes *
gw_open311_xml_write (const char *root,
                      JsonNode   *node)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  xmlTextWriterPtr w = xmlNewTextWriterMemory (buffer, 0);
  GBytes *bytes;

  xmlTextWriterStartDocument (w, NULL, "utf-8", NULL);
  write_value (w, root, node);
  xmlTextWriterEndDocument (w);
  xmlFreeTextWriter (w);
  bytes = g_bytes_new (xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);
  return bytes;
}

static gboolean
all_named (xmlNodePtr  first,
           guint      *count)
{
  const xmlChar *name = NULL;

  *count = 0;
  for (xmlNodePtr c = first; c; c = c->next)
    {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (name && !xmlStrEqual (name, c->name))
        return FALSE;
      name = c->name;
      (*count)++;
    }
  return TRUE;
}

static JsonNode *
read_element (xmlNodePtr   element,
              guint        depth,
              GError     **error)
{
  xmlNodePtr first = NULL;
  guint count;

  if (depth > GW_OPEN311_XML_MAX_DEPTH)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The XML is nested deeper than %d elements",
                   GW_OPEN311_XML_MAX_DEPTH);
      return NULL;
    }
  for (xmlNodePtr c = element->children; c && !first; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      first = c;

  /* A leaf: its text, or null when it is empty (<account_id/>). */
  if (first == NULL)
    {
      g_autofree xmlChar *content = xmlNodeGetContent (element);
      JsonNode *leaf = json_node_alloc ();

      if (content == NULL || *content == '\0')
        return json_node_init_null (leaf);
      return json_node_init_string (leaf, (const char *) content);
    }

  if (all_named (first, &count) && (is_list_name ((const char *) element->name) || count > 1))
    {
      g_autoptr(JsonArray) array = json_array_new ();

      for (xmlNodePtr c = first; c; c = c->next)
        {
          JsonNode *item;

          if (c->type != XML_ELEMENT_NODE)
            continue;
          if (!(item = read_element (c, depth + 1, error)))
            return NULL;
          json_array_add_element (array, item);
        }
      return json_node_init_array (json_node_alloc (), array);
    }
  else
    {
      g_autoptr(JsonObject) obj = json_object_new ();

      for (xmlNodePtr c = first; c; c = c->next)
        {
          JsonNode *member;

          if (c->type != XML_ELEMENT_NODE)
            continue;
          if (!(member = read_element (c, depth + 1, error)))
            return NULL;
          /* A repeated member that is no list: the first one counts. */
          if (json_object_has_member (obj, (const char *) c->name))
            json_node_unref (member);
          else
            json_object_set_member (obj, (const char *) c->name, member);
        }
      return json_node_init_object (json_node_alloc (), obj);
    }
}

/* An Open311 XML document as the JSON the spec maps it to: the root's
 * list (services, service_requests, errors) is an array. No network, no
 * DTD, no entity expansion: what came is all that is read. */
JsonNode *
gw_open311_xml_read (GBytes  *bytes,
                     GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  xmlDocPtr doc;
  xmlNodePtr root;
  JsonNode *node;

  if (size == 0 || size > G_MAXINT)
    {
      g_set_error_literal (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The XML document is empty or too large");
      return NULL;
    }
  doc = xmlReadMemory (data, (int) size, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (doc == NULL || !(root = xmlDocGetRootElement (doc)))
    {
      xmlFreeDoc (doc);
      g_set_error_literal (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The body is not an XML document");
      return NULL;
    }
  node = read_element (root, 0, error);
  xmlFreeDoc (doc);
  return node;
}
