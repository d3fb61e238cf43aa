/* gw-town-server.c: the town server's HTTP API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <libsoup/soup.h>
#include <netinet/in.h>
#include <string.h>

#include "gw-error.h"
#include "gw-geo.h"
#include "gw-json.h"
#include "gw-open311.h"
#include "gw-town-server-private.h"

#define LISTEN_BACKLOG 1024

typedef GPtrArray *(*ListFunc) (GwStore *store, GError **error);
typedef JsonNode *(*ToJsonFunc) (gpointer item);

static const struct
{
  const char *name;
  ListFunc list;
  ToJsonFunc to_json;
} collections[] = {
  { "grids", gw_store_list_grids, (ToJsonFunc) gw_grid_to_json },
  { "workers", gw_store_list_workers, (ToJsonFunc) gw_worker_to_json },
  { "departments", gw_store_list_departments, (ToJsonFunc) gw_department_to_json },
  { "categories", gw_store_list_categories, (ToJsonFunc) gw_category_to_json },
  { "worker-status", gw_store_list_worker_statuses, (ToJsonFunc) gw_worker_status_to_json },
};

G_STATIC_ASSERT (G_N_ELEMENTS (collections) == G_N_ELEMENTS (((GwTownServer *) 0)->cache));

G_DEFINE_FINAL_TYPE (GwTownServer, gw_town_server, G_TYPE_OBJECT)

static void
gw_town_server_dispose (GObject *object)
{
  GwTownServer *self = (GwTownServer *) object;

  g_clear_handle_id (&self->feed_poll_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  gw_town_server_dispose_connections (self);
  gw_town_server_dispose_guard (self);
  g_clear_object (&self->inspection);
  g_clear_pointer (&self->inspection_stamp, g_free);
  g_clear_pointer (&self->whistle_stamp, g_free);
  g_clear_pointer (&self->calendar_stamp, g_free);
  g_clear_pointer (&self->whistle.body, g_bytes_unref);
  g_clear_pointer (&self->whistle.etag, g_free);
  g_clear_pointer (&self->live, g_ptr_array_unref);
  if (self->server)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_object (&self->tls_certificate);
  g_clear_pointer (&self->transport_warning, g_free);
  g_clear_pointer (&self->intake_posts, g_hash_table_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->cache); i++)
    {
      g_clear_pointer (&self->cache[i].body, g_bytes_unref);
      g_clear_pointer (&self->cache[i].etag, g_free);
    }

  G_OBJECT_CLASS (gw_town_server_parent_class)->dispose (object);
}

static void
gw_town_server_class_init (GwTownServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_town_server_dispose;
}

static void
gw_town_server_init (GwTownServer *self)
{
}

void
gw_caller_clear (GwCaller *caller)
{
  g_clear_pointer (&caller->name, g_free);
}

void
gw_town_server_send_json (SoupServerMessage *msg,
                          guint              status,
                          GBytes            *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* libsoup 3.2 has no phrase of its own for 429. */
  soup_server_message_set_status (msg, status, status == 429 ? "Too Many Requests" : NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

void
gw_town_server_send_node (SoupServerMessage *msg,
                          guint              status,
                          JsonNode          *node)
{
  g_autoptr(GBytes) body = gw_json_to_bytes (node);

  gw_town_server_send_json (msg, status, body);
}

JsonNode *
gw_town_server_error_node (const char *code,
                           const char *message,
                           JsonNode   *extra_case)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  /* Messages may quote what the client sent: the answer stays UTF-8. */
  g_autofree char *valid = g_utf8_make_valid (message, -1);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "code", code);
  gw_json_builder_add_string (b, "message", valid);
  json_builder_end_object (b);
  if (extra_case)
    {
      json_builder_set_member_name (b, "case");
      json_builder_add_value (b, json_node_ref (extra_case));
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

void
gw_town_server_send_error (SoupServerMessage *msg,
                           guint              status,
                           const char        *code,
                           const char        *message)
{
  g_autoptr(JsonNode) body = gw_town_server_error_node (code, message, NULL);

  gw_town_server_send_node (msg, status, body);
}

/* Audits a refusal. An audit row that cannot be written fails the
 * request it records: the caller answers 503 instead. */
gboolean
gw_town_server_audit_refusal (GwTownServer   *self,
                              const GwCaller *caller,
                              const char     *action,
                              const char     *case_id,
                              guint           status,
                              const char     *detail)
{
  GwAuditEntry entry = {
    .user = caller ? caller->name : NULL,
    .role = caller && caller->name ? (char *) gw_role_to_string (caller->role) : NULL,
    .action = (char *) action,
    .case_id = (char *) case_id,
    .status = status,
    .detail = (char *) detail,
  };
  g_autoptr(GError) error = NULL;

  if (!gw_store_audit (self->store, &entry, &error))
    {
      g_warning ("Cannot audit a refusal (%u %s): %s", status, action, error->message);
      return FALSE;
    }
  return TRUE;
}

/* Every refusal of an authenticated caller is audited, then answered. */
void
gw_town_server_refuse (GwTownServer      *self,
                       SoupServerMessage *msg,
                       const GwCaller    *caller,
                       const char        *action,
                       const char        *case_id,
                       guint              status,
                       const char        *code,
                       const char        *message)
{
  if (!gw_town_server_audit_refusal (self, caller, action ? action : "read", case_id, status, message))
    {
      gw_town_server_send_unavailable (msg, "The audit trail cannot be written; nothing was done");
      return;
    }
  gw_town_server_send_error (msg, status, code, message);
}

void
gw_town_server_send_unavailable (SoupServerMessage *msg,
                                 const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
  gw_town_server_send_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "storage_unavailable", message);
}

