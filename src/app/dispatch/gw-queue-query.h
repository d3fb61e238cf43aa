/* gw-queue-query.h: a view and the shared filter, matched on the cases' keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-filter.h"
#include "gw-case-keys.h"
#include "gw-queue-views.h"

G_BEGIN_DECLS

typedef struct _GwQueueQuery GwQueueQuery;

GwQueueQuery *gw_queue_query_new  (GwCaseKeys   *keys,
                                   GwQueueView   view,
                                   const char   *user,
                                   const char   *department,
                                   GwCaseFilter *filter,
                                   gint64        now);
void          gw_queue_query_free (GwQueueQuery *self);
void          gw_queue_query_run  (GwQueueQuery *self,
                                   guint8       *matches,
                                   guint         from,
                                   guint         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwQueueQuery, gw_queue_query_free)

G_END_DECLS
