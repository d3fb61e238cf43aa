/* gw-reference-pull.c: bring the cache's reference data up to date
 *
 * Grids, workers, departments and categories change rarely and are small,
 * so each is fetched whole with its ETag and replaces the cached copy in
 * one transaction; so is who is on duty, which the session asks for every
 * minute. A collection that fails to parse leaves the cache as it
 * was: a bad answer from the server must never cost us what we had.
 *
 * The county's whistle list is kept whole (it is read as one list, not
 * as rows); the reference data reads it back for the app's rules and
 * dialogs. A server from before counties imported one does not have it,
 * and the built-in list stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-reference-pull"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-error.h"
#include "gw-json.h"
#include "gw-reference-pull.h"
#include "gw-whistle-list.h"

#define WHISTLE_LIST_KEY "whistle-items"

typedef gboolean (*Replace) (GwStore *store, GPtrArray *items, GError **error);
typedef gboolean (*StoreWhole) (GwStore *store, JsonNode *root, GError **error);

static gboolean store_whistle_list (GwStore   *store,
                                    JsonNode  *root,
                                    GError   **error);

static const struct
{
  const char *name;
  GwJsonFromNode from_json;
  Replace replace;
  gboolean read_when_needed;  /* changes all day; not worth a "changed" */
  StoreWhole store_whole;     /* instead of from_json and replace */
  gboolean optional;          /* older servers do not have it */
} collections[] = {
  { "departments", (GwJsonFromNode) gw_department_new_from_json, gw_store_replace_departments, FALSE },
  { "categories", (GwJsonFromNode) gw_category_new_from_json, gw_store_replace_categories, FALSE },
  { "workers", (GwJsonFromNode) gw_worker_new_from_json, gw_store_replace_workers, FALSE },
  { "grids", (GwJsonFromNode) gw_grid_new_from_json, gw_store_replace_grids, FALSE },
  { "worker-status", (GwJsonFromNode) gw_worker_status_new_from_json, gw_store_replace_worker_statuses, TRUE },
  { "whistle-items", NULL, NULL, FALSE, store_whistle_list, TRUE },
};

/* The county's list, checked as the rules will read it, kept in the
 * cache's meta. */
static gboolean
store_whistle_list (GwStore   *store,
                    JsonNode  *root,
                    GError   **error)
{
  g_autofree char *text = json_to_string (root, FALSE);
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) local = NULL;
  g_autoptr(GwWhistleList) list = gw_whistle_list_new_from_bytes (bytes, &local);

  if (list == NULL)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_SERVER,
                   _("The server sent a bad whistle list (kept the one in use): %s"), local->message);
      return FALSE;
    }
  return gw_store_set_meta (store, WHISTLE_LIST_KEY, text, error);
}

/* The list last pulled into @store, else the built-in one: never NULL. */
GwWhistleList *
gw_reference_read_whistle_list (GwStore *store)
{
  g_autofree char *text = gw_store_get_meta (store, WHISTLE_LIST_KEY);
  g_autoptr(GBytes) bytes = text ? g_bytes_new_static (text, strlen (text)) : NULL;
  GwWhistleList *list = bytes ? gw_whistle_list_new_from_bytes (bytes, NULL) : NULL;

  return list ? list : g_object_ref (gw_whistle_list_get_built_in ());
}

typedef struct
{
  GwTownClient *client;
  GwStore *store;
  guint index;
  gboolean changed;
  GwTownResponse *response;   /* the one being stored */
  char *etags[G_N_ELEMENTS (collections)];  /* as cached when the pull began */
} Pull;

static void
pull_free (Pull *pull)
{
  g_clear_object (&pull->client);
  g_clear_object (&pull->store);
  g_clear_pointer (&pull->response, gw_town_response_free);
  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    g_free (pull->etags[i]);
  g_free (pull);
}

static void pull_next (GTask *task);

/* One collection's answer replaces the cached copy, or nothing changes.
 * Public so that the fuzzing harness reads collections exactly so. */