/* The database could not do it: a full disk is 507, anything else (busy,
 * read-only, an I/O error) 503; either way the client may try again. */
void
gw_town_server_send_storage_error (SoupServerMessage *msg,
                                   const GError      *error)
{
  g_warning ("Storage error: %s", error->message);
  if (g_error_matches (error, GW_ERROR, GW_ERROR_STORAGE_FULL))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "300");
      gw_town_server_send_error (msg, SOUP_STATUS_INSUFFICIENT_STORAGE, "storage_full", error->message);
    }
  else
    gw_town_server_send_unavailable (msg, error->message);
}

/* Who the request's bearer token names. A failure is counted against the
 * address: then @retry_after is 0 to answer 401, or the seconds to put in
 * a 429's Retry-After, and @code and @refusal say why. The caller is kept
 * with @msg, so asking again (the body's early check, then the handler)
 * costs the store nothing. */
gboolean
gw_town_server_authenticate (GwTownServer       *self,
                             SoupServerMessage  *msg,
                             GwCaller           *caller,
                             guint              *retry_after,
                             const char        **code,
                             const char        **refusal)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  const char *known = g_object_get_data (G_OBJECT (msg), "gw-caller-name");
  GwTokenState state = GW_TOKEN_UNKNOWN;

  if (known != NULL)
    {
      caller->name = g_strdup (known);
      caller->role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "gw-caller-role")) - 1;
      return TRUE;
    }
  if (header != NULL && g_str_has_prefix (header, "Bearer ") &&
      (state = gw_store_authenticate (self->store, header + strlen ("Bearer "),
                                      &caller->name, &caller->role)) == GW_TOKEN_VALID)
    {
      g_object_set_data_full (G_OBJECT (msg), "gw-caller-name", g_strdup (caller->name), g_free);
      g_object_set_data (G_OBJECT (msg), "gw-caller-role", GUINT_TO_POINTER (caller->role + 1));
      return TRUE;
    }

  *retry_after = gw_town_server_count_auth_failure (self, msg, g_uri_get_path (soup_server_message_get_uri (msg)));
  *code = gw_town_server_token_refusal (state, header != NULL, refusal);
  if (*retry_after > 0)
    {
      *code = "too_many_failures";
      *refusal = "Too many failed authentications from this address; try again later";
    }
  return FALSE;
}

/* The error code and message for a token that is not valid. */
const char *
gw_town_server_token_refusal (GwTokenState   state,
                              gboolean       had_token,
                              const char   **message)
{
  switch (state)
    {
    case GW_TOKEN_REVOKED:
      *message = "The token has been revoked";
      return "token_revoked";
    case GW_TOKEN_EXPIRED:
      *message = "The token has expired; ask for a new one";
      return "token_expired";
    case GW_TOKEN_VALID:
    case GW_TOKEN_UNKNOWN:
    default:
      *message = had_token ? "The token is not valid" : "A bearer token is required";
      return "unauthorized";
    }
}

