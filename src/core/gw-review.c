/* gw-review.c: a period's figures beside the period before, for leaders
 *
 * Leaders rank units by the standard figures of a week, a month or a
 * quarter, and ask first what changed since the last one. Both periods go
 * through gw_case_stats_compute(), the same figures as the server's /stats
 * and the wall, so a report never disagrees with either. A period still
 * running is compared with as many days of the one before, not with the
 * whole of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-review"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-csv.h"
#include "gw-review.h"

/* ---- periods ---- */

static GDateTime *
start_of_span (GwReviewSpan  span,
               GDateTime    *now)
{
  GTimeZone *tz = g_date_time_get_timezone (now);
  int year = g_date_time_get_year (now), month = g_date_time_get_month (now);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, year, month, g_date_time_get_day_of_month (now), 0, 0, 0);

  switch (span)
    {
    case GW_REVIEW_WEEK:
      return g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (now));
    case GW_REVIEW_QUARTER:
      return g_date_time_new (tz, year, (month - 1) / 3 * 3 + 1, 1, 0, 0, 0);
    case GW_REVIEW_MONTH:
    default:
      return g_date_time_new (tz, year, month, 1, 0, 0, 0);
    }
}

static GDateTime *
add_spans (GwReviewSpan  span,
           GDateTime    *when,
           int           n)
{
  switch (span)
    {
    case GW_REVIEW_WEEK:
      return g_date_time_add_weeks (when, n);
    case GW_REVIEW_QUARTER:
      return g_date_time_add_months (when, 3 * n);
    case GW_REVIEW_MONTH:
    default:
      return g_date_time_add_months (when, n);
    }
}

GwReviewPeriod *
gw_review_period_new (GwReviewSpan  span,
                      gboolean      last,
                      GDateTime    *now)
{
  GwReviewPeriod *period = g_new0 (GwReviewPeriod, 1);
  g_autoptr(GDateTime) current = NULL;
  GTimeSpan length;

  g_return_val_if_fail (now != NULL, NULL);

  current = start_of_span (span, now);
  period->from = last ? add_spans (span, current, -1) : g_date_time_ref (current);
  period->to = last ? g_date_time_ref (current) : g_date_time_ref (now);
  period->before_from = add_spans (span, period->from, -1);
  length = g_date_time_difference (period->to, period->from);
  period->before_to = last ? g_date_time_ref (period->from) : g_date_time_add (period->before_from, length);
  /* A 31st has no match in a shorter month before: stop at its end. */
  if (g_date_time_compare (period->before_to, period->from) > 0)
    {
      g_date_time_unref (period->before_to);
      period->before_to = g_date_time_ref (period->from);
    }
  return period;
}

gint64
gw_review_horizon (GDateTime *now)
{
  g_autoptr(GwReviewPeriod) last_quarter = gw_review_period_new (GW_REVIEW_QUARTER, TRUE, now);

  return g_date_time_to_unix (last_quarter->before_from);
}

GwReviewPeriod *
gw_review_period_copy (const GwReviewPeriod *period)
{
  GwReviewPeriod *copy = g_new0 (GwReviewPeriod, 1);

  copy->from = g_date_time_ref (period->from);
  copy->to = g_date_time_ref (period->to);
  copy->before_from = g_date_time_ref (period->before_from);
  copy->before_to = g_date_time_ref (period->before_to);
  return copy;
}

void
gw_review_period_free (GwReviewPeriod *period)
{
  if (period == NULL)
    return;
  g_date_time_unref (period->from);
  g_date_time_unref (period->to);
  g_date_time_unref (period->before_from);
  g_date_time_unref (period->before_to);
  g_free (period);
}

char *
gw_review_format_range (GDateTime *from,
                        GDateTime *to)
{
  /* The end is exclusive: its last day is the second before it. */
  g_autoptr(GDateTime) last = g_date_time_add_seconds (to, -1);
  g_autofree char *first_day = g_date_time_format (from, "%F");
  g_autofree char *last_day = g_date_time_format (last, "%F");

  return g_strdup_printf ("%s – %s", first_day, last_day);
}

