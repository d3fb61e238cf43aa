/* test-case-stats.c: performance figures against values worked out by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-case-stats.h"

typedef struct
{
  const char *id;
  const char *grid;
  const char *category;
  GwCaseStatus status;
  const char *reported;
  const char *deadline;
  const char *closed;
  guint reworks;
  guint extensions;
  const char *assignee;
} Fixture;

/* November 2026, China Standard Time. */
static const Fixture fixture[] = {
  { "A", "G1", "E0101", GW_CASE_STATUS_CLOSED, "2026-11-02T09:00:00", "2026-11-02T13:00:00", "2026-11-02T12:00:00", 0, 0, NULL },
  { "B", "G1", "E0101", GW_CASE_STATUS_CLOSED, "2026-11-03T09:00:00", "2026-11-03T13:00:00", "2026-11-04T09:00:00", 1, 0, NULL },
  { "C", "G1", "C0101", GW_CASE_STATUS_IN_PROGRESS, "2026-11-05T09:00:00", "2026-11-06T09:00:00", NULL, 0, 1, NULL },
  { "D", "G2", "E0101", GW_CASE_STATUS_SUSPENDED, "2026-11-10T09:00:00", "2026-11-10T17:00:00", NULL, 0, 0, NULL },
  { "E", "G3", "C0101", GW_CASE_STATUS_DISPATCHED, "2026-11-28T09:00:00", "2026-12-03T09:00:00", NULL, 0, 0, NULL },
  { "F", "G3", "E0101", GW_CASE_STATUS_CLOSED, "2026-10-30T09:00:00", "2026-10-31T09:00:00", "2026-11-01T09:00:00", 0, 0, NULL },
  { "G", "G3", "E0101", GW_CASE_STATUS_REJECTED, "2026-11-12T09:00:00", "2026-11-12T17:00:00", NULL, 0, 0, NULL },
  { "H", "G2", "C0101", GW_CASE_STATUS_CLOSED, "2026-11-15T09:00:00", "2026-11-15T17:00:00", "2026-11-15T16:00:00", 0, 0, "department:housing" },
};

static char *
cst (const char *text)
{
  return text ? g_strconcat (text, "+08:00", NULL) : NULL;
}

static GPtrArray *
fixture_cases (void)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (fixture); i++)
    {
      const Fixture *f = &fixture[i];
      g_autofree char *reported = cst (f->reported);
      g_autofree char *deadline = cst (f->deadline);
      g_autofree char *closed = cst (f->closed);
      GwCaseData d = {
        .id = (char *) f->id, .status = f->status, .grid = (char *) f->grid, .category = (char *) f->category,
        .reported_at = reported, .deadline = deadline, .closed_at = closed, .reworks = f->reworks,
        .extensions = f->extensions, .assignee = (char *) f->assignee, .version = 1,
      };

      g_ptr_array_add (cases, gw_case_new (&d));
    }
  return cases;
}

/* Over @cases, or when NULL over @n_facts @facts. */
static GPtrArray *
compute_over_either (GPtrArray         *cases,
                     const GwCaseFacts *facts,
                     gsize              n_facts,
                     GwStatsBy          by)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-11-01T00:00:00+08:00", NULL);
  g_autoptr(GDateTime) to = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+08:00", NULL);
  g_autoptr(GHashTable) towns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) departments = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (towns, (char *) "G1", (char *) "T1");
  g_hash_table_insert (towns, (char *) "G2", (char *) "T1");
  g_hash_table_insert (towns, (char *) "G3", (char *) "T2");
  g_hash_table_insert (departments, (char *) "E0101", (char *) "urban");
  g_hash_table_insert (departments, (char *) "C0101", (char *) "water");
  if (cases)
    return gw_case_stats_compute (cases, from, to, by, towns, departments);
  return gw_case_stats_compute_facts (facts, n_facts, from, to, by, towns, departments);
}

static GPtrArray *
compute_over (GPtrArray *cases,
              GwStatsBy  by)
{
  return compute_over_either (cases, NULL, 0, by);
}

static GPtrArray *
compute (GwStatsBy by)
{
  g_autoptr(GPtrArray) cases = fixture_cases ();

  return compute_over (cases, by);
}

static const GwStatsRow *
row (GPtrArray  *rows,
     const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (((GwStatsRow *) g_ptr_array_index (rows, i))->key, key) == 0)
      return g_ptr_array_index (rows, i);
  g_assert_not_reached ();
}

