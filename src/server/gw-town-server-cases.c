/* gw-town-server-cases.c: cases, their actions and their history
 *
 * Every write is one transaction: the idempotency check, the version
 * check, the rules, the new version, its change-feed row, the audit entry
 * and the remembered answer commit together or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <string.h>

#include "gw-json.h"
#include "gw-town-server-private.h"

#define DEFAULT_LIST_LIMIT 100
#define MAX_LIST_LIMIT 1000
#define MAX_KEY_LENGTH 200

static JsonNode *
error_node (const char *code,
            const char *message,
            GwCase     *current)
{
  g_autoptr(JsonNode) case_json = current ? gw_case_to_json (current) : NULL;

  return gw_town_server_error_node (code, message, case_json);
}

static char *
now_text (GwTownServer *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (gw_work_calendar_get_timezone (self->calendar));
  return gw_format_rfc3339 (now);
}

typedef struct
{
  GwTownServer *self;
  const char *user;
  GwRole role;
  const char *case_id;
  const char *key;
  const char *action;
  JsonObject *params;
  gint64 base_version;
  guint status;
  JsonNode *response;
  gboolean replayed;
  gboolean changed;
  GDateTime *at;            /* when it happened; NULL: now */
} ActionTx;

static gboolean
finish_tx (ActionTx    *tx,
           GwCase      *before,
           GwCase      *after,
           const char  *detail,
           GError     **error)
{
  g_autoptr(GBytes) body = gw_json_to_bytes (tx->response);
  GwAuditEntry entry = {
    .user = (char *) tx->user,
    .role = (char *) gw_role_to_string (tx->role),
    .action = (char *) tx->action,
    .case_id = (char *) tx->case_id,
    .key = (char *) tx->key,
    .before_version = before ? gw_case_get_version (before) : 0,
    .after_version = after ? gw_case_get_version (after) : 0,
    .status = tx->status,
    .detail = (char *) detail,
  };

  if (!gw_store_audit (tx->self->store, &entry, error))
    return FALSE;
  if (tx->key && !gw_store_remember_idempotent (tx->self->store, tx->user, tx->key, tx->status,
                                                g_bytes_get_data (body, NULL), error))
    return FALSE;
  return TRUE;
}

