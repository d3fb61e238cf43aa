/* gw-grid-coverage.c: whether a county's grids tile its land
 *
 * Grids of one parent should not overlap, should lie inside their parent
 * and together cover it. The areas come from GEOS (intersection,
 * difference, union) on coordinates projected to metres around the
 * county's middle latitude: over a county the error is far below the
 * tolerance that matters, and slivers of digitising below it (1 m² by
 * default) are not reported. Invalid rings (a figure-eight drawn by hand)
 * are made valid first, so that one bad polygon does not stop the check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-grid-coverage"

#include "config.h"

#include <geos_c.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-grid-coverage.h"
#include "gw-grid.h"

#define METRES_PER_DEGREE 111320.0

typedef struct
{
  GEOSContextHandle_t geos;
  double x_scale;            /* metres per degree of longitude */
  GHashTable *shapes;        /* code → GEOSGeometry, projected */
} Check;

void
gw_coverage_problem_free (GwCoverageProblem *problem)
{
  g_free (problem->code);
  g_free (problem->name);
  g_free (problem->other_code);
  g_free (problem->other_name);
  g_free (problem);
}

static GEOSGeometry *
project_ring (Check         *check,
              const double  *pts,
              guint          n)
{
  gboolean closed = n > 0 && pts[0] == pts[2 * (n - 1)] && pts[1] == pts[2 * (n - 1) + 1];
  guint size = closed ? n : n + 1;
  GEOSCoordSequence *seq;

  if (n < 3)
    return NULL;
  seq = GEOSCoordSeq_create_r (check->geos, size, 2);
  for (guint i = 0; i < size; i++)
    {
      guint k = i % n;

      GEOSCoordSeq_setXY_r (check->geos, seq, i, pts[2 * k] * check->x_scale, pts[2 * k + 1] * METRES_PER_DEGREE);
    }
  return GEOSGeom_createLinearRing_r (check->geos, seq);
}

/* The grid's polygons in metres, made valid; NULL when it has none. */
static GEOSGeometry *
project (Check  *check,
         GwGrid *grid)
{
  GwGeometry *geometry = gw_grid_get_geometry (grid);
  guint n_polygons = gw_geometry_get_n_polygons (geometry);
  g_autofree GEOSGeometry **polygons = g_new0 (GEOSGeometry *, n_polygons);
  guint made = 0;
  GEOSGeometry *multi, *valid;

  for (guint p = 0; p < n_polygons; p++)
    {
      guint n_rings = gw_geometry_get_n_rings (geometry, p), n_holes = 0, n = 0;
      g_autofree GEOSGeometry **holes = g_new0 (GEOSGeometry *, MAX (n_rings, 1));
      const double *outer = gw_geometry_get_ring (geometry, p, 0, &n);
      GEOSGeometry *shell = project_ring (check, outer, n);

      if (shell == NULL)
        continue;
      for (guint r = 1; r < n_rings; r++)
        {
          const double *pts = gw_geometry_get_ring (geometry, p, r, &n);
          GEOSGeometry *hole = project_ring (check, pts, n);

          if (hole)
            holes[n_holes++] = hole;
        }
      polygons[made++] = GEOSGeom_createPolygon_r (check->geos, shell, holes, n_holes);
    }
  if (made == 0)
    return NULL;
  multi = GEOSGeom_createCollection_r (check->geos, GEOS_MULTIPOLYGON, polygons, made);
  valid = GEOSMakeValid_r (check->geos, multi);
  GEOSGeom_destroy_r (check->geos, multi);
  return valid;
}

static GEOSGeometry *
shape_of (Check  *check,
          GwGrid *grid)
{
  GEOSGeometry *shape = g_hash_table_lookup (check->shapes, gw_grid_get_code (grid));

  if (shape == NULL && (shape = project (check, grid)))
    g_hash_table_insert (check->shapes, (gpointer) gw_grid_get_code (grid), shape);
  return shape;
}

static double
area_of (Check        *check,
         GEOSGeometry *geometry)
{
  double area = 0;

  if (geometry == NULL)
    return 0;
  GEOSArea_r (check->geos, geometry, &area);
  GEOSGeom_destroy_r (check->geos, geometry);
  return area;
}

static void
add_problem (GPtrArray      *problems,
             GwCoverageKind  kind,
             GwGrid         *grid,
             GwGrid         *other,
             double          area)
{
  GwCoverageProblem *problem = g_new0 (GwCoverageProblem, 1);

  problem->kind = kind;
  problem->code = g_strdup (gw_grid_get_code (grid));
  problem->name = g_strdup (gw_grid_get_name (grid));
  problem->other_code = other ? g_strdup (gw_grid_get_code (other)) : NULL;
  problem->other_name = other ? g_strdup (gw_grid_get_name (other)) : NULL;
  problem->area = area;
  g_ptr_array_add (problems, problem);
}

