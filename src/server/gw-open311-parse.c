/* gw-open311-parse.c: another system's Open311 answers, read tolerantly
 *
 * Real endpoints are messy: coordinates as numbers, strings, "null", ""
 * or 0,0 for "unknown"; "lon" for "long"; CRLF and escaped slashes in
 * text; times without a zone or with a space for the T; the list bare,
 * or wrapped; an HTML page where JSON should be. What can be read is
 * taken, one request at a time; what cannot is skipped with a reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-open311"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-error.h"
#include "gw-field.h"
#include "gw-geo.h"
#include "gw-json.h"
#include "gw-open311-parse.h"
#include "gw-open311-xml.h"
#include "gw-work-calendar.h"

/* More than any endpoint sends in a page; beyond it the rest waits. */
#define MAX_REQUESTS 10000

void
gw_open311_request_free (GwOpen311Request *r)
{
  g_free (r->id);
  g_free (r->status_notes);
  g_free (r->service_code);
  g_free (r->service_name);
  g_free (r->description);
  g_free (r->address);
  g_free (r->media_url);
  g_free (r->requested);
  g_free (r->updated);
  g_free (r);
}

/* A member as text, whatever its type; NULL for absent, null, "" and the
 * word "null" some endpoints write. */
static const char *
scalar (JsonObject *obj,
        const char *member,
        char        buffer[G_ASCII_DTOSTR_BUF_SIZE])
{
  JsonNode *node = json_object_get_member (obj, member);
  const char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node) == G_TYPE_STRING ? 0 : json_node_get_value_type (node) == G_TYPE_INT64 ? 1 : 2)
    {
    case 0:
      text = json_node_get_string (node);
      break;
    case 1:
      g_snprintf (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%" G_GINT64_FORMAT, json_node_get_int (node));
      text = buffer;
      break;
    default:
      if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
        return NULL;
      text = g_ascii_dtostr (buffer, G_ASCII_DTOSTR_BUF_SIZE, json_node_get_double (node));
      break;
    }
  if (text == NULL || *text == '\0' || g_ascii_strcasecmp (text, "null") == 0)
    return NULL;
  return text;
}

/* Text as we keep it: valid UTF-8, CRLF and CR as LF, no other control
 * characters (tabs become spaces), trimmed, cut at @max characters. */
static char *
clean (const char *text,
       guint       max,
       gboolean    multiline)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n = 0;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p && n < max; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r' && p[1] == '\n')
        continue;
      if (c == '\r' || c == '\n')
        c = multiline ? '\n' : ' ';
      else if (c == '\t')
        c = ' ';
      else if (g_unichar_iscntrl (c) || c == 0xFFFE || c == 0xFFFF)
        continue;
      g_string_append_unichar (out, c);
      n++;
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    return (g_string_free (out, TRUE), NULL);
  return g_string_free (out, FALSE);
}

static char *
text_of (JsonObject *obj,
         const char *member,
         guint       max,
         gboolean    multiline)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return clean (scalar (obj, member, buffer), max, multiline);
}

/* W3C times, and what endpoints send instead: a space for the T, no
 * zone (taken as UTC), fractions of a second. */
static char *
time_of (JsonObject *obj,
         const char *member)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text = scalar (obj, member, buffer);
  g_autofree char *fixed = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL || strlen (text) > 64)
    return NULL;
  fixed = g_strdup (text);
  g_strstrip (fixed);
  if (strlen (fixed) > 10 && fixed[10] == ' ')
    fixed[10] = 'T';
  /* Years before 1900 are a typo or a placeholder, and their text would
   * not read back as four digits. */
  if (!(time = g_date_time_new_from_iso8601 (fixed, utc)) || g_date_time_get_year (time) < 1900)
    return NULL;
  return gw_format_rfc3339 (time);
}

static gboolean
number_of (JsonObject *obj,
           const char *member,
           double     *value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text = scalar (obj, member, buffer);
  char *end = NULL;

  if (text == NULL || strlen (text) > 40)
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  while (end && g_ascii_isspace (*end))
    end++;
  return end != text && *end == '\0' && isfinite (*value);
}

static void
read_location (JsonObject       *obj,
               GwOpen311Request *r)
{
  const char *lon_names[] = { "long", "lon", "lng" };
  gboolean have_lon = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (lon_names) && !have_lon; i++)
    have_lon = number_of (obj, lon_names[i], &r->lon);
  /* 0,0 is the Gulf of Guinea: the placeholder of an endpoint that had none. */
  r->located = have_lon && number_of (obj, "lat", &r->lat) && gw_coordinate_is_valid (r->lon, r->lat) &&
               !(r->lat == 0 && r->lon == 0);
}

static GwOpen311Request *
read_request (JsonNode  *node,
              char     **reason)
{
  JsonObject *obj = gw_json_node_get_object (node);
  g_autoptr(GwOpen311Request) r = g_new0 (GwOpen311Request, 1);
  g_autofree char *status = NULL;

  if (obj == NULL)
    return *reason = g_strdup ("a request that is not an object"), NULL;
  if (!(r->id = text_of (obj, "service_request_id", GW_FIELD_NAME_CHARS, FALSE)))
    return *reason = g_strdup ("a request without a service_request_id"), NULL;
  status = text_of (obj, "status", GW_FIELD_NAME_CHARS, FALSE);
  r->closed = status && g_ascii_strncasecmp (status, "closed", 6) == 0;
  r->status_notes = text_of (obj, "status_notes", GW_FIELD_TEXT_CHARS, TRUE);
  r->service_code = text_of (obj, "service_code", GW_FIELD_NAME_CHARS, FALSE);
  r->service_name = text_of (obj, "service_name", GW_FIELD_NAME_CHARS, FALSE);
  r->description = text_of (obj, "description", GW_FIELD_DESCRIPTION_CHARS, TRUE);
  r->address = text_of (obj, "address", GW_FIELD_NAME_CHARS, FALSE);
  r->media_url = text_of (obj, "media_url", GW_FIELD_TEXT_CHARS, FALSE);
  r->requested = time_of (obj, "requested_datetime");
  r->updated = time_of (obj, "updated_datetime");
  read_location (obj, r);
  return g_steal_pointer (&r);
}

