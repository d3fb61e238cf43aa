/* test-inspection.c: the joint-inspection planner keeps every rule
 *
 * Random instances, from seeds, must give plans that break no rule; the
 * draw is reproducible and fair; every due item lands in exactly one
 * visit; a move that breaks a rule is refused with the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gw-inspection-plan.h"

static guint32
julian (int year,
        int month,
        int day)
{
  GDate date;

  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static GwInspectionData *
county (guint   targets,
        guint   inspectors,
        guint32 seed)
{
  g_autoptr(GError) error = NULL;
  GwInspectionData *data = gw_inspection_data_new_catalogue (&error);

  g_assert_no_error (error);
  gw_inspection_data_add_demo (data, targets, inspectors, seed, 35.30, 116.85, 35.55, 117.15);
  return data;
}

static void
assert_keeps_every_rule (GwInspectionPlan *plan,
                         const char       *what)
{
  g_autoptr(GPtrArray) broken = gw_inspection_plan_check (plan);

  for (guint i = 0; i < broken->len && i < 5; i++)
    g_test_message ("%s: %s", what, (char *) g_ptr_array_index (broken, i));
  g_assert_cmpuint (broken->len, ==, 0);
}

static void
test_random_instances (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint instance = 0; instance < 40; instance++)
    {
      guint n_targets = g_rand_int_range (rand, 20, 400);
      g_autoptr(GwInspectionData) data = county (n_targets, g_rand_int_range (rand, 8, 16), g_rand_int (rand));
      g_autoptr(GwInspectionPlan) plan = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *what = NULL;
      GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
      static const int windows[] = { 31, 91, 365 };
      int month = g_rand_int_range (rand, 1, 13);

      options.from = julian (2026, month, 1);
      options.to = options.from + windows[g_rand_int_range (rand, 0, G_N_ELEMENTS (windows))];
      options.seed = g_rand_int (rand);
      options.random_share = g_rand_double_range (rand, 0.05, 0.25);
      options.max_per_department = g_rand_int_range (rand, 1, 4);
      options.department_capacity = g_rand_int_range (rand, 10, 40);
      options.inspector_capacity = g_rand_int_range (rand, 2, 5);
      options.team_size = g_rand_int_range (rand, 2, 4);
      options.calendar = instance % 2 ? calendar : NULL;
      what = g_strdup_printf ("instance %u (%u targets, %u days)", instance, n_targets, options.to - options.from);

      plan = gw_inspection_plan_compute (data, &options, &error);
      g_assert_no_error (error);
      assert_keeps_every_rule (plan, what);
      /* Never fewer visits than the most frequent item needs. */
      g_assert_cmpuint (gw_inspection_plan_get_n_visits (plan), >=, gw_inspection_plan_get_lower_bound (plan));
      g_assert_cmpuint (gw_inspection_plan_get_n_visits (plan), <=, gw_inspection_plan_get_separate_visits (plan));
    }
}

static void
test_draw_is_reproducible (void)
{
  g_autoptr(GwInspectionData) data = county (300, 10, 7);
  g_autoptr(GwInspectionPlan) first = NULL, again = NULL, other = NULL;
  g_autofree char *first_csv = NULL, *again_csv = NULL;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  guint n, drawn = 0, differ = 0;

  options.from = julian (2026, 1, 1);
  options.to = julian (2027, 1, 1);
  options.seed = 20260101;
  first = gw_inspection_plan_compute (data, &options, NULL);
  again = gw_inspection_plan_compute (data, &options, NULL);
  options.seed = 20260102;
  other = gw_inspection_plan_compute (data, &options, NULL);

  /* The published seed gives the same draw, the same teams, the same plan. */
  first_csv = gw_inspection_plan_to_csv (first);
  again_csv = gw_inspection_plan_to_csv (again);
  g_assert_cmpstr (first_csv, ==, again_csv);
  gw_inspection_data_get_targets (data, &n);
  for (guint t = 0; t < n; t++)
    {
      drawn += gw_inspection_plan_get_drawn (first)[t];
      differ += gw_inspection_plan_get_drawn (first)[t] != gw_inspection_plan_get_drawn (other)[t];
    }
  /* 5% of 300, at least. */
  g_assert_cmpuint (drawn, ==, 15);
  g_assert_cmpuint (differ, >, 0);
}

