/* gw-case-stats.c: the performance figures units are ranked by
 *
 * After DOMAIN.md: closing rate = closed / (due − suspended), on-time
 * closing rate, rework rate, extension rate, overdue count, mean and p90
 * time to close. "Due" are the cases whose deadline falls in the period;
 * a case is attributed to its grid, its grid's town, the department
 * responsible for its category (or the department it was assigned to),
 * or its category.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-stats"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "gw-case-desk.h"
#include "gw-case-stats.h"
#include "gw-json.h"

static const char * const by_names[] = { "grid", "town", "department", "category", "worker", "source" };

const char *
gw_stats_by_to_string (GwStatsBy by)
{
  g_return_val_if_fail (by < G_N_ELEMENTS (by_names), "grid");
  return by_names[by];
}

gboolean
gw_stats_by_from_string (const char *name,
                         GwStatsBy  *by)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (by_names); i++)
    if (g_str_equal (name, by_names[i]))
      {
        *by = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
gw_stats_row_is_unattributed (const GwStatsRow *row)
{
  return row->key != NULL && row->key[0] == '\0';
}

void
gw_stats_row_free (GwStatsRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row);
}

static double
ratio (guint part,
       guint whole)
{
  return whole > 0 ? (double) part / whole : 0;
}

double
gw_stats_row_closing_rate (const GwStatsRow *row)
{
  return ratio (row->closed, row->due - MIN (row->suspended, row->due));
}

double
gw_stats_row_on_time_closing_rate (const GwStatsRow *row)
{
  return ratio (row->closed_on_time, row->due - MIN (row->suspended, row->due));
}

double
gw_stats_row_rework_rate (const GwStatsRow *row)
{
  return ratio (row->reworked, row->closed);
}

double
gw_stats_row_extension_rate (const GwStatsRow *row)
{
  return ratio (row->extended, row->due);
}

/* Of the whistles blown, how many were reported by their deadline. */
double
gw_stats_row_report_on_time_rate (const GwStatsRow *row)
{
  return ratio (row->escalations_on_time, row->escalations);
}

/* Returned / received: cases passed on as "not ours" (the seeds'
 * "passing the buck"). */
double
gw_stats_row_return_rate (const GwStatsRow *row)
{
  return ratio (row->returned, row->received);
}

/* (Satisfied + basically satisfied) / visited. */
double
gw_stats_row_satisfaction_rate (const GwStatsRow *row)
{
  return ratio (row->satisfied + row->basically_satisfied, row->visited);
}

/* Of the cases closed, the share closed where they arose: no whistle
 * ("small matters stay in the village"). */
double
gw_stats_row_own_level_rate (const GwStatsRow *row)
{
  return ratio (row->closed_without_whistle, row->closed_in_period);
}

typedef struct
{
  GwStatsRow row;
  GArray *hours;            /* of double: time to close */
  guint rating_sum;
} Acc;

static void
acc_free (Acc *acc)
{
  g_free (acc->row.key);
  g_array_unref (acc->hours);
  g_free (acc);
}

static gint64
unix_of (const char *text)
{
  g_autoptr(GDateTime) time = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return time ? g_date_time_to_unix (time) : 0;
}

static const char *
key_of (const GwCaseFacts *d,
        GwStatsBy          by,
        GHashTable        *towns,
        GHashTable        *departments)
{
  const char *id = NULL;
  GwAssigneeKind kind;

  switch (by)
    {
    case GW_STATS_BY_GRID:
      return d->grid;
    case GW_STATS_BY_TOWN:
      return d->grid && towns ? g_hash_table_lookup (towns, d->grid) : NULL;
    case GW_STATS_BY_DEPARTMENT:
      /* The department or town it was given to, else the town that
       * handles it itself ("town:CODE"), else who the category says
       * answers for it. */
      kind = gw_assignee_parse (d->assignee, &id);
      if (kind == GW_ASSIGNEE_DEPARTMENT)
        return id;
      if (kind == GW_ASSIGNEE_TOWN)
        return d->assignee;
      if (d->handled_by)
        return d->handled_by;
      return d->category && departments ? g_hash_table_lookup (departments, d->category) : NULL;
    case GW_STATS_BY_WORKER:
      return gw_assignee_parse (d->assignee, &id) == GW_ASSIGNEE_WORKER ? id : NULL;
    case GW_STATS_BY_SOURCE:
      return gw_case_source_to_string (d->source);
    case GW_STATS_BY_CATEGORY:
    default:
      return d->category;
    }
}