/* Every endpoint but health needs a bearer token; writes also need a role
 * that may do them. Refusals are answered, and audited, here; failed
 * logins are counted per address rather than audited one by one, and an
 * address that keeps failing is told to wait. */
gboolean
gw_town_server_authorize (GwTownServer      *self,
                          SoupServerMessage *msg,
                          const char        *action,
                          GwCaller          *caller)
{
  const char *refusal = NULL;
  const char *code = NULL;
  g_autofree char *message = NULL;
  guint retry_after = 0;

  if (!gw_town_server_authenticate (self, msg, caller, &retry_after, &code, &refusal))
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      if (retry_after > 0)
        {
          g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

          soup_message_headers_replace (headers, "Retry-After", seconds);
          gw_town_server_send_error (msg, 429, code, refusal);
        }
      else
        {
          soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");
          gw_town_server_send_error (msg, SOUP_STATUS_UNAUTHORIZED, code, refusal);
        }
      return FALSE;
    }

  /* Another system's reporting account sees nothing of the county but
   * itself: what it reported it reads through /open311/v2/. */
  if (action == NULL && caller->role == GW_ROLE_INTAKE &&
      !g_str_equal (g_uri_get_path (soup_server_message_get_uri (msg)), API_PREFIX "/me"))
    {
      gw_town_server_refuse (self, msg, caller, "read", NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "An intake account may only report cases and read its own through /open311/v2/");
      return FALSE;
    }

  if (action != NULL && !gw_case_rules_role_may (caller->role, action))
    {
      message = g_strdup_printf ("A %s may not %s", gw_role_to_string (caller->role), action);
      gw_town_server_refuse (self, msg, caller, action, NULL, SOUP_STATUS_FORBIDDEN, "forbidden", message);
      return FALSE;
    }

  return TRUE;
}

/* A request body as it came over the wire: a JSON object or an error.
 * Apart from the message so that the fuzzing harness reads bodies with
 * the very code the server runs. */
JsonNode *
gw_town_server_parse_body (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!(root = gw_json_parse_bytes (bytes, &local_error)))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The body is not JSON: %s", local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      g_set_error_literal (error, GW_ERROR, GW_ERROR_INVALID_DATA, "The body is not a JSON object");
      return NULL;
    }
  return root;
}

/* The request's JSON body; the transport has bounded its size already. */
JsonNode *
gw_town_server_read_body (SoupServerMessage  *msg,
                          GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  return gw_town_server_parse_body (bytes, error);
}

/* The body of an authenticated write, or a refusal (audited, 400). */
JsonNode *
gw_town_server_read_body_or_refuse (GwTownServer      *self,
                                    SoupServerMessage *msg,
                                    const GwCaller    *caller,
                                    const char        *action,
                                    const char        *case_id)
{
  g_autoptr(GError) error = NULL;
  JsonNode *body = gw_town_server_read_body (msg, &error);

  if (body == NULL)
    gw_town_server_refuse (self, msg, caller, action, case_id, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
  return body;
}

static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) candidates = NULL;

  if (if_none_match == NULL)
    return FALSE;

  candidates = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; candidates[i]; i++)
    {
      const char *c = g_strstrip (candidates[i]);

      /* If-None-Match compares weakly. */
      if (g_str_has_prefix (c, "W/"))
        c += 2;
      if (g_str_equal (c, "*") || g_str_equal (c, etag))
        return TRUE;
    }

  return FALSE;
}