static void
test_draw_is_fair (void)
{
  g_autoptr(GwInspectionData) data = county (100, 10, 11);
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  guint counts[100] = { 0 };
  const guint runs = 1000;
  double expected, chi2 = 0;

  /* A month, so each run is quick; a tenth drawn each time. */
  options.from = julian (2026, 3, 1);
  options.to = julian (2026, 4, 1);
  options.random_share = 0.1;
  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(GwInspectionPlan) plan = NULL;

      options.seed = 1000 + run;
      plan = gw_inspection_plan_compute (data, &options, NULL);
      for (guint t = 0; t < 100; t++)
        counts[t] += gw_inspection_plan_get_drawn (plan)[t];
    }
  expected = runs * 0.1;
  for (guint t = 0; t < 100; t++)
    {
      /* Binomial(1000, 0.1): sd 9.5; six of them is far outside chance. */
      g_assert_cmpfloat (fabs (counts[t] - expected), <, 6 * sqrt (runs * 0.1 * 0.9));
      chi2 += (counts[t] - expected) * (counts[t] - expected) / expected;
    }
  /* 99 degrees of freedom: 99 ± 14; 170 is beyond p = 10^-5. */
  g_test_message ("chi-square %.1f over 99 degrees of freedom", chi2);
  g_assert_cmpfloat (chi2, <, 170);
  g_assert_cmpfloat (chi2, >, 40);
}

static void
test_every_due_item_once (void)
{
  g_autoptr(GwInspectionData) data = gw_inspection_data_new_catalogue (NULL);
  g_autoptr(GwInspectionPlan) plan = NULL;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  guint n_items, n_targets;
  const GwInspectionItem *items;
  const GwInspectionTarget *targets;
  g_autofree guint *seen = NULL;

  /* A hand-made county: a restaurant of each risk and a chemicals dealer
   * never inspected, and inspectors enough. */
  gw_inspection_data_add_target (data, &(GwInspectionTarget) { (char *) "A", (char *) "老张家常菜馆", NULL, (char *) "restaurant",
                                                             NULL, 35.4, 117.0, NULL, GW_RISK_NORMAL, 0, 0 });
  gw_inspection_data_add_target (data, &(GwInspectionTarget) { (char *) "B", (char *) "鑫源化工经营部", NULL, (char *) "chemicals",
                                                             NULL, 35.41, 117.0, NULL, GW_RISK_HIGH, 3, 0 });
  gw_inspection_data_add_target (data, &(GwInspectionTarget) { (char *) "C", (char *) "四季快餐店", NULL, (char *) "restaurant",
                                                             NULL, 35.42, 117.0, NULL, GW_RISK_LOW, 0, 0 });
  gw_inspection_data_add_demo (data, 0, 4, 3, 35.3, 116.9, 35.5, 117.1);
  options.from = julian (2026, 1, 1);
  options.to = julian (2027, 1, 1);
  options.random_share = 0;
  plan = gw_inspection_plan_compute (data, &options, NULL);
  assert_keeps_every_rule (plan, "hand-made");

  /* Counted apart from the planner: each priority item min(frequency,
   * twice for high risk, the limit of 2) times; the low-risk restaurant
   * not at all; no random-check item (nothing drawn). */
  items = gw_inspection_data_get_items (data, &n_items);
  targets = gw_inspection_data_get_targets (data, &n_targets);
  seen = g_new0 (guint, n_items * n_targets);
  for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan); i++)
    {
      GwPlanVisit *v = gw_inspection_plan_get_visit (plan, i);

      for (guint k = 0; k < v->dues->len; k++)
        seen[v->target * n_items + g_array_index (v->dues, GwPlanDue, k).item]++;
    }
  for (guint t = 0; t < n_targets; t++)
    for (guint i = 0; i < n_items; i++)
      {
        guint want = 0;

        if (g_str_equal (items[i].category, targets[t].category) && items[i].kind == GW_ITEM_PRIORITY &&
            targets[t].risk != GW_RISK_LOW)
          want = MIN (items[i].per_year * (targets[t].risk == GW_RISK_HIGH ? 2 : 1), 2);
        g_assert_cmpuint (seen[t * n_items + i], ==, want);
      }
  /* The restaurant's four priority items in two visits, not five. */
  {
    guint restaurant_visits = 0;

    for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan); i++)
      restaurant_visits += gw_inspection_plan_get_visit (plan, i)->target == 0;
    g_assert_cmpuint (restaurant_visits, ==, 2);
  }
}

