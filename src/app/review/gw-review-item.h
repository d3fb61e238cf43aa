/* gw-review-item.h: one unit's row of the leader review, for list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gw-review.h"

G_BEGIN_DECLS

#define GW_TYPE_REVIEW_ITEM (gw_review_item_get_type ())

G_DECLARE_FINAL_TYPE (GwReviewItem, gw_review_item, GW, REVIEW_ITEM, GObject)

/* Copies @row; @name is what the unit is called on screen. */
GwReviewItem      *gw_review_item_new      (const GwReviewRow *row,
                                            const char        *name);
const GwReviewRow *gw_review_item_get_row  (GwReviewItem      *self);
const char        *gw_review_item_get_name (GwReviewItem      *self);

G_END_DECLS