static gboolean
bounds_meet (GwGrid *a,
             GwGrid *b)
{
  const GwBounds *x = gw_geometry_get_bounds (gw_grid_get_geometry (a));
  const GwBounds *y = gw_geometry_get_bounds (gw_grid_get_geometry (b));

  return x->min_lon < y->max_lon && y->min_lon < x->max_lon && x->min_lat < y->max_lat && y->min_lat < x->max_lat;
}

/* One parent and its children: overlaps, children outside, the gap. */
static void
check_family (Check     *check,
              GwGrid    *parent,
              GPtrArray *children,
              double     tolerance,
              GPtrArray *problems)
{
  GEOSGeometry *outline = shape_of (check, parent);
  g_autofree GEOSGeometry **shapes = g_new0 (GEOSGeometry *, children->len);
  guint n_shapes = 0;

  for (guint i = 0; i < children->len; i++)
    {
      GwGrid *child = g_ptr_array_index (children, i);
      GEOSGeometry *shape = shape_of (check, child);
      double area;

      if (shape == NULL)
        continue;
      shapes[n_shapes++] = shape;
      if (outline && (area = area_of (check, GEOSDifference_r (check->geos, shape, outline))) > tolerance)
        add_problem (problems, GW_COVERAGE_OUTSIDE, child, parent, area);
      for (guint j = i + 1; j < children->len; j++)
        {
          GwGrid *sibling = g_ptr_array_index (children, j);
          GEOSGeometry *other;

          if (!bounds_meet (child, sibling) || !(other = shape_of (check, sibling)))
            continue;
          if ((area = area_of (check, GEOSIntersection_r (check->geos, shape, other))) > tolerance)
            add_problem (problems, GW_COVERAGE_OVERLAP, child, sibling, area);
        }
    }

  if (outline && n_shapes > 0)
    {
      /* A collection of borrowed shapes: cloned, since it owns them. */
      g_autofree GEOSGeometry **clones = g_new0 (GEOSGeometry *, n_shapes);
      GEOSGeometry *all, *covered;
      double area;

      for (guint i = 0; i < n_shapes; i++)
        clones[i] = GEOSGeom_clone_r (check->geos, shapes[i]);
      all = GEOSGeom_createCollection_r (check->geos, GEOS_GEOMETRYCOLLECTION, clones, n_shapes);
      covered = GEOSUnaryUnion_r (check->geos, all);
      GEOSGeom_destroy_r (check->geos, all);
      if (covered && (area = area_of (check, GEOSDifference_r (check->geos, outline, covered))) > tolerance)
        add_problem (problems, GW_COVERAGE_GAP, parent, NULL, area);
      if (covered)
        GEOSGeom_destroy_r (check->geos, covered);
    }
}

GPtrArray *
gw_grid_coverage_check (GPtrArray *grids,
                        double     tolerance)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_coverage_problem_free);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  Check check = { 0 };
  double min_lat = 90, max_lat = -90;
  GHashTableIter iter;
  gpointer code, value;

  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      const GwBounds *b = gw_geometry_get_bounds (gw_grid_get_geometry (grid));

      g_hash_table_insert (by_code, (gpointer) gw_grid_get_code (grid), grid);
      min_lat = MIN (min_lat, b->min_lat);
      max_lat = MAX (max_lat, b->max_lat);
    }
  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      const char *parent = gw_grid_get_parent_code (grid);
      GPtrArray *list;

      if (parent == NULL || !g_hash_table_contains (by_code, parent))
        continue;
      if (!(list = g_hash_table_lookup (children, parent)))
        g_hash_table_insert (children, (gpointer) parent, list = g_ptr_array_new ());
      g_ptr_array_add (list, grid);
    }
  if (g_hash_table_size (children) == 0)
    return problems;

  check.geos = GEOS_init_r ();
  check.x_scale = METRES_PER_DEGREE * cos ((min_lat + max_lat) / 2 * G_PI / 180);
  check.shapes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_iter_init (&iter, children);
  while (g_hash_table_iter_next (&iter, &code, &value))
    check_family (&check, g_hash_table_lookup (by_code, code), value, tolerance, problems);

  g_hash_table_iter_init (&iter, check.shapes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    GEOSGeom_destroy_r (check.geos, value);
  g_hash_table_unref (check.shapes);
  GEOS_finish_r (check.geos);
  return problems;
}

char *
gw_coverage_problem_describe (const GwCoverageProblem *p)
{
  switch (p->kind)
    {
    case GW_COVERAGE_OVERLAP:
      return g_strdup_printf (_("%s %s and %s %s overlap by %.1f m²"), p->code, p->name, p->other_code,
                              p->other_name, p->area);
    case GW_COVERAGE_OUTSIDE:
      return g_strdup_printf (_("%s %s lies %.1f m² outside its parent %s %s"), p->code, p->name, p->area,
                              p->other_code, p->other_name);
    case GW_COVERAGE_GAP:
    default:
      return g_strdup_printf (_("%s %s has %.1f m² that none of its grids covers"), p->code, p->name, p->area);
    }
}