/* Returns and recategorising of the received, and the return visits
 * made in the period. */
static void
count_desk (Acc               *acc,
            const GwCaseFacts *d,
            gboolean           received,
            gint64             from,
            gint64             to)
{
  gint64 visited = d->visited_at;

  if (received && (d->flags & GW_CASE_FACT_RETURNED))
    acc->row.returned++;
  if (received && (d->flags & GW_CASE_FACT_RECATEGORISED))
    acc->row.recategorised++;
  if (visited < from || visited >= to || visited == 0)
    return;
  acc->row.visited++;
  switch (d->visit_result)
    {
    case GW_VISIT_SATISFIED:
      acc->row.satisfied++;
      break;
    case GW_VISIT_BASICALLY_SATISFIED:
      acc->row.basically_satisfied++;
      break;
    case GW_VISIT_UNSATISFIED:
      acc->row.unsatisfied++;
      if (!(d->flags & GW_CASE_FACT_KEPT_CLOSED))
        acc->row.reopened++;
      break;
    case GW_VISIT_NONE:
    default:
      break;
    }
}

/* Where a closed case was settled: the level of its last whistle
 * (proposals are not whistles), or its own. */
static void
count_level (Acc               *acc,
             const GwCaseFacts *d)
{
  for (guint i = d->escalations ? d->escalations->len : 0; i > 0; i--)
    {
      const GwEscalation *e = g_ptr_array_index (d->escalations, i - 1);

      if (e->state != GW_ESCALATION_PROPOSED && e->state != GW_ESCALATION_DENIED && e->to_level < 4)
        {
          acc->row.closed_by_level[e->to_level]++;
          return;
        }
    }
  acc->row.closed_without_whistle++;
}

