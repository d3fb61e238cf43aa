/* gw-inspection-plan-private.h: what the plan's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-inspection-plan.h"

G_BEGIN_DECLS

struct _GwInspectionPlan
{
  GObject parent_instance;
  GwInspectionData *data;
  GwPlanOptions options;
  GPtrArray *visits;            /* of GwPlanVisit */
  gboolean *drawn;              /* by target */
  gboolean *working;            /* by day of the window */
  guint n_departments;
  guint *department_load;       /* day × department */
  guint *inspector_load;        /* day × inspector */
  guint n_dues;
  guint lower_bound;
  guint separate_visits;
  guint n_deferred;             /* due items left to the next plan */
  guint n_crowded;              /* visits on a day above the load cap */
};

guint     gw_inspection_plan_department_index     (GwInspectionPlan  *self,
                                                   const char        *department);
gboolean  gw_inspection_plan_is_working           (GwInspectionPlan  *self,
                                                   guint32            day);
guint     gw_inspection_plan_per_window           (GwInspectionPlan  *self,
                                                   guint              per_year);
GArray   *gw_inspection_plan_dues_of              (GwInspectionPlan  *self,
                                                   guint              target);
guint     gw_inspection_plan_departments_of       (GwInspectionPlan  *self,
                                                   const GwPlanVisit *visit);
gboolean  gw_inspection_plan_department_room      (GwInspectionPlan  *self,
                                                   guint32            day,
                                                   guint              departments);
void      gw_inspection_plan_add_department_load  (GwInspectionPlan  *self,
                                                   guint32            day,
                                                   guint              departments,
                                                   int                delta);
guint    *gw_inspection_plan_inspector_load       (GwInspectionPlan  *self,
                                                   guint32            day,
                                                   guint              inspector);
GArray   *gw_plan_findings_new                    (void);
gboolean  gw_inspection_plan_place                (GwInspectionPlan  *self,
                                                   GwPlanVisit       *visit,
                                                   GRand             *rand);
GwInspectionPlan *gw_inspection_plan_new_empty    (GwInspectionData  *data,
                                                   const GwPlanOptions *options);

G_END_DECLS
