/* gw-town-server-media.c: photos of cases
 *
 * POST /api/v1/media takes a PNG or JPEG from a grid worker's phone (or
 * a dispatcher's desk) and answers with its URL, which the report or the
 * "handle" action then names. GET /api/v1/media/{sha256} gives it back;
 * a photo never changes, so it may be cached for good.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include "gw-json.h"
#include "gw-photo.h"
#include "gw-town-server-private.h"

static gboolean
may_upload (GwRole role)
{
  return role == GW_ROLE_WORKER || role == GW_ROLE_DEPARTMENT || role == GW_ROLE_DISPATCHER || role == GW_ROLE_ADMIN;
}

static void
handle_upload (GwTownServer      *self,
               SoupServerMessage *msg)
{
  g_auto(GwCaller) caller = { 0 };
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) data = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;
  const char *type;

  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return;
  if (!may_upload (caller.role))
    {
      gw_town_server_refuse (self, msg, &caller, "upload_photo", NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "This role may not add photos");
      return;
    }
  if (body->length > GW_MEDIA_MAX_BYTES)
    {
      gw_town_server_refuse (self, msg, &caller, "upload_photo", NULL, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                             "too_large", "A photo may be at most 8 MB");
      return;
    }
  data = soup_message_body_flatten (body);
  if (!(type = gw_media_sniff (data)))
    {
      gw_town_server_refuse (self, msg, &caller, "upload_photo", NULL, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                             "unsupported_media_type", "Photos are PNG or JPEG");
      return;
    }
  if (!(id = gw_store_put_media (self->store, data, type, &error)))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }

  url = g_strconcat (GW_MEDIA_PATH, id, NULL);
  b = json_builder_new ();
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "id", id);
  gw_json_builder_add_string (b, "url", url);
  gw_json_builder_add_string (b, "content_type", type);
  json_builder_end_object (b);
  answer = json_builder_get_root (b);
  gw_town_server_send_node (msg, SOUP_STATUS_CREATED, answer);
}

static void
handle_download (GwTownServer      *self,
                 SoupServerMessage *msg,
                 const char        *id)
{
  g_auto(GwCaller) caller = { 0 };
  g_autofree char *content_type = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) data = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return;
  if (!(data = gw_store_get_media (self->store, id, &content_type)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such photo");
      return;
    }
  etag = g_strdup_printf ("\"%s\"", id);
  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Cache-Control", "private, max-age=31536000, immutable");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (data, NULL), g_bytes_get_size (data));
}

/* TRUE when @resource was a photo's. */
gboolean
gw_town_server_handle_media (GwTownServer      *self,
                             SoupServerMessage *msg,
                             const char        *resource)
{
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *path = g_strconcat ("/", resource, NULL);

  if (g_str_equal (resource, "media"))
    {
      if (method != SOUP_METHOD_POST)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
          gw_town_server_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                     "Photos are added with POST");
          return TRUE;
        }
      handle_upload (self, msg);
      return TRUE;
    }
  if (!g_str_has_prefix (resource, "media/"))
    return FALSE;
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      gw_town_server_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", "Photos never change");
      return TRUE;
    }
  {
    g_autofree char *url = g_strconcat (API_PREFIX "/", resource, NULL);
    const char *id = gw_media_id_from_url (url);

    if (id == NULL)
      {
        gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such photo");
        return TRUE;
      }
    handle_download (self, msg, id);
  }
  return TRUE;
}