gboolean
gw_reference_pull_store (GwStore     *store,
                         guint        index,
                         JsonNode    *root,
                         const char  *etag,
                         GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *etag_key = NULL;
  g_autoptr(GError) local = NULL;
  JsonArray *array;

  g_return_val_if_fail (index < G_N_ELEMENTS (collections), FALSE);

  etag_key = g_strdup_printf ("etag:%s", collections[index].name);
  if (collections[index].store_whole)
    return collections[index].store_whole (store, root, error) &&
           gw_store_set_meta (store, etag_key, etag, error);

  array = gw_json_object_get_array (gw_json_node_get_object (root), "items");
  if (array == NULL)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_SERVER,
                   _("The server's %s have no “items” list"), collections[index].name);
      return FALSE;
    }

  if (!(items = gw_json_array_to_objects (array, collections[index].from_json, &local)))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_SERVER,
                   _("The server sent bad %s (kept the cached ones): %s"),
                   collections[index].name, local->message);
      return FALSE;
    }

  return collections[index].replace (store, items, error) &&
         gw_store_set_meta (store, etag_key, etag, error);
}

guint
gw_reference_pull_n_collections (void)
{
  return G_N_ELEMENTS (collections);
}

static void
store_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Pull *pull = task_data;
  g_autoptr(GError) error = NULL;

  if (!gw_reference_pull_store (pull->store, pull->index, pull->response->root, pull->response->etag, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&pull->response, gw_town_response_free);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pull->changed |= !collections[pull->index].read_when_needed;
  pull->index++;
  pull_next (task);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) store_task = NULL;

  pull->response = gw_town_client_get_finish (GW_TOWN_CLIENT (object), result, &error);
  if (pull->response == NULL && !collections[pull->index].optional)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (pull->response == NULL || pull->response->not_modified)
    {
      g_clear_pointer (&pull->response, gw_town_response_free);
      pull->index++;
      pull_next (task);
      return;
    }

  /* Parsing thousands of polygons and writing them is thread work. */
  store_task = g_task_new (NULL, g_task_get_cancellable (task), on_stored, g_object_ref (task));
  g_task_set_task_data (store_task, pull, NULL);
  g_task_run_in_thread (store_task, store_in_thread);
}

static void
pull_next (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (pull->index >= G_N_ELEMENTS (collections))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  path = g_strdup_printf ("/api/v1/%s", collections[pull->index].name);
  gw_town_client_get_async (pull->client, path, pull->etags[pull->index], g_task_get_cancellable (task),
                            on_fetched, g_object_ref (task));
}

/* Each collection's ETag comes from the cache, read in a thread. */
static void
read_etags_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Pull *pull = task_data;

  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      g_autofree char *etag_key = g_strdup_printf ("etag:%s", collections[i].name);

      pull->etags[i] = gw_store_get_meta (pull->store, etag_key);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_etags_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  pull_next (task);
}

void
gw_reference_pull_async (GwTownClient        *client,
                         GwStore             *store,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Pull *pull;

  g_return_if_fail (GW_IS_TOWN_CLIENT (client));
  g_return_if_fail (GW_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_reference_pull_async);

  pull = g_new0 (Pull, 1);
  pull->client = g_object_ref (client);
  pull->store = g_object_ref (store);
  g_task_set_task_data (task, pull, (GDestroyNotify) pull_free);

  {
    g_autoptr(GTask) etags = g_task_new (NULL, NULL, on_etags_read, g_object_ref (task));

    g_task_set_task_data (etags, pull, NULL);
    g_task_run_in_thread (etags, read_etags_in_thread);
  }
}

gboolean
gw_reference_pull_finish (GAsyncResult  *result,
                          gboolean      *changed,
                          GError       **error)
{
  Pull *pull;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  pull = g_task_get_task_data (G_TASK (result));
  if (changed)
    *changed = pull->changed;

  return g_task_propagate_boolean (G_TASK (result), error);
}
