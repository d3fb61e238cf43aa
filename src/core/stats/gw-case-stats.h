/* gw-case-stats.h: the performance figures units are ranked by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"
#include "gw-case-facts.h"

G_BEGIN_DECLS

typedef enum
{
  GW_STATS_BY_GRID,
  GW_STATS_BY_TOWN,
  GW_STATS_BY_DEPARTMENT,
  GW_STATS_BY_CATEGORY,
  GW_STATS_BY_WORKER,       /* the worker it is assigned to */
  GW_STATS_BY_SOURCE,       /* how it was reported */
} GwStatsBy;

const char *gw_stats_by_to_string   (GwStatsBy   by);
gboolean    gw_stats_by_from_string (const char *name,
                                     GwStatsBy  *by);

typedef struct
{
  char *key;                /* grid, town, department or category code */
  guint received;           /* reported in the period */
  guint due;                /* deadline in the period, not rejected */
  guint suspended;          /* of the due: suspended or on the register */
  guint closed;             /* of the due: closed by the end of the period */
  guint closed_on_time;     /* of those: closed by their deadline */
  guint reworked;           /* of the closed: reworked at least once */
  guint extended;           /* of the due: extended at least once */
  guint overdue;            /* of the due: closed late, or open past the deadline */
  guint closed_in_period;   /* closed within the period, whenever due */
  double mean_hours_to_close;  /* of those closed in the period */
  double p90_hours_to_close;
  /* Whistles to this town or department, blown in the period. */
  guint escalations;
  guint escalations_reported;   /* reported at all */
  guint escalations_on_time;    /* reported by the deadline */
  guint escalations_late;       /* reported late, or overdue unreported */
  guint ratings;                /* rated by the calling level */
  double mean_rating;           /* 1-5; 0 without ratings */
  /* The desk's figures (gw-case-stats.c). Duplicates are counted apart
   * and in nothing else. */
  guint duplicates;             /* reported in the period, closed as duplicates */
  guint returned;               /* of the received: returned at least once */
  guint recategorised;          /* of the received: category corrected */
  guint visited;                /* return visits made in the period */
  guint satisfied;
  guint basically_satisfied;
  guint unsatisfied;
  guint reopened;               /* of the visited: reopened for rework */
  guint closed_without_whistle; /* of those closed in the period: never escalated */
  guint closed_by_level[4];     /* of those closed in the period: by the level of the last whistle (GwLevel) */
} GwStatsRow;

/* closed / (due - suspended), and the like; 0 when there is nothing due. */
double gw_stats_row_closing_rate         (const GwStatsRow *row);
double gw_stats_row_on_time_closing_rate (const GwStatsRow *row);
double gw_stats_row_rework_rate          (const GwStatsRow *row);
double gw_stats_row_extension_rate       (const GwStatsRow *row);
double gw_stats_row_report_on_time_rate  (const GwStatsRow *row);
double gw_stats_row_return_rate          (const GwStatsRow *row);
double gw_stats_row_satisfaction_rate    (const GwStatsRow *row);
double gw_stats_row_own_level_rate       (const GwStatsRow *row);

/* The key of the row that holds what belongs to no unit of the grouping
 * (a case outside every grid, a category without a department). */
#define GW_STATS_UNATTRIBUTED ""
gboolean gw_stats_row_is_unattributed    (const GwStatsRow *row);

void   gw_stats_row_free                 (GwStatsRow       *row);

/* @towns maps a grid code to its town's code, @departments a category
 * code to its responsible department; either may be NULL when the
 * grouping does not need it. Rows are sorted by key; the last row, with
 * key NULL, is the total, and the rows add up to it: cases that belong to
 * no unit are in a row of their own (GW_STATS_UNATTRIBUTED, after the
 * others). Escalations count for whom they call: by department, the
 * county departments; by town, the towns; in other groupings none. */
GPtrArray *gw_case_stats_compute (GPtrArray  *cases,
                                  GDateTime  *from,
                                  GDateTime  *to,
                                  GwStatsBy   by,
                                  GHashTable *towns,
                                  GHashTable *departments);
GPtrArray *gw_case_stats_compute_facts (const GwCaseFacts *facts,
                                        gsize              n_facts,
                                        GDateTime         *from,
                                        GDateTime         *to,
                                        GwStatsBy          by,
                                        GHashTable        *towns,
                                        GHashTable        *departments);
JsonNode  *gw_case_stats_to_json (GPtrArray  *rows,
                                  GDateTime  *from,
                                  GDateTime  *to,
                                  GwStatsBy   by);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwStatsRow, gw_stats_row_free)

G_END_DECLS
