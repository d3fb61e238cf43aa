/* test-desk-rules.c: the desk's actions and figures, without a server:
 * dispatch, duplicates, recategorising, the return visit, and the
 * statistics they feed, against values worked out by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case-desk.h"
#include "gw-case-stats.h"
#include "gw-desk-rules.h"
#include "gw-review.h"
#include "gw-store-duplicates.h"
#include "gw-test-util.h"

static GwCase *
case_in (GwCaseStatus  status,
         const char   *closed_at)
{
  GwCaseData d = {
    .id = (char *) "GW20261123-000010",
    .status = status,
    .category = (char *) "E0101",
    .lat = 35.4,
    .lon = 116.97,
    .reported_at = (char *) "2026-11-23T09:00:00+08:00",
    .deadline = (char *) "2026-11-23T13:00:00+08:00",
    .assignee = (char *) "department:urban",
    .closed_at = (char *) closed_at,
    .version = 3,
  };

  return gw_case_new (&d);
}

/* Two categories: E0101 (4 working hours, urban) and E0401 (2 working
 * days, market). */
static GwCategory *
lookup (const char *code,
        gpointer    data)
{
  GwCategoryInfo urban = { "E0101", GW_CATEGORY_KIND_EVENT, "01", "市容环境", NULL, "暴露垃圾", NULL,
                           4, GW_TIME_UNIT_WORKING_HOURS, "urban" };
  GwCategoryInfo market = { "E0401", GW_CATEGORY_KIND_EVENT, "04", "街面秩序", NULL, "占道经营", NULL,
                            2, GW_TIME_UNIT_WORKING_DAYS, "market" };

  if (g_str_equal (code, "E0101"))
    return gw_category_new (&urban);
  if (g_str_equal (code, "E0401"))
    return gw_category_new (&market);
  return NULL;
}

static void
test_dispatch_steps (void)
{
  g_autoptr(GwCase) reported = case_in (GW_CASE_STATUS_REPORTED, NULL);
  g_autoptr(GwCase) dispatched = gw_test_apply_ok (reported, GW_ROLE_DISPATCHER, "dispatch",
                                                   "{\"assignee\":\"worker:w0001\"}", NULL);
  const char * const *steps = gw_desk_rules_dispatch_steps (GW_CASE_STATUS_REPORTED);

  g_assert_cmpint (gw_case_get_status (dispatched), ==, GW_CASE_STATUS_DISPATCHED);
  g_assert_cmpstr (gw_case_get_data (dispatched)->assignee, ==, "worker:w0001");
  g_assert_cmpuint (g_strv_length ((char **) steps), ==, 3);
  g_assert_cmpstr (steps[0], ==, "accept");
  g_assert_cmpstr (steps[2], ==, "assign");
  g_assert_cmpstr (gw_desk_rules_dispatch_steps (GW_CASE_STATUS_FILED)[0], ==, "assign");
  g_assert_null (gw_desk_rules_dispatch_steps (GW_CASE_STATUS_IN_PROGRESS));
}

