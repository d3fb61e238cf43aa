/* gw-inspection-sync.c: the town's inspection catalogue and plan, from the server
 *
 * Loading is five requests in a row, each needing the one before: the
 * county's catalogue, the targets, the inspectors (read against the
 * targets into one GwInspectionData over that catalogue), the list of
 * plans and the newest of them. A server from before counties imported
 * their catalogue sends it without its trades and departments; the
 * built-in one stands in. A change
 * to a plan is one POST with its own idempotency key; the server answers
 * with the plan as it now is, or refuses (another planner came first, or
 * the change breaks a rule), which is told as a GW_ERROR_CONFLICT with
 * the server's words. The planning page asks here, so that no widget
 * speaks HTTP itself; the answers (thousands of targets, a year of
 * visits) are read into objects, and their JSON let go, in a thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-inspection-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-inspection-sync.h"
#include "gw-json.h"

typedef struct
{
  GwTownClient *client;
  GwWorkCalendar *calendar;
  JsonNode *catalogue;
  JsonNode *targets;
  JsonNode *inspectors;
  JsonNode *plan;             /* the newest plan's answer, if any */
  GwInspectionData *data;     /* a change's: given */
} Load;

void
gw_inspection_load_free (GwInspectionLoad *load)
{
  if (load == NULL)
    return;
  g_clear_object (&load->data);
  g_clear_object (&load->plan);
  g_clear_pointer (&load->answer, json_object_unref);
  g_free (load);
}

static void
load_free (Load *load)
{
  g_clear_object (&load->client);
  g_clear_object (&load->calendar);
  g_clear_pointer (&load->catalogue, json_node_unref);
  g_clear_pointer (&load->targets, json_node_unref);
  g_clear_pointer (&load->inspectors, json_node_unref);
  g_clear_pointer (&load->plan, json_node_unref);
  g_clear_object (&load->data);
  g_free (load);
}

/* {"id", "version", "plan"}: the plan read against @data; the answer
 * keeps the rest. */
static gboolean
read_plan (GwInspectionLoad  *out,
           JsonNode          *answer,
           GwWorkCalendar    *calendar,
           GError           **error)
{
  JsonObject *obj = gw_json_node_get_object (answer);

  if (obj == NULL || !(out->plan = gw_inspection_plan_new_from_json (out->data, calendar,
                                                                     json_object_get_member (obj, "plan"), error)))
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The server sent no plan"));
      return FALSE;
    }
  out->plan_id = gw_json_object_get_int (obj, "id", 0);
  out->plan_version = gw_json_object_get_int (obj, "version", 0);
  json_object_remove_member (obj, "plan");
  out->answer = json_object_ref (obj);
  return TRUE;
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(GwInspectionLoad) out = g_new0 (GwInspectionLoad, 1);
  GError *error = NULL;

  if (load->data)
    out->data = g_object_ref (load->data);
  /* A server from before counties imported their catalogue: the built-in one. */
  else if ((!(out->data = gw_inspection_data_new_from_catalogue (load->catalogue, NULL)) &&
            !(out->data = gw_inspection_data_new_catalogue (&error))) ||
           !gw_inspection_data_load_json (out->data, load->targets, load->inspectors, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (load->plan && !read_plan (out, load->plan, load->calendar, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Let go here, not on the main thread. */
  g_clear_pointer (&load->catalogue, json_node_unref);
  g_clear_pointer (&load->targets, json_node_unref);
  g_clear_pointer (&load->inspectors, json_node_unref);
  g_clear_pointer (&load->plan, json_node_unref);
  g_task_return_pointer (task, g_steal_pointer (&out), (GDestroyNotify) gw_inspection_load_free);
}

/* The last answer is in: read them all in a thread. Takes @task. */
static void
done (GTask *task)
{
  g_task_run_in_thread (task, read_in_thread);
  g_object_unref (task);
}

static void
get (GTask               *task,
     const char          *path,
     GAsyncReadyCallback  then)
{
  Load *load = g_task_get_task_data (task);

  gw_town_client_get_async (load->client, path, NULL, g_task_get_cancellable (task), then, g_object_ref (task));
}

/* The answer, or NULL when there is none and the task has failed. */
static GwTownResponse *
answer (GTask        *task,
        GObject      *client,
        GAsyncResult *result)
{
  GError *error = NULL;
  GwTownResponse *response = gw_town_client_get_finish (GW_TOWN_CLIENT (client), result, &error);

  if (response == NULL)
    g_task_return_error (task, error);
  return response;
}

static void
on_plan (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GwTownResponse) response = answer (task, object, result);

  if (response == NULL)
    return;
  load->plan = json_node_ref (response->root);
  done (g_steal_pointer (&task));
}

static void
on_plans (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GwTownResponse) response = answer (task, object, result);
  JsonArray *items;
  gint64 id;
  g_autofree char *path = NULL;

  if (response == NULL)
    return;
  /* Newest first: the first is the plan in force. */
  items = gw_json_object_get_array (gw_json_node_get_object (response->root), "items");
  if (items == NULL || json_array_get_length (items) == 0 ||
      (id = gw_json_object_get_int (gw_json_node_get_object (json_array_get_element (items, 0)), "id", 0)) <= 0)
    {
      done (g_steal_pointer (&task));
      return;
    }
  path = g_strdup_printf ("/api/v1/inspection/plans/%" G_GINT64_FORMAT, id);
  get (task, path, on_plan);
}

static void
on_inspectors (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GwTownResponse) response = answer (task, object, result);

  if (response == NULL)
    return;
  load->inspectors = json_node_ref (response->root);
  get (task, "/api/v1/inspection/plans", on_plans);
}

