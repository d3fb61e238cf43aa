/* gw-queue-counts.c: how many cases each of the queue's views holds
 *
 * Every view's count looks at every case: over 100,000 cases that was
 * tens of milliseconds of the main thread for each change of the feed.
 * The cases are immutable, so a thread counts over the model's cases as
 * they were, with a copy of the filter, and the window shows the counts
 * when they are ready.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-counts"

#include "config.h"

#include "gw-case-queue.h"
#include "gw-queue-counts.h"

/* "department:ID" → ID, for assignees that are departments. */
const char *
gw_queue_counts_department_of (const GwCaseData *d)
{
  return d->assignee && g_str_has_prefix (d->assignee, "department:") ? d->assignee + strlen ("department:") : NULL;
}

void
gw_queue_counts_free (GwQueueCounts *counts)
{
  if (counts == NULL)
    return;
  g_clear_pointer (&counts->departments, g_hash_table_unref);
  g_free (counts);
}

/* @filter: NULL lets every case through. */
GwQueueCounts *
gw_queue_counts_compute (GPtrArray      *cases,
                         GwCaseFilter   *filter,
                         const char     *user,
                         gint64          now,
                         GwWorkCalendar *calendar,
                         guint           return_visit_days)
{
  GwQueueCounts *counts = g_new0 (GwQueueCounts, 1);

  counts->departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);
      const char *department;
      gpointer key, count;

      if (filter && !gw_case_filter_match_besides_stage (filter, kase, now))
        continue;
      for (GwQueueView v = 0; v < GW_QUEUE_N_VIEWS; v++)
        counts->views[v] += gw_case_queue_view_matches_full (v, kase, user, now, calendar, return_visit_days);
      if (!(department = gw_queue_counts_department_of (gw_case_get_data (kase))) ||
          !gw_case_status_is_open (gw_case_get_status (kase)))
        continue;
      if (g_hash_table_lookup_extended (counts->departments, department, &key, &count))
        g_hash_table_insert (counts->departments, g_strdup (key), GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
      else
        g_hash_table_insert (counts->departments, g_strdup (department), GUINT_TO_POINTER (1));
    }
  return counts;
}

typedef struct
{
  GPtrArray *cases;
  GwCaseFilter *filter;
  char *user;
  gint64 now;
  GwWorkCalendar *calendar;
  guint return_visit_days;
} Count;

static void
count_free (Count *count)
{
  g_clear_pointer (&count->cases, g_ptr_array_unref);
  g_clear_object (&count->filter);
  g_clear_object (&count->calendar);
  g_free (count->user);
  g_free (count);
}

static void
count_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Count *count = task_data;
  GwQueueCounts *counts = gw_queue_counts_compute (count->cases, count->filter, count->user, count->now,
                                                   count->calendar, count->return_visit_days);

  /* 100,000 references let go here, not on the main thread. */
  g_clear_pointer (&count->cases, g_ptr_array_unref);
  g_task_return_pointer (task, counts, (GDestroyNotify) gw_queue_counts_free);
}

void
gw_queue_counts_compute_async (GwCaseModel         *model,
                               GwCaseFilter        *filter,
                               const char          *user,
                               gint64               now,
                               GwWorkCalendar      *calendar,
                               guint                return_visit_days,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Count *count = g_new0 (Count, 1);

  /* The model's array as it is now: it changes a copy meanwhile. */
  count->cases = gw_case_model_ref_cases (model);
  count->filter = filter ? gw_case_filter_copy (filter) : NULL;
  count->user = g_strdup (user);
  count->now = now;
  count->calendar = calendar ? g_object_ref (calendar) : NULL;
  count->return_visit_days = return_visit_days;
  g_task_set_source_tag (task, gw_queue_counts_compute_async);
  g_task_set_task_data (task, count, (GDestroyNotify) count_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, count_in_thread);
}

GwQueueCounts *
gw_queue_counts_compute_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