/* ---- the figures ---- */

static GwStatsRow *
empty_row (const char *key)
{
  GwStatsRow *row = g_new0 (GwStatsRow, 1);

  row->key = g_strdup (key);
  return row;
}

static void
review_row_free (GwReviewRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  gw_stats_row_free (row->now);
  gw_stats_row_free (row->before);
  g_free (row);
}

static GwReviewRow *
review_row_new (const char *key)
{
  GwReviewRow *row = g_new0 (GwReviewRow, 1);

  row->key = g_strdup (key);
  return row;
}

static int
compare_review_rows (gconstpointer a,
                     gconstpointer b)
{
  return g_strcmp0 ((*(GwReviewRow **) a)->key, (*(GwReviewRow **) b)->key);
}

/* Joins the rows of both periods by key; the totals come last in each. */
static void
join_periods (GwReview  *review,
              GPtrArray *now,
              GPtrArray *before)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);

  review->total = review_row_new (NULL);
  review->total->now = g_ptr_array_steal_index (now, now->len - 1);
  review->total->before = g_ptr_array_steal_index (before, before->len - 1);

  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *rows = pass == 0 ? now : before;

      for (guint i = 0; i < rows->len; i++)
        {
          GwStatsRow *stats = g_ptr_array_index (rows, i);
          GwReviewRow *row = g_hash_table_lookup (by_key, stats->key);

          if (row == NULL)
            {
              row = review_row_new (stats->key);
              g_ptr_array_add (review->rows, row);
              g_hash_table_insert (by_key, row->key, row);
            }
          if (pass == 0)
            row->now = g_steal_pointer (&g_ptr_array_index (rows, i));
          else
            row->before = g_steal_pointer (&g_ptr_array_index (rows, i));
        }
    }
  for (guint i = 0; i < review->rows->len; i++)
    {
      GwReviewRow *row = g_ptr_array_index (review->rows, i);

      if (row->now == NULL)
        row->now = empty_row (row->key);
      if (row->before == NULL)
        row->before = empty_row (row->key);
    }
  g_ptr_array_sort (review->rows, compare_review_rows);
}

static GArray *
count_per_day (GPtrArray *cases,
               GDateTime *from,
               GDateTime *to,
               gboolean   closed)
{
  gint64 start = g_date_time_to_unix (from), end = g_date_time_to_unix (to);
  guint n_days = (guint) ((end - start + 86399) / 86400);
  GArray *days = g_array_new (FALSE, TRUE, sizeof (guint));

  g_array_set_size (days, n_days);
  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);
      const GwCaseData *d = gw_case_get_data (kase);
      gint64 when = 0;

      if (!closed)
        when = gw_case_get_reported_unix (kase);
      else if (d->status == GW_CASE_STATUS_CLOSED && d->closed_at)
        {
          g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (d->closed_at, NULL);

          when = at ? g_date_time_to_unix (at) : 0;
        }
      if (when >= start && when < end)
        g_array_index (days, guint, (when - start) / 86400)++;
    }
  return days;
}

GwReview *
gw_review_compute (GPtrArray            *cases,
                   const GwReviewPeriod *period,
                   GwStatsBy             by,
                   const char           *town,
                   GHashTable           *towns,
                   GHashTable           *departments)
{
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GPtrArray) before = NULL;
  GwReview *review;

  g_return_val_if_fail (cases != NULL && period != NULL, NULL);
  g_return_val_if_fail (town == NULL || towns != NULL, NULL);

  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);
      const char *grid = gw_case_get_data (kase)->grid;

      if (town == NULL || (grid && g_strcmp0 (g_hash_table_lookup (towns, grid), town) == 0))
        g_ptr_array_add (mine, kase);
    }

  review = g_new0 (GwReview, 1);
  review->period = gw_review_period_copy (period);
  review->by = by;
  review->town = g_strdup (town);
  review->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) review_row_free);
  now = gw_case_stats_compute (mine, period->from, period->to, by, towns, departments);
  before = gw_case_stats_compute (mine, period->before_from, period->before_to, by, towns, departments);
  join_periods (review, now, before);
  review->received_per_day = count_per_day (mine, period->from, period->to, FALSE);
  review->closed_per_day = count_per_day (mine, period->from, period->to, TRUE);
  review->received_before = count_per_day (mine, period->before_from, period->before_to, FALSE);
  return review;
}

