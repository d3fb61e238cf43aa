/* test-review.c: the leader review's periods, figures and tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gw-review.h"
#include "gw-test-util.h"

static GDateTime *
cst (const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");

  return g_date_time_new_from_iso8601 (text, tz);
}

static void
assert_day (GDateTime  *when,
            const char *expected)
{
  g_autofree char *text = g_date_time_format (when, "%FT%T");

  g_assert_cmpstr (text, ==, expected);
}

static void
test_periods (void)
{
  /* A Tuesday night. */
  g_autoptr(GDateTime) now = cst ("2026-11-24T02:41:00");
  g_autoptr(GDateTime) march = cst ("2026-03-31T10:00:00");
  g_autoptr(GwReviewPeriod) month = gw_review_period_new (GW_REVIEW_MONTH, FALSE, now);
  g_autoptr(GwReviewPeriod) last_month = gw_review_period_new (GW_REVIEW_MONTH, TRUE, now);
  g_autoptr(GwReviewPeriod) week = gw_review_period_new (GW_REVIEW_WEEK, FALSE, now);
  g_autoptr(GwReviewPeriod) last_week = gw_review_period_new (GW_REVIEW_WEEK, TRUE, now);
  g_autoptr(GwReviewPeriod) last_quarter = gw_review_period_new (GW_REVIEW_QUARTER, TRUE, now);
  g_autoptr(GwReviewPeriod) end_of_march = gw_review_period_new (GW_REVIEW_MONTH, FALSE, march);
  g_autofree char *range = gw_review_format_range (last_month->from, last_month->to);

  /* The month so far against as many days of the month before. */
  assert_day (month->from, "2026-11-01T00:00:00");
  assert_day (month->to, "2026-11-24T02:41:00");
  assert_day (month->before_from, "2026-10-01T00:00:00");
  assert_day (month->before_to, "2026-10-24T02:41:00");
  assert_day (last_month->from, "2026-10-01T00:00:00");
  assert_day (last_month->to, "2026-11-01T00:00:00");
  assert_day (last_month->before_from, "2026-09-01T00:00:00");
  assert_day (last_month->before_to, "2026-10-01T00:00:00");
  g_assert_cmpstr (range, ==, "2026-10-01 – 2026-10-31");
  /* Weeks start on Monday. */
  assert_day (week->from, "2026-11-23T00:00:00");
  assert_day (last_week->from, "2026-11-16T00:00:00");
  assert_day (last_week->before_from, "2026-11-09T00:00:00");
  assert_day (last_quarter->from, "2026-07-01T00:00:00");
  assert_day (last_quarter->to, "2026-10-01T00:00:00");
  assert_day (last_quarter->before_from, "2026-04-01T00:00:00");
  /* March's 31 days have no match in February: the period before stops
   * where March begins. */
  assert_day (end_of_march->before_from, "2026-02-01T00:00:00");
  assert_day (end_of_march->before_to, "2026-03-01T00:00:00");
}

static GwCase *
case_in (GwCaseStatus status,
         const char  *closed_at,
         const char  *updated_at)
{
  GwCaseData d = { 0 };

  d.id = (char *) "GW20260101-000001";
  d.status = status;
  d.reported_at = (char *) "2025-12-30T09:00:00+08:00";
  d.closed_at = (char *) closed_at;
  d.updated_at = (char *) updated_at;
  d.version = 3;
  return gw_case_new (&d);
}

/* The horizon is where the earliest review period begins (the quarter
 * before last); the models leave out only what closed before it. */
static void
test_horizon (void)
{
  g_autoptr(GDateTime) now = cst ("2026-11-24T02:41:00");
  g_autoptr(GDateTime) start = cst ("2026-04-01T00:00:00");
  gint64 horizon = gw_review_horizon (now);
  g_autoptr(GwCase) closed_before = case_in (GW_CASE_STATUS_CLOSED, "2026-03-31T23:59:59+08:00", NULL);
  g_autoptr(GwCase) closed_at_start = case_in (GW_CASE_STATUS_CLOSED, "2026-04-01T00:00:00+08:00", NULL);
  g_autoptr(GwCase) rejected_before = case_in (GW_CASE_STATUS_REJECTED, NULL, "2026-01-02T10:00:00+08:00");
  g_autoptr(GwCase) open_old = case_in (GW_CASE_STATUS_SUSPENDED, NULL, "2026-01-02T10:00:00+08:00");
  g_autoptr(GwCase) closed_unknown = case_in (GW_CASE_STATUS_CLOSED, NULL, NULL);

  g_assert_cmpint (horizon, ==, g_date_time_to_unix (start));
  g_assert_true (gw_case_closed_before (closed_before, horizon));
  g_assert_false (gw_case_closed_before (closed_at_start, horizon));
  g_assert_true (gw_case_closed_before (rejected_before, horizon));
  /* Open, however old: it is still work. */
  g_assert_false (gw_case_closed_before (open_old, horizon));
  /* No time to go by: kept. */
  g_assert_false (gw_case_closed_before (closed_unknown, horizon));
  /* No horizon: nothing is left out. */
  g_assert_false (gw_case_closed_before (closed_before, 0));
}