static void
test_duplicates (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-23T11:00:00+08:00", NULL);
  GwCaseContext context = { now, calendar, "d1" };
  g_autoptr(GwCase) reported = case_in (GW_CASE_STATUS_FILED, NULL);
  g_autoptr(GwCase) marked = gw_test_apply_ok (reported, GW_ROLE_DISPATCHER, "mark_duplicate",
                                               "{\"of\":\"GW20261123-000002\"}", &context);
  g_autoptr(GwCase) unmarked = NULL;
  g_autoptr(GwCase) head = case_in (GW_CASE_STATUS_DISPATCHED, NULL);
  g_autoptr(GwCase) linked = NULL;
  g_autoptr(GwCase) unlinked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) self_params = gw_test_json_object ("{\"of\":\"GW20261123-000010\"}");
  g_autoptr(GwCase) refused = gw_case_rules_apply (reported, GW_ROLE_DISPATCHER, "mark_duplicate", self_params, &context, &error);

  g_assert_null (refused);
  g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS);
  g_clear_error (&error);

  g_assert_cmpint (gw_case_get_status (marked), ==, GW_CASE_STATUS_CLOSED);
  g_assert_cmpstr (gw_case_get_data (marked)->duplicate_of, ==, "GW20261123-000002");
  g_assert_cmpstr (gw_case_get_data (marked)->closed_at, ==, "2026-11-23T11:00:00+08:00");
  /* A dispatcher may not take the mark back; a head may, with a reason. */
  g_assert_false (gw_case_rules_role_may (GW_ROLE_DISPATCHER, "unmark_duplicate"));
  unmarked = gw_test_apply_ok (marked, GW_ROLE_HEAD, "unmark_duplicate", "{\"reason\":\"两处不同\"}", &context);
  g_assert_cmpint (gw_case_get_status (unmarked), ==, GW_CASE_STATUS_FILED);
  g_assert_null (gw_case_get_data (unmarked)->duplicate_of);
  g_assert_null (gw_case_get_data (unmarked)->closed_at);

  /* The first report lists it, once, and lets it go. */
  linked = gw_desk_rules_link_duplicate (head, "GW20261123-000011", TRUE, &error);
  g_assert_no_error (error);
  {
    GwCase *again = gw_desk_rules_link_duplicate (linked, "GW20261123-000011", TRUE, &error);

    g_assert_no_error (error);
    g_object_unref (linked);
    linked = again;
  }
  g_assert_cmpuint (g_strv_length (gw_case_get_data (linked)->duplicates), ==, 1);
  unlinked = gw_desk_rules_link_duplicate (linked, "GW20261123-000011", FALSE, &error);
  g_assert_null (gw_case_get_data (unlinked)->duplicates);
  /* A duplicate is no first report. */
  g_assert_null (gw_desk_rules_link_duplicate (marked, "GW20261123-000011", TRUE, &error));
  g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL);

  /* Codes of one major class. */
  g_assert_true (gw_duplicate_same_class ("E0101", "E0102"));
  g_assert_false (gw_duplicate_same_class ("E0101", "E0201"));
  g_assert_false (gw_duplicate_same_class ("E0101", "C0101"));
}

static void
test_recategorise (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-23T11:00:00+08:00", NULL);
  GwCaseContext context = { now, calendar, "d1", lookup, NULL };
  g_autoptr(GwCase) running = case_in (GW_CASE_STATUS_DISPATCHED, NULL);
  g_autoptr(GwCase) moved = gw_test_apply_ok (running, GW_ROLE_DISPATCHER, "recategorise",
                                              "{\"category\":\"E0401\",\"reason\":\"实为占道经营\"}", &context);
  g_autoptr(JsonObject) unknown = gw_test_json_object ("{\"category\":\"E9999\",\"reason\":\"x\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) refused = gw_case_rules_apply (running, GW_ROLE_DISPATCHER, "recategorise", unknown, &context, &error);

  g_assert_null (refused);
  g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS);
  /* Monday 09:00 plus two working days, from the original report. */
  g_assert_cmpstr (gw_case_get_data (moved)->deadline, ==, "2026-11-25T09:00:00+08:00");
  g_assert_cmpstr (gw_case_get_data (moved)->category, ==, "E0401");
  g_assert_cmpstr (gw_case_get_data (moved)->assignee, ==, "department:market");
  g_assert_cmpuint (gw_case_get_data (moved)->recategorised, ==, 1);
}

