/* gw-feed-page.h: one page of the change feed, read change by change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store-quarantine.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 last_seq;
  gboolean more;
  gboolean reference_changed;  /* grids, workers… moved: pull them */
  GPtrArray *cases;            /* GwCase: the cases that could be read */
  GPtrArray *statuses;         /* GwWorkerStatus: where phones last were */
  GPtrArray *items;            /* GwQuarantineEntry, in page order: with a
                                * reason, set aside; without, read */
  guint n_quarantined;         /* items with a reason */
  char *feed_id;               /* the server database's feed, if it says */
  gboolean reset;              /* the feed starts again: forget the cache's cases */
} GwFeedPage;

gboolean    gw_feed_page_frame (GwTownResponse  *response,
                                JsonArray      **changes,
                                gint64          *last_seq,
                                gboolean        *more);
GwFeedPage *gw_feed_page_read  (GwTownResponse  *response,
                                GError         **error);
void        gw_feed_page_free  (GwFeedPage      *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwFeedPage, gw_feed_page_free)

G_END_DECLS
