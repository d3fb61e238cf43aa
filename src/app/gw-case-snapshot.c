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

#include "gw-cache-schema.h"
#include "gw-case-snapshot.h"
#include "gw-outbox-report.h"
#include "gw-process.h"
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

/* A new case waiting in the outbox is not in the queue yet: it comes with
 * the number, grid and deadline the server gives it (the model never
 * drops a case, so a stand-in would stay beside it). A first read leaves
 * the cases closed before the review's horizon (@horizon, else 0) in the
 * cache: a wall running for months would otherwise hold every case it
 * ever saw. One of them changed later is taken in like any other. Done in
 * place: a first read has 100,000 of them. */
static void
keep_cases (GPtrArray *cases,
            gint64     horizon)
{
  guint kept = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);

      if (g_str_has_prefix (gw_case_get_id (kase), GW_OUTBOX_LOCAL_PREFIX) || gw_case_closed_before (kase, horizon))
        g_object_unref (kase);
      else
        cases->pdata[kept++] = kase;
    }
  /* The rest are dropped above or moved. */
  g_ptr_array_set_free_func (cases, NULL);
  g_ptr_array_set_size (cases, kept);
  g_ptr_array_set_free_func (cases, g_object_unref);
}

/* One of a first read's two halves, on a connection of its own. */
typedef struct
{
  GwStore *store;
  GwCaseQuery query;
  GPtrArray *cases;
  GError *error;
} Half;

static gpointer
read_half (gpointer data)
{
  Half *half = data;

  gw_process_thread_on_huge_pages ();
  half->cases = gw_store_list_cases (half->store, &half->query, &half->error);
  return NULL;
}

/* Every case of @store, in the cache's order: the order in which they
 * first came. A first read is the longest part of a cold start, and its
 * rows and cases are made one by one: the table is read in two halves by
 * rowid, the second on a connection and in a thread of its own, so that
 * both cores read once the window is up. Neither is the writer's
 * connection, which a pull may be using.
 *
 * Not sorted: the cases then lie in memory in the order the model keeps
 * them, the order in which everything that follows the model walks them
 * on the main thread (its index, the queue's keys, the map's points, the
 * grids' counts). Sorted by report time, each step of each of those walks
 * missed the cache, and with the sort itself that was a third of a cold
 * start's main thread after the read: bench cold-start's median
 * 1,081-1,164 -> 932-1,033 ms (three runs each, alternated). Whoever
 * shows cases in an order sorts them so (the list, the queue, the wall). */
static GPtrArray *
list_all_cases (GwStore  *store,
                GError  **error)
{
  g_autoptr(GwStore) first = gw_cache_open_bulk_reader (store, NULL);
  g_autoptr(GwStore) second = gw_cache_open_bulk_reader (store, NULL);
  Half halves[2];
  GThread *thread;
  gint64 split;

  if (first == NULL || second == NULL || first == store)
    {
      GwCaseQuery every = { .rowid_from = G_MININT64, .rowid_below = G_MAXINT64 };

      return gw_store_list_cases (store, &every, error);
    }
  split = gw_store_split_cases (first);
  halves[0] = (Half) { .store = first, .query = { .rowid_from = G_MININT64, .rowid_below = split } };
  halves[1] = (Half) { .store = second, .query = { .rowid_from = split, .rowid_below = G_MAXINT64 } };
  thread = g_thread_new ("gw-read-half", read_half, &halves[1]);
  read_half (&halves[0]);
  g_thread_join (thread);
  for (guint k = 0; k < 2; k++)
    if (halves[k].cases == NULL)
      {
        g_propagate_error (error, g_steal_pointer (&halves[k].error));
        g_clear_error (&halves[1 - k].error);
        g_clear_pointer (&halves[1 - k].cases, g_ptr_array_unref);
        return NULL;
      }

  /* The second half's cases move to the end of the first's. */
  g_ptr_array_extend_and_steal (halves[0].cases, halves[1].cases);
  return halves[0].cases;
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
  g_autoptr(GError) error = NULL;

  /* The stamp first: a write during the read is then read again next
   * time rather than missed. */
  snap->touched = gw_store_get_cases_touched (store);
  snap->cases = touched_after == 0 ? list_all_cases (store, &error) : gw_store_list_cases (store, &query, &error);
  if (snap->cases == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  keep_cases (snap->cases, touched_after == 0 ? gw_review_horizon (now) : 0);

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

struct _GwCaseSnapshotEarly
{
  GwStore *store;
  gboolean done;
  gboolean abandoned;           /* freed by its owner before the read ended */
  GwCaseSnapshot *snap;
  GError *error;
  GTask *waiter;                /* the one who took it, until the read ends */
};

static void
early_finish (GwCaseSnapshotEarly *early)
{
  GTask *waiter = g_steal_pointer (&early->waiter);

  if (early->snap != NULL)
    g_task_return_pointer (waiter, g_steal_pointer (&early->snap), (GDestroyNotify) gw_case_snapshot_free);
  else
    g_task_return_error (waiter, g_steal_pointer (&early->error));
  g_object_unref (waiter);
  gw_case_snapshot_early_free (early);
}

static void
on_early_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GwCaseSnapshotEarly *early = user_data;

  early->snap = gw_case_snapshot_read_finish (result, &early->error);
  early->done = TRUE;
  if (early->abandoned)
    gw_case_snapshot_early_free (early);
  else if (early->waiter != NULL)
    early_finish (early);
}

/* Reads every case of @store in a thread now; the result waits for
 * gw_case_snapshot_take_async(). */
GwCaseSnapshotEarly *
gw_case_snapshot_start (GwStore *store)
{
  GwCaseSnapshotEarly *early = g_new0 (GwCaseSnapshotEarly, 1);

  early->store = g_object_ref (store);
  gw_case_snapshot_read_async (store, 0, NULL, on_early_read, early);
  return early;
}

GwStore *
gw_case_snapshot_early_get_store (GwCaseSnapshotEarly *early)
{
  return early->store;
}

/* Drops a read nobody took; one still under way is dropped when it ends. */
void
gw_case_snapshot_early_free (GwCaseSnapshotEarly *early)
{
  if (early == NULL)
    return;
  if (!early->done)
    {
      early->abandoned = TRUE;
      return;
    }
  g_clear_pointer (&early->snap, gw_case_snapshot_free);
  g_clear_error (&early->error);
  g_object_unref (early->store);
  g_free (early);
}

/* Takes @early over: its snapshot comes as gw_case_snapshot_read_async()'s
 * would, to be finished with gw_case_snapshot_read_finish(). */
void
gw_case_snapshot_take_async (GwCaseSnapshotEarly *early,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (early != NULL && early->waiter == NULL && !early->abandoned);

  early->waiter = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (early->waiter, gw_case_snapshot_take_async);
  if (early->done)
    early_finish (early);
}