static void
test_return_visit (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-24T10:00:00+08:00", NULL);
  g_autoptr(GDateTime) late = g_date_time_new_from_iso8601 ("2026-11-26T10:00:00+08:00", NULL);
  GwCaseContext context = { now, calendar, "d1", lookup, NULL, 0 };
  GwCaseContext too_late = { late, calendar, "d1", lookup, NULL, 0 };
  GwCaseContext longer = { late, calendar, "d1", lookup, NULL, 5 };
  g_autoptr(GwCase) closed = case_in (GW_CASE_STATUS_CLOSED, "2026-11-23T15:00:00+08:00");
  g_autoptr(GwCase) reopened = gw_test_apply_ok (closed, GW_ROLE_DISPATCHER, "return_visit",
                                                 "{\"result\":\"unsatisfied\",\"note\":\"垃圾又堆起来了\"}", &context);
  g_autoptr(GwCase) kept = gw_test_apply_ok (closed, GW_ROLE_HEAD, "return_visit",
                                             "{\"result\":\"unsatisfied\",\"keep_closed\":\"已按规定处置\"}", &context);
  g_autoptr(GwCase) satisfied = gw_test_apply_ok (closed, GW_ROLE_DISPATCHER, "return_visit",
                                                  "{\"result\":\"basically_satisfied\"}", &longer);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) keep = gw_test_json_object ("{\"result\":\"unsatisfied\",\"keep_closed\":\"x\"}");
  g_autoptr(JsonObject) plain = gw_test_json_object ("{\"result\":\"satisfied\"}");
  g_autoptr(GwCase) refused = gw_case_rules_apply (closed, GW_ROLE_DISPATCHER, "return_visit", keep, &context, &error);

  /* Only a head keeps it closed. */
  g_assert_null (refused);
  g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* Two working days after Monday 15:00 is Wednesday 15:00. */
  g_assert_null (gw_case_rules_apply (closed, GW_ROLE_DISPATCHER, "return_visit", plain, &too_late, &error));
  g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_assert_cmpint (gw_case_get_data (satisfied)->visit_result, ==, GW_VISIT_BASICALLY_SATISFIED);
  /* Once per closing. */
  g_assert_null (gw_case_rules_apply (satisfied, GW_ROLE_DISPATCHER, "return_visit", plain, &longer, &error));
  g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL);

  /* Unsatisfied: back to the department, 4 working hours from now. */
  g_assert_cmpint (gw_case_get_status (reopened), ==, GW_CASE_STATUS_DISPATCHED);
  g_assert_null (gw_case_get_data (reopened)->closed_at);
  g_assert_cmpuint (gw_case_get_data (reopened)->reopened, ==, 1);
  g_assert_cmpstr (gw_case_get_data (reopened)->deadline, ==, "2026-11-24T15:30:00+08:00");
  g_assert_cmpstr (gw_case_get_data (reopened)->visit_by, ==, "d1");
  g_assert_cmpint (gw_case_get_status (kept), ==, GW_CASE_STATUS_CLOSED);
  g_assert_cmpstr (gw_case_get_data (kept)->visit_kept_closed, ==, "已按规定处置");
}

static void
test_desk_travels (void)
{
  g_auto(GwCaseData) d = { 0 };
  g_autoptr(GwCase) kase = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GwCase) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) closed = case_in (GW_CASE_STATUS_CLOSED, NULL);

  gw_case_data_copy (gw_case_get_data (closed), &d);
  d.duplicate_of = g_strdup ("GW1");
  d.duplicate_from = GW_CASE_STATUS_FILED;
  gw_case_data_add_id (&d.possible_duplicates, "GW1");
  gw_case_data_add_id (&d.duplicates, "GW2");
  d.recategorised = 2;
  d.visit_result = GW_VISIT_SATISFIED;
  d.visit_at = g_strdup ("2026-11-24T10:00:00+08:00");
  d.visit_note = g_strdup ("满意");
  kase = gw_case_new (&d);
  json = gw_case_to_json (kase);
  back = gw_case_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_case_get_data (back)->duplicate_of, ==, "GW1");
  g_assert_cmpint (gw_case_get_data (back)->duplicate_from, ==, GW_CASE_STATUS_FILED);
  g_assert_cmpstr (gw_case_get_data (back)->possible_duplicates[0], ==, "GW1");
  g_assert_cmpstr (gw_case_get_data (back)->duplicates[0], ==, "GW2");
  g_assert_cmpuint (gw_case_get_data (back)->recategorised, ==, 2);
  g_assert_cmpint (gw_case_get_data (back)->visit_result, ==, GW_VISIT_SATISFIED);
  g_assert_cmpstr (gw_case_get_data (back)->visit_note, ==, "满意");
}

