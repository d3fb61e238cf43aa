/* gw-review-cell.h: one figure of the leader review's table, with its change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-review.h"

G_BEGIN_DECLS

#define GW_TYPE_REVIEW_CELL (gw_review_cell_get_type ())

G_DECLARE_FINAL_TYPE (GwReviewCell, gw_review_cell, GW, REVIEW_CELL, GtkWidget)

GtkWidget *gw_review_cell_new  (const GwReviewColumn *column);
void       gw_review_cell_show (GwReviewCell         *self,
                                const GwReviewRow    *row);
void       gw_review_show_change (GtkLabel             *label,
                                  const GwReviewColumn *column,
                                  const GwReviewRow    *row);

G_END_DECLS
