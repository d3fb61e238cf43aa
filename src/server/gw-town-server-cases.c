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

#include "gw-case-desk.h"
#include "gw-desk-rules.h"
#include "gw-error.h"
#include "gw-field.h"
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
  const char *request;      /* digest of what was asked, bound to the key */
  guint status;
  JsonNode *response;
  gboolean replayed;
  gboolean changed;
  GDateTime *at;            /* when it happened; NULL: now */
  const char *step;         /* what the history records, if not the action */
} ActionTx;

static gboolean
finish_tx (ActionTx    *tx,
           GwCase      *before,
           GwCase      *after,
           const char  *detail,
           GError     **error)
{
  g_autoptr(GBytes) body = gw_json_to_bytes (tx->response);
  g_autofree char *at = tx->at ? g_date_time_format_iso8601 (tx->at) : NULL;
  GwAuditEntry entry = {
    .at = at,
    .user = (char *) tx->user,
    .role = (char *) gw_role_to_string (tx->role),
    .action = (char *) (tx->step ? tx->step : tx->action),
    .case_id = (char *) tx->case_id,
    .key = (char *) tx->key,
    .before_version = before ? gw_case_get_version (before) : 0,
    .after_version = after ? gw_case_get_version (after) : 0,
    .status = tx->status,
    .detail = (char *) detail,
  };

  if (!gw_store_audit (tx->self->store, &entry, error))
    return FALSE;
  if (tx->key && !gw_store_remember_idempotent (tx->self->store, tx->user, tx->key, tx->request, tx->status,
                                                g_bytes_get_data (body, NULL), error))
    return FALSE;
  return TRUE;
}

/* What a request asked, to bind its idempotency key to: the same key
 * with another case, action or body is a client's bug, not a retry. */
