/* gw-open311-serve.c: Open311 GeoReport v2 under /open311/v2/
 *
 * Residents' apps and hotline platforms speak the one open standard for
 * reporting to a city; this is the town server answering them. The
 * format is the path's suffix (.json or .xml), errors are the spec's
 * array, and the api_key is the token of an account of role "intake":
 * it reports cases and reads back what it reported, nothing else. Any
 * other account's key reads every case, with the private fields (who
 * called, who works on it, internal notes) left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-open311"

#include "config.h"

#include <string.h>

#include "gw-json.h"
#include "gw-open311-xml.h"
#include "gw-open311.h"
#include "gw-town-server-private.h"

#define SPECIFICATION "http://wiki.open311.org/GeoReport_v2"
/* When this endpoint's behaviour last changed, as discovery reports it. */
#define CHANGESET "2026-12-03T00:00:00Z"

static void
gw_open311_reader_clear (GwOpen311Reader *reader)
{
  g_clear_pointer (&reader->user, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwOpen311Reader, gw_open311_reader_clear)

void
gw_open311_send (SoupServerMessage *msg,
                 GwOpen311Format    format,
                 guint              status,
                 const char        *root,
                 JsonNode          *node)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;

  if (format == GW_OPEN311_XML)
    {
      body = gw_open311_xml_write (root, node);
      soup_message_headers_replace (headers, "Content-Type", "text/xml; charset=utf-8");
    }
  else
    {
      body = gw_json_to_bytes (node);
      soup_message_headers_replace (headers, "Content-Type", "application/json; charset=utf-8");
    }
  soup_server_message_set_status (msg, status, status == 429 ? "Too Many Requests" : NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

/* [{"code": 400, "description": "…"}], or <errors><error>… in XML. */
void
gw_open311_send_error (SoupServerMessage *msg,
                       GwOpen311Format    format,
                       guint              status,
                       const char        *description)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *valid = g_utf8_make_valid (description, -1);

  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, status);
  gw_json_builder_add_string (b, "description", valid);
  json_builder_end_object (b);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  gw_open311_send (msg, format, status, "errors", root);
}

/* The api_key names an account as a bearer token would, and a wrong one
 * counts against the address the same way. */
gboolean
gw_open311_authenticate (GwOpen311Reader   *reader,
                         SoupServerMessage *msg,
                         const char        *api_key)
{
  GwTownServer *self = reader->server;
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  GwTokenState state = GW_TOKEN_UNKNOWN;
  const char *refusal = NULL;
  guint retry_after;

  if ((api_key == NULL || *api_key == '\0') && header && g_str_has_prefix (header, "Bearer "))
    api_key = header + strlen ("Bearer ");
  if (api_key && *api_key &&
      (state = gw_store_authenticate (self->store, api_key, &reader->user, &reader->role)) == GW_TOKEN_VALID)
    return TRUE;

  retry_after = gw_town_server_count_auth_failure (self, msg, g_uri_get_path (soup_server_message_get_uri (msg)));
  if (retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      gw_open311_send_error (msg, reader->format, 429,
                             "Too many failed authentications from this address; try again later");
      return FALSE;
    }
  gw_town_server_token_refusal (state, api_key && *api_key, &refusal);
  gw_open311_send_error (msg, reader->format, SOUP_STATUS_FORBIDDEN,
                         api_key && *api_key ? refusal : "An api_key is required");
  return FALSE;
}

static void
send_discovery (GwOpen311Reader   *reader,
                SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  const char *host = g_uri_get_host (uri);

  url = g_strdup_printf ("%s://%s%s%s:%d%s", g_uri_get_scheme (uri), strchr (host, ':') ? "[" : "", host,
                         strchr (host, ':') ? "]" : "", g_uri_get_port (uri), GW_OPEN311_PREFIX);
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "changeset", CHANGESET);
  gw_json_builder_add_string (b, "contact", "The county's command center");
  gw_json_builder_add_string (b, "key_service", "gridwatch-townd --add-user NAME --role intake");
  json_builder_set_member_name (b, "endpoints");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "specification", SPECIFICATION);
  gw_json_builder_add_string (b, "url", url);
  gw_json_builder_add_string (b, "changeset", CHANGESET);
  gw_json_builder_add_string (b, "type", "production");
  json_builder_set_member_name (b, "formats");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "text/xml");
  json_builder_add_string_value (b, "application/json");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gw_open311_send (msg, reader->format, SOUP_STATUS_OK, "discovery", root);
}

