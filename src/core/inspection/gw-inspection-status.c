/* gw-inspection-status.c: where each target stands in a plan, on a day
 *
 * The planning map colours every enterprise by what the plan means for it
 * today. The worst fact wins: a rectification past its deadline matters
 * more than a visit next week, and a visit whose day passed without
 * findings is a visit that did not happen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-inspection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-inspection-plan-private.h"

/* The worse status of the two; the enum is ordered from least to worst. */
static GwTargetStatus
worse (GwTargetStatus a,
       GwTargetStatus b)
{
  return MAX (a, b);
}

static GwTargetStatus
notice_status (const GwNotice *notice,
               guint32         today)
{
  if (notice->closed)
    return GW_TARGET_INSPECTED;
  return today > notice->deadline ? GW_TARGET_NOTICE_OVERDUE : GW_TARGET_NOTICE_OPEN;
}

/* @statuses: one per target, filled; @next_visit: the target's next visit
 * from @today (or its last, when all are past), 0 when none; either may
 * be NULL. */
void
gw_inspection_plan_target_statuses (GwInspectionPlan *self,
                                    guint32           today,
                                    GwTargetStatus   *statuses,
                                    guint            *next_visit)
{
  guint n_targets;
  g_autofree guint32 *next_day = NULL;

  g_return_if_fail (GW_IS_INSPECTION_PLAN (self));

  gw_inspection_data_get_targets (self->data, &n_targets);
  next_day = g_new0 (guint32, n_targets);
  for (guint t = 0; t < n_targets; t++)
    {
      if (statuses)
        statuses[t] = GW_TARGET_NOT_DUE;
      if (next_visit)
        next_visit[t] = 0;
    }

  for (guint i = 0; i < self->visits->len; i++)
    {
      const GwPlanVisit *v = g_ptr_array_index (self->visits, i);
      GwTargetStatus status;

      if (v->findings->len > 0)
        {
          status = GW_TARGET_INSPECTED;
          for (guint k = 0; k < v->notices->len; k++)
            status = worse (status, notice_status (&g_array_index (v->notices, GwNotice, k), today));
        }
      else if (v->day < today)
        status = GW_TARGET_VISIT_MISSED;
      else
        status = v->drawn ? GW_TARGET_DRAWN : GW_TARGET_UPCOMING;
      if (statuses)
        statuses[v->target] = worse (statuses[v->target], status);

      if (next_visit)
        {
          guint32 known = next_day[v->target];
          gboolean upcoming = v->day >= today, known_upcoming = known >= today;

          /* The soonest upcoming one; failing that, the latest past one. */
          if (known == 0 ||
              (upcoming && (!known_upcoming || v->day < known)) ||
              (!upcoming && !known_upcoming && v->day > known))
            {
              next_visit[v->target] = v->id;
              next_day[v->target] = v->day;
            }
        }
    }
}

const char *
gw_target_status_label (GwTargetStatus status)
{
  switch (status)
    {
    case GW_TARGET_NOT_DUE:
      return _("Not due in this plan");
    case GW_TARGET_INSPECTED:
      return _("Inspected, nothing open");
    case GW_TARGET_UPCOMING:
      return _("Visit planned");
    case GW_TARGET_DRAWN:
      return _("Drawn for a random check");
    case GW_TARGET_VISIT_MISSED:
      return _("Visit day passed without findings");
    case GW_TARGET_NOTICE_OPEN:
      return _("Rectification under way");
    case GW_TARGET_NOTICE_OVERDUE:
      return _("Rectification overdue");
    case GW_TARGET_N_STATUSES:
    default:
      g_return_val_if_reached ("");
    }
}
