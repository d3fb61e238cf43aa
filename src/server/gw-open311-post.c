/* gw-open311-post.c: a form-encoded Open311 POST as a new case
 *
 * The form becomes the very JSON body POST /api/v1/cases takes, so the
 * server's one reader of new cases checks it: the same types, ranges and
 * limits whichever way a case arrives. Here only what the form means is
 * decided.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-open311"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-field.h"
#include "gw-json.h"
#include "gw-open311.h"
#include "gw-photo.h"
#include "gw-town-server-private.h"

#define MAX_KEY_LENGTH 200

static const char *
field (GHashTable *form,
       const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  /* The spec: an empty optional argument is an absent one. */
  return value && *value ? value : NULL;
}

static gboolean
read_coordinate (const char  *text,
                 const char  *name,
                 double      *value,
                 GError     **error)
{
  char *end = NULL;

  if (strlen (text) > 32)
    return gw_json_fail (error, "“%s” is not a number", name), FALSE;
  *value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*value))
    return gw_json_fail (error, "“%s” is not a number", name), FALSE;
  return TRUE;
}

/* "first last, phone, email": who to call back, never sent out again. */
static char *
contact_of (GHashTable *form)
{
  const char *parts[] = { field (form, "first_name"), field (form, "last_name"), NULL };
  g_autofree char *name = g_strjoinv (" ", (char **) (parts[0] ? parts : parts + 1));
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;

  if (*name)
    g_strv_builder_add (b, name);
  if (field (form, "phone"))
    g_strv_builder_add (b, field (form, "phone"));
  if (field (form, "email"))
    g_strv_builder_add (b, field (form, "email"));
  all = g_strv_builder_end (b);
  return all[0] ? g_strjoinv (", ", all) : NULL;
}

/* The description as the desk reads it: what was said, then the address
 * and a photo kept elsewhere, on lines of their own. */
static char *
description_of (GHashTable *form,
                const char *outside_media)
{
  const char *lines[] = { field (form, "description"), field (form, "address_string"), outside_media };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (lines[i])
      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", lines[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

JsonObject *
gw_open311_read_post (GHashTable  *form,
                      GError     **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  const char *code = field (form, "service_code");
  const char *lat = field (form, "lat");
  const char *lon = field (form, "long");
  const char *media = field (form, "media_url");
  const char *outside_media = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *description = NULL;
  double y, x;

  if (code == NULL)
    return gw_json_fail (error, "“service_code” is required");
  if (lat == NULL || lon == NULL)
    {
      if (field (form, "address_string") || field (form, "address_id"))
        return gw_json_fail (error, "This endpoint places a request by “lat” and “long”; "
                                    "an address alone cannot be placed");
      return gw_json_fail (error, "“lat” and “long” are required");
    }
  if (!read_coordinate (lat, "lat", &y, error) || !read_coordinate (lon, "long", &x, error))
    return NULL;

  json_object_set_string_member (body, "source", "open311");
  json_object_set_string_member (body, "category", code);
  json_object_set_double_member (body, "lat", y);
  json_object_set_double_member (body, "lon", x);

  /* A photo uploaded here is a photo of the case; any other address is
   * a link the desk may follow, kept with the description. */
  if (media && gw_media_id_from_url (media))
    {
      JsonArray *list = json_array_new ();

      json_array_add_string_element (list, media);
      json_object_set_array_member (body, "media", list);
    }
  else
    outside_media = media;
  description = description_of (form, outside_media);
  json_object_set_string_member (body, "description", description);
  if ((contact = contact_of (form)))
    json_object_set_string_member (body, "reporter", contact);
  return g_steal_pointer (&body);
}

/* An intake account posts at most GW_OPEN311_POSTS_PER_MINUTE a
 * minute; 0 when it may post now, else the seconds to wait. */
static guint
throttle (GwTownServer *self,
          const char   *user)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 *slot;

  if (self->intake_posts == NULL)
    self->intake_posts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Two numbers an account: the minute, and the posts in it. */
  if (!(slot = g_hash_table_lookup (self->intake_posts, user)))
    {
      slot = g_new0 (gint64, 2);
      g_hash_table_insert (self->intake_posts, g_strdup (user), slot);
    }
  if (slot[0] != now / 60)
    slot[0] = now / 60, slot[1] = 0;
  if (slot[1] >= GW_OPEN311_POSTS_PER_MINUTE)
    return 60 - now % 60;
  slot[1]++;
  return 0;
}