static void
count (Acc               *acc,
       const GwCaseFacts *d,
       gint64             from,
       gint64             to)
{
  gint64 reported = d->reported;
  gint64 deadline = d->deadline;
  gint64 closed_at = d->closed_at;
  gboolean closed = closed_at > 0 && closed_at < to;

  /* A duplicate is the first report's: it counts for nothing else. */
  if (d->flags & GW_CASE_FACT_DUPLICATE)
    {
      if (reported >= from && reported < to)
        acc->row.duplicates++;
      return;
    }
  count_desk (acc, d, reported >= from && reported < to, from, to);
  if (reported >= from && reported < to)
    acc->row.received++;

  if (deadline >= from && deadline < to && d->status != GW_CASE_STATUS_REJECTED)
    {
      acc->row.due++;
      if (d->status == GW_CASE_STATUS_SUSPENDED || d->status == GW_CASE_STATUS_REGISTERED)
        acc->row.suspended++;
      else if (closed)
        {
          acc->row.closed++;
          if (closed_at <= deadline)
            acc->row.closed_on_time++;
          else
            acc->row.overdue++;
          if (d->flags & GW_CASE_FACT_REWORKED)
            acc->row.reworked++;
        }
      else if (deadline < to)
        acc->row.overdue++;
      if (d->flags & GW_CASE_FACT_EXTENDED)
        acc->row.extended++;
    }

  if (closed && closed_at >= from)
    {
      double hours = (closed_at - reported) / 3600.0;

      acc->row.closed_in_period++;
      g_array_append_val (acc->hours, hours);
      count_level (acc, d);
    }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static GwStatsRow *
finish (Acc *acc)
{
  GwStatsRow *row = g_new0 (GwStatsRow, 1);
  double sum = 0;

  *row = acc->row;
  row->key = g_strdup (acc->row.key);
  row->mean_rating = acc->row.ratings > 0 ? (double) acc->rating_sum / acc->row.ratings : 0;
  if (acc->hours->len > 0)
    {
      qsort (acc->hours->data, acc->hours->len, sizeof (double), compare_doubles);
      for (guint i = 0; i < acc->hours->len; i++)
        sum += g_array_index (acc->hours, double, i);
      row->mean_hours_to_close = sum / acc->hours->len;
      /* Nearest rank: the smallest value with 90% at or below it. */
      row->p90_hours_to_close = g_array_index (acc->hours, double, (guint) ceil (0.9 * acc->hours->len) - 1);
    }
  return row;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const GwStatsRow *ra = *(GwStatsRow **) a, *rb = *(GwStatsRow **) b;
  gboolean ua = gw_stats_row_is_unattributed (ra), ub = gw_stats_row_is_unattributed (rb);

  /* What belongs to no unit comes after the units. */
  if (ua != ub)
    return ua ? 1 : -1;
  return g_strcmp0 (ra->key, rb->key);
}

static Acc *
acc_new (const char *key)
{
  Acc *acc = g_new0 (Acc, 1);

  acc->row.key = g_strdup (key);
  acc->hours = g_array_new (FALSE, FALSE, sizeof (double));
  return acc;
}

/* Whom an escalation is counted for, in this grouping. */
static const char *
escalation_key (const GwEscalation *e,
                GwStatsBy           by)
{
  if ((by == GW_STATS_BY_DEPARTMENT && e->to_level == GW_LEVEL_COUNTY) ||
      (by == GW_STATS_BY_TOWN && e->to_level == GW_LEVEL_TOWN))
    return e->called;
  return NULL;
}

static void
count_escalation (Acc                *acc,
                  const GwEscalation *e)
{
  acc->row.escalations++;
  if (e->reported_at)
    acc->row.escalations_reported++;
  if (gw_escalation_was_late (e))
    acc->row.escalations_late++;
  else if (e->reported_at)
    acc->row.escalations_on_time++;
  if (e->rating > 0)
    {
      acc->row.ratings++;
      acc->rating_sum += e->rating;
    }
}

static Acc *
group (GHashTable *groups,
       const char *key)
{
  Acc *acc = g_hash_table_lookup (groups, key);

  if (acc == NULL)
    {
      acc = acc_new (key);
      g_hash_table_insert (groups, acc->row.key, acc);
    }
  return acc;
}

/* Whistles blown in the period that were more than proposals. */
static void
count_escalations (GHashTable        *groups,
                   Acc               *total,
                   const GwCaseFacts *d,
                   GwStatsBy          by,
                   gint64             from,
                   gint64             to)
{
  for (guint i = 0; d->escalations && i < d->escalations->len; i++)
    {
      const GwEscalation *e = g_ptr_array_index (d->escalations, i);
      gint64 whistled = unix_of (e->whistled_at);
      const char *key = escalation_key (e, by);

      /* A whistle to no one this grouping ranks (to a town, by
       * department) is in no row, so it is not in the total either. */
      if (e->state == GW_ESCALATION_PROPOSED || whistled < from || whistled >= to || key == NULL)
        continue;
      count_escalation (total, e);
      count_escalation (group (groups, key), e);
    }
}

/* The figures of @n_facts cases' facts; see gw_case_stats_compute(). */
GPtrArray *
gw_case_stats_compute_facts (const GwCaseFacts *facts,
                             gsize              n_facts,
                             GDateTime         *from,
                             GDateTime         *to,
                             GwStatsBy          by,
                             GHashTable        *towns,
                             GHashTable        *departments)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) acc_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_stats_row_free);
  Acc *total = acc_new (NULL);
  gint64 start = g_date_time_to_unix (from), end = g_date_time_to_unix (to);
  GHashTableIter iter;
  Acc *acc;

  for (gsize i = 0; i < n_facts; i++)
    {
      const GwCaseFacts *f = &facts[i];
      const char *key = key_of (f, by, towns, departments);

      /* A case without a unit (no grid, no department) still counts in
       * the total, through a row of its own: the rows add up to it. */
      count (total, f, start, end);
      count_escalations (groups, total, f, by, start, end);
      count (group (groups, key ? key : GW_STATS_UNATTRIBUTED), f, start, end);
    }

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &acc))
    if (acc->row.received + acc->row.due + acc->row.closed_in_period + acc->row.escalations +
        acc->row.duplicates + acc->row.visited > 0)
      g_ptr_array_add (rows, finish (acc));
  g_ptr_array_sort (rows, compare_rows);
  g_ptr_array_add (rows, finish (total));
  acc_free (total);

  return g_steal_pointer (&rows);
}

