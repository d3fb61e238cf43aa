/* gw-outbox.c: send the dispatcher's queued actions to the town server
 *
 * In the order they were taken, one at a time, each with its idempotency
 * key: a retry after a lost answer gets the first answer back and applies
 * nothing twice. A transport error stops the flush with the entry still
 * queued; every answer from the server, yes or no, resolves its entry.
 * A new case's photos go first, each address kept as it is given, and
 * the report names them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gw-error.h"
#include "gw-json.h"
#include "gw-outbox.h"
#include "gw-photo.h"

typedef struct
{
  GwTownClient *client;
  GwStore *store;
  GwOutboxEntry *entry;   /* the one being sent */
  GwOutboxResult *result;
  GError *failure;        /* why the flush stops, once noted */
} Flush;

static void
refusal_free (GwOutboxRefusal *refusal)
{
  g_free (refusal->case_id);
  g_free (refusal->action);
  g_free (refusal->message);
  g_clear_object (&refusal->server_case);
  g_free (refusal);
}

void
gw_outbox_result_free (GwOutboxResult *result)
{
  g_clear_pointer (&result->refusals, g_ptr_array_unref);
  g_free (result);
}

static void
flush_free (Flush *flush)
{
  g_clear_object (&flush->client);
  g_clear_object (&flush->store);
  g_clear_pointer (&flush->entry, gw_outbox_entry_free);
  g_clear_pointer (&flush->result, gw_outbox_result_free);
  g_clear_error (&flush->failure);
  g_free (flush);
}

/* What the last answer asks of the cache, done in a thread with the
 * peek at the next entry: the main loop only sends and reads. */
typedef struct
{
  char *failure;          /* the entry stays, with this message */
  GwCase *server_case;    /* or it is resolved with the server's case */
  gboolean applied;
  gboolean report;        /* a new case: the stand-in goes (gw_store_finish_report) */
  GwOutboxEntry *next;
  guint queued;
} Step;

static void
step_free (Step *step)
{
  g_free (step->failure);
  g_clear_object (&step->server_case);
  g_clear_pointer (&step->next, gw_outbox_entry_free);
  g_free (step);
}

static void send_entry (GTask *task);
static void run_step (GTask *task, Step *step);