static gboolean
refresh_cache (GwTownServer  *self,
               guint          index,
               GError       **error)
{
  GwCachedBody *cache = &self->cache[index];
  guint64 generation = gw_store_get_generation (self->store);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *digest = NULL;

  if (cache->body != NULL && cache->generation == generation)
    return TRUE;

  if (!(items = collections[index].list (self->store, error)))
    return FALSE;

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    json_builder_add_value (b, collections[index].to_json (g_ptr_array_index (items, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  g_clear_pointer (&cache->body, g_bytes_unref);
  g_clear_pointer (&cache->etag, g_free);
  cache->body = gw_json_to_bytes (root);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, cache->body);
  cache->etag = g_strdup_printf ("\"%.32s\"", digest);
  cache->generation = generation;

  return TRUE;
}

/* A reference body with its ETag; 304 when the client has it already. */
void
gw_town_server_send_cached (SoupServerMessage *msg,
                            GBytes            *body,
                            const char        *etag)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (response_headers, "ETag", etag);
  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");

  if (etag_matches (soup_message_headers_get_list (request_headers, "If-None-Match"), etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  gw_town_server_send_json (msg, SOUP_STATUS_OK, body);
}

static void
handle_collection (GwTownServer      *self,
                   SoupServerMessage *msg,
                   guint              index)
{
  g_autoptr(GError) error = NULL;
  GwCachedBody *cache = &self->cache[index];

  if (!refresh_cache (self, index, &error))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }
  gw_town_server_send_cached (msg, cache->body, cache->etag);
}

static void
handle_health (GwTownServer      *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "status", "ok");
  gw_json_builder_add_string (b, "version", PACKAGE_VERSION);
  json_builder_set_member_name (b, "schema");
  json_builder_add_int_value (b, gw_store_get_schema_version (self->store));
  gw_json_builder_add_string (b, "time", time);
  if (self->transport_warning)
    gw_json_builder_add_string (b, "warning", self->transport_warning);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  body = gw_json_to_bytes (root);

  gw_town_server_send_json (msg, SOUP_STATUS_OK, body);
}

static void
handle_api (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GwTownServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *resource;
  g_autofree char *message = NULL;

  if (!g_str_has_prefix (path, API_PREFIX "/"))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such endpoint");
      return;
    }
  resource = path + strlen (API_PREFIX "/");

  if (g_str_equal (resource, "health") || g_str_equal (resource, "health/"))
    {
      if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
        goto not_allowed;
      handle_health (self, msg);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    if (g_str_equal (resource, collections[i].name))
      {
        g_auto(GwCaller) caller = { 0 };

        if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
          goto not_allowed;
        if (gw_town_server_authorize (self, msg, NULL, &caller))
          handle_collection (self, msg, i);
        return;
      }

  if (g_str_equal (resource, "me"))
    {
      g_auto(GwCaller) caller = { 0 };

      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      if (gw_town_server_authorize (self, msg, NULL, &caller))
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autoptr(JsonNode) root = NULL;

          json_builder_begin_object (b);
          gw_json_builder_add_string (b, "name", caller.name);
          gw_json_builder_add_string (b, "role", gw_role_to_string (caller.role));
          {
            g_autoptr(GHashTable) names = gw_store_user_display_names (self->store, NULL);

            gw_json_builder_add_string (b, "display_name", names ? g_hash_table_lookup (names, caller.name) : NULL);
          }
          /* The desk counts the return visits due with the server's window. */
          json_builder_set_member_name (b, "return_visit_days");
          json_builder_add_int_value (b, self->desk.return_visit_days);
          json_builder_end_object (b);
          root = json_builder_get_root (b);
          gw_town_server_send_node (msg, SOUP_STATUS_OK, root);
        }
      return;
    }

  if (g_str_equal (resource, "me/status"))
    {
      if (method != SOUP_METHOD_PUT)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "PUT");
          gw_town_server_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                     "Only PUT is allowed on /api/v1/me/status");
          return;
        }
      gw_town_server_handle_my_status (self, msg);
      return;
    }

  if (g_str_equal (resource, "changes"))
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      gw_town_server_handle_changes (self, msg, query);
      return;
    }

  if (g_str_equal (resource, "stats"))
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      gw_town_server_handle_stats (self, msg, query);
      return;
    }

  if (g_str_equal (resource, "duplicates"))
    {
      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      gw_town_server_handle_duplicates (self, msg, query);
      return;
    }

  if (g_str_has_prefix (resource, "workers/") && g_str_has_suffix (resource, "/track"))
    {
      g_autofree char *worker = g_strndup (resource + strlen ("workers/"),
                                           strlen (resource) - strlen ("workers/") - strlen ("/track"));

      if (method != SOUP_METHOD_GET)
        goto not_allowed;
      gw_town_server_handle_worker_track (self, msg, worker, query);
      return;
    }

  if (g_str_equal (resource, "whistle-items"))
    {
      g_auto(GwCaller) caller = { 0 };

      if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
        goto not_allowed;
      if (gw_town_server_authorize (self, msg, NULL, &caller))
        gw_town_server_handle_whistle_items (self, msg);
      return;
    }

  if (gw_town_server_handle_inspection (self, msg, resource) ||
      gw_town_server_handle_media (self, msg, resource) ||
      gw_town_server_handle_cases (self, msg, resource, query))
    return;

  message = g_strdup_printf ("No such endpoint: %s", path);
  gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
  return;