/* A refusal of an authenticated caller: audited, then answered. */
static void
refuse (GwOpen311Reader   *reader,
        SoupServerMessage *msg,
        guint              status,
        const char        *description)
{
  GwCaller caller = { reader->user, reader->role };

  if (!gw_town_server_audit_refusal (reader->server, &caller, "create", NULL, status, description))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
      gw_open311_send_error (msg, reader->format, SOUP_STATUS_SERVICE_UNAVAILABLE,
                             "The audit trail cannot be written; nothing was done");
      return;
    }
  gw_open311_send_error (msg, reader->format, status, description);
}

static GHashTable *
read_form (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);

  return soup_form_decode (text);
}

static void
answer (GwOpen311Reader   *reader,
        SoupServerMessage *msg,
        guint              status,
        JsonNode          *response)
{
  JsonObject *obj = gw_json_node_get_object (response);
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (status >= 500)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
      gw_open311_send_error (msg, reader->format, status, "The case could not be stored; try again later");
      return;
    }
  if (status >= 400)
    {
      JsonObject *err = gw_json_node_get_object (json_object_get_member (obj, "error"));

      refuse (reader, msg, SOUP_STATUS_BAD_REQUEST, gw_json_object_get_string (err, "message"));
      return;
    }
  b = json_builder_new ();
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "service_request_id", gw_json_object_get_string (obj, "id"));
  json_builder_end_object (b);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  gw_open311_send (msg, reader->format, SOUP_STATUS_OK, "service_requests", root);
}

void
gw_open311_post_request (GwOpen311Reader   *reader,
                         SoupServerMessage *msg)
{
  GwTownServer *self = reader->server;
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCategory) category = NULL;
  g_autoptr(JsonNode) response = NULL;
  guint wait, status;

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    {
      gw_open311_send_error (msg, reader->format, SOUP_STATUS_BAD_REQUEST,
                             "A request is posted as application/x-www-form-urlencoded");
      return;
    }
  form = read_form (msg);
  if (!gw_open311_authenticate (reader, msg, form ? g_hash_table_lookup (form, "api_key") : NULL))
    return;
  if (!gw_case_rules_role_may (reader->role, "create"))
    {
      refuse (reader, msg, SOUP_STATUS_FORBIDDEN, "This api_key may not report requests");
      return;
    }
  if ((wait = throttle (self, reader->user)) > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      gw_open311_send_error (msg, reader->format, 429, "Too many requests from this api_key; try again later");
      return;
    }
  if (key && !gw_text_check (key, -1, GW_FIELD_NOT_BLANK, MAX_KEY_LENGTH, "Idempotency-Key", NULL))
    {
      refuse (reader, msg, SOUP_STATUS_BAD_REQUEST, "An Idempotency-Key header has 1 to 200 characters");
      return;
    }
  if (!(body = gw_open311_read_post (form, &error)))
    {
      refuse (reader, msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  /* The spec's own answer to an unknown service. */
  if (!(category = gw_store_lookup_category (self->store, json_object_get_string_member (body, "category"))))
    {
      refuse (reader, msg, SOUP_STATUS_NOT_FOUND, "There is no such service_code");
      return;
    }
  status = gw_town_server_create_case (self, reader->user, reader->role, body, key, &response);
  answer (reader, msg, status, response);
}