static void
test_moves (void)
{
  g_autoptr(GwInspectionData) data = county (200, 10, 5);
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GwInspectionPlan) plan = NULL;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  GwPlanVisit *visit = NULL;
  g_autoptr(GError) error = NULL;
  guint32 saturday = julian (2026, 10, 3);   /* the National Day holiday */

  options.from = julian (2026, 9, 1);
  options.to = julian (2026, 12, 1);
  options.calendar = calendar;
  options.inspector_capacity = 2;
  plan = gw_inspection_plan_compute (data, &options, NULL);
  assert_keeps_every_rule (plan, "before moves");

  /* A visit with room to move. */
  for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan) && !visit; i++)
    if (gw_inspection_plan_get_visit (plan, i)->latest - gw_inspection_plan_get_visit (plan, i)->earliest > 40)
      visit = gw_inspection_plan_get_visit (plan, i);
  g_assert_nonnull (visit);

  /* A holiday: refused, with why. */
  g_assert_false (gw_inspection_plan_move_visit (plan, visit->id, saturday, &error));
  g_assert_nonnull (strstr (error->message, "not a working day"));
  g_clear_error (&error);
  /* Outside its items' window. */
  g_assert_false (gw_inspection_plan_move_visit (plan, visit->id, visit->latest + 30, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Onto a day its inspectors are full: refused. */
  {
    guint inspector = g_array_index (visit->inspectors, guint, 0);
    guint32 full_day = 0;

    for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan) && !full_day; i++)
      {
        GwPlanVisit *v = gw_inspection_plan_get_visit (plan, i);
        guint on_day = 0;

        if (v->day == visit->day || v->day < visit->earliest || v->day > visit->latest)
          continue;
        for (guint j = 0; j < gw_inspection_plan_get_n_visits (plan); j++)
          {
            GwPlanVisit *w = gw_inspection_plan_get_visit (plan, j);

            for (guint k = 0; k < w->inspectors->len; k++)
              on_day += w->day == v->day && g_array_index (w->inspectors, guint, k) == inspector;
          }
        if (on_day >= options.inspector_capacity)
          full_day = v->day;
      }
    if (full_day)
      {
        g_assert_false (gw_inspection_plan_move_visit (plan, visit->id, full_day, &error));
        g_assert_nonnull (strstr (error->message, "already has"));
        g_clear_error (&error);
      }
  }

  /* A good move is taken, and the plan still keeps every rule. */
  for (guint32 day = visit->earliest; day <= visit->latest; day++)
    if (day != visit->day && gw_inspection_plan_move_visit (plan, visit->id, day, NULL))
      break;
  assert_keeps_every_rule (plan, "after a move");
}

static void
test_explain_and_export (void)
{
  g_autoptr(GwInspectionData) data = county (50, 8, 9);
  g_autoptr(GwInspectionPlan) plan = NULL;
  g_autofree char *csv = NULL;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  GwPlanVisit *visit;
  guint n_items, lines = 0;
  const GwInspectionItem *items = gw_inspection_data_get_items (data, &n_items);

  options.from = julian (2026, 1, 1);
  options.to = julian (2026, 7, 1);
  options.random_share = 0.2;
  plan = gw_inspection_plan_compute (data, &options, NULL);
  g_assert_cmpuint (gw_inspection_plan_get_n_visits (plan), >, 0);
  visit = gw_inspection_plan_get_visit (plan, 0);

  /* Every item of the visit is explained, with its code. */
  {
    g_autofree char *why = gw_inspection_plan_explain (plan, visit);

    for (guint k = 0; k < visit->dues->len; k++)
      g_assert_nonnull (strstr (why, items[g_array_index (visit->dues, GwPlanDue, k).item].code));
  }

  /* CSV: a header and a row per item per visit. */
  csv = gw_inspection_plan_to_csv (plan);
  for (const char *p = csv; (p = strstr (p, "\r\n")); p += 2)
    lines++;
  g_assert_cmpuint (lines, ==, gw_inspection_plan_get_n_dues (plan) + 1);

  /* As the server keeps it: read back, the same plan, still keeping the
   * rules. */
  {
    g_autoptr(JsonNode) json = gw_inspection_plan_to_json (plan);
    g_autoptr(GError) error = NULL;
    g_autoptr(GwInspectionPlan) back = gw_inspection_plan_new_from_json (data, NULL, json, &error);
    g_autofree char *back_csv = NULL;

    g_assert_no_error (error);
    back_csv = gw_inspection_plan_to_csv (back);
    g_assert_cmpstr (back_csv, ==, csv);
    g_assert_cmpuint (gw_inspection_plan_get_lower_bound (back), ==, gw_inspection_plan_get_lower_bound (plan));
    assert_keeps_every_rule (back, "read back");
  }
}

