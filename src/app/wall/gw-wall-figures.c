/* gw-wall-figures.c: the day's figures a command center's wall shows
 *
 * Built on gw_case_stats_compute(), the same figures the review and the
 * server's /stats give, so the wall never disagrees with a report: the
 * day is the period from midnight to now. Overdue and awaiting-report
 * are states of now, not of a period.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-wall"

#include "config.h"

#include "gw-wall-figures.h"

static GDateTime *
midnight_of (GDateTime *now)
{
  return g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now), 0, 0, 0);
}

void
gw_wall_figures_compute_facts (const GwCaseFacts *facts,
                               gsize              n_facts,
                               GDateTime         *now,
                               GwWallFigures     *figures)
{
  g_autoptr(GDateTime) midnight = midnight_of (now);
  g_autoptr(GPtrArray) rows = NULL;
  const GwStatsRow *total;
  gint64 now_unix = g_date_time_to_unix (now);

  g_return_if_fail ((facts != NULL || n_facts == 0) && now != NULL && figures != NULL);

  *figures = (GwWallFigures) { 0 };
  rows = gw_case_stats_compute_facts (facts, n_facts, midnight, now, GW_STATS_BY_TOWN, NULL, NULL);
  total = g_ptr_array_index (rows, rows->len - 1);
  figures->new_today = total->received;
  figures->closed_today = total->closed_in_period;
  figures->due_today = total->due - total->suspended;
  figures->closed_on_time_today = total->closed_on_time;
  figures->on_time_rate = gw_stats_row_on_time_closing_rate (total);

  {
    g_autoptr(GDateTime) week_ago = g_date_time_add_days (midnight, -(GW_WALL_VISIT_DAYS - 1));
    g_autoptr(GPtrArray) week = gw_case_stats_compute_facts (facts, n_facts, week_ago, now, GW_STATS_BY_TOWN, NULL, NULL);
    const GwStatsRow *week_total = g_ptr_array_index (week, week->len - 1);

    figures->visited = week_total->visited;
    figures->satisfaction_rate = gw_stats_row_satisfaction_rate (week_total);
  }

  for (gsize i = 0; i < n_facts; i++)
    {
      const GwCaseFacts *f = &facts[i];
      const GwEscalation *e = f->escalations ? g_ptr_array_index (f->escalations, f->escalations->len - 1) : NULL;

      figures->open_now += gw_case_status_is_open (f->status);
      figures->overdue_now += gw_case_facts_is_overdue (f, now_unix);
      /* Overdue is awaiting too, past its deadline: the wall lists both. */
      figures->awaiting_report += e && gw_escalation_awaits_report (e);
    }
}

void
gw_wall_figures_compute (GPtrArray     *cases,
                         GDateTime     *now,
                         GwWallFigures *figures)
{
  g_autofree GwCaseFacts *facts = NULL;

  g_return_if_fail (cases != NULL && now != NULL && figures != NULL);

  facts = gw_case_facts_borrow_all (cases, 0);
  gw_wall_figures_compute_facts (facts, cases->len, now, figures);
}

static int
by_rate (gconstpointer a,
         gconstpointer b)
{
  const GwStatsRow *x = *(const GwStatsRow * const *) a, *y = *(const GwStatsRow * const *) b;
  double rx = gw_stats_row_on_time_closing_rate (x), ry = gw_stats_row_on_time_closing_rate (y);

  if (rx != ry)
    return rx > ry ? -1 : 1;
  if (x->closed != y->closed)
    return x->closed > y->closed ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

GPtrArray *
gw_wall_town_ranking_facts (const GwCaseFacts *facts,
                            gsize              n_facts,
                            GDateTime         *now,
                            guint              days,
                            GHashTable        *towns)
{
  g_autoptr(GDateTime) midnight = midnight_of (now);
  g_autoptr(GDateTime) from = g_date_time_add_days (midnight, -(int) days + 1);
  GPtrArray *rows;

  g_return_val_if_fail ((facts != NULL || n_facts == 0) && now != NULL, NULL);

  rows = gw_case_stats_compute_facts (facts, n_facts, from, now, GW_STATS_BY_TOWN, towns, NULL);
  /* The total is not a town, nor what lies outside every town. */
  g_ptr_array_remove_index (rows, rows->len - 1);
  if (rows->len > 0 && gw_stats_row_is_unattributed (g_ptr_array_index (rows, rows->len - 1)))
    g_ptr_array_remove_index (rows, rows->len - 1);
  g_ptr_array_sort (rows, by_rate);
  return rows;
}

GPtrArray *
gw_wall_town_ranking (GPtrArray  *cases,
                      GDateTime  *now,
                      guint       days,
                      GHashTable *towns)
{
  g_autofree GwCaseFacts *facts = NULL;

  g_return_val_if_fail (cases != NULL && now != NULL, NULL);

  facts = gw_case_facts_borrow_all (cases, 0);
  return gw_wall_town_ranking_facts (facts, cases->len, now, days, towns);
}
