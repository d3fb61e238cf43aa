/* gw-plan-sheet.h: a plan's overview, or one visit's task sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-inspection-plan.h"

G_BEGIN_DECLS

#define GW_TYPE_PLAN_SHEET (gw_plan_sheet_get_type ())

G_DECLARE_FINAL_TYPE (GwPlanSheet, gw_plan_sheet, GW, PLAN_SHEET, GtkWidget)

void gw_plan_sheet_show (GwPlanSheet      *self,
                         GwInspectionPlan *plan,
                         gint64            plan_id,
                         guint             visit_id,
                         guint32           today,
                         gboolean          may_record);

G_END_DECLS
