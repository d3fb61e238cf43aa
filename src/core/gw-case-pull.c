/* gw-case-pull.c: bring the cache's cases up to the server's change feed
 *
 * Page by page from the stored cursor. Each page is applied in one
 * transaction together with the cursor that follows it, so a pull cut
 * short anywhere (the server killed, the app killed) resumes where the
 * last committed page ended, and applying a page twice changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-pull"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-case-pull.h"
#include "gw-error.h"
#include "gw-json.h"

typedef struct
{
  GwTownClient *client;
  GwStore *store;
  guint page_size;
  GwTownResponse *page;
  gboolean more;
  GwCasePullResult *result;
} Pull;

void
gw_case_pull_result_free (GwCasePullResult *result)
{
  g_clear_pointer (&result->new_urgent, g_ptr_array_unref);
  g_free (result);
}

static void
pull_free (Pull *pull)
{
  g_clear_object (&pull->client);
  g_clear_object (&pull->store);
  g_clear_pointer (&pull->page, gw_town_response_free);
  g_clear_pointer (&pull->result, gw_case_pull_result_free);
  g_free (pull);
}

static void fetch_page (GTask *task);

static void
apply_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Pull *pull = task_data;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  JsonObject *root = gw_json_node_get_object (pull->page->root);
  JsonArray *changes = gw_json_object_get_array (root, "changes");
  gint64 last_seq = gw_json_object_get_int (root, "last_seq", -1);
  JsonNode *more = root ? json_object_get_member (root, "more") : NULL;

  if (changes == NULL || last_seq < 0 || more == NULL || !JSON_NODE_HOLDS_VALUE (more) ||
      json_node_get_value_type (more) != G_TYPE_BOOLEAN)
    {
      g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER,
                               _("The server's change feed is not in the expected form"));
      return;
    }

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = gw_json_node_get_object (json_array_get_element (changes, i));
      const char *kind = gw_json_object_get_string (change, "kind");
      GwCase *kase;

      if (g_strcmp0 (kind, "case") != 0)
        {
          /* Grids and the like come whole from their collections. */
          pull->result->reference_changed |= kind != NULL;
          continue;
        }

      if (!(kase = gw_case_new_from_json (json_object_get_member (change, "data"), &error)))
        {
          /* One bad case spoils the page: nothing of it is applied and the
           * cursor stays, so the cache holds only what the server meant. */
          g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER,
                                   _("The server sent a bad case (nothing of that page was applied): %s"),
                                   error->message);
          return;
        }
      g_ptr_array_add (cases, kase);
    }

  if (!gw_store_apply_cases (pull->store, cases, last_seq, written, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pull->result->applied += written->len;
  pull->result->cursor = last_seq;
  for (guint i = 0; i < written->len; i++)
    {
      GwCase *kase = g_ptr_array_index (written, i);
      const GwCaseData *d = gw_case_get_data (kase);

      if (d->urgent && d->version == 1)
        g_ptr_array_add (pull->result->new_urgent, g_object_ref (kase));
    }
  pull->more = json_node_get_boolean (more) && json_array_get_length (changes) > 0;
  g_task_return_boolean (task, TRUE);
}

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&pull->page, gw_town_response_free);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (pull->more)
    fetch_page (g_steal_pointer (&task));
  else
    g_task_return_pointer (task, g_steal_pointer (&pull->result), (GDestroyNotify) gw_case_pull_result_free);
}

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) apply = NULL;

  if (!(pull->page = gw_town_client_get_finish (GW_TOWN_CLIENT (object), result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  apply = g_task_new (NULL, g_task_get_cancellable (task), on_applied, g_object_ref (task));
  g_task_set_task_data (apply, pull, NULL);
  g_task_run_in_thread (apply, apply_in_thread);
}

static void
fetch_page (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                           gw_store_get_cursor (pull->store), pull->page_size);
  GCancellable *cancellable = g_task_get_cancellable (task);

  gw_town_client_get_async (pull->client, path, NULL, cancellable, on_page, task);
}

void
gw_case_pull_async (GwTownClient        *client,
                    GwStore             *store,
                    guint                page_size,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Pull *pull;

  g_return_if_fail (GW_IS_TOWN_CLIENT (client));
  g_return_if_fail (GW_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_case_pull_async);

  pull = g_new0 (Pull, 1);
  pull->client = g_object_ref (client);
  pull->store = g_object_ref (store);
  pull->page_size = page_size ? page_size : 1000;
  pull->result = g_new0 (GwCasePullResult, 1);
  pull->result->new_urgent = g_ptr_array_new_with_free_func (g_object_unref);
  pull->result->cursor = gw_store_get_cursor (store);
  g_task_set_task_data (task, pull, (GDestroyNotify) pull_free);

  fetch_page (task);
}

GwCasePullResult *
gw_case_pull_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