/* Three months of cases in six grids of two towns, some late, some open. */
static GPtrArray *
random_cases (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) start = cst ("2026-08-20T00:00:00");
  const char *grids[] = { "G1", "G2", "G3", "G4", "G5", "G6" };
  const char *categories[] = { "E0101", "C0101", "F0101" };
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 900; i++)
    {
      g_autoptr(GDateTime) reported = g_date_time_add_seconds (start, g_rand_double_range (rand, 0, 96 * 86400.0));
      g_autoptr(GDateTime) deadline = g_date_time_add_hours (reported, g_rand_int_range (rand, 4, 120));
      g_autoptr(GDateTime) closed = g_date_time_add_hours (reported, g_rand_int_range (rand, 1, 150));
      g_autofree char *id = g_strdup_printf ("C%04u", i);
      g_autofree char *reported_at = g_date_time_format_iso8601 (reported);
      g_autofree char *deadline_at = g_date_time_format_iso8601 (deadline);
      g_autofree char *closed_at = g_date_time_format_iso8601 (closed);
      gboolean is_closed = g_rand_int_range (rand, 0, 10) < 8;
      GwCaseData d = {
        .id = id, .status = is_closed ? GW_CASE_STATUS_CLOSED : GW_CASE_STATUS_IN_PROGRESS,
        .grid = (char *) grids[g_rand_int_range (rand, 0, G_N_ELEMENTS (grids))],
        .category = (char *) categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))],
        .reported_at = reported_at, .deadline = deadline_at, .closed_at = is_closed ? closed_at : NULL,
        .reworks = g_rand_int_range (rand, 0, 8) == 0, .version = 1,
      };

      g_ptr_array_add (cases, gw_case_new (&d));
    }
  return cases;
}

static GHashTable *
fixture_towns (void)
{
  GHashTable *towns = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (towns, (char *) "G1", (char *) "T1");
  g_hash_table_insert (towns, (char *) "G2", (char *) "T1");
  g_hash_table_insert (towns, (char *) "G3", (char *) "T1");
  g_hash_table_insert (towns, (char *) "G4", (char *) "T2");
  g_hash_table_insert (towns, (char *) "G5", (char *) "T2");
  g_hash_table_insert (towns, (char *) "G6", (char *) "T2");
  return towns;
}

static void
assert_same_row (const GwStatsRow *got,
                 const GwStatsRow *expected)
{
  g_assert_cmpstr (got->key, ==, expected->key);
  g_assert_cmpuint (got->received, ==, expected->received);
  g_assert_cmpuint (got->due, ==, expected->due);
  g_assert_cmpuint (got->closed, ==, expected->closed);
  g_assert_cmpuint (got->closed_on_time, ==, expected->closed_on_time);
  g_assert_cmpuint (got->overdue, ==, expected->overdue);
  g_assert_cmpuint (got->reworked, ==, expected->reworked);
  g_assert_cmpuint (got->closed_in_period, ==, expected->closed_in_period);
  g_assert_cmpfloat_with_epsilon (got->mean_hours_to_close, expected->mean_hours_to_close, 1e-9);
}

/* Every figure of both periods is what the core statistics give for
 * that period alone. */