static gboolean
apply_action_tx (GwStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  ActionTx *tx = user_data;
  g_autoptr(GwCase) current = NULL;
  g_autoptr(GwCase) next = NULL;
  g_autoptr(GError) rule_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *message = NULL;
  g_auto(GwCaseData) data = { 0 };
  const char *code = NULL;
  const char *comment;

  /* The same key again: the first answer, and nothing applied twice. */
  if (tx->key && gw_store_lookup_idempotent (store, tx->user, tx->key, &tx->status, &stored))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (stored, strlen (stored));

      tx->response = gw_json_parse_bytes (bytes, NULL);
      tx->replayed = TRUE;
      return TRUE;
    }

  current = gw_store_get_case (store, tx->case_id);
  if (current == NULL)
    {
      message = g_strdup_printf ("There is no case %s", tx->case_id);
      tx->status = SOUP_STATUS_NOT_FOUND;
      tx->response = error_node ("not_found", message, NULL);
      return finish_tx (tx, NULL, NULL, message, error);
    }

  if (tx->base_version != gw_case_get_version (current))
    {
      g_autoptr(GPtrArray) trail = gw_store_list_audit (store, tx->case_id, NULL);
      const GwAuditEntry *last = NULL;

      /* Say who made the version the caller did not know, and how. */
      for (guint i = 0; trail && i < trail->len; i++)
        {
          const GwAuditEntry *e = g_ptr_array_index (trail, i);
          if (e->after_version == gw_case_get_version (current))
            last = e;
        }
      if (last != NULL)
        message = g_strdup_printf ("%s (%s) made case %s version %" G_GINT64_FORMAT " with “%s” at %s; "
                                   "this action was based on version %" G_GINT64_FORMAT,
                                   last->user ? last->user : "?", last->role ? last->role : "?", tx->case_id,
                                   gw_case_get_version (current), last->action, last->at, tx->base_version);
      else
        message = g_strdup_printf ("Case %s is at version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                                   tx->case_id, gw_case_get_version (current), tx->base_version);
      tx->status = SOUP_STATUS_CONFLICT;
      tx->response = error_node ("conflict", message, current);
      return finish_tx (tx, current, NULL, message, error);
    }

  {
    g_autoptr(GDateTime) now = tx->at ? g_date_time_to_timezone (tx->at, gw_work_calendar_get_timezone (tx->self->calendar))
                                      : g_date_time_new_now (gw_work_calendar_get_timezone (tx->self->calendar));
    GwCaseContext context = { now, tx->self->calendar, tx->user };

    next = gw_case_rules_apply (current, tx->role, tx->action, tx->params, &context, &rule_error);
  }
  if (next == NULL)
    {
      switch ((GwCaseRulesError) rule_error->code)
        {
        case GW_CASE_RULES_ERROR_FORBIDDEN:
          tx->status = SOUP_STATUS_FORBIDDEN, code = "forbidden";
          break;
        case GW_CASE_RULES_ERROR_ILLEGAL:
          tx->status = SOUP_STATUS_UNPROCESSABLE_ENTITY, code = "illegal_action";
          break;
        case GW_CASE_RULES_ERROR_UNKNOWN_ACTION:
        case GW_CASE_RULES_ERROR_INVALID_PARAMS:
        default:
          tx->status = SOUP_STATUS_BAD_REQUEST, code = "bad_request";
          break;
        }
      tx->response = error_node (code, rule_error->message, current);
      return finish_tx (tx, current, NULL, rule_error->message, error);
    }

  gw_case_data_copy (gw_case_get_data (next), &data);
  data.version++;
  g_free (data.updated_at);
  data.updated_at = now_text (tx->self);
  g_clear_object (&next);
  next = gw_case_new (&data);

  if (!gw_store_put_case (store, next, error))
    return FALSE;

  tx->status = SOUP_STATUS_OK;
  tx->response = gw_case_to_json (next);
  tx->changed = TRUE;
  comment = gw_json_object_get_string (tx->params, "text");
  return finish_tx (tx, current, next, g_strcmp0 (tx->action, "comment") == 0 ? comment : NULL, error);
}

/* @at: when the action happened, for the demo's simulated past; NULL: now. */
guint
gw_town_server_apply_action_at (GwTownServer  *self,
                                const char    *user,
                                GwRole         role,
                                const char    *case_id,
                                const char    *key,
                                const char    *action,
                                JsonObject    *params,
                                gint64         base_version,
                                GDateTime     *at,
                                JsonNode     **response)
{
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(GError) error = NULL;
  ActionTx tx = { self, user, role, case_id, key, action, params ? params : empty, base_version, 0, NULL, FALSE, FALSE, at };

  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  if (!gw_store_transaction (self->store, apply_action_tx, &tx, &error))
    {
      g_clear_pointer (&tx.response, json_node_unref);
      g_warning ("Action %s on %s failed: %s", action, case_id, error->message);
      *response = error_node ("storage_error", error->message, NULL);
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }

  if (tx.replayed)
    {
      GwAuditEntry entry = { .user = (char *) user, .role = (char *) gw_role_to_string (role),
                             .action = (char *) "replay", .case_id = (char *) case_id,
                             .key = (char *) key, .status = tx.status };
      gw_store_audit (self->store, &entry, NULL);
    }
  if (tx.changed)
    gw_town_server_announce (self);

  *response = tx.response;
  return tx.status;
}

guint
gw_town_server_apply_action (GwTownServer  *self,
                             const char    *user,
                             GwRole         role,
                             const char    *case_id,
                             const char    *key,
                             const char    *action,
                             JsonObject    *params,
                             gint64         base_version,
                             JsonNode     **response)
{
  return gw_town_server_apply_action_at (self, user, role, case_id, key, action, params, base_version, NULL, response);
}

typedef struct
{
  GwTownServer *self;
  const char *user;
  GwRole role;
  const char *key;
  GwCase *kase;
  guint status;
  JsonNode *response;
  gboolean replayed;
} CreateTx;