static void
step_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GTask *flush_task = source_object;
  Flush *flush = g_task_get_task_data (flush_task);
  Step *step = task_data;
  GError *error = NULL;

  if (flush->entry && step->failure)
    gw_store_note_action_failure (flush->store, flush->entry->seq, step->failure);
  else if (flush->entry && step->report &&
           !gw_store_finish_report (flush->store, flush->entry->seq, flush->entry->case_id, step->server_case, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  else if (flush->entry && !step->report &&
           !gw_store_finish_action (flush->store, flush->entry->seq, flush->entry->case_id, step->server_case,
                                    step->applied, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (step->failure == NULL && !(step->next = gw_store_peek_outbox (flush->store)))
    step->queued = gw_store_count_outbox (flush->store);
  g_task_return_boolean (task, TRUE);
}

static void
on_step (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (object);
  Flush *flush = g_task_get_task_data (task);
  Step *step = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The failure's error was kept for after the note. */
  if (step->failure)
    {
      g_task_return_error (task, g_steal_pointer (&flush->failure));
      return;
    }
  g_clear_pointer (&flush->entry, gw_outbox_entry_free);
  if (step->next == NULL)
    {
      flush->result->queued = step->queued;
      g_task_return_pointer (task, g_steal_pointer (&flush->result), (GDestroyNotify) gw_outbox_result_free);
      return;
    }
  flush->entry = g_steal_pointer (&step->next);
  send_entry (g_steal_pointer (&task));
}

/* Takes @task's reference. */
static void
run_step (GTask *task,
          Step  *step)
{
  g_autoptr(GTask) thread = g_task_new (task, g_task_get_cancellable (task), on_step, NULL);

  g_task_set_task_data (thread, step, (GDestroyNotify) step_free);
  g_task_run_in_thread (thread, step_in_thread);
}

/* The server's no to the entry being sent, in its words, for the window. */
static void
note_refusal (Flush          *flush,
              GwTownResponse *response,
              GwCase         *server_case)
{
  GwOutboxRefusal *refusal = g_new0 (GwOutboxRefusal, 1);
  JsonObject *root = gw_json_node_get_object (response->root);
  JsonObject *err = root ? gw_json_node_get_object (json_object_get_member (root, "error")) : NULL;

  refusal->case_id = g_strdup (flush->entry->case_id);
  refusal->action = g_strdup (flush->entry->action);
  refusal->status = response->status;
  refusal->message = g_strdup (gw_json_object_get_string (err, "message"));
  refusal->server_case = server_case ? g_object_ref (server_case) : NULL;
  g_ptr_array_add (flush->result->refusals, refusal);
}

static void
on_answer (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Flush *flush = g_task_get_task_data (task);
  g_autoptr(GwTownResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  Step *step = g_new0 (Step, 1);
  JsonObject *root;

  response = gw_town_client_post_finish (GW_TOWN_CLIENT (object), result, &error);
  if (response == NULL)
    {
      step->failure = g_strdup (error->message);
      flush->failure = g_steal_pointer (&error);
      run_step (task, step);
      return;
    }

  root = gw_json_node_get_object (response->root);
  if (response->status == SOUP_STATUS_OK)
    step->server_case = gw_case_new_from_json (response->root, NULL);
  else
    step->server_case = gw_case_new_from_json (root ? json_object_get_member (root, "case") : NULL, NULL);

  if (response->status == SOUP_STATUS_OK && step->server_case == NULL)
    {
      /* Applied, but the answer is unreadable: keep the entry, its key
       * makes the retry safe. */
      step->failure = g_strdup (_("unreadable answer"));
      flush->failure = g_error_new (GW_ERROR, GW_ERROR_SERVER,
                                    _("The server's answer to an action could not be read"));
      run_step (task, step);
      return;
    }
  step->applied = response->status == SOUP_STATUS_OK;

  if (response->status != SOUP_STATUS_OK)
    note_refusal (flush, response, step->server_case);

  flush->result->sent++;
  run_step (task, step);
}

/* A report not taken yet (no answer, a server error, an unreadable
 * answer): the entry stays, and its key makes the retry safe. */
static void
report_not_taken (GTask *task)
{
  Flush *flush = g_task_get_task_data (task);
  Step *step = g_new0 (Step, 1);

  step->report = TRUE;
  step->failure = g_strdup (_("the report is not yet taken"));
  flush->failure = g_error_new_literal (GW_ERROR, GW_ERROR_SERVER, _("A new case could not be sent yet"));
  run_step (task, step);
}

/* A refusal is final, and the stand-in goes. */
static void
refuse_report (GTask          *task,
               GwTownResponse *response)
{
  Flush *flush = g_task_get_task_data (task);
  Step *step = g_new0 (Step, 1);

  step->report = TRUE;
  note_refusal (flush, response, NULL);
  flush->result->sent++;
  run_step (task, step);
}

/* The answer to a queued report (POST /api/v1/cases). */
static void
on_report_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Flush *flush = g_task_get_task_data (task);
  g_autoptr(GwTownResponse) response = gw_town_client_post_finish (GW_TOWN_CLIENT (object), result, NULL);
  g_autoptr(GwCase) server_case = NULL;
  Step *step;

  if (response && response->status == SOUP_STATUS_CREATED)
    server_case = gw_case_new_from_json (response->root, NULL);
  if (response == NULL || response->status >= 500 ||
      (response->status == SOUP_STATUS_CREATED && server_case == NULL))
    {
      report_not_taken (task);
      return;
    }
  if (server_case == NULL)
    {
      refuse_report (task, response);
      return;
    }
  step = g_new0 (Step, 1);
  step->report = TRUE;
  step->server_case = g_steal_pointer (&server_case);
  flush->result->sent++;
  run_step (task, step);
}

/* ---- a report's photos, before the report ---- */

typedef struct
{
  gint64 seq;
  guint position;
  char *url;
} PhotoSent;

static void
photo_sent_free (PhotoSent *sent)
{
  g_free (sent->url);
  g_free (sent);
}

static void
keep_url_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Flush *flush = g_task_get_task_data (G_TASK (source_object));
  PhotoSent *sent = task_data;
  GError *error = NULL;

  if (!gw_store_set_outbox_photo_url (flush->store, sent->seq, sent->position, sent->url, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_url_kept (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = G_TASK (object);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  send_entry (task);
}

/* Photos go up in order, one at a time: the first without an address
 * is the one to send, or the one just sent. */
static GwOutboxPhoto *
next_unsent_photo (GwOutboxEntry *entry,
                   guint         *position)
{
  for (guint i = 0; entry->photos && i < entry->photos->len; i++)
    {
      GwOutboxPhoto *photo = g_ptr_array_index (entry->photos, i);

      if (photo->url == NULL)
        {
          if (position)
            *position = i;
          return photo;
        }
    }
  return NULL;
}

/* A photo the server would not take is the report's refusal (photos are
 * checked as the server checks them before they are queued, so this is
 * rare); a photo not sent yet keeps the report waiting. */
static void
on_photo_answer (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Flush *flush = g_task_get_task_data (task);
  g_autoptr(GwTownResponse) response = gw_town_client_post_finish (GW_TOWN_CLIENT (object), result, NULL);
  const char *url = response ? gw_json_object_get_string (gw_json_node_get_object (response->root), "url") : NULL;
  g_autoptr(GTask) keep = NULL;
  GwOutboxPhoto *photo;
  guint position;
  PhotoSent *sent;

  /* The photo sent is the first still without an address. */
  if (response && response->status == SOUP_STATUS_CREATED && url && gw_media_id_from_url (url) &&
      (photo = next_unsent_photo (flush->entry, &position)))
    {
      photo->url = g_strdup (url);
      sent = g_new0 (PhotoSent, 1);
      sent->seq = flush->entry->seq;
      sent->position = position;
      sent->url = g_strdup (url);
      keep = g_task_new (task, g_task_get_cancellable (task), on_url_kept, NULL);
      g_task_set_task_data (keep, sent, (GDestroyNotify) photo_sent_free);
      g_task_run_in_thread (keep, keep_url_in_thread);
      return;
    }
  if (response && response->status >= 400 && response->status < 500)
    {
      refuse_report (task, response);
      return;
    }
  report_not_taken (task);
}

static gboolean
send_next_photo (GTask *task)
{
  Flush *flush = g_task_get_task_data (task);
  GwOutboxPhoto *photo = next_unsent_photo (flush->entry, NULL);

  if (photo == NULL)
    return FALSE;
  gw_town_client_post_photo_async (flush->client, photo->data, photo->content_type,
                                   g_task_get_cancellable (task), on_photo_answer, task);
  return TRUE;
}

/* The report as queued, naming its photos by their addresses now. */
static JsonNode *
report_with_photos (GwOutboxEntry *entry,
                    JsonNode      *params)
{
  JsonNode *body = json_node_copy (params);
  JsonObject *report = json_node_get_object (body);
  JsonArray *media;

  if (entry->photos == NULL || entry->photos->len == 0)
    return body;
  if (!json_object_has_member (report, "media") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (report, "media")))
    json_object_set_array_member (report, "media", json_array_new ());
  media = json_object_get_array_member (report, "media");
  for (guint i = 0; i < entry->photos->len; i++)
    json_array_add_string_element (media, ((GwOutboxPhoto *) g_ptr_array_index (entry->photos, i))->url);
  return body;
}

static void
send_entry (GTask *task)
{
  Flush *flush = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) params = NULL;
  g_autoptr(GBytes) params_bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  params_bytes = g_bytes_new (flush->entry->params, strlen (flush->entry->params));
  params = gw_json_parse_bytes (params_bytes, NULL);

  /* A new case: its photos, then its report as written when it was queued. */
  if (g_str_equal (flush->entry->action, "create") && params && JSON_NODE_HOLDS_OBJECT (params))
    {
      g_autoptr(JsonNode) report = NULL;

      if (send_next_photo (task))
        return;
      report = report_with_photos (flush->entry, params);
      gw_town_client_post_async (flush->client, "/api/v1/cases", flush->entry->key, report,
                                 g_task_get_cancellable (task), on_report_answer, task);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "action", flush->entry->action);
  json_builder_set_member_name (b, "params");
  if (params && JSON_NODE_HOLDS_OBJECT (params))
    json_builder_add_value (b, json_node_ref (params));
  else
    {
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "base_version");
  json_builder_add_int_value (b, flush->entry->base_version);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  escaped = g_uri_escape_string (flush->entry->case_id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/cases/%s/actions", escaped);
  gw_town_client_post_async (flush->client, path, flush->entry->key, body,
                             g_task_get_cancellable (task), on_answer, task);
}

void
gw_outbox_flush_async (GwTownClient        *client,
                       GwStore             *store,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  Flush *flush;

  g_return_if_fail (GW_IS_TOWN_CLIENT (client));
  g_return_if_fail (GW_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_outbox_flush_async);

  flush = g_new0 (Flush, 1);
  flush->client = g_object_ref (client);
  flush->store = g_object_ref (store);
  flush->result = g_new0 (GwOutboxResult, 1);
  flush->result->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_free);
  g_task_set_task_data (task, flush, (GDestroyNotify) flush_free);

  /* No entry yet: the first step only peeks. */
  run_step (task, g_new0 (Step, 1));
}

GwOutboxResult *
gw_outbox_flush_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
