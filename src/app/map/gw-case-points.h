/* gw-case-points.h: the cases as plain arrays for drawing, and their clusters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-filter.h"
#include "gw-case-model.h"

G_BEGIN_DECLS

/* The shape of a case's symbol says what kind of problem it is. */
typedef enum
{
  GW_CASE_SYMBOL_CIRCLE,      /* environment, appearance and other events */
  GW_CASE_SYMBOL_SQUARE,      /* components: a thing broken or missing */
  GW_CASE_SYMBOL_DIAMOND,     /* street order and advertising */
  GW_CASE_SYMBOL_TRIANGLE,    /* construction */
  GW_CASE_SYMBOL_STAR,        /* emergencies */
} GwCaseSymbol;

#define GW_CASE_N_SYMBOLS 5

GwCaseSymbol gw_case_symbol_for_category (const char *category);

typedef enum
{
  GW_CASE_POINT_URGENT  = 1 << 0,
  GW_CASE_POINT_OVERDUE = 1 << 1,
  GW_CASE_POINT_SHOWN   = 1 << 2,   /* passes the filter */
  GW_CASE_POINT_DUE_SOON = 1 << 3,
  GW_CASE_POINT_ESCALATED = 1 << 4,   /* an escalation is open */
  GW_CASE_POINT_DUPLICATE = 1 << 5,   /* open, with possible duplicates */
} GwCasePointFlags;

/* One case, as the map draws it. Index = position in the GwCaseModel. */
typedef struct
{
  double x, y;                /* normalised Mercator, 0..1 */
  gint64 deadline;            /* unix seconds, 0 when none */
  guint8 status;              /* GwCaseStatus */
  guint8 symbol;              /* GwCaseSymbol */
  guint8 flags;               /* GwCasePointFlags */
} GwCasePoint;

/* Cases that share a cell of the quadtree at one level. Cells nest, so a
 * cluster at level L is exactly the union of four cells at level L + 1. */
typedef struct
{
  double x, y;                /* mean of the members */
  double min_x, min_y, max_x, max_y;
  guint count;
  guint first;                /* a member: the only one when count is 1 */
  guint n_urgent;
  guint n_overdue;
  guint n_new;
} GwCaseCluster;

#define GW_TYPE_CASE_POINTS (gw_case_points_get_type ())

G_DECLARE_FINAL_TYPE (GwCasePoints, gw_case_points, GW, CASE_POINTS, GObject)

GwCasePoints      *gw_case_points_new          (GwCaseModel  *model,
                                                GwCaseFilter *filter);
const GwCasePoint *gw_case_points_get          (GwCasePoints *self,
                                                guint        *n_points);
guint              gw_case_points_get_n_shown  (GwCasePoints *self);
GwCaseModel       *gw_case_points_get_model    (GwCasePoints *self);
void               gw_case_points_set_now      (GwCasePoints *self,
                                                gint64        now_unix);
gint64             gw_case_points_get_now      (GwCasePoints *self);
gboolean           gw_case_points_refresh_time (GwCasePoints *self);
void               gw_case_points_cluster      (GwCasePoints *self,
                                                int           level,
                                                double        min_x,
                                                double        min_y,
                                                double        max_x,
                                                double        max_y,
                                                GArray       *clusters);

G_END_DECLS
