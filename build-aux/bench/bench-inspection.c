/* bench-inspection.c: planning a year of joint inspections
 *
 * 5,000 targets of the demo's six kinds, 8 departments with their
 * catalogue, 20 inspectors each, the 2026 calendar. Prints:
 *   bench inspection-plan targets=5000 ms=… target_ms=2000
 *   bench inspection-visits visits=… lower_bound=… ratio=… target_ratio=1.05
 *   bench inspection-merging joint=… separate=… reduction_pct=…
 * and the number of broken rules the check finds (must be 0).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-bench-util.h"
#include "gw-inspection-plan.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GwInspectionData) data = gw_inspection_data_new_catalogue (NULL);
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GwInspectionPlan) plan = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  GDate jan1, next_jan1;
  double ms, ratio;

  gw_inspection_data_add_demo (data, 5000, 20, 370883, 35.30, 116.85, 35.55, 117.15);
  g_date_set_dmy (&jan1, 1, 1, 2026);
  g_date_set_dmy (&next_jan1, 1, 1, 2027);
  options.from = g_date_get_julian (&jan1);
  options.to = g_date_get_julian (&next_jan1);
  options.seed = 20260101;
  options.calendar = calendar;

  /* Three runs; the median is reported. */
  for (guint run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_object (&plan);
      plan = gw_inspection_plan_compute (data, &options, NULL);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_array_sort (times, gw_bench_compare_doubles);
  violations = gw_inspection_plan_check (plan);
  for (guint i = 0; i < MIN (violations->len, 5); i++)
    g_printerr ("broken: %s\n", (char *) g_ptr_array_index (violations, i));

  ratio = (double) gw_inspection_plan_get_n_visits (plan) / MAX (gw_inspection_plan_get_lower_bound (plan), 1);
  g_print ("bench inspection-plan targets=5000 departments=8 items=%u ms=%.0f target_ms=2000 ratio_to_target=%.2f\n",
           gw_inspection_plan_get_n_dues (plan), g_array_index (times, double, 1),
           g_array_index (times, double, 1) / 2000.0);
  g_print ("bench inspection-visits visits=%u lower_bound=%u ratio=%.3f target_ratio=1.05 broken_rules=%u deferred_items=%u\n",
           gw_inspection_plan_get_n_visits (plan), gw_inspection_plan_get_lower_bound (plan), ratio, violations->len,
           gw_inspection_plan_get_n_deferred (plan));
  g_print ("bench inspection-merging joint=%u separate=%u reduction_pct=%.1f\n",
           gw_inspection_plan_get_n_visits (plan), gw_inspection_plan_get_separate_visits (plan),
           100.0 * (1.0 - (double) gw_inspection_plan_get_n_visits (plan) / MAX (gw_inspection_plan_get_separate_visits (plan), 1)));
  return violations->len == 0 ? 0 : 1;
}
