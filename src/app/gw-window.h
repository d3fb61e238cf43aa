/* gw-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-case-list.h"
#include "gw-grid-sidebar.h"
#include "gw-dispatch-page.h"
#include "gw-escalation-board.h"
#include "gw-planning-page.h"
#include "gw-review-page.h"
#include "gw-wall-view.h"
#include "gw-map-view.h"

#include "gw-urgent-toasts.h"

G_BEGIN_DECLS

#define GW_TYPE_WINDOW (gw_window_get_type ())

G_DECLARE_FINAL_TYPE (GwWindow, gw_window, GW, WINDOW, AdwApplicationWindow)

GwWindow      *gw_window_new             (AdwApplication *application);
GwMapView     *gw_window_get_map_view    (GwWindow       *self);
GwGridSidebar *gw_window_get_sidebar     (GwWindow       *self);
GwCaseList    *gw_window_get_case_list   (GwWindow       *self);
GwCaseModel   *gw_window_get_cases       (GwWindow       *self);
GwUrgentToasts *gw_window_get_urgent_toasts (GwWindow     *self);
/* Whether the case and grid lists are out beside the page. */
gboolean       gw_window_get_sidebar_shown (GwWindow      *self);
const char    *gw_window_get_banner_text (GwWindow       *self);
const char    *gw_window_get_status_text (GwWindow       *self);

GwDispatchPage *gw_window_get_dispatch_page (GwWindow   *self);
GwEscalationBoard *gw_window_get_escalation_board (GwWindow *self);
GwPlanningPage *gw_window_get_planning_page (GwWindow    *self);
GwCase         *gw_window_lookup_case       (GwWindow   *self,
                                             const char *case_id);
const char     *gw_window_get_visible_page  (GwWindow   *self);
GwWallView     *gw_window_get_wall_view     (GwWindow   *self);
GwReviewPage   *gw_window_get_review_page   (GwWindow   *self);

G_END_DECLS
