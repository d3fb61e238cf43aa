/* gw-plan-export.h: a joint-inspection plan and its task sheets on paper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-inspection-plan.h"

G_BEGIN_DECLS

gboolean gw_plan_export_pdf (GwInspectionPlan  *plan,
                             GFile             *file,
                             GError           **error);
gboolean gw_plan_export_visit_pdf (GwInspectionPlan  *plan,
                                   guint              visit_id,
                                   GFile             *file,
                                   GError           **error);
gboolean gw_plan_export_csv (GwInspectionPlan  *plan,
                             GFile             *file,
                             GError           **error);

G_END_DECLS