void
gw_review_free (GwReview *review)
{
  if (review == NULL)
    return;
  gw_review_period_free (review->period);
  g_free (review->town);
  g_ptr_array_unref (review->rows);
  review_row_free (review->total);
  g_array_unref (review->received_per_day);
  g_array_unref (review->closed_per_day);
  g_array_unref (review->received_before);
  g_free (review);
}

/* ---- columns ---- */

/* Rates of nothing are not 0%: NAN, shown as a dash. */
static double
rate_or_nan (double rate,
             guint  whole)
{
  return whole > 0 ? rate : NAN;
}

static double received (const GwStatsRow *r) { return r->received; }
static double due (const GwStatsRow *r) { return r->due; }
static double closed (const GwStatsRow *r) { return r->closed; }
static double overdue (const GwStatsRow *r) { return r->overdue; }
static double escalations (const GwStatsRow *r) { return r->escalations; }

static double
on_time_rate (const GwStatsRow *r)
{
  return rate_or_nan (gw_stats_row_on_time_closing_rate (r), r->due - MIN (r->suspended, r->due));
}

static double
closing_rate (const GwStatsRow *r)
{
  return rate_or_nan (gw_stats_row_closing_rate (r), r->due - MIN (r->suspended, r->due));
}

static double
rework_rate (const GwStatsRow *r)
{
  return rate_or_nan (gw_stats_row_rework_rate (r), r->closed);
}

/* Passed on as "not ours": of the received (the seeds' "passing the buck"). */
static double
return_rate (const GwStatsRow *r)
{
  return rate_or_nan (gw_stats_row_return_rate (r), r->received);
}

/* What residents said on the return visit. */
static double
satisfaction_rate (const GwStatsRow *r)
{
  return rate_or_nan (gw_stats_row_satisfaction_rate (r), r->visited);
}

static double
mean_hours (const GwStatsRow *r)
{
  return r->closed_in_period > 0 ? r->mean_hours_to_close : NAN;
}

static double
report_on_time_rate (const GwStatsRow *r)
{
  return rate_or_nan (gw_stats_row_report_on_time_rate (r), r->escalations);
}

static double
mean_rating (const GwStatsRow *r)
{
  return r->ratings > 0 ? r->mean_rating : NAN;
}

static const GwReviewColumn columns[] = {
  { "received", N_("Received"), GW_REVIEW_COUNT, 0, FALSE, received },
  { "due", N_("Due"), GW_REVIEW_COUNT, 0, FALSE, due },
  { "closed", N_("Closed"), GW_REVIEW_COUNT, 0, FALSE, closed },
  { "on_time_closing_rate", N_("On-time closing"), GW_REVIEW_RATE, 1, FALSE, on_time_rate },
  { "closing_rate", N_("Closing rate"), GW_REVIEW_RATE, 1, FALSE, closing_rate },
  { "overdue", N_("Overdue"), GW_REVIEW_COUNT, -1, FALSE, overdue },
  { "rework_rate", N_("Rework rate"), GW_REVIEW_RATE, -1, FALSE, rework_rate },
  { "return_rate", N_("Return rate"), GW_REVIEW_RATE, -1, FALSE, return_rate },
  { "satisfaction_rate", N_("Satisfaction"), GW_REVIEW_RATE, 1, FALSE, satisfaction_rate },
  { "mean_hours_to_close", N_("Hours to close"), GW_REVIEW_HOURS, -1, FALSE, mean_hours },
  { "escalations", N_("Whistles"), GW_REVIEW_COUNT, 0, TRUE, escalations },
  { "report_on_time_rate", N_("Reported on time"), GW_REVIEW_RATE, 1, TRUE, report_on_time_rate },
  { "mean_rating", N_("Rating"), GW_REVIEW_RATING, 1, TRUE, mean_rating },
};