static void
test_hostile_lifecycle (void)
{
  const char *bad[] = {
    "{\"return_visit\":{\"result\":\"thrilled\",\"at\":\"2026-11-24T10:00:00+08:00\"}}",
    "{\"return_visit\":{\"result\":\"satisfied\"}}",
    "{\"return_visit\":[1]}",
    "{\"duplicates\":\"GW1\"}",
    "{\"duplicates\":[1]}",
    "{\"possible_duplicates\":[\"\\u0001\"]}",
    "{\"duplicate_of\":\"GW1\"}",
    "{\"duplicate_of\":\"GW1\",\"duplicate_from\":\"lost\"}",
    "{\"recategorised\":-1}",
    "{\"reopened\":70000}",
  };
  g_autoptr(GString) many = g_string_new ("{\"duplicates\":[");

  for (guint i = 0; i <= GW_CASE_MAX_DUPLICATES; i++)
    g_string_append_printf (many, "%s\"GW%u\"", i ? "," : "", i);
  g_string_append (many, "]}");

  for (guint i = 0; i <= G_N_ELEMENTS (bad); i++)
    {
      g_auto(GwCaseData) d = { .id = g_strdup ("GW1") };
      g_autoptr(JsonNode) node = json_from_string (i < G_N_ELEMENTS (bad) ? bad[i] : many->str, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (node);
      g_assert_false (gw_case_lifecycle_from_json (&d, node, &error));
      g_assert_nonnull (error);
    }
}

typedef struct
{
  const char *id;
  GwCaseStatus status;
  GwCaseSource source;
  const char *reported;
  const char *closed;
  guint returns;
  const char *duplicate_of;
  GwVisitResult visit;
  const char *kept_closed;
  const char *assignee;
  gboolean whistled_to_town;
} Fixture;

/* November 2026, worked out by hand: received A B C D F (E is a
 * duplicate of A); returned B and D; visited A (satisfied), B (basically)
 * and C (unsatisfied, kept closed by the head); closed A B C F, of which
 * B after a whistle to the town. */
static const Fixture fixture[] = {
  { "A", GW_CASE_STATUS_CLOSED, GW_CASE_SOURCE_HOTLINE_12345, "2026-11-02T09:00:00", "2026-11-02T12:00:00", 0, NULL,
    GW_VISIT_SATISFIED, NULL, "worker:w1", FALSE },
  { "B", GW_CASE_STATUS_CLOSED, GW_CASE_SOURCE_PATROL, "2026-11-03T09:00:00", "2026-11-04T09:00:00", 1, NULL,
    GW_VISIT_BASICALLY_SATISFIED, NULL, NULL, TRUE },
  { "C", GW_CASE_STATUS_CLOSED, GW_CASE_SOURCE_HOTLINE_12345, "2026-11-05T09:00:00", "2026-11-05T16:00:00", 0, NULL,
    GW_VISIT_UNSATISFIED, "已按规定处置", NULL, FALSE },
  { "D", GW_CASE_STATUS_IN_PROGRESS, GW_CASE_SOURCE_HOTLINE_12345, "2026-11-10T09:00:00", NULL, 1, NULL,
    GW_VISIT_NONE, NULL, "worker:w1", FALSE },
  { "E", GW_CASE_STATUS_CLOSED, GW_CASE_SOURCE_HOTLINE_12345, "2026-11-02T10:00:00", "2026-11-02T10:05:00", 0, "A",
    GW_VISIT_NONE, NULL, NULL, FALSE },
  { "F", GW_CASE_STATUS_CLOSED, GW_CASE_SOURCE_PATROL, "2026-11-12T09:00:00", "2026-11-12T15:00:00", 0, NULL,
    GW_VISIT_NONE, NULL, NULL, FALSE },
};

static GPtrArray *
fixture_cases (void)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (fixture); i++)
    {
      const Fixture *f = &fixture[i];
      g_autofree char *reported = g_strconcat (f->reported, "+08:00", NULL);
      g_autofree char *closed = f->closed ? g_strconcat (f->closed, "+08:00", NULL) : NULL;
      g_autofree char *deadline = g_strconcat (f->reported, "+08:00", NULL);
      g_auto(GwCaseData) d = { 0 };
      GwCaseData base = {
        .id = (char *) f->id, .status = f->status, .source = f->source, .grid = (char *) "G1",
        .category = (char *) "E0101", .reported_at = reported, .deadline = deadline, .closed_at = closed,
        .returns = f->returns, .assignee = (char *) f->assignee, .version = 1,
      };

      gw_case_data_copy (&base, &d);
      d.duplicate_of = g_strdup (f->duplicate_of);
      d.visit_result = f->visit;
      d.visit_at = f->visit != GW_VISIT_NONE ? g_strdup (closed) : NULL;
      d.visit_kept_closed = g_strdup (f->kept_closed);
      if (f->whistled_to_town)
        {
          GwEscalation *e = g_new0 (GwEscalation, 1);

          e->state = GW_ESCALATION_RESOLVED;
          e->to_level = GW_LEVEL_TOWN;
          e->called = g_strdup ("370883001");
          e->whistled_at = g_strdup (reported);
          gw_case_data_add_escalation (&d, e);
        }
      g_ptr_array_add (cases, gw_case_new (&d));
    }
  return cases;
}

