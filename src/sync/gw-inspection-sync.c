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
 * speaks HTTP itself.
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
  GwInspectionData *catalogue;
  JsonNode *targets;
  GwInspectionLoad *load;
} Load;

void
gw_inspection_load_free (GwInspectionLoad *load)
{
  if (load == NULL)
    return;
  g_clear_object (&load->data);
  g_clear_pointer (&load->plan, json_node_unref);
  g_free (load);
}

static void
load_free (Load *load)
{
  g_clear_object (&load->client);
  g_clear_object (&load->catalogue);
  g_clear_pointer (&load->targets, json_node_unref);
  g_clear_pointer (&load->load, gw_inspection_load_free);
  g_free (load);
}

static void
done (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  g_task_return_pointer (task, g_steal_pointer (&load->load), (GDestroyNotify) gw_inspection_load_free);
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
  load->load->plan = json_node_ref (response->root);
  done (task);
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
      done (task);
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
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTownResponse) response = answer (task, object, result);

  if (response == NULL)
    return;
  if (!gw_inspection_data_load_json (load->catalogue, load->targets, response->root, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  load->load->data = g_steal_pointer (&load->catalogue);
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
  g_autoptr(GError) error = NULL;

  if (response == NULL)
    return;
  if (!(load->catalogue = gw_inspection_data_new_from_catalogue (response->root, NULL)) &&
      !(load->catalogue = gw_inspection_data_new_catalogue (&error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  get (task, "/api/v1/inspection/targets", on_targets);
}

void
gw_inspection_sync_load_async (GwTownClient        *client,
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
  load->load = g_new0 (GwInspectionLoad, 1);
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
      g_task_return_pointer (task, json_node_ref (response->root), (GDestroyNotify) json_node_unref);
      return;
    }
  if ((answer = gw_json_node_get_object (response->root)))
    refusal = gw_json_node_get_object (json_object_get_member (answer, "error"));
  message = refusal ? gw_json_object_get_string (refusal, "message") : NULL;
  g_task_return_new_error (task, GW_ERROR, GW_ERROR_CONFLICT, "%s",
                           message ? message : _("another planner changed the plan first"));
}

/* POSTs @body to @path (a plan, or an action on one); the answer is the
 * plan as the server now has it. */
void
gw_inspection_sync_change_async (GwTownClient        *client,
                                 const char          *path,
                                 JsonNode            *body,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = g_uuid_string_random ();

  g_return_if_fail (GW_IS_TOWN_CLIENT (client));
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_inspection_sync_change_async);
  gw_town_client_post_async (client, path, key, body, cancellable, on_changed, g_object_ref (task));
}

JsonNode *
gw_inspection_sync_change_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