static JsonArray *
findings_for (GwInspectionPlan  *plan,
              const GwPlanVisit *visit,
              guint              failing)
{
  guint n_items;
  const GwInspectionItem *items = gw_inspection_data_get_items (gw_inspection_plan_get_data (plan), &n_items);
  JsonArray *findings = json_array_new ();

  for (guint k = 0; k < visit->dues->len; k++)
    {
      JsonObject *f = json_object_new ();

      json_object_set_string_member (f, "item", items[g_array_index (visit->dues, GwPlanDue, k).item].code);
      json_object_set_boolean_member (f, "passed", k != failing);
      json_object_set_string_member (f, "note", k != failing ? "符合要求" : "未按规定留样");
      json_array_add_object_element (findings, f);
    }
  return findings;
}

static void
test_results (void)
{
  g_autoptr(GwInspectionData) data = county (120, 10, 21);
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GwInspectionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) first = NULL, again = NULL, wrong = NULL;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  GwInspectionFigures figures;
  GwPlanVisit *visit = NULL, *reinspection = NULL;
  guint before;

  options.from = julian (2026, 1, 1);
  options.to = julian (2027, 1, 1);
  options.calendar = calendar;
  plan = gw_inspection_plan_compute (data, &options, NULL);
  /* An early joint visit. */
  for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan) && !visit; i++)
    if (gw_inspection_plan_get_visit (plan, i)->dues->len >= 2)
      visit = gw_inspection_plan_get_visit (plan, i);
  g_assert_nonnull (visit);
  before = gw_inspection_plan_get_n_visits (plan);

  /* Findings must cover the visit's items, once. */
  wrong = json_array_new ();
  g_assert_false (gw_inspection_plan_record_findings (plan, visit->id, wrong, &error));
  g_clear_error (&error);

  /* One item fails: a notice 15 working days out and a re-inspection
   * after it, planned like any visit. */
  first = findings_for (plan, visit, 1);
  g_assert_true (gw_inspection_plan_record_findings (plan, visit->id, first, &error));
  g_assert_no_error (error);
  g_assert_false (gw_inspection_plan_record_findings (plan, visit->id, first, &error));
  g_clear_error (&error);
  g_assert_cmpuint (visit->notices->len, ==, 1);
  g_assert_cmpuint (gw_inspection_plan_get_n_visits (plan), ==, before + 1);
  reinspection = gw_inspection_plan_find_visit (plan, g_array_index (visit->notices, GwNotice, 0).reinspection);
  g_assert_nonnull (reinspection);
  g_assert_cmpuint (reinspection->reinspects, ==, visit->id);
  g_assert_cmpuint (reinspection->dues->len, ==, 1);
  g_assert_cmpuint (reinspection->day, >, g_array_index (visit->notices, GwNotice, 0).deadline);
  assert_keeps_every_rule (plan, "with a re-inspection");

  /* Where the target stands, day by day: the notice open until its
   * deadline, overdue after, closed once the re-inspection passes. */
  {
    guint n_targets;
    g_autofree GwTargetStatus *statuses = NULL;
    g_autofree guint *next = NULL;
    guint32 deadline = g_array_index (visit->notices, GwNotice, 0).deadline;

    gw_inspection_data_get_targets (data, &n_targets);
    statuses = g_new (GwTargetStatus, n_targets);
    next = g_new (guint, n_targets);
    gw_inspection_plan_target_statuses (plan, visit->day, statuses, next);
    g_assert_cmpint (statuses[visit->target], ==, GW_TARGET_NOTICE_OPEN);
    g_assert_cmpuint (next[visit->target], !=, 0);
    g_assert_cmpuint (gw_inspection_plan_find_visit (plan, next[visit->target])->day, >=, visit->day);
    gw_inspection_plan_target_statuses (plan, deadline + 1, statuses, next);
    g_assert_cmpint (statuses[visit->target], ==, GW_TARGET_NOTICE_OVERDUE);
    /* Before anything happened: planned, drawn or not due; never worse. */
    gw_inspection_plan_target_statuses (plan, options.from, statuses, NULL);
    for (guint t = 0; t < n_targets; t++)
      if (t != visit->target)
        g_assert_cmpint (statuses[t], <=, GW_TARGET_DRAWN);
    /* After the year, a visit without findings was missed. */
    gw_inspection_plan_target_statuses (plan, options.to, statuses, NULL);
    for (guint t = 0; t < n_targets; t++)
      if (t != visit->target)
        g_assert_true (statuses[t] == GW_TARGET_VISIT_MISSED || statuses[t] == GW_TARGET_NOT_DUE);
  }

  /* The re-inspection passes: the notice is closed, on time. */
  again = findings_for (plan, reinspection, G_MAXUINT);
  g_assert_true (gw_inspection_plan_record_findings (plan, reinspection->id, again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_array_index (visit->notices, GwNotice, 0).closed, ==, reinspection->day);

  gw_inspection_plan_get_figures (plan, &figures);
  g_assert_cmpuint (figures.visits, ==, before);
  g_assert_cmpuint (figures.visited, ==, 1);
  g_assert_cmpuint (figures.notices_issued, ==, 1);
  g_assert_cmpuint (figures.notices_closed, ==, 1);
  g_assert_cmpuint (figures.notices_closed_on_time, ==, 1);
  g_assert_cmpuint (figures.visits_saved, ==, gw_inspection_plan_get_separate_visits (plan) - before);
  g_assert_cmpfloat (figures.joint_rate, >, 0.3);

  /* And it all survives the server's keeping. */
  {
    g_autoptr(JsonNode) json = gw_inspection_plan_to_json (plan);
    g_autoptr(GwInspectionPlan) back = gw_inspection_plan_new_from_json (data, calendar, json, &error);
    GwInspectionFigures back_figures;

    g_assert_no_error (error);
    gw_inspection_plan_get_figures (back, &back_figures);
    g_assert_cmpuint (back_figures.notices_closed_on_time, ==, 1);
    g_assert_cmpuint (gw_inspection_plan_find_visit (back, visit->id)->findings->len, ==, visit->dues->len);
  }
}

