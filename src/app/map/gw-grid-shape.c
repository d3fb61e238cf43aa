/* gw-grid-shape.c: a grid's outline in Mercator, simplified per zoom level
 *
 * Projected once to normalised Mercator. For each integer zoom level a
 * simplified copy is made the first time that level is drawn: vertices
 * closer than half a pixel to the last one kept are dropped, which keeps
 * the outline within a pixel of the original while a county-wide view of
 * detailed boundaries draws a fraction of their vertices. Levels where
 * nearly nothing would be dropped share the full outline.
 *
 * A shape is shared with the thread that draws the grid tiles
 * (gw-map-tiles.c), so it is counted by reference, and a level's
 * simplified copy is published with one atomic exchange: two threads
 * that make the same level at once keep the first one made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-grid-shape"

#include "config.h"

#include <math.h>

#include "gw-geo.h"
#include "gw-grid-shape.h"

#define MAX_ZOOM 24
#define TOLERANCE_PIXELS 0.5

typedef struct
{
  double *xy;               /* x, y pairs */
  guint *ring_sizes;        /* points per ring; 0 for a ring too small to draw */
  gsize n_points;
} Outline;

struct _GwGridShape
{
  gatomicrefcount ref;
  Outline full;
  guint n_rings;
  double min_x, min_y, max_x, max_y;
  Outline *by_zoom[MAX_ZOOM + 1];
};

static void
outline_clear (Outline *outline)
{
  g_free (outline->xy);
  g_free (outline->ring_sizes);
}

static void
outline_free (Outline *outline)
{
  outline_clear (outline);
  g_free (outline);
}

GwGridShape *
gw_grid_shape_new (GwGeometry *geometry)
{
  GwGridShape *shape = g_new0 (GwGridShape, 1);
  guint ring = 0;
  double *p;

  g_atomic_ref_count_init (&shape->ref);
  for (guint poly = 0; poly < gw_geometry_get_n_polygons (geometry); poly++)
    shape->n_rings += gw_geometry_get_n_rings (geometry, poly);
  shape->full.n_points = gw_geometry_get_n_points (geometry);
  shape->full.xy = g_new (double, 2 * shape->full.n_points);
  shape->full.ring_sizes = g_new (guint, shape->n_rings);
  shape->min_x = shape->min_y = G_MAXDOUBLE;
  shape->max_x = shape->max_y = -G_MAXDOUBLE;

  p = shape->full.xy;
  for (guint poly = 0; poly < gw_geometry_get_n_polygons (geometry); poly++)
    for (guint r = 0; r < gw_geometry_get_n_rings (geometry, poly); r++, ring++)
      {
        const double *pts = gw_geometry_get_ring (geometry, poly, r, &shape->full.ring_sizes[ring]);

        for (guint i = 0; i < shape->full.ring_sizes[ring]; i++, p += 2)
          {
            p[0] = gw_mercator_x_from_lon (pts[2 * i]);
            p[1] = gw_mercator_y_from_lat (pts[2 * i + 1]);
            shape->min_x = MIN (shape->min_x, p[0]);
            shape->max_x = MAX (shape->max_x, p[0]);
            shape->min_y = MIN (shape->min_y, p[1]);
            shape->max_y = MAX (shape->max_y, p[1]);
          }
      }
  return shape;
}

GwGridShape *
gw_grid_shape_ref (GwGridShape *shape)
{
  g_atomic_ref_count_inc (&shape->ref);
  return shape;
}

void
gw_grid_shape_unref (GwGridShape *shape)
{
  if (shape == NULL || !g_atomic_ref_count_dec (&shape->ref))
    return;
  for (guint z = 0; z <= MAX_ZOOM; z++)
    if (shape->by_zoom[z] != NULL && shape->by_zoom[z] != &shape->full)
      outline_free (shape->by_zoom[z]);
  outline_clear (&shape->full);
  g_free (shape);
}

void
gw_grid_shape_bounds (GwGridShape *shape,
                      double      *min_x,
                      double      *min_y,
                      double      *max_x,
                      double      *max_y)
{
  *min_x = shape->min_x;
  *min_y = shape->min_y;
  *max_x = shape->max_x;
  *max_y = shape->max_y;
}

static Outline *
simplify (GwGridShape *shape,
          double       tolerance)
{
  Outline *out = g_new0 (Outline, 1);
  const double *in = shape->full.xy;
  double *q;

  out->xy = g_new (double, 2 * shape->full.n_points);
  out->ring_sizes = g_new0 (guint, shape->n_rings);
  q = out->xy;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      guint n = shape->full.ring_sizes[r], kept = 0;
      double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
      double *ring_start = q;

      for (guint i = 0; i < n; i++)
        {
          min_x = MIN (min_x, in[2 * i]);
          max_x = MAX (max_x, in[2 * i]);
          min_y = MIN (min_y, in[2 * i + 1]);
          max_y = MAX (max_y, in[2 * i + 1]);
        }

      /* A ring smaller than a pixel (an islet, a hole) is not drawn. */
      if (max_x - min_x >= 2 * tolerance || max_y - min_y >= 2 * tolerance)
        for (guint i = 0; i < n; i++)
          {
            const double *v = &in[2 * i];

            if (kept > 0 && i + 1 < n &&
                fabs (v[0] - q[-2]) < tolerance && fabs (v[1] - q[-1]) < tolerance)
              continue;
            q[0] = v[0];
            q[1] = v[1];
            q += 2;
            kept++;
          }

      if (kept < 3)
        {
          q = ring_start;
          kept = 0;
        }
      out->ring_sizes[r] = kept;
      out->n_points += kept;
      in += 2 * n;
    }
  return out;
}

static Outline *
outline_for_zoom (GwGridShape *shape,
                  int          zoom)
{
  Outline *simple;

  zoom = CLAMP (zoom, 0, MAX_ZOOM);
  if ((simple = g_atomic_pointer_get (&shape->by_zoom[zoom])) != NULL)
    return simple;

  /* Half a pixel at this zoom, in Mercator units (256-pixel tiles). */
  simple = simplify (shape, TOLERANCE_PIXELS / ldexp (256.0, zoom));
  if (simple->n_points * 10 >= shape->full.n_points * 9)
    {
      outline_free (simple);
      simple = &shape->full;
    }
  if (!g_atomic_pointer_compare_and_exchange (&shape->by_zoom[zoom], NULL, simple))
    {
      if (simple != &shape->full)
        outline_free (simple);
      simple = g_atomic_pointer_get (&shape->by_zoom[zoom]);
    }
  return simple;
}

gsize
gw_grid_shape_get_n_points (GwGridShape *shape,
                            int          zoom)
{
  return outline_for_zoom (shape, zoom)->n_points;
}

/* Adds the outline at @zoom to @cr's path, scaled by @world pixels per
 * Mercator unit, with (@origin_x, @origin_y) in world pixels at (0, 0). */
void
gw_grid_shape_trace (GwGridShape *shape,
                     cairo_t     *cr,
                     int          zoom,
                     double       world,
                     double       origin_x,
                     double       origin_y)
{
  Outline *outline = outline_for_zoom (shape, zoom);
  const double *p = outline->xy;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      guint n = outline->ring_sizes[r];

      for (guint i = 0; i < n; i++, p += 2)
        {
          double x = p[0] * world - origin_x, y = p[1] * world - origin_y;

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (n > 0)
        cairo_close_path (cr);
    }
}
