/* gw-plan-preview.h: what a planner reads before a plan is made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-inspection-plan.h"

G_BEGIN_DECLS

/* The preview's text: the window, visits and items, the busiest days
 * and departments, the plans it overlaps and the days only guessed to be
 * working. @answer is the server's preview ("overlaps",
 * "days_assumed_working", "unknown_years"); @plan the plan in it. */
char *gw_plan_preview_describe (GwInspectionPlan *plan,
                                JsonObject       *answer);

G_END_DECLS