const GwReviewColumn *
gw_review_get_columns (guint *n_columns)
{
  *n_columns = G_N_ELEMENTS (columns);
  return columns;
}

const GwReviewColumn *
gw_review_find_column (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (g_str_equal (columns[i].id, id))
      return &columns[i];
  g_return_val_if_reached (NULL);
}

static int
compare_on_time (gconstpointer a,
                 gconstpointer b)
{
  double x = on_time_rate ((*(const GwReviewRow * const *) a)->now);
  double y = on_time_rate ((*(const GwReviewRow * const *) b)->now);

  return x > y ? -1 : x < y;
}

GPtrArray *
gw_review_rank_on_time (GwReview *review)
{
  GPtrArray *ranked = g_ptr_array_new ();

  g_return_val_if_fail (review != NULL, ranked);

  for (guint i = 0; i < review->rows->len; i++)
    {
      GwReviewRow *row = g_ptr_array_index (review->rows, i);

      if (!isnan (on_time_rate (row->now)))
        g_ptr_array_add (ranked, row);
    }
  g_ptr_array_sort (ranked, compare_on_time);
  return ranked;
}

static int
compare_worst_first (gconstpointer a,
                     gconstpointer b)
{
  double x = on_time_rate ((*(const GwReviewRow * const *) a)->now);
  double y = on_time_rate ((*(const GwReviewRow * const *) b)->now);

  if (isnan (x) || isnan (y))
    return isnan (x) - isnan (y);
  return x < y ? -1 : x > y;
}

void
gw_review_sort_worst_first (GwReview *review)
{
  g_return_if_fail (review != NULL);

  /* Stable, as the screen's sort model is: ties keep the key order. */
  g_ptr_array_sort (review->rows, compare_worst_first);
}

void
gw_review_order_rows (GwReview           *review,
                      const char * const *keys)
{
  g_autoptr(GHashTable) slot_of = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *ordered;

  g_return_if_fail (review != NULL);

  for (guint i = 0; i < review->rows->len; i++)
    g_hash_table_insert (slot_of, ((GwReviewRow *) g_ptr_array_index (review->rows, i))->key, GUINT_TO_POINTER (i));
  ordered = g_ptr_array_new_full (review->rows->len, (GDestroyNotify) review_row_free);
  for (guint i = 0; keys && keys[i]; i++)
    {
      gpointer slot;

      /* A key given twice, or unknown, moves nothing. */
      if (g_hash_table_steal_extended (slot_of, keys[i], NULL, &slot))
        g_ptr_array_add (ordered, g_steal_pointer (&g_ptr_array_index (review->rows, GPOINTER_TO_UINT (slot))));
    }
  for (guint i = 0; i < review->rows->len; i++)
    if (g_ptr_array_index (review->rows, i))
      g_ptr_array_add (ordered, g_steal_pointer (&g_ptr_array_index (review->rows, i)));
  g_ptr_array_unref (review->rows);
  review->rows = ordered;
}

gboolean
gw_review_shows_column (GwStatsBy             by,
                        const GwReviewColumn *column)
{
  /* Whistles are counted for whom they call: towns and departments. */
  return !column->escalations || by == GW_STATS_BY_TOWN || by == GW_STATS_BY_DEPARTMENT;
}

