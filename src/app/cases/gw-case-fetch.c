/* gw-case-fetch.c: cases the model left in the cache, read back when asked for
 *
 * Cases closed before the review's horizon are not read into the model
 * (gw-case-snapshot.c): a wall would hold every case it ever saw. The
 * cache still has them, so a case asked for by its number or found by a
 * search comes back: read off the main thread, then added to the model
 * like a new case, where it stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-fetch"

#include "config.h"

#include "gw-case-fetch.h"
#include "gw-store-cases.h"

typedef struct
{
  GwStore *reader;
  GStrv ids;            /* those the model has not */
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->reader);
  g_strfreev (fetch->ids);
  g_free (fetch);
}

static void
fetch_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; fetch->ids[i] && !g_cancellable_is_cancelled (cancellable); i++)
    {
      GwCase *kase = gw_store_get_case (fetch->reader, fetch->ids[i]);

      if (kase)
        g_ptr_array_add (cases, kase);
    }
  g_task_return_pointer (task, g_steal_pointer (&cases), (GDestroyNotify) g_ptr_array_unref);
}

void
gw_case_fetch_async (GwCaseModel         *model,
                     GwStore             *reader,
                     GPtrArray           *ids,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  Fetch *fetch;

  g_return_if_fail (GW_IS_CASE_MODEL (model));
  g_return_if_fail (GW_IS_STORE (reader));

  task = g_task_new (model, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_case_fetch_async);
  for (guint i = 0; ids && i < ids->len; i++)
    if (gw_case_model_lookup (model, g_ptr_array_index (ids, i), NULL) == NULL)
      g_strv_builder_add (missing, g_ptr_array_index (ids, i));
  fetch = g_new0 (Fetch, 1);
  fetch->reader = g_object_ref (reader);
  fetch->ids = g_strv_builder_end (missing);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  if (fetch->ids[0] == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  g_task_run_in_thread (task, fetch_in_thread);
}

gboolean
gw_case_fetch_finish (GwCaseModel   *model,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  Fetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, model), FALSE);

  cases = g_task_propagate_pointer (G_TASK (result), error);
  if (cases == NULL)
    return FALSE;
  /* A newer version read meanwhile wins: the model keeps the newest. */
  gw_case_model_update (model, cases);
  fetch = g_task_get_task_data (G_TASK (result));
  for (guint i = 0; fetch->ids[i]; i++)
    if (gw_case_model_lookup (model, fetch->ids[i], NULL) == NULL)
      return FALSE;
  return TRUE;
}