/* The busiest working day of @plan's window against its mean. */
static void
assert_spread (GwInspectionPlan   *plan,
               const GwPlanOptions *options,
               GwWorkCalendar      *calendar)
{
  g_autofree guint *load = g_new0 (guint, options->to - options->from);
  guint working = 0, busiest = 0, n = 0;
  double mean;

  for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan); i++)
    {
      guint32 day = gw_inspection_plan_get_visit (plan, i)->day;

      if (day >= options->from && day < options->to)
        load[day - options->from]++, n++;
    }
  for (guint32 d = options->from; d < options->to; d++)
    {
      g_autoptr(GDateTime) noon = NULL;
      GDate date;

      g_date_set_julian (&date, d);
      noon = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 12, 0, 0);
      if (gw_work_calendar_is_working_day (calendar, noon))
        working++;
      else
        g_assert_cmpuint (load[d - options->from], ==, 0);
      busiest = MAX (busiest, load[d - options->from]);
    }
  mean = (double) n / working;
  g_test_message ("%u visits over %u working days: mean %.1f a day, busiest %u", n, working, mean, busiest);
  g_assert_cmpuint (gw_inspection_plan_get_n_crowded (plan), ==, 0);
  g_assert_cmpfloat (busiest, <=, 1.3 * mean);
}

/* No working day above 1.3 times the window's mean while the visits'
 * windows leave room: the demo county's plan (1,500 targets, December to
 * February, as gridwatch-townd --demo makes it) and a quarter of 400
 * targets, where the old planner put 2.4 times the mean on one day. */
static void
test_load_spread (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  struct { guint targets, inspectors, seed; int year, month, days; } cases[] = {
    { 1500, 20, 370883, 2026, 12, 90 },
    { 400, 15, 1007, 2026, 8, 91 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GwInspectionData) data = county (cases[c].targets, cases[c].inspectors, cases[c].seed);
      g_autoptr(GwInspectionPlan) plan = NULL;
      g_autoptr(GError) error = NULL;
      GwPlanOptions options = GW_PLAN_OPTIONS_INIT;

      options.from = julian (cases[c].year, cases[c].month, 1);
      options.to = options.from + cases[c].days;
      options.seed = c == 0 ? 20260101 : 7;
      options.calendar = calendar;
      plan = gw_inspection_plan_compute (data, &options, &error);
      g_assert_no_error (error);
      assert_spread (plan, &options, calendar);
      assert_keeps_every_rule (plan, "a spread plan");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inspection/random-instances-keep-every-rule", test_random_instances);
  g_test_add_func ("/inspection/draw-is-reproducible", test_draw_is_reproducible);
  g_test_add_func ("/inspection/draw-is-fair", test_draw_is_fair);
  g_test_add_func ("/inspection/every-due-item-once", test_every_due_item_once);
  g_test_add_func ("/inspection/moves", test_moves);
  g_test_add_func ("/inspection/explain-and-export", test_explain_and_export);
  g_test_add_func ("/inspection/results", test_results);
  g_test_add_func ("/inspection/load-spread", test_load_spread);

  return g_test_run ();
}