char *
gw_town_server_request_digest (const char *case_id,
                               const char *action,
                               gint64      base_version,
                               JsonObject *params)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, base_version);

  g_checksum_update (sum, (const guchar *) (case_id ? case_id : ""), -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) action, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) version, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  if (params)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), params);
      g_autoptr(GBytes) bytes = gw_json_to_bytes (node);

      g_checksum_update (sum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* The remembered answer to @key, or 422 when the key was used for
 * another request. FALSE when the key is new. */
gboolean
gw_town_server_replay (GwStore     *store,
                       const char  *user,
                       const char  *key,
                       const char  *request,
                       guint       *status,
                       JsonNode   **response)
{
  g_autofree char *stored = NULL;
  g_autofree char *stored_request = NULL;

  if (!gw_store_lookup_idempotent (store, user, key, status, &stored, &stored_request))
    return FALSE;

  if (stored_request && request && !g_str_equal (stored_request, request))
    {
      *status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      *response = gw_town_server_error_node ("idempotency_key_reused",
                                             "This Idempotency-Key was used for another request; "
                                             "use a new key for each new request", NULL);
    }
  else
    {
      g_autoptr(GBytes) bytes = g_bytes_new (stored, strlen (stored));
      *response = gw_json_parse_bytes (bytes, NULL);
    }
  return TRUE;
}

/* @next as the case's new version, stored; NULL if it cannot be. Takes
 * @next. */
static GwCase *
put_next_version (ActionTx  *tx,
                  GwCase    *next,
                  GError   **error)
{
  g_auto(GwCaseData) data = { 0 };
  GwCase *stored;

  gw_case_data_copy (gw_case_get_data (next), &data);
  g_object_unref (next);
  data.version++;
  g_free (data.updated_at);
  data.updated_at = now_text (tx->self);
  stored = gw_case_new (&data);
  if (!gw_store_put_case (tx->self->store, stored, error))
    {
      g_object_unref (stored);
      return NULL;
    }
  return stored;
}

/* What the history says beside the action: a comment's text, a new
 * category and why, what the resident said. */
static char *
action_detail (ActionTx *tx,
               GwCase   *before,
               GwCase   *after)
{
  const GwCaseData *a = gw_case_get_data (after);

  if (g_str_equal (tx->action, "comment"))
    return g_strdup (gw_json_object_get_string (tx->params, "text"));
  if (g_str_equal (tx->action, "recategorise"))
    return g_strdup_printf ("%s → %s: %s", gw_case_get_data (before)->category ? gw_case_get_data (before)->category : "—",
                            a->category, a->note);
  if (g_str_equal (tx->action, "return_visit"))
    return g_strdup_printf ("%s%s%s", gw_visit_result_to_string (a->visit_result), a->visit_note ? ": " : "",
                            a->visit_note ? a->visit_note : "");
  if (g_str_equal (tx->action, "mark_duplicate"))
    return g_strdup_printf ("duplicate of %s", a->duplicate_of);
  if (g_str_equal (tx->action, "unmark_duplicate"))
    return g_strdup (a->note);
  if (g_str_equal (tx->action, "locate"))
    return g_strdup_printf ("%.6f, %.6f%s%s", a->lat, a->lon, a->grid ? " → " : "", a->grid ? a->grid : "");
  return NULL;
}

/* accept, file and assign, as far as the case still needs them: each
 * a version and a history entry under the one key, which remembers the
 * last answer. */
static gboolean
dispatch_tx (ActionTx            *tx,
             GwCase              *current,
             const GwCaseContext *context,
             GError             **error)
{
  const char * const *steps = gw_desk_rules_dispatch_steps (gw_case_get_status (current));
  g_autoptr(JsonObject) none = json_object_new ();
  g_autoptr(GwCase) before = g_object_ref (current);

  for (guint i = 0; steps && steps[i]; i++)
    {
      gboolean assign = g_str_equal (steps[i], "assign");
      g_autoptr(GwCase) after = gw_case_rules_apply (before, tx->role, steps[i], assign ? tx->params : none, context, error);

      if (after == NULL || !(after = put_next_version (tx, g_steal_pointer (&after), error)))
        return FALSE;
      tx->step = steps[i];
      if (steps[i + 1] == NULL)
        {
          tx->status = SOUP_STATUS_OK;
          tx->response = gw_case_to_json (after);
          tx->changed = TRUE;
          return finish_tx (tx, before, after, "dispatch", error);
        }
      else
        {
          GwAuditEntry entry = {
            .user = (char *) tx->user, .role = (char *) gw_role_to_string (tx->role), .action = (char *) steps[i],
            .case_id = (char *) tx->case_id, .key = (char *) tx->key, .before_version = gw_case_get_version (before),
            .after_version = gw_case_get_version (after), .status = SOUP_STATUS_OK, .detail = (char *) "dispatch",
          };

          if (!gw_store_audit (tx->self->store, &entry, error))
            return FALSE;
        }
      g_set_object (&before, after);
    }
  /* The rules found "dispatch" legal, so there was a step to take. */
  g_set_error (error, GW_ERROR, GW_ERROR_SERVER, "Case %s has no dispatch steps from %s", tx->case_id,
               gw_case_status_to_string (gw_case_get_status (current)));
  return FALSE;
}

/* The first report's side of marking a duplicate, or of taking the mark
 * back: its list of duplicates, a new version and its own history entry.
 * *@done when the action was refused for the first report's sake. */
static gboolean
link_head_tx (ActionTx  *tx,
              GwCase    *current,
              GwCase    *next,
              gboolean  *done,
              GError   **error)
{
  gboolean link = g_str_equal (tx->action, "mark_duplicate");
  const char *head_id = link ? gw_case_get_data (next)->duplicate_of : gw_case_get_data (current)->duplicate_of;
  g_autoptr(GwCase) head = gw_store_get_case (tx->self->store, head_id);
  g_autoptr(GwCase) linked = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autofree char *message = NULL;
  g_autofree char *detail = NULL;
  GwAuditEntry entry = { 0 };

  if (head == NULL || !(linked = gw_desk_rules_link_duplicate (head, tx->case_id, link, &refusal)))
    {
      message = head ? g_strdup (refusal->message) : g_strdup_printf ("There is no case %s", head_id);
      tx->status = head ? SOUP_STATUS_UNPROCESSABLE_ENTITY : SOUP_STATUS_BAD_REQUEST;
      tx->response = error_node (head ? "illegal_action" : "bad_request", message, current);
      *done = TRUE;
      return finish_tx (tx, current, NULL, message, error);
    }
  if (!(linked = put_next_version (tx, g_steal_pointer (&linked), error)))
    return FALSE;

  detail = g_strdup_printf (link ? "%s is a duplicate of this case" : "%s is no longer a duplicate of this case",
                            tx->case_id);
  entry = (GwAuditEntry) {
    .user = (char *) tx->user, .role = (char *) gw_role_to_string (tx->role), .action = (char *) tx->action,
    .case_id = (char *) head_id, .key = (char *) tx->key, .before_version = gw_case_get_version (head),
    .after_version = gw_case_get_version (linked), .status = SOUP_STATUS_OK, .detail = detail,
  };
  return gw_store_audit (tx->self->store, &entry, error);
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
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *message = NULL;
  g_autofree char *detail = NULL;
  GwCaseContext context;
  const char *code = NULL;

  /* The same key again: the first answer, and nothing applied twice. */
  if (tx->key && gw_town_server_replay (store, tx->user, tx->key, tx->request, &tx->status, &tx->response))
    {
      tx->replayed = TRUE;
      return TRUE;
    }

  now = tx->at ? g_date_time_to_timezone (tx->at, gw_work_calendar_get_timezone (tx->self->calendar))
               : g_date_time_new_now (gw_work_calendar_get_timezone (tx->self->calendar));
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

  gw_town_server_case_context (tx->self, now, tx->user, &context);
  next = gw_case_rules_apply (current, tx->role, tx->action, tx->params, &context, &rule_error);
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

  /* One action, one key, and a history entry per step it took. */
  if (g_str_equal (tx->action, "dispatch"))
    return dispatch_tx (tx, current, &context, error);

  if (g_str_equal (tx->action, "locate") && !gw_town_server_place_case (tx->self, &next, &message))
    {
      tx->status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
      tx->response = error_node ("unprocessable", message, current);
      return finish_tx (tx, current, NULL, message, error);
    }

  if (g_str_equal (tx->action, "mark_duplicate") || g_str_equal (tx->action, "unmark_duplicate"))
    {
      gboolean done = FALSE;

      if (!link_head_tx (tx, current, next, &done, error))
        return FALSE;
      if (done)
        return TRUE;
    }

  if (!(next = put_next_version (tx, g_steal_pointer (&next), error)))
    return FALSE;

  tx->status = SOUP_STATUS_OK;
  tx->response = gw_case_to_json (next);
  tx->changed = TRUE;
  detail = action_detail (tx, current, next);
  return finish_tx (tx, current, next, detail, error);
}

/* The database failed: 507 when it is full, else 503; the caller may
 * retry, and nothing was applied. */
guint
gw_town_server_storage_failure (const GError  *error,
                                JsonNode     **response)
{
  gboolean full = g_error_matches (error, GW_ERROR, GW_ERROR_STORAGE_FULL);

  *response = error_node (full ? "storage_full" : "storage_unavailable", error->message, NULL);
  return full ? SOUP_STATUS_INSUFFICIENT_STORAGE : SOUP_STATUS_SERVICE_UNAVAILABLE;
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
  g_autofree char *request = key ? gw_town_server_request_digest (case_id, action, base_version, params) : NULL;
  ActionTx tx = { self, user, role, case_id, key, action, params ? params : empty, base_version, request,
                  0, NULL, FALSE, FALSE, at, NULL };

  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  if (!gw_store_transaction (self->store, apply_action_tx, &tx, &error))
    {
      g_clear_pointer (&tx.response, json_node_unref);
      g_warning ("Action %s on %s failed: %s", action, case_id, error->message);
      return gw_town_server_storage_failure (error, response);
    }

  /* A replay is on record; a key reused for another request is a
   * refusal, and one that cannot be recorded is not answered. */
  if (tx.replayed)
    {
      gboolean reused = tx.status == SOUP_STATUS_UNPROCESSABLE_ENTITY;
      GwAuditEntry entry = { .user = (char *) user, .role = (char *) gw_role_to_string (role),
                             .action = (char *) (reused ? action : "replay"), .case_id = (char *) case_id,
                             .key = (char *) key, .status = tx.status,
                             .detail = (char *) (reused ? "idempotency key reused" : NULL) };

      if (!gw_store_audit (self->store, &entry, &error) && reused)
        {
          json_node_unref (tx.response);
          return gw_town_server_storage_failure (error, response);
        }
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

static void
send_response (SoupServerMessage *msg,
               guint              status,
               JsonNode          *response)
{
  /* The storage may come back: say when to try again. */
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == SOUP_STATUS_INSUFFICIENT_STORAGE)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                  status == SOUP_STATUS_SERVICE_UNAVAILABLE ? "30" : "300");
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
  g_autoptr(GString) out = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *limit = query ? g_hash_table_lookup (query, "limit") : NULL;
  GwCaseQuery q = {
    .status = query ? g_hash_table_lookup (query, "status") : NULL,
    .grid = query ? g_hash_table_lookup (query, "grid") : NULL,
    .since = query ? g_hash_table_lookup (query, "since") : NULL,
    .limit = DEFAULT_LIST_LIMIT,
  };
  g_autofree char *since_text = NULL;
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
  if (q.grid && (!gw_text_check (q.grid, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "grid", NULL)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "“grid” must be a grid code");
      return;
    }
  /* Compared as text in the store: only a real time may get there. */
  if (q.since)
    {
      g_autoptr(GDateTime) since = strlen (q.since) <= 64 ? g_date_time_new_from_iso8601 (q.since, NULL) : NULL;

      if (since == NULL)
        {
          gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                     "“since” must be an RFC 3339 time such as 2026-03-01T09:30:00+08:00");
          return;
        }
      since_text = gw_format_rfc3339 (since);
      q.since = since_text;
    }

  if (!(cases = gw_store_list_case_json (self->store, &q, &error)))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }

  /* Spliced as stored, like the change feed: no parsing, no building. */
  out = g_string_sized_new (32 + cases->len * 800);
  g_string_append (out, "{\"items\":[");
  for (guint i = 0; i < cases->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (cases, i));
    }
  g_string_append (out, "]}");
  body = g_string_free_to_bytes (g_steal_pointer (&out));
  gw_town_server_send_json (msg, SOUP_STATUS_OK, body);
}