static gboolean
create_case_tx (GwStore   *store,
                gpointer   user_data,
                GError   **error)
{
  CreateTx *tx = user_data;
  g_autofree char *stored = NULL;
  g_autoptr(GBytes) body = NULL;
  GwAuditEntry entry = {
    .user = (char *) tx->user,
    .role = (char *) gw_role_to_string (tx->role),
    .action = (char *) "create",
    .case_id = (char *) gw_case_get_id (tx->kase),
    .key = (char *) tx->key,
    .after_version = 1,
    .status = SOUP_STATUS_CREATED,
  };

  if (tx->key && gw_store_lookup_idempotent (store, tx->user, tx->key, &tx->status, &stored))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (stored, strlen (stored));
      tx->response = gw_json_parse_bytes (bytes, NULL);
      tx->replayed = TRUE;
      return TRUE;
    }

  if (!gw_store_put_case (store, tx->kase, error) || !gw_store_audit (store, &entry, error))
    return FALSE;

  tx->status = SOUP_STATUS_CREATED;
  tx->response = gw_case_to_json (tx->kase);
  body = gw_json_to_bytes (tx->response);
  return tx->key == NULL ||
         gw_store_remember_idempotent (store, tx->user, tx->key, tx->status, g_bytes_get_data (body, NULL), error);
}

static gboolean
read_new_case (GwTownServer  *self,
               JsonObject    *body,
               GwCaseData    *d,
               GError       **error)
{
  g_autoptr(GwCategory) category = NULL;
  g_autoptr(GDateTime) reported = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (gw_work_calendar_get_timezone (self->calendar));
  g_autoptr(GwGrid) grid = NULL;
  const char *text;

  if (body == NULL)
    return gw_json_fail (error, "The body is not a JSON object"), FALSE;
  if (!gw_case_source_from_string (gw_json_object_get_string (body, "source"), &d->source))
    return gw_json_fail (error, "“source” must be one of patrol, hotline_12345, petition, mailbox, sensor, open311, other"), FALSE;
  if (!gw_json_object_get_number (body, "lat", &d->lat) || !gw_json_object_get_number (body, "lon", &d->lon) ||
      !gw_coordinate_is_valid (d->lon, d->lat))
    return gw_json_fail (error, "“lat” and “lon” must be a WGS84 position"), FALSE;

  text = gw_json_object_get_string (body, "priority");
  if (text && !g_str_equal (text, "normal") && !g_str_equal (text, "urgent"))
    return gw_json_fail (error, "“priority” must be normal or urgent"), FALSE;
  d->urgent = g_strcmp0 (text, "urgent") == 0;

  text = gw_json_object_get_string (body, "category");
  category = gw_store_lookup_category (self->store, text);
  if (text && category == NULL)
    return gw_json_fail (error, "There is no category %s", text), FALSE;

  text = gw_json_object_get_string (body, "reported_at");
  if (text && !(reported = g_date_time_new_from_iso8601 (text, NULL)))
    return gw_json_fail (error, "“reported_at” is not an RFC 3339 time"), FALSE;
  if (reported == NULL)
    reported = g_date_time_ref (now);

  d->id = gw_store_next_case_id (self->store, now, error);
  if (d->id == NULL)
    return FALSE;
  d->status = GW_CASE_STATUS_REPORTED;
  d->category = g_strdup (category ? gw_category_get_code (category) : NULL);
  d->description = g_strdup (gw_json_object_get_string (body, "description"));
  d->reporter = g_strdup (gw_json_object_get_string (body, "reporter"));
  d->media = gw_json_object_dup_strv (body, "media");
  d->reported_at = gw_format_rfc3339 (reported);
  d->version = 1;
  d->created_at = gw_format_rfc3339 (now);
  d->updated_at = g_strdup (d->created_at);

  /* The case belongs to the smallest grid around it. */
  if ((grid = gw_store_grid_at (self->store, d->lat, d->lon)))
    d->grid = g_strdup (gw_grid_get_code (grid));

  if (category)
    {
      const GwCategoryInfo *info = gw_category_get_info (category);
      g_autoptr(GDateTime) deadline = gw_work_calendar_add (self->calendar, reported, info->limit_value, info->limit_unit);
      d->deadline = gw_format_rfc3339 (deadline);
    }

  return TRUE;
}