static void
test_total (void)
{
  g_autoptr(GPtrArray) rows = compute (GW_STATS_BY_GRID);
  const GwStatsRow *t = g_ptr_array_index (rows, rows->len - 1);

  g_assert_null (t->key);
  /* Reported in November: all but F. */
  g_assert_cmpuint (t->received, ==, 7);
  /* Due in November, not rejected: A B C D H. */
  g_assert_cmpuint (t->due, ==, 5);
  g_assert_cmpuint (t->suspended, ==, 1);
  g_assert_cmpuint (t->closed, ==, 3);
  g_assert_cmpuint (t->closed_on_time, ==, 2);
  /* B closed late, C open past its deadline. */
  g_assert_cmpuint (t->overdue, ==, 2);
  g_assert_cmpuint (t->reworked, ==, 1);
  g_assert_cmpuint (t->extended, ==, 1);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_closing_rate (t), 3.0 / 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_on_time_closing_rate (t), 2.0 / 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_rework_rate (t), 1.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_extension_rate (t), 1.0 / 5, 1e-9);
  /* Closed in November: A 3 h, H 7 h, B 24 h, F 48 h. */
  g_assert_cmpuint (t->closed_in_period, ==, 4);
  g_assert_cmpfloat_with_epsilon (t->mean_hours_to_close, 20.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (t->p90_hours_to_close, 48, 1e-9);
}

static void
test_groups (void)
{
  g_autoptr(GPtrArray) grids = compute (GW_STATS_BY_GRID);
  g_autoptr(GPtrArray) towns = compute (GW_STATS_BY_TOWN);
  g_autoptr(GPtrArray) departments = compute (GW_STATS_BY_DEPARTMENT);
  g_autoptr(GPtrArray) categories = compute (GW_STATS_BY_CATEGORY);
  const GwStatsRow *r;

  g_assert_cmpuint (grids->len, ==, 3 + 1);
  r = row (grids, "G1");
  g_assert_cmpuint (r->due, ==, 3);
  g_assert_cmpuint (r->closed, ==, 2);
  g_assert_cmpuint (r->overdue, ==, 2);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_closing_rate (r), 2.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->mean_hours_to_close, 13.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->p90_hours_to_close, 24, 1e-9);
  r = row (grids, "G2");
  g_assert_cmpfloat_with_epsilon (gw_stats_row_closing_rate (r), 1.0, 1e-9);
  r = row (grids, "G3");
  g_assert_cmpuint (r->due, ==, 0);
  g_assert_cmpfloat (gw_stats_row_closing_rate (r), ==, 0);
  g_assert_cmpuint (r->closed_in_period, ==, 1);

  r = row (towns, "T1");
  g_assert_cmpuint (r->received, ==, 5);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_closing_rate (r), 0.75, 1e-9);

  /* H went to housing by assignment; the rest by category. */
  r = row (departments, "urban");
  g_assert_cmpuint (r->received, ==, 4);
  g_assert_cmpuint (r->due, ==, 3);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_closing_rate (r), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_on_time_closing_rate (r), 0.5, 1e-9);
  r = row (departments, "water");
  g_assert_cmpuint (r->overdue, ==, 1);
  g_assert_cmpuint (r->extended, ==, 1);
  r = row (departments, "housing");
  g_assert_cmpuint (r->closed_on_time, ==, 1);

  r = row (categories, "C0101");
  g_assert_cmpuint (r->received, ==, 3);
}

/* In every grouping the counts of the rows add up to the total's: a
 * case in no unit (here, a category no department answers for) is in a
 * row of its own, after the units. */
static void
test_rows_add_up (void)
{
  for (GwStatsBy by = GW_STATS_BY_GRID; by <= GW_STATS_BY_CATEGORY; by++)
    {
      g_autoptr(GPtrArray) cases = fixture_cases ();
      g_autoptr(GPtrArray) rows = NULL;
      const GwStatsRow *total;
      guint received = 0, due = 0, closed = 0, overdue = 0, closed_in_period = 0;
      GwCaseData outside = {
        .id = (char *) "I", .status = GW_CASE_STATUS_REPORTED, .category = (char *) "Z9999",
        .reported_at = (char *) "2026-11-20T09:00:00+08:00", .deadline = (char *) "2026-11-21T09:00:00+08:00",
        .version = 1,
      };

      /* Outside every grid, in a category no department answers for. */
      g_ptr_array_add (cases, gw_case_new (&outside));
      rows = compute_over (cases, by);
      total = g_ptr_array_index (rows, rows->len - 1);
      g_assert_cmpuint (total->received, ==, 8);
      if (by != GW_STATS_BY_CATEGORY)
        g_assert_true (gw_stats_row_is_unattributed (g_ptr_array_index (rows, rows->len - 2)));

      for (guint i = 0; i + 1 < rows->len; i++)
        {
          const GwStatsRow *r = g_ptr_array_index (rows, i);

          g_assert_true (!gw_stats_row_is_unattributed (r) || i + 2 == rows->len);
          received += r->received;
          due += r->due;
          closed += r->closed;
          overdue += r->overdue;
          closed_in_period += r->closed_in_period;
        }
      g_assert_cmpuint (received, ==, total->received);
      g_assert_cmpuint (due, ==, total->due);
      g_assert_cmpuint (closed, ==, total->closed);
      g_assert_cmpuint (overdue, ==, total->overdue);
      g_assert_cmpuint (closed_in_period, ==, total->closed_in_period);
    }
}