/* The spec's error list, as one message. */
static char *
errors_text (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array) && i < 5; i++)
    {
      JsonObject *e = gw_json_node_get_object (json_array_get_element (array, i));
      g_autofree char *code = e ? text_of (e, "code", 10, FALSE) : NULL;
      g_autofree char *description = e ? text_of (e, "description", 200, FALSE) : NULL;

      if (code || description)
        g_string_append_printf (text, "%s%s %s", text->len ? "; " : "", code ? code : "?", description ? description : "");
    }
  return text->len ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static gboolean
is_error_list (JsonArray *array)
{
  JsonObject *first = json_array_get_length (array) ? gw_json_node_get_object (json_array_get_element (array, 0)) : NULL;

  return first && json_object_has_member (first, "code") && json_object_has_member (first, "description") &&
         !json_object_has_member (first, "service_request_id") && !json_object_has_member (first, "service_code");
}

/* The document as JSON: JSON itself, or XML read into the spec's JSON. */
static JsonNode *
read_document (GBytes  *bytes,
               GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  gsize i = 0;

  while (i < size && (g_ascii_isspace (data[i]) || (guchar) data[i] == 0xEF || (guchar) data[i] == 0xBB ||
                      (guchar) data[i] == 0xBF))
    i++;
  if (i < size && data[i] == '<')
    {
      if (size - i >= 5 && (g_ascii_strncasecmp (data + i, "<!doc", 5) == 0 || g_ascii_strncasecmp (data + i, "<html", 5) == 0))
        {
          g_set_error_literal (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The endpoint sent an HTML page, not Open311");
          return NULL;
        }
      return gw_open311_xml_read (bytes, error);
    }
  return gw_json_parse_bytes (bytes, error);
}

/* The list in a document: bare, or wrapped as {"service_requests": […]}
 * or {"requests": […]}, or an XML root holding one <request>. */
static JsonArray *
list_in (JsonNode   *root,
         const char *const *wrappers)
{
  JsonObject *obj;

  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  if (!(obj = gw_json_node_get_object (root)))
    return NULL;
  for (guint i = 0; wrappers[i]; i++)
    {
      JsonNode *node = json_object_get_member (obj, wrappers[i]);

      if (node && JSON_NODE_HOLDS_ARRAY (node))
        return json_node_get_array (node);
    }
  return NULL;
}

static JsonArray *
read_list (GBytes            *bytes,
           const char *const *wrappers,
           JsonNode         **root,
           GError           **error)
{
  JsonArray *array;
  g_autofree char *errors = NULL;

  if (!(*root = read_document (bytes, error)))
    return NULL;
  /* A single <request> in a wrapper reads as an object holding it. */
  if (JSON_NODE_HOLDS_OBJECT (*root) && json_object_has_member (json_node_get_object (*root), "request") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (*root), "request")))
    {
      JsonArray *one = json_array_new ();

      json_array_add_element (one, json_node_ref (json_object_get_member (json_node_get_object (*root), "request")));
      json_node_unref (*root);
      *root = json_node_init_array (json_node_alloc (), one);
      json_array_unref (one);
    }
  if (!(array = list_in (*root, wrappers)))
    {
      g_set_error_literal (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The document holds no list");
      return NULL;
    }
  if (is_error_list (array))
    {
      errors = errors_text (array);
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The endpoint answered with errors: %s",
                   errors ? errors : "?");
      return NULL;
    }
  return array;
}

GPtrArray *
gw_open311_parse_requests (GBytes     *bytes,
                           GPtrArray  *skipped,
                           GError    **error)
{
  static const char *const wrappers[] = { "service_requests", "requests", "request", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_open311_request_free);
  JsonArray *array;

  if (!(array = read_list (bytes, wrappers, &root, error)))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array) && i < MAX_REQUESTS; i++)
    {
      g_autofree char *reason = NULL;
      GwOpen311Request *r = read_request (json_array_get_element (array, i), &reason);

      if (r)
        g_ptr_array_add (requests, r);
      else if (skipped)
        g_ptr_array_add (skipped, g_strdup_printf ("request %u skipped: %s", i + 1, reason));
    }
  return g_steal_pointer (&requests);
}

GHashTable *
gw_open311_parse_services (GBytes  *bytes,
                           GError **error)
{
  static const char *const wrappers[] = { "services", "service", NULL };
  g_autoptr(JsonNode) root = NULL;
  GHashTable *services;
  JsonArray *array;

  if (!(array = read_list (bytes, wrappers, &root, error)))
    return NULL;
  services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < json_array_get_length (array) && i < MAX_REQUESTS; i++)
    {
      JsonObject *obj = gw_json_node_get_object (json_array_get_element (array, i));
      char *code = obj ? text_of (obj, "service_code", GW_FIELD_NAME_CHARS, FALSE) : NULL;

      if (code)
        g_hash_table_replace (services, code, text_of (obj, "service_name", GW_FIELD_NAME_CHARS, FALSE));
    }
  return services;
}
