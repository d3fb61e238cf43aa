/* gw-dispatch-page.h: the queue, the case panel and the actions on cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-panel.h"
#include "gw-case-queue.h"
#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_DISPATCH_PAGE (gw_dispatch_page_get_type ())

G_DECLARE_FINAL_TYPE (GwDispatchPage, gw_dispatch_page, GW, DISPATCH_PAGE, GtkWidget)

void         gw_dispatch_page_set_session   (GwDispatchPage *self,
                                             GwSession      *session);
void         gw_dispatch_page_set_model     (GwDispatchPage *self,
                                             GwCaseModel    *model,
                                             GwCaseFilter   *filter);

void         gw_dispatch_page_refresh_time  (GwDispatchPage *self);
GwCaseQueue *gw_dispatch_page_get_queue     (GwDispatchPage *self);
GwCasePanel *gw_dispatch_page_get_panel     (GwDispatchPage *self);
GPtrArray   *gw_dispatch_page_suggest       (GwDispatchPage *self,
                                             const char     *case_id);

G_END_DECLS
