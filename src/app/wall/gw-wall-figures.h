/* gw-wall-figures.h: the day's figures a command center's wall shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-stats.h"

G_BEGIN_DECLS

typedef struct
{
  guint new_today;            /* reported since midnight */
  guint closed_today;         /* closed since midnight */
  guint due_today;            /* due since midnight, less suspended */
  guint closed_on_time_today; /* of those, closed by their deadline */
  double on_time_rate;        /* the two above; 0 when nothing was due */
  guint open_now;             /* not closed, not rejected */
  guint overdue_now;          /* open, past the deadline, clock running */
  guint awaiting_report;      /* whistles whose report has not come, by their deadline or not */
  guint visited;              /* return visits in the last GW_WALL_VISIT_DAYS days */
  double satisfaction_rate;   /* of those, satisfied or basically; 0 without visits */
} GwWallFigures;

/* The residents' verdicts are few in a day: the wall counts a week's. */
#define GW_WALL_VISIT_DAYS 7

/* The days start at midnight in @now's time zone. */
void       gw_wall_figures_compute (GPtrArray     *cases,
                                    GDateTime     *now,
                                    GwWallFigures *figures);
/* The same over cases' facts (gw-case-facts.h): a wall folds closed ones. */
void       gw_wall_figures_compute_facts (const GwCaseFacts *facts,
                                          gsize              n_facts,
                                          GDateTime         *now,
                                          GwWallFigures     *figures);

/* Towns by on-time closing rate over the last @days days, best first,
 * then by cases closed; rows of gw_case_stats_compute() without the
 * total. */
GPtrArray *gw_wall_town_ranking    (GPtrArray     *cases,
                                    GDateTime     *now,
                                    guint          days,
                                    GHashTable    *towns);
GPtrArray *gw_wall_town_ranking_facts (const GwCaseFacts *facts,
                                       gsize              n_facts,
                                       GDateTime         *now,
                                       guint              days,
                                       GHashTable        *towns);

G_END_DECLS
