/* gw-review-page.h: the figures leaders rank units by, period against period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-case-model.h"
#include "gw-review.h"
#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_REVIEW_PAGE (gw_review_page_get_type ())

G_DECLARE_FINAL_TYPE (GwReviewPage, gw_review_page, GW, REVIEW_PAGE, AdwBin)

void        gw_review_page_set_model      (GwReviewPage  *self,
                                           GwCaseModel   *model);
void        gw_review_page_set_session    (GwReviewPage  *self,
                                           GwSession     *session);
/* Computes now rather than at the next idle moment. */
void        gw_review_page_recompute      (GwReviewPage  *self);
GwReview   *gw_review_page_get_review     (GwReviewPage  *self);
const char *gw_review_page_get_town       (GwReviewPage  *self);
GListModel *gw_review_page_get_rows       (GwReviewPage  *self);
const char *gw_review_page_get_tile_text  (GwReviewPage  *self,
                                           const char    *column_id);
GtkWidget  *gw_review_page_get_map        (GwReviewPage  *self);
GtkWidget  *gw_review_page_get_bars       (GwReviewPage  *self);
GtkWidget  *gw_review_page_get_trend      (GwReviewPage  *self);
/* Unit names in @language ("zh_CN" or "en") for the current grouping. */
GHashTable *gw_review_page_dup_names      (GwReviewPage  *self,
                                           const char    *language);
/* @format "pdf" or "csv"; @language "zh_CN" or "en". In the screen's
 * language the report is made here, the map as shown; in the other one
 * gridwatch-report makes it from the town server's cases, and the main
 * loop goes on meanwhile. */
void        gw_review_page_export_async   (GwReviewPage        *self,
                                           const char          *format,
                                           const char          *language,
                                           GFile               *file,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    gw_review_page_export_finish  (GwReviewPage        *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
