/* gw-feed-page-private.h: a feed page read with a tree or from its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-feed-page.h"
#include "gw-json.h"

G_BEGIN_DECLS

GwFeedPage *gw_feed_page_new         (void);
void        gw_feed_page_read_change (GwFeedPage        *page,
                                      GBytes            *body,
                                      JsonNode          *node,
                                      const GwJsonRange *range,
                                      gssize             defect,
                                      guint              index);
GwFeedPage *gw_feed_page_read_text   (GBytes            *body);

G_END_DECLS