guint
gw_town_server_create_case (GwTownServer  *self,
                            const char    *user,
                            GwRole         role,
                            JsonObject    *body,
                            const char    *key,
                            JsonNode     **response)
{
  g_auto(GwCaseData) data = { 0 };
  g_autoptr(GwCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  CreateTx tx = { self, user, role, key, NULL, 0, NULL, FALSE };
  guint replay_status;
  g_autofree char *replay_body = NULL;

  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  /* A replay must not draw a new case number either. */
  if (key && gw_store_lookup_idempotent (self->store, user, key, &replay_status, &replay_body))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (replay_body, strlen (replay_body));
      *response = gw_json_parse_bytes (bytes, NULL);
      return replay_status;
    }

  if (!read_new_case (self, body, &data, &error))
    {
      *response = error_node ("bad_request", error->message, NULL);
      return SOUP_STATUS_BAD_REQUEST;
    }

  kase = gw_case_new (&data);
  tx.kase = kase;
  if (!gw_store_transaction (self->store, create_case_tx, &tx, &error))
    {
      g_clear_pointer (&tx.response, json_node_unref);
      *response = error_node ("storage_error", error->message, NULL);
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }

  if (!tx.replayed)
    gw_town_server_announce (self);
  *response = tx.response;
  return tx.status;
}

static void
send_response (SoupServerMessage *msg,
               guint              status,
               JsonNode          *response)
{
  gw_town_server_send_node (msg, status, response);
  json_node_unref (response);
}

static void
handle_list (GwTownServer      *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *limit = query ? g_hash_table_lookup (query, "limit") : NULL;
  GwCaseQuery q = {
    .status = query ? g_hash_table_lookup (query, "status") : NULL,
    .grid = query ? g_hash_table_lookup (query, "grid") : NULL,
    .since = query ? g_hash_table_lookup (query, "since") : NULL,
    .limit = DEFAULT_LIST_LIMIT,
  };
  guint64 n;
  GwCaseStatus status;

  if (limit && (!g_ascii_string_to_unsigned (limit, 10, 1, MAX_LIST_LIMIT, &n, NULL)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "“limit” must be 1 to 1000");
      return;
    }
  if (limit)
    q.limit = n;
  if (q.status && !gw_case_status_from_string (q.status, &status))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "Unknown status");
      return;
    }

  if (!(cases = gw_store_list_cases (self->store, &q, &error)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage_error", error->message);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < cases->len; i++)
    json_builder_add_value (b, gw_case_to_json (g_ptr_array_index (cases, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, root);
}

static void
handle_history (GwTownServer      *self,
                SoupServerMessage *msg,
                const char        *case_id)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwCase) kase = gw_store_get_case (self->store, case_id);

  if (kase == NULL)
    {
      g_autofree char *message = g_strdup_printf ("There is no case %s", case_id);
      gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
      return;
    }

  entries = gw_store_list_audit (self->store, case_id, NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; entries && i < entries->len; i++)
    {
      GwAuditEntry *e = g_ptr_array_index (entries, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, e->seq);
      gw_json_builder_add_string (b, "at", e->at);
      gw_json_builder_add_string (b, "user", e->user);
      gw_json_builder_add_string (b, "role", e->role);
      gw_json_builder_add_string (b, "action", e->action);
      gw_json_builder_add_string (b, "idempotency_key", e->key);
      json_builder_set_member_name (b, "before_version");
      if (e->before_version > 0)
        json_builder_add_int_value (b, e->before_version);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "after_version");
      if (e->after_version > 0)
        json_builder_add_int_value (b, e->after_version);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "status");
      json_builder_add_int_value (b, e->status);
      gw_json_builder_add_string (b, "detail", e->detail);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, root);
}