char *
gw_review_format_value (const GwReviewColumn *column,
                        double                value)
{
  if (isnan (value))
    return g_strdup ("—");
  switch (column->format)
    {
    case GW_REVIEW_RATE:
      return g_strdup_printf ("%.1f%%", value * 100);
    case GW_REVIEW_HOURS:
      return g_strdup_printf ("%.1f", value);
    case GW_REVIEW_RATING:
      return g_strdup_printf ("%.2f", value);
    case GW_REVIEW_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

static double
change_of (const GwReviewColumn *column,
           const GwReviewRow    *row)
{
  double now = column->value (row->now), before = column->value (row->before);

  if (isnan (now) || isnan (before))
    return NAN;
  return column->format == GW_REVIEW_RATE ? (now - before) * 100 : now - before;
}

char *
gw_review_format_change (const GwReviewColumn *column,
                         const GwReviewRow    *row)
{
  double change = change_of (column, row);
  const char *sign;

  if (isnan (change))
    return NULL;
  /* The typographic minus: it lines up with the plus. */
  sign = change > 0.005 ? "+" : change < -0.005 ? "−" : "±";
  switch (column->format)
    {
    case GW_REVIEW_COUNT:
      return g_strdup_printf ("%s%.0f", sign, fabs (change));
    case GW_REVIEW_RATING:
      return g_strdup_printf ("%s%.2f", sign, fabs (change));
    case GW_REVIEW_RATE:
    case GW_REVIEW_HOURS:
    default:
      return g_strdup_printf ("%s%.1f", sign, fabs (change));
    }
}

int
gw_review_compare_before (const GwReviewColumn *column,
                          const GwReviewRow    *row)
{
  double change = change_of (column, row);

  if (isnan (change) || fabs (change) < 0.005 || column->better == 0)
    return 0;
  return (change > 0) == (column->better > 0) ? 1 : -1;
}

/* ---- CSV ---- */

static void
append_row (GString           *out,
            GwReview          *review,
            const GwReviewRow *row,
            const char        *name)
{
  guint n;
  const GwReviewColumn *all = gw_review_get_columns (&n);

  gw_csv_append_field (out, name);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *now = NULL;
      g_autofree char *before = NULL;
      g_autofree char *change = NULL;

      if (!gw_review_shows_column (review->by, &all[i]))
        continue;
      now = gw_review_format_value (&all[i], all[i].value (row->now));
      before = gw_review_format_value (&all[i], all[i].value (row->before));
      change = gw_review_format_change (&all[i], row);
      gw_csv_append_field (out, now);
      gw_csv_append_field (out, before);
      gw_csv_append_field (out, change);
    }
  gw_csv_end_row (out);
}

gboolean
gw_review_write_csv (GwReview    *review,
                     GHashTable  *names,
                     GFile       *file,
                     GError     **error)
{
  /* A byte-order mark: spreadsheet programs then read the Chinese right. */
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *range = gw_review_format_range (review->period->from, review->period->to);
  g_autofree char *before_range = gw_review_format_range (review->period->before_from, review->period->before_to);
  guint n;
  const GwReviewColumn *all = gw_review_get_columns (&n);

  g_return_val_if_fail (review != NULL && G_IS_FILE (file), FALSE);

  gw_csv_append_field (out, _("Unit"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *now = NULL;
      g_autofree char *before = NULL;
      g_autofree char *change = NULL;

      if (!gw_review_shows_column (review->by, &all[i]))
        continue;
      /* Translators: a column's title and the period, e.g. "Received 2026-11-01 – 2026-11-23" */
      now = g_strdup_printf (_("%s %s"), _(all[i].title), range);
      before = g_strdup_printf (_("%s %s"), _(all[i].title), before_range);
      /* Translators: the change of a column's figure from the period before */
      change = g_strdup_printf (_("%s change"), _(all[i].title));
      gw_csv_append_field (out, now);
      gw_csv_append_field (out, before);
      gw_csv_append_field (out, change);
    }
  gw_csv_end_row (out);

  for (guint i = 0; i < review->rows->len; i++)
    {
      const GwReviewRow *row = g_ptr_array_index (review->rows, i);
      const char *name = names ? g_hash_table_lookup (names, row->key) : NULL;

      append_row (out, review, row, name ? name : row->key);
    }
  append_row (out, review, review->total, _("Total"));

  return g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}
