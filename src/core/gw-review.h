/* gw-review.h: a period's figures beside the period before, for leaders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-case-stats.h"

G_BEGIN_DECLS

typedef enum
{
  GW_REVIEW_WEEK,
  GW_REVIEW_MONTH,
  GW_REVIEW_QUARTER,
} GwReviewSpan;

typedef struct
{
  GDateTime *from;          /* the period, [from, to) */
  GDateTime *to;
  GDateTime *before_from;   /* the period before, as long */
  GDateTime *before_to;
} GwReviewPeriod;

/* @last: the last whole week, month or quarter; else the current one up
 * to @now, compared with as many days of the one before. Weeks start on
 * Monday, in @now's time zone. */
GwReviewPeriod *gw_review_period_new   (GwReviewSpan          span,
                                        gboolean              last,
                                        GDateTime            *now);
/* The earliest time a review looks at: the start of the quarter before
 * last (last quarter's period before). A case closed before it is in no
 * review's figures, nor in the day's: the models leave it in the cache. */
gint64          gw_review_horizon      (GDateTime            *now);
GwReviewPeriod *gw_review_period_copy  (const GwReviewPeriod *period);
void            gw_review_period_free  (GwReviewPeriod       *period);
/* "2026-11-01 – 2026-11-23": the first and the last day, both included. */
char           *gw_review_format_range (GDateTime            *from,
                                        GDateTime            *to);

typedef struct
{
  char *key;
  GwStatsRow *now;          /* never NULL: zeros where nothing happened */
  GwStatsRow *before;
} GwReviewRow;

typedef struct
{
  GwReviewPeriod *period;
  GwStatsBy by;
  char *town;               /* only this town's cases; NULL: the county */
  GPtrArray *rows;          /* of GwReviewRow, by key */
  GwReviewRow *total;
  GArray *received_per_day; /* guint, a day each from period->from */
  GArray *closed_per_day;
  GArray *received_before;  /* the period before, a day each */
} GwReview;

GwReview *gw_review_compute (GPtrArray            *cases,
                             const GwReviewPeriod *period,
                             GwStatsBy             by,
                             const char           *town,
                             GHashTable           *towns,
                             GHashTable           *departments);
void      gw_review_free    (GwReview             *review);

/* The columns of the review's tables, on screen, in the PDF and the CSV. */
typedef enum
{
  GW_REVIEW_COUNT,
  GW_REVIEW_RATE,
  GW_REVIEW_HOURS,
  GW_REVIEW_RATING,
} GwReviewFormat;

typedef struct
{
  const char *id;
  const char *title;        /* N_(): translate when shown */
  GwReviewFormat format;
  int better;               /* 1: higher is better, -1: lower, 0: neither */
  gboolean escalations;     /* whistles' columns: for towns and departments */
  double (*value) (const GwStatsRow *row);
} GwReviewColumn;

const GwReviewColumn *gw_review_get_columns      (guint                 *n_columns);
const GwReviewColumn *gw_review_find_column      (const char            *id);
/* The review's rows that have an on-time closing rate (something was
 * due), best first: the ranking its charts draw. The rows stay the
 * review's. */
GPtrArray            *gw_review_rank_on_time     (GwReview              *review);
/* The order the review page's table opens in: worst on-time closing
 * first (what a leader asks about), units without the figure last. */
void                  gw_review_sort_worst_first (GwReview              *review);
/* Puts the rows whose keys @keys lists first, in that order (the order
 * a sorted table on the screen shows them), the others after as they
 * were: an export lists the units as the leader saw them. */
void                  gw_review_order_rows       (GwReview              *review,
                                                  const char * const    *keys);
gboolean              gw_review_shows_column     (GwStatsBy              by,
                                                  const GwReviewColumn  *column);
char                 *gw_review_format_value     (const GwReviewColumn  *column,
                                                  double                 value);
/* "+3.2", "−12": the change from before, in the column's unit (points
 * for rates); NULL when there was nothing before to compare with. */
char                 *gw_review_format_change    (const GwReviewColumn  *column,
                                                  const GwReviewRow     *row);
/* -1 worse, 0 the same, 1 better than before. */
int                   gw_review_compare_before   (const GwReviewColumn  *column,
                                                  const GwReviewRow     *row);

/* The tables as CSV (UTF-8 with a BOM, for Excel and WPS) in the current
 * language: the unit, then each column now, before and its change.
 * @names maps keys to the names to print. */
gboolean  gw_review_write_csv (GwReview    *review,
                               GHashTable  *names,
                               GFile       *file,
                               GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwReview, gw_review_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwReviewPeriod, gw_review_period_free)

G_END_DECLS