static void
handle_action (GwTownServer      *self,
               SoupServerMessage *msg,
               const GwCaller    *caller,
               const char        *case_id)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  g_autoptr(JsonNode) body = gw_town_server_read_body (msg);
  JsonObject *obj = gw_json_node_get_object (body);
  const char *action = gw_json_object_get_string (obj, "action");
  gint64 base_version = gw_json_object_get_int (obj, "base_version", -1);
  JsonNode *params = obj ? json_object_get_member (obj, "params") : NULL;
  JsonNode *response = NULL;
  guint status;

  if (key == NULL || *key == '\0' || strlen (key) > MAX_KEY_LENGTH)
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 "An Idempotency-Key header (1 to 200 characters) is required");
      return;
    }
  if (action == NULL || base_version < 1 || (params && !JSON_NODE_HOLDS_OBJECT (params)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 "The body must be {\"action\": \"…\", \"params\": {…}, \"base_version\": N}");
      return;
    }

  status = gw_town_server_apply_action (self, caller->name, caller->role, case_id, key, action,
                                        params ? json_node_get_object (params) : NULL, base_version, &response);
  send_response (msg, status, response);
}

gboolean
gw_town_server_handle_cases (GwTownServer      *self,
                             SoupServerMessage *msg,
                             const char        *resource,
                             GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GwCaller) caller = { 0 };
  g_auto(GStrv) parts = NULL;
  guint n;

  if (!g_str_equal (resource, "cases") && !g_str_has_prefix (resource, "cases/"))
    return FALSE;

  parts = g_strsplit (resource, "/", 4);
  n = g_strv_length (parts);

  if (n == 1 && method == SOUP_METHOD_GET)
    {
      if (gw_town_server_authorize (self, msg, NULL, &caller))
        handle_list (self, msg, query);
    }
  else if (n == 1 && method == SOUP_METHOD_POST)
    {
      g_autoptr(JsonNode) body = NULL;
      JsonNode *response = NULL;
      const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
      guint status;

      if (!gw_town_server_authorize (self, msg, "create", &caller))
        return TRUE;
      body = gw_town_server_read_body (msg);
      status = gw_town_server_create_case (self, caller.name, caller.role, gw_json_node_get_object (body),
                                           key, &response);
      send_response (msg, status, response);
    }
  else if (n == 2 && *parts[1] && method == SOUP_METHOD_GET)
    {
      g_autoptr(GwCase) kase = NULL;

      if (!gw_town_server_authorize (self, msg, NULL, &caller))
        return TRUE;
      if ((kase = gw_store_get_case (self->store, parts[1])))
        {
          g_autoptr(JsonNode) json = gw_case_to_json (kase);
          gw_town_server_send_node (msg, SOUP_STATUS_OK, json);
        }
      else
        gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such case");
    }
  else if (n == 3 && g_str_equal (parts[2], "actions") && method == SOUP_METHOD_POST)
    {
      /* Which actions a role may take is checked against the case's rules. */
      if (gw_town_server_authorize (self, msg, NULL, &caller))
        {
          if (caller.role == GW_ROLE_LEADER)
            {
              gw_town_server_audit_refusal (self, &caller, "action", parts[1], SOUP_STATUS_FORBIDDEN,
                                            "A leader may not change cases");
              gw_town_server_send_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "A leader may not change cases");
            }
          else
            handle_action (self, msg, &caller, parts[1]);
        }
    }
  else if (n == 3 && g_str_equal (parts[2], "history") && method == SOUP_METHOD_GET)
    {
      if (gw_town_server_authorize (self, msg, NULL, &caller))
        handle_history (self, msg, parts[1]);
    }
  else
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    n == 1 ? "GET, POST" : n == 3 && g_str_equal (parts[2], "actions") ? "POST" : "GET");
      gw_town_server_send_error (msg, n <= 3 ? SOUP_STATUS_METHOD_NOT_ALLOWED : SOUP_STATUS_NOT_FOUND,
                                 n <= 3 ? "method_not_allowed" : "not_found", "Not allowed here");
    }

  return TRUE;
}