static void
handle_history (GwTownServer      *self,
                SoupServerMessage *msg,
                const char        *case_id)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) names = NULL;
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
  names = gw_store_user_display_names (self->store, NULL);
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
      /* People are shown by name; a login name is a code. */
      gw_json_builder_add_string (b, "user_name", names && e->user ? g_hash_table_lookup (names, e->user) : NULL);
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

/* {"action": …, "base_version": N, "params": {…}}, typed; what the
 * action's params mean is the rules' to check. */
gboolean
gw_town_server_read_action (JsonObject  *obj,
                            const char **action,
                            gint64      *base_version,
                            JsonObject **params,
                            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, "params");

  if (!gw_field_text (obj, "action", GW_FIELD_REQUIRED | GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, action, error) ||
      !gw_field_int (obj, "base_version", GW_FIELD_REQUIRED, 1, G_MAXINT64, base_version, error))
    return FALSE;
  if (node && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return gw_json_fail (error, "“params” must be an object"), FALSE;
      *params = json_node_get_object (node);
    }
  return TRUE;
}

static void
handle_action (GwTownServer      *self,
               SoupServerMessage *msg,
               const GwCaller    *caller,
               const char        *case_id)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *obj;
  JsonObject *params = NULL;
  const char *action = NULL;
  gint64 base_version = 0;
  JsonNode *response = NULL;
  guint status;

  if (key == NULL || !gw_text_check (key, -1, GW_FIELD_NOT_BLANK, MAX_KEY_LENGTH, "Idempotency-Key", NULL))
    {
      gw_town_server_refuse (self, msg, caller, "action", case_id, SOUP_STATUS_BAD_REQUEST, "bad_request",
                             "An Idempotency-Key header (1 to 200 characters) is required");
      return;
    }
  if (!(body = gw_town_server_read_body_or_refuse (self, msg, caller, "action", case_id)))
    return;
  obj = json_node_get_object (body);
  if (!gw_town_server_read_action (obj, &action, &base_version, &params, &error))
    {
      g_autofree char *message = g_strdup_printf ("The body must be {\"action\": \"…\", \"params\": {…}, "
                                                  "\"base_version\": N}: %s", error->message);

      gw_town_server_refuse (self, msg, caller, action ? action : "action", case_id, SOUP_STATUS_BAD_REQUEST,
                             "bad_request", message);
      return;
    }

  status = gw_town_server_apply_action (self, caller->name, caller->role, case_id, key, action,
                                        params, base_version, &response);
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
      if (key && !gw_text_check (key, -1, GW_FIELD_NOT_BLANK, MAX_KEY_LENGTH, "Idempotency-Key", NULL))
        {
          gw_town_server_refuse (self, msg, &caller, "create", NULL, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 "An Idempotency-Key header has 1 to 200 characters");
          return TRUE;
        }
      if (!(body = gw_town_server_read_body_or_refuse (self, msg, &caller, "create", NULL)))
        return TRUE;
      status = gw_town_server_create_case (self, caller.name, caller.role, json_node_get_object (body),
                                           key, &response);
      if (status >= 400 && status < 500)
        {
          JsonObject *err = gw_json_node_get_object (json_object_get_member (json_node_get_object (response), "error"));

          if (!gw_town_server_audit_refusal (self, &caller, "create", NULL, status, gw_json_object_get_string (err, "message")))
            {
              json_node_unref (response);
              gw_town_server_send_unavailable (msg, "The audit trail cannot be written; nothing was done");
              return TRUE;
            }
        }
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
            gw_town_server_refuse (self, msg, &caller, "action", parts[1], SOUP_STATUS_FORBIDDEN, "forbidden",
                                   "A leader may not change cases");
          else
            handle_action (self, msg, &caller, parts[1]);
        }
    }
  else if (n == 3 && g_str_equal (parts[2], "caller") && method == SOUP_METHOD_GET)
    {
      if (gw_town_server_authorize (self, msg, NULL, &caller))
        gw_town_server_handle_caller (self, msg, &caller, parts[1]);
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
