/* gw-session-actions.c: what the user does, written to the outbox in order
 *
 * The rules answer at once and the window shows the result at once
 * ("action-applied"); the action is then written to the outbox in a
 * thread, one at a time and in the order they were done, since each
 * builds on the one before, and sent when the server can be reached.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-session"

#include "config.h"

#include "gw-json.h"
#include "gw-session-private.h"
#include "gw-store-outbox.h"

struct Enqueue
{
  GwCase *current;
  GwCase *optimistic;
  char *action;
  char *params;
  char *key;
  guint queued;
};

void
gw_session_enqueue_free (Enqueue *e)
{
  g_clear_object (&e->current);
  g_clear_object (&e->optimistic);
  g_free (e->action);
  g_free (e->params);
  g_free (e->key);
  g_free (e);
}

static void
enqueue_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GwSession *self = source_object;
  Enqueue *e = task_data;
  GError *error = NULL;

  if (!gw_store_enqueue_action (self->store, e->optimistic, e->action, e->params,
                                gw_case_get_version (e->current), e->key, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  e->queued = gw_store_count_outbox (self->store);
  g_task_return_boolean (task, TRUE);
}

static void enqueue_next (GwSession *self);

static void
on_enqueued (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GwSession *self = GW_SESSION (object);
  Enqueue *e = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->enqueuing = FALSE;
  /* Not kept: the case as it was goes back, and the user is told. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_signal_emit (self, gw_session_signals[ACTION_REFUSED], 0, gw_case_get_id (e->current), e->action, 0,
                   error->message, e->current);
  else
    {
      gw_session_set_queued (self, e->queued);
      g_signal_emit (self, gw_session_signals[CASES_CHANGED], 0, 1);
      if (self->state == GW_CONNECTION_ONLINE)
        gw_session_pull_cases (self);
    }
  enqueue_next (self);
}

static void
enqueue_next (GwSession *self)
{
  g_autoptr(GTask) task = NULL;
  Enqueue *e;

  if (self->enqueuing || !(e = g_queue_pop_head (&self->enqueues)))
    return;
  self->enqueuing = TRUE;
  task = g_task_new (self, NULL, on_enqueued, NULL);
  g_task_set_source_tag (task, enqueue_next);
  g_task_set_task_data (task, e, (GDestroyNotify) gw_session_enqueue_free);
  g_task_run_in_thread (task, enqueue_in_thread);
}

/* Something new went into the outbox besides an action (a new case,
 * written in a thread by gw_case_report_async()): counted, shown, and
 * sent at once when the server can be reached. */
void
gw_session_outbox_changed (GwSession *self,
                           guint      queued)
{
  g_return_if_fail (GW_IS_SESSION (self));

  gw_session_set_queued (self, queued);
  g_signal_emit (self, gw_session_signals[CASES_CHANGED], 0, 1);
  if (self->state == GW_CONNECTION_ONLINE)
    gw_session_pull_cases (self);
}

/* @current: the case as the window has it. The rules answer at once
 * (@error, FALSE: not allowed); the result is shown at once
 * ("action-applied") and written to the outbox in a thread. */
gboolean
gw_session_perform_action (GwSession   *self,
                           GwCase      *current,
                           const char  *action,
                           JsonObject  *params,
                           GError     **error)
{
  g_autoptr(GwCase) optimistic = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(JsonNode) params_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GBytes) params_bytes = NULL;
  Enqueue *e;

  g_return_val_if_fail (GW_IS_SESSION (self), FALSE);
  g_return_val_if_fail (GW_IS_CASE (current), FALSE);

  /* Before we know our role, the server alone decides. */
  {
    GwCaseContext context = { NULL, NULL, self->user,
                              .whistles = gw_reference_data_get_whistle_list (self->reference) };

    optimistic = gw_case_rules_apply (current, self->have_role ? self->role : GW_ROLE_ADMIN,
                                      action, params ? params : empty, &context, error);
  }
  if (optimistic == NULL)
    return FALSE;

  json_node_set_object (params_node, params ? params : empty);
  params_bytes = gw_json_to_bytes (params_node);

  e = g_new0 (Enqueue, 1);
  e->current = g_object_ref (current);
  e->optimistic = g_object_ref (optimistic);
  e->action = g_strdup (action);
  e->params = g_strndup (g_bytes_get_data (params_bytes, NULL), g_bytes_get_size (params_bytes));
  e->key = g_uuid_string_random ();

  g_queue_push_tail (&self->enqueues, e);
  enqueue_next (self);

  g_signal_emit (self, gw_session_signals[ACTION_APPLIED], 0, optimistic);
  return TRUE;
}