GPtrArray *
gw_case_stats_compute (GPtrArray  *cases,
                       GDateTime  *from,
                       GDateTime  *to,
                       GwStatsBy   by,
                       GHashTable *towns,
                       GHashTable *departments)
{
  /* Borrowed: the cases outlive the computation. */
  g_autofree GwCaseFacts *facts = gw_case_facts_borrow_all (cases, 0);

  return gw_case_stats_compute_facts (facts, cases ? cases->len : 0, from, to, by, towns, departments);
}

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  /* Four decimals: rates to a hundredth of a percent. */
  json_builder_add_double_value (b, round (value * 10000) / 10000);
}

static void
add_count (JsonBuilder *b,
           const char  *name,
           guint        value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_row (JsonBuilder      *b,
         const GwStatsRow *row)
{
  json_builder_begin_object (b);
  if (row->key)
    gw_json_builder_add_string (b, "key", row->key);
  add_count (b, "received", row->received);
  add_count (b, "due", row->due);
  add_count (b, "suspended", row->suspended);
  add_count (b, "closed", row->closed);
  add_count (b, "closed_on_time", row->closed_on_time);
  add_count (b, "reworked", row->reworked);
  add_count (b, "extended", row->extended);
  add_count (b, "overdue", row->overdue);
  add_number (b, "closing_rate", gw_stats_row_closing_rate (row));
  add_number (b, "on_time_closing_rate", gw_stats_row_on_time_closing_rate (row));
  add_number (b, "rework_rate", gw_stats_row_rework_rate (row));
  add_number (b, "extension_rate", gw_stats_row_extension_rate (row));
  add_count (b, "closed_in_period", row->closed_in_period);
  add_number (b, "mean_hours_to_close", row->mean_hours_to_close);
  add_number (b, "p90_hours_to_close", row->p90_hours_to_close);
  add_count (b, "escalations", row->escalations);
  add_count (b, "escalations_reported", row->escalations_reported);
  add_count (b, "escalations_on_time", row->escalations_on_time);
  add_count (b, "escalations_late", row->escalations_late);
  add_number (b, "report_on_time_rate", gw_stats_row_report_on_time_rate (row));
  add_count (b, "ratings", row->ratings);
  add_number (b, "mean_rating", row->mean_rating);
  add_count (b, "duplicates", row->duplicates);
  add_count (b, "returned", row->returned);
  add_number (b, "return_rate", gw_stats_row_return_rate (row));
  add_count (b, "recategorised", row->recategorised);
  add_count (b, "visited", row->visited);
  add_count (b, "satisfied", row->satisfied);
  add_count (b, "basically_satisfied", row->basically_satisfied);
  add_count (b, "unsatisfied", row->unsatisfied);
  add_count (b, "reopened", row->reopened);
  add_number (b, "satisfaction_rate", gw_stats_row_satisfaction_rate (row));
  add_count (b, "closed_without_whistle", row->closed_without_whistle);
  json_builder_set_member_name (b, "closed_by_level");
  json_builder_begin_object (b);
  for (GwLevel level = GW_LEVEL_COMMUNITY; level <= GW_LEVEL_COUNTY; level++)
    add_count (b, gw_level_to_string (level), row->closed_by_level[level]);
  json_builder_end_object (b);
  add_number (b, "own_level_rate", gw_stats_row_own_level_rate (row));
  json_builder_end_object (b);
}

JsonNode *
gw_case_stats_to_json (GPtrArray *rows,
                       GDateTime *from,
                       GDateTime *to,
                       GwStatsBy  by)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *from_text = g_date_time_format_iso8601 (from);
  g_autofree char *to_text = g_date_time_format_iso8601 (to);

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "by", gw_stats_by_to_string (by));
  gw_json_builder_add_string (b, "from", from_text);
  gw_json_builder_add_string (b, "to", to_text);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i + 1 < rows->len; i++)
    add_row (b, g_ptr_array_index (rows, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "total");
  add_row (b, g_ptr_array_index (rows, rows->len - 1));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