static void
add_service (JsonBuilder *b,
             GwCategory  *category,
             gboolean     english)
{
  const GwCategoryInfo *info = gw_category_get_info (category);
  const char *name = english && info->name_en ? info->name_en : info->name;
  const char *group = english && info->major_name_en ? info->major_name_en : info->major_name;

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "service_code", info->code);
  gw_json_builder_add_string (b, "service_name", name);
  gw_json_builder_add_string (b, "description", name);
  /* Categories take no questions of their own yet. */
  json_builder_set_member_name (b, "metadata");
  json_builder_add_boolean_value (b, FALSE);
  gw_json_builder_add_string (b, "type", "realtime");
  gw_json_builder_add_string (b, "keywords", group);
  gw_json_builder_add_string (b, "group", group);
  json_builder_end_object (b);
}

static void
send_services (GwOpen311Reader   *reader,
               SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = gw_store_list_categories (reader->server->store, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (categories == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
      gw_open311_send_error (msg, reader->format, SOUP_STATUS_SERVICE_UNAVAILABLE, error->message);
      return;
    }
  json_builder_begin_array (b);
  for (guint i = 0; i < categories->len; i++)
    add_service (b, g_ptr_array_index (categories, i), reader->english);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  gw_open311_send (msg, reader->format, SOUP_STATUS_OK, "services", root);
}

static void
send_definition (GwOpen311Reader   *reader,
                 SoupServerMessage *msg,
                 const char        *code)
{
  g_autoptr(GwCategory) category = gw_store_lookup_category (reader->server->store, code);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (category == NULL)
    {
      gw_open311_send_error (msg, reader->format, SOUP_STATUS_NOT_FOUND, "There is no such service_code");
      return;
    }
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "service_code", gw_category_get_code (category));
  json_builder_set_member_name (b, "attributes");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gw_open311_send (msg, reader->format, SOUP_STATUS_OK, "service_definition", root);
}

/* The request's language for names: Chinese unless English is asked for. */
static gboolean
wants_english (GHashTable *query)
{
  const char *locale = query ? g_hash_table_lookup (query, "locale") : NULL;

  return locale && g_ascii_strncasecmp (locale, "en", 2) == 0;
}

static void
route (GwOpen311Reader   *reader,
       SoupServerMessage *msg,
       const char        *resource,
       GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean get = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;
  g_auto(GStrv) parts = g_strsplit (resource, "/", 3);
  guint n = g_strv_length (parts);
  const char *allow = "GET, HEAD";

  if (n == 1 && g_str_equal (parts[0], "discovery") && get)
    send_discovery (reader, msg);
  else if (n == 1 && g_str_equal (parts[0], "services") && get)
    send_services (reader, msg);
  else if (n == 2 && g_str_equal (parts[0], "services") && *parts[1] && get)
    send_definition (reader, msg, parts[1]);
  else if (n == 1 && g_str_equal (parts[0], "requests") && get)
    gw_open311_get_requests (reader, msg, query);
  else if (n == 1 && g_str_equal (parts[0], "requests") && method == SOUP_METHOD_POST)
    gw_open311_post_request (reader, msg);
  else if (n == 2 && g_str_equal (parts[0], "requests") && *parts[1] && get)
    gw_open311_get_request (reader, msg, query, parts[1]);
  else if (n == 2 && g_str_equal (parts[0], "tokens") && *parts[1] && get)
    /* Nothing waits in a queue here: a POST answers with its id. */
    gw_open311_send_error (msg, reader->format, SOUP_STATUS_NOT_FOUND,
                           "There is no such token: requests are not queued here");
  else if (n <= 2 && (g_str_equal (parts[0], "discovery") || g_str_equal (parts[0], "services") ||
                      g_str_equal (parts[0], "requests") || g_str_equal (parts[0], "tokens")))
    {
      if (n == 1 && g_str_equal (parts[0], "requests"))
        allow = "GET, HEAD, POST";
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
      gw_open311_send_error (msg, reader->format, SOUP_STATUS_METHOD_NOT_ALLOWED, "This method is not allowed here");
    }
  else
    gw_open311_send_error (msg, reader->format, SOUP_STATUS_NOT_FOUND, "There is no such resource");
}

void
gw_open311_serve (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  g_auto(GwOpen311Reader) reader = { user_data, NULL, 0, wants_english (query), GW_OPEN311_JSON };
  g_autofree char *resource = NULL;
  const char *dot;

  if (!g_str_has_prefix (path, GW_OPEN311_PREFIX "/"))
    {
      gw_open311_send_error (msg, reader.format, SOUP_STATUS_NOT_FOUND, "There is no such resource");
      return;
    }
  resource = g_strdup (path + strlen (GW_OPEN311_PREFIX "/"));

  /* The format is the suffix, as the spec has it. */
  dot = strrchr (resource, '.');
  if (dot && g_str_equal (dot, ".xml"))
    reader.format = GW_OPEN311_XML;
  else if (dot == NULL || !g_str_equal (dot, ".json"))
    {
      gw_open311_send_error (msg, reader.format, SOUP_STATUS_NOT_FOUND,
                             "Ask for a format: a path ends in .json or .xml");
      return;
    }
  resource[dot - resource] = '\0';
  route (&reader, msg, resource, query);
}
