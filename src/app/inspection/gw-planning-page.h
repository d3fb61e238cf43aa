/* gw-planning-page.h: the joint-inspection planning panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-calendar-day.h"
#include "gw-inspection-plan.h"
#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_PLANNING_PAGE (gw_planning_page_get_type ())

G_DECLARE_FINAL_TYPE (GwPlanningPage, gw_planning_page, GW, PLANNING_PAGE, GtkWidget)

void              gw_planning_page_set_session     (GwPlanningPage *self,
                                                    GwSession      *session);
void              gw_planning_page_reload          (GwPlanningPage *self);
GwInspectionPlan *gw_planning_page_get_plan        (GwPlanningPage *self);
gint64            gw_planning_page_get_plan_version (GwPlanningPage *self);
gint64            gw_planning_page_get_plan_id      (GwPlanningPage *self);
void              gw_planning_page_show_month      (GwPlanningPage *self,
                                                    guint32         julian);
guint             gw_planning_page_get_selected    (GwPlanningPage *self);
GwInspectionData *gw_planning_page_get_data        (GwPlanningPage *self);
guint32           gw_planning_page_get_today       (GwPlanningPage *self);
void              gw_planning_page_select_visit    (GwPlanningPage *self,
                                                    guint           visit_id);
GwCalendarDay    *gw_planning_page_get_day         (GwPlanningPage *self,
                                                    guint32         julian);

G_END_DECLS