not_allowed:
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
  message = g_strdup_printf ("%s is not allowed on %s", method, path);
  gw_town_server_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", message);
}

static void
handle_other (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  g_autofree char *message = g_strdup_printf ("No such endpoint: %s (the API lives under %s)",
                                              path, API_PREFIX);

  gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
}

GwTownServer *
gw_town_server_new (GwStore *store)
{
  GwTownServer *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_object_new (GW_TYPE_TOWN_SERVER, NULL);
  self->store = g_object_ref (store);
  self->calendar = gw_work_calendar_new_china ();
  self->server = soup_server_new ("server-header", "gridwatch-townd/" PACKAGE_VERSION, NULL);
  gw_town_server_set_desk_options (self, &(GwDeskOptions) { 0 });
  gw_store_record_changes (store, TRUE);
  gw_town_server_refresh_whistle_list (self);
  gw_town_server_refresh_county_days (self);
  gw_town_server_init_guard (self);
  gw_town_server_setup_connections (self);
  soup_server_add_handler (self->server, API_PREFIX, handle_api, self, NULL);
  soup_server_add_handler (self->server, GW_OPEN311_PREFIX, gw_open311_serve, self, NULL);
  soup_server_add_handler (self->server, NULL, handle_other, self, NULL);
  gw_town_server_setup_live (self);

  return self;
}

gboolean
gw_town_server_listen (GwTownServer  *self,
                       const char    *address,
                       GError       **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), FALSE);

  colon = address ? strrchr (address, ':') : NULL;
  if (colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not HOST:PORT (for example 127.0.0.1:0)"), address ? address : "");
      return FALSE;
    }

  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host));
      host[strlen (host) - 1] = '\0';
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  if (!(inet = g_inet_address_new_from_string (host)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), host);
      return FALSE;
    }

  /* Refused before the port is even bound. */
  if (!gw_town_server_check_transport (self, inet, error))
    return FALSE;
  socket_address = g_inet_socket_address_new (inet, port);

  /* Our own socket for a deeper backlog than libsoup's 10: a county's
   * desks and walls start at the same hour. */
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, socket_address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;
  if (self->tls_certificate)
    soup_server_set_tls_certificate (self->server, self->tls_certificate);
  if (!soup_server_listen_socket (self->server, socket, self->tls_certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;
  gw_town_server_watch_keepalive (self);
  return TRUE;
}

char *
gw_town_server_get_url (GwTownServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), NULL);

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);
      gboolean v6 = strchr (host, ':') != NULL;

      url = g_strdup_printf ("%s://%s%s%s:%d", g_uri_get_scheme (uri), v6 ? "[" : "", host, v6 ? "]" : "",
                             g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

/* Places must lie in the county: its grids' bounds and a margin of a
 * tenth of their size (at least about 5 km), for cases reported just
 * across a boundary. With no grids yet, any place on Earth will do. */
gboolean
gw_town_server_in_county (GwTownServer *self,
                          double        lat,
                          double        lon)
{
  double min_lon, min_lat, max_lon, max_lat, margin_lon, margin_lat;

  if (!gw_coordinate_is_valid (lon, lat))
    return FALSE;
  if (!gw_store_get_extent (self->store, &min_lon, &min_lat, &max_lon, &max_lat))
    return TRUE;

  margin_lon = MAX (0.05, (max_lon - min_lon) / 10);
  margin_lat = MAX (0.05, (max_lat - min_lat) / 10);
  return lon >= min_lon - margin_lon && lon <= max_lon + margin_lon &&
         lat >= min_lat - margin_lat && lat <= max_lat + margin_lat;
}

GwStore *
gw_town_server_get_store (GwTownServer *self)
{
  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), NULL);
  return self->store;
}

GwWorkCalendar *
gw_town_server_get_calendar (GwTownServer *self)
{
  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), NULL);
  return self->calendar;
}
