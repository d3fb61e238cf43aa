/* gw-case-pull.h: bring the cache's cases up to the server's change feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store-outbox.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

typedef struct
{
  guint applied;              /* cases written to the cache */
  GPtrArray *new_urgent;      /* GwCase: urgent cases seen for the first time */
  gboolean reference_changed; /* grids, workers… moved: pull them */
  guint statuses;             /* workers' reports written to the cache */
  gint64 cursor;
  gboolean reset;             /* the server's feed began again: the cache was emptied of cases */
  guint newly_quarantined;    /* changes this pull could not read */
  guint quarantined;          /* changes set aside in the cache, all told */
} GwCasePullResult;

void              gw_case_pull_result_free (GwCasePullResult    *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCasePullResult, gw_case_pull_result_free)

void              gw_case_pull_async       (GwTownClient        *client,
                                            GwStore             *store,
                                            guint                page_size,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GwCasePullResult *gw_case_pull_finish      (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