static void
test_equals_core_statistics (void)
{
  g_autoptr(GPtrArray) cases = random_cases (20261124);
  g_autoptr(GHashTable) towns = fixture_towns ();
  g_autoptr(GDateTime) now = cst ("2026-11-24T02:41:00");

  for (GwReviewSpan span = GW_REVIEW_WEEK; span <= GW_REVIEW_QUARTER; span++)
    for (int last = 0; last < 2; last++)
      for (GwStatsBy by = GW_STATS_BY_GRID; by <= GW_STATS_BY_TOWN; by++)
        {
          g_autoptr(GwReviewPeriod) period = gw_review_period_new (span, last, now);
          g_autoptr(GwReview) review = gw_review_compute (cases, period, by, NULL, towns, NULL);
          g_autoptr(GPtrArray) now_rows = gw_case_stats_compute (cases, period->from, period->to, by, towns, NULL);
          g_autoptr(GPtrArray) before_rows = gw_case_stats_compute (cases, period->before_from, period->before_to,
                                                                    by, towns, NULL);
          guint received = 0, closed = 0;

          assert_same_row (review->total->now, g_ptr_array_index (now_rows, now_rows->len - 1));
          assert_same_row (review->total->before, g_ptr_array_index (before_rows, before_rows->len - 1));
          for (guint i = 0; i < review->rows->len; i++)
            {
              const GwReviewRow *row = g_ptr_array_index (review->rows, i);

              for (guint k = 0; k + 1 < now_rows->len; k++)
                if (g_str_equal (((GwStatsRow *) g_ptr_array_index (now_rows, k))->key, row->key))
                  assert_same_row (row->now, g_ptr_array_index (now_rows, k));
              for (guint k = 0; k + 1 < before_rows->len; k++)
                if (g_str_equal (((GwStatsRow *) g_ptr_array_index (before_rows, k))->key, row->key))
                  assert_same_row (row->before, g_ptr_array_index (before_rows, k));
            }
          /* The trend adds up to the period's figures. */
          for (guint d = 0; d < review->received_per_day->len; d++)
            {
              received += g_array_index (review->received_per_day, guint, d);
              closed += g_array_index (review->closed_per_day, guint, d);
            }
          g_assert_cmpuint (received, ==, review->total->now->received);
          g_assert_cmpuint (closed, ==, review->total->now->closed_in_period);
          g_assert_cmpuint (review->rows->len, >, 0);
          /* The ranking: the units with a rate, best first. */
          {
            g_autoptr(GPtrArray) ranked = gw_review_rank_on_time (review);
            const GwReviewColumn *on_time = gw_review_find_column ("on_time_closing_rate");
            guint with_rate = 0;

            for (guint i = 0; i < review->rows->len; i++)
              with_rate += !isnan (on_time->value (((GwReviewRow *) g_ptr_array_index (review->rows, i))->now));
            g_assert_cmpuint (ranked->len, ==, with_rate);
            for (guint i = 1; i < ranked->len; i++)
              g_assert_cmpfloat (on_time->value (((GwReviewRow *) g_ptr_array_index (ranked, i - 1))->now), >=,
                                 on_time->value (((GwReviewRow *) g_ptr_array_index (ranked, i))->now));
          }
        }
}

/* A town's review is its grids; its total is the town's row county-wide. */
static void
test_drill_down (void)
{
  g_autoptr(GPtrArray) cases = random_cases (7);
  g_autoptr(GHashTable) towns = fixture_towns ();
  g_autoptr(GDateTime) now = cst ("2026-11-24T02:41:00");
  g_autoptr(GwReviewPeriod) period = gw_review_period_new (GW_REVIEW_MONTH, TRUE, now);
  g_autoptr(GwReview) county = gw_review_compute (cases, period, GW_STATS_BY_TOWN, NULL, towns, NULL);
  g_autoptr(GwReview) town = gw_review_compute (cases, period, GW_STATS_BY_GRID, "T2", towns, NULL);
  const GwReviewRow *t2 = g_ptr_array_index (county->rows, 1);

  g_assert_cmpstr (t2->key, ==, "T2");
  g_assert_cmpuint (town->rows->len, ==, 3);
  g_assert_cmpstr (((GwReviewRow *) g_ptr_array_index (town->rows, 0))->key, ==, "G4");
  assert_same_row (town->total->now, &(GwStatsRow) { .key = NULL, .received = t2->now->received, .due = t2->now->due,
                                                     .closed = t2->now->closed, .closed_on_time = t2->now->closed_on_time,
                                                     .overdue = t2->now->overdue, .reworked = t2->now->reworked,
                                                     .closed_in_period = t2->now->closed_in_period,
                                                     .mean_hours_to_close = t2->now->mean_hours_to_close });
}

/* An export lists the rows as the screen sorted them: the keys given
 * first, in their order, the rest after as they were. */
static void
test_order (void)
{
  g_autoptr(GPtrArray) cases = random_cases (7);
  g_autoptr(GHashTable) towns = fixture_towns ();
  g_autoptr(GDateTime) now = cst ("2026-11-24T02:41:00");
  g_autoptr(GwReviewPeriod) period = gw_review_period_new (GW_REVIEW_MONTH, TRUE, now);
  g_autoptr(GwReview) review = gw_review_compute (cases, period, GW_STATS_BY_GRID, NULL, towns, NULL);
  const char *keys[] = { "G4", "G1", "G4", "nowhere", NULL };
  guint n = review->rows->len;

  g_assert_cmpuint (n, >=, 3);
  gw_review_order_rows (review, keys);
  g_assert_cmpuint (review->rows->len, ==, n);
  g_assert_cmpstr (((GwReviewRow *) g_ptr_array_index (review->rows, 0))->key, ==, "G4");
  g_assert_cmpstr (((GwReviewRow *) g_ptr_array_index (review->rows, 1))->key, ==, "G1");
  for (guint i = 3; i < n; i++)
    g_assert_cmpstr (((GwReviewRow *) g_ptr_array_index (review->rows, i - 1))->key, <,
                     ((GwReviewRow *) g_ptr_array_index (review->rows, i))->key);

  /* Worst on-time closing first; units without the figure last. */
  gw_review_sort_worst_first (review);
  for (guint i = 1; i < n; i++)
    {
      const GwReviewColumn *on_time = gw_review_find_column ("on_time_closing_rate");
      double before = on_time->value (((GwReviewRow *) g_ptr_array_index (review->rows, i - 1))->now);
      double here = on_time->value (((GwReviewRow *) g_ptr_array_index (review->rows, i))->now);

      g_assert_true (isnan (here) || (!isnan (before) && before <= here));
    }
}

