/* gw-grid-coverage.h: whether a county's grids tile its land: siblings
 * that overlap, children outside their parent, land no child covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_COVERAGE_OVERLAP,       /* two siblings share land */
  GW_COVERAGE_OUTSIDE,       /* a child has land outside its parent */
  GW_COVERAGE_GAP,           /* a parent has land none of its children covers */
} GwCoverageKind;

typedef struct
{
  GwCoverageKind kind;
  char *code;                /* the sibling, the child, the parent */
  char *name;
  char *other_code;          /* the other sibling, the parent; NULL for a gap */
  char *other_name;
  double area;               /* m² */
} GwCoverageProblem;

void       gw_coverage_problem_free     (GwCoverageProblem *problem);
/* The problems larger than @tolerance (m²) among @grids (GwGrid), each
 * parent with the children the list gives it. */
GPtrArray *gw_grid_coverage_check       (GPtrArray         *grids,
                                         double             tolerance);
/* For the operator, in their language. */
char      *gw_coverage_problem_describe (const GwCoverageProblem *problem);

G_END_DECLS
