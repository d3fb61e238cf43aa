/* gw-case-snapshot.c: what the window needs from the cache after a change
 *
 * Only the cases written since the last read are read again (the store
 * stamps every write), so a live feed costs a few rows per change however
 * many cases are cached. Their names come from the reference data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-snapshot"

#include "config.h"

#include "gw-case-snapshot.h"
#include "gw-outbox-report.h"
#include "gw-review.h"
#include "gw-store-cases.h"
#include "gw-store-search.h"

void
gw_case_snapshot_free (GwCaseSnapshot *snap)
{
  if (snap == NULL)
    return;
  g_clear_pointer (&snap->cases, g_ptr_array_unref);
  g_free (snap);
}

/* What a read is asked for. */
typedef struct
{
  GwStore *store;
  gint64 touched_after;
} Read;

static void
read_free (Read *read)
{
  g_object_unref (read->store);
  g_free (read);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Read *read = task_data;
  GwStore *store = read->store;
  gint64 touched_after = read->touched_after;
  g_autoptr(GwCaseSnapshot) snap = g_new0 (GwCaseSnapshot, 1);
  GwCaseQuery query = { .touched_after = touched_after };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 horizon;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  /* The stamp first: a write during the read is then read again next
   * time rather than missed. */
  snap->touched = gw_store_get_cases_touched (store);
  snap->cases = gw_store_list_cases (store, &query, &error);
  if (snap->cases == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A new case waiting in the outbox is not in the queue yet: it comes
   * with the number, grid and deadline the server gives it (the model
   * never drops a case, so a stand-in would stay beside it). A first read
   * leaves the cases closed before the review's horizon in the cache:
   * a wall running for months would otherwise hold every case it ever
   * saw. One of them changed later is taken in like any other. */
  horizon = touched_after == 0 ? gw_review_horizon (now) : 0;
  all = g_steal_pointer (&snap->cases);
  snap->cases = g_ptr_array_new_full (all->len, g_object_unref);
  for (guint i = 0; i < all->len; i++)
    {
      GwCase *kase = g_ptr_array_index (all, i);

      if (!g_str_has_prefix (gw_case_get_id (kase), GW_OUTBOX_LOCAL_PREFIX) && !gw_case_closed_before (kase, horizon))
        g_ptr_array_add (snap->cases, g_object_ref (kase));
    }

  /* The search index follows the cases, here rather than on the feed's
   * path; a failure costs search, not the cases. */
  if (!gw_store_update_search_index (store, &error))
    {
      g_warning ("Cannot update the search index: %s", error->message);
      g_clear_error (&error);
    }

  g_task_return_pointer (task, g_steal_pointer (&snap), (GDestroyNotify) gw_case_snapshot_free);
}

void
gw_case_snapshot_read_async (GwStore             *store,
                             gint64               touched_after,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Read *read = g_new0 (Read, 1);

  read->store = g_object_ref (store);
  read->touched_after = touched_after;
  g_task_set_source_tag (task, gw_case_snapshot_read_async);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_task_run_in_thread (task, read_in_thread);
}

GwCaseSnapshot *
gw_case_snapshot_read_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