static void
test_json (void)
{
  g_autoptr(GPtrArray) rows = compute (GW_STATS_BY_TOWN);
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-11-01T00:00:00+08:00", NULL);
  g_autoptr(GDateTime) to = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+08:00", NULL);
  g_autoptr(JsonNode) json = gw_case_stats_to_json (rows, from, to, GW_STATS_BY_TOWN);
  JsonObject *obj = json_node_get_object (json);
  JsonObject *total = json_object_get_object_member (obj, "total");

  g_assert_cmpstr (json_object_get_string_member (obj, "by"), ==, "town");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "rows")), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "closing_rate"), 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (total, "rework_rate"), 0.3333, 1e-9);
}

static char *
rows_text (GPtrArray *rows,
           GwStatsBy  by)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-11-01T00:00:00+08:00", NULL);
  g_autoptr(GDateTime) to = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+08:00", NULL);
  g_autoptr(JsonNode) json = gw_case_stats_to_json (rows, from, to, by);

  return json_to_string (json, FALSE);
}

/* Facts held after their cases are gone (a wall keeps closed cases so)
 * give the figures the cases gave, in every grouping; with a whistle
 * and a return visit among them, and names no other case shares. */
static void
test_held_facts_outlive_their_cases (void)
{
  g_autoptr(GPtrArray) cases = fixture_cases ();
  g_autofree GwCaseFacts *facts = NULL;
  char *expected[GW_STATS_BY_SOURCE + 1] = { NULL };
  g_autofree char *reported = cst ("2026-11-20T09:00:00");
  g_autofree char *deadline = cst ("2026-11-21T09:00:00");
  g_autofree char *closed = cst ("2026-11-22T09:00:00");
  g_autofree char *visited = cst ("2026-11-23T09:00:00");
  g_autofree char *whistled = cst ("2026-11-21T10:00:00");
  g_autofree char *grid = g_strdup ("G9-only-here");
  g_autoptr(GPtrArray) escalations = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_escalation_free);
  GwEscalation whistle = {
    .to_level = GW_LEVEL_COUNTY, .called = (char *) "urban",
    .whistled_at = whistled, .state = GW_ESCALATION_AWAITING_REPORT,
  };
  GwCaseData d = {
    .id = (char *) "W", .status = GW_CASE_STATUS_CLOSED, .grid = grid, .category = (char *) "E0101",
    .reported_at = reported, .deadline = deadline, .closed_at = closed, .version = 1,
    .visit_result = GW_VISIT_UNSATISFIED, .visit_at = visited, .recategorised = 1, .returns = 1,
  };
  guint n;

  g_ptr_array_add (escalations, gw_escalation_copy (&whistle));
  d.escalations = escalations;
  g_ptr_array_add (cases, gw_case_new (&d));
  g_clear_pointer (&grid, g_free);

  for (GwStatsBy by = 0; by <= GW_STATS_BY_SOURCE; by++)
    {
      g_autoptr(GPtrArray) rows = compute_over (cases, by);

      expected[by] = rows_text (rows, by);
    }
  n = cases->len;
  facts = g_new (GwCaseFacts, n);
  for (guint i = 0; i < n; i++)
    gw_case_facts_init (&facts[i], g_ptr_array_index (cases, i), TRUE);
  g_clear_pointer (&cases, g_ptr_array_unref);

  for (GwStatsBy by = 0; by <= GW_STATS_BY_SOURCE; by++)
    {
      g_autoptr(GPtrArray) rows = compute_over_either (NULL, facts, n, by);
      g_autofree char *text = rows_text (rows, by);

      g_assert_cmpstr (text, ==, expected[by]);
    }
  /* The whistle and the visit were counted, by town and department. */
  g_assert_nonnull (strstr (expected[GW_STATS_BY_DEPARTMENT], "\"escalations\":1"));
  g_assert_nonnull (strstr (expected[GW_STATS_BY_GRID], "\"visited\":1"));
  g_assert_nonnull (strstr (expected[GW_STATS_BY_GRID], "G9-only-here"));

  for (guint i = 0; i < n; i++)
    gw_case_facts_clear (&facts[i]);
  for (GwStatsBy by = 0; by <= GW_STATS_BY_SOURCE; by++)
    g_free (expected[by]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-stats/total", test_total);
  g_test_add_func ("/case-stats/groups", test_groups);
  g_test_add_func ("/case-stats/rows-add-up", test_rows_add_up);
  g_test_add_func ("/case-stats/json", test_json);
  g_test_add_func ("/case-stats/held-facts-outlive-their-cases", test_held_facts_outlive_their_cases);

  return g_test_run ();
}