static GwStatsRow *
row_of (GPtrArray  *rows,
        const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GwStatsRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->key, key) == 0)
        return row;
    }
  g_assert_not_reached ();
}

static void
test_desk_figures (void)
{
  g_autoptr(GPtrArray) cases = fixture_cases ();
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-11-01T00:00:00+08:00", NULL);
  g_autoptr(GDateTime) to = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+08:00", NULL);
  g_autoptr(GPtrArray) rows = gw_case_stats_compute (cases, from, to, GW_STATS_BY_GRID, NULL, NULL);
  g_autoptr(GPtrArray) by_worker = gw_case_stats_compute (cases, from, to, GW_STATS_BY_WORKER, NULL, NULL);
  g_autoptr(GPtrArray) by_source = gw_case_stats_compute (cases, from, to, GW_STATS_BY_SOURCE, NULL, NULL);
  g_autoptr(JsonNode) json = gw_case_stats_to_json (rows, from, to, GW_STATS_BY_GRID);
  const GwStatsRow *total = g_ptr_array_index (rows, rows->len - 1);
  JsonObject *total_json = json_object_get_object_member (json_node_get_object (json), "total");

  g_assert_cmpuint (total->received, ==, 5);
  g_assert_cmpuint (total->duplicates, ==, 1);
  g_assert_cmpuint (total->returned, ==, 2);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_return_rate (total), 0.4, 1e-9);
  g_assert_cmpuint (total->visited, ==, 3);
  g_assert_cmpuint (total->satisfied, ==, 1);
  g_assert_cmpuint (total->basically_satisfied, ==, 1);
  g_assert_cmpuint (total->unsatisfied, ==, 1);
  g_assert_cmpuint (total->reopened, ==, 0);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_satisfaction_rate (total), 2.0 / 3, 1e-9);
  g_assert_cmpuint (total->closed_in_period, ==, 4);
  g_assert_cmpuint (total->closed_without_whistle, ==, 3);
  g_assert_cmpuint (total->closed_by_level[GW_LEVEL_TOWN], ==, 1);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_own_level_rate (total), 0.75, 1e-9);
  g_assert_cmpfloat (json_object_get_double_member (total_json, "satisfaction_rate"), ==, 0.6667);
  g_assert_cmpint (json_object_get_int_member (total_json, "duplicates"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (total_json, "closed_by_level"), "town"), ==, 1);

  /* The review's columns (page, PDF, CSV) show the same. */
  g_assert_cmpfloat_with_epsilon (gw_review_find_column ("satisfaction_rate")->value (total), 2.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_review_find_column ("return_rate")->value (total), 0.4, 1e-9);

  g_assert_cmpuint (row_of (by_worker, "w1")->received, ==, 2);
  g_assert_cmpuint (row_of (by_source, "hotline_12345")->received, ==, 3);
  g_assert_cmpuint (row_of (by_source, "hotline_12345")->duplicates, ==, 1);
  g_assert_cmpuint (row_of (by_source, "patrol")->received, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk-rules/dispatch-steps", test_dispatch_steps);
  g_test_add_func ("/desk-rules/duplicates", test_duplicates);
  g_test_add_func ("/desk-rules/recategorise", test_recategorise);
  g_test_add_func ("/desk-rules/return-visit", test_return_visit);
  g_test_add_func ("/desk-rules/travels-as-json", test_desk_travels);
  g_test_add_func ("/desk-rules/hostile-lifecycle", test_hostile_lifecycle);
  g_test_add_func ("/desk-rules/figures", test_desk_figures);

  return g_test_run ();
}
