/* gw-queue-counts.h: how many cases each of the queue's views holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-filter.h"
#include "gw-case-model.h"
#include "gw-queue-views.h"
#include "gw-work-calendar.h"

G_BEGIN_DECLS

typedef struct
{
  guint views[GW_QUEUE_N_VIEWS];
  GHashTable *departments;      /* department id → open cases it holds */
} GwQueueCounts;

const char    *gw_queue_counts_department_of  (const GwCaseData     *data);
GwQueueCounts *gw_queue_counts_compute        (GPtrArray            *cases,
                                               GwCaseFilter         *filter,
                                               const char           *user,
                                               gint64                now,
                                               GwWorkCalendar       *calendar,
                                               guint                 return_visit_days);
void           gw_queue_counts_compute_async  (GwCaseModel          *model,
                                               GwCaseFilter         *filter,
                                               const char           *user,
                                               gint64                now,
                                               GwWorkCalendar       *calendar,
                                               guint                 return_visit_days,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GwQueueCounts *gw_queue_counts_compute_finish (GAsyncResult         *result,
                                               GError              **error);
void           gw_queue_counts_free           (GwQueueCounts        *counts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwQueueCounts, gw_queue_counts_free)

G_END_DECLS