static void
test_changes (void)
{
  GwStatsRow before = { .due = 4, .closed = 2, .closed_on_time = 2, .overdue = 2 };
  GwStatsRow now = { .due = 4, .closed = 4, .closed_on_time = 3, .overdue = 3 };
  GwStatsRow nothing = { 0 };
  GwReviewRow row = { NULL, &now, &before };
  GwReviewRow empty = { NULL, &now, &nothing };
  const GwReviewColumn *on_time = gw_review_find_column ("on_time_closing_rate");
  const GwReviewColumn *overdue = gw_review_find_column ("overdue");
  g_autofree char *rate = gw_review_format_value (on_time, on_time->value (&now));
  g_autofree char *rate_change = gw_review_format_change (on_time, &row);
  g_autofree char *overdue_change = gw_review_format_change (overdue, &row);
  g_autofree char *no_rate = gw_review_format_value (on_time, on_time->value (&nothing));
  g_autofree char *no_change = gw_review_format_change (on_time, &empty);

  g_assert_cmpstr (rate, ==, "75.0%");
  g_assert_cmpstr (rate_change, ==, "+25.0");
  g_assert_cmpint (gw_review_compare_before (on_time, &row), ==, 1);
  /* More overdue is worse. */
  g_assert_cmpstr (overdue_change, ==, "+1");
  g_assert_cmpint (gw_review_compare_before (overdue, &row), ==, -1);
  /* Nothing due is not 0%. */
  g_assert_true (isnan (on_time->value (&nothing)));
  g_assert_cmpstr (no_rate, ==, "—");
  g_assert_null (no_change);
  g_assert_cmpint (gw_review_compare_before (on_time, &empty), ==, 0);
  /* Whistles' columns only where whistles are counted. */
  g_assert_true (gw_review_shows_column (GW_STATS_BY_DEPARTMENT, gw_review_find_column ("mean_rating")));
  g_assert_false (gw_review_shows_column (GW_STATS_BY_GRID, gw_review_find_column ("mean_rating")));
}

static void
test_csv (void)
{
  g_autoptr(GPtrArray) cases = random_cases (3);
  g_autoptr(GHashTable) towns = fixture_towns ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = cst ("2026-11-24T02:41:00");
  g_autoptr(GwReviewPeriod) period = gw_review_period_new (GW_REVIEW_MONTH, TRUE, now);
  g_autoptr(GwReview) review = gw_review_compute (cases, period, GW_STATS_BY_TOWN, NULL, towns, NULL);
  g_autofree char *path = gw_test_tmp_path ("review.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *expected_t1 = NULL;
  const GwReviewRow *t1 = g_ptr_array_index (review->rows, 0);
  g_autofree char *t1_received = g_strdup_printf ("\"%u\"", t1->now->received);

  g_hash_table_insert (names, (char *) "T1", (char *) "Town \"One\", east");
  g_assert_true (gw_review_write_csv (review, names, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF\"Unit\",\"Received 2026-10-01 – 2026-10-31\","
                                             "\"Received 2026-09-01 – 2026-09-30\",\"Received change\""));
  lines = g_strsplit (contents, "\r\n", -1);
  /* The header, two towns, the total, and the empty end. */
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  expected_t1 = g_strdup_printf ("\"Town \"\"One\"\", east\",%s,", t1_received);
  g_assert_true (g_str_has_prefix (lines[1], expected_t1));
  g_assert_true (g_str_has_prefix (lines[3], "\"Total\","));
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/review/periods", test_periods);
  g_test_add_func ("/review/horizon", test_horizon);
  g_test_add_func ("/review/equals-core-statistics", test_equals_core_statistics);
  g_test_add_func ("/review/drill-down", test_drill_down);
  g_test_add_func ("/review/order", test_order);
  g_test_add_func ("/review/changes", test_changes);
  g_test_add_func ("/review/csv", test_csv);

  return g_test_run ();
}