static void
on_targets (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GwTownResponse) response = answer (task, object, result);

  if (response == NULL)
    return;
  load->targets = json_node_ref (response->root);
  get (task, "/api/v1/inspection/inspectors", on_inspectors);
}

static void
on_catalogue (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GwTownResponse) response = answer (task, object, result);

  if (response == NULL)
    return;
  load->catalogue = json_node_ref (response->root);
  get (task, "/api/v1/inspection/targets", on_targets);
}

void
gw_inspection_sync_load_async (GwTownClient        *client,
                               GwWorkCalendar      *calendar,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (GW_IS_TOWN_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_inspection_sync_load_async);
  load = g_new0 (Load, 1);
  load->client = g_object_ref (client);
  load->calendar = g_object_ref (calendar);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  get (task, "/api/v1/inspection/catalogue", on_catalogue);
}

GwInspectionLoad *
gw_inspection_sync_load_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_changed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTownResponse) response = gw_town_client_post_finish (GW_TOWN_CLIENT (object), result, &error);
  JsonObject *answer, *refusal = NULL;
  const char *message;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->status == 200 || response->status == 201)
    {
      Load *load = g_task_get_task_data (task);

      load->plan = json_node_ref (response->root);
      done (g_steal_pointer (&task));
      return;
    }
  if ((answer = gw_json_node_get_object (response->root)))
    refusal = gw_json_node_get_object (json_object_get_member (answer, "error"));
  message = refusal ? gw_json_object_get_string (refusal, "message") : NULL;
  g_task_return_new_error (task, GW_ERROR, GW_ERROR_CONFLICT, "%s",
                           message ? message : _("another planner changed the plan first"));
}

void
gw_inspection_sync_change_async (GwTownClient        *client,
                                 const char          *path,
                                 JsonNode            *body,
                                 GwInspectionData    *data,
                                 GwWorkCalendar      *calendar,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = g_uuid_string_random ();
  Load *load;

  g_return_if_fail (GW_IS_TOWN_CLIENT (client));
  g_return_if_fail (path != NULL);
  g_return_if_fail (GW_IS_INSPECTION_DATA (data));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_inspection_sync_change_async);
  load = g_new0 (Load, 1);
  load->data = g_object_ref (data);
  load->calendar = g_object_ref (calendar);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  gw_town_client_post_async (client, path, key, body, cancellable, on_changed, g_object_ref (task));
}

GwInspectionLoad *
gw_inspection_sync_change_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
