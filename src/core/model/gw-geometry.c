/* gw-geometry.c: an immutable (multi)polygon in WGS84
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-geometry"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "gw-error.h"
#include "gw-geometry.h"
#include "gw-json.h"

/* Flat arrays rather than nested GPtrArrays: a county has hundreds of
 * thousands of vertices, and the map walks them on every frame. */
struct _GwGeometry
{
  gatomicrefcount ref_count;
  guint n_polygons;
  guint n_rings;
  guint n_points;
  guint *polygon_start;   /* n_polygons + 1 indices into rings */
  guint *ring_start;      /* n_rings + 1 indices into points */
  double *points;         /* lon, lat pairs */
  GwBounds bounds;
  double area;
};

G_DEFINE_BOXED_TYPE (GwGeometry, gw_geometry, gw_geometry_ref, gw_geometry_unref)

#define BLOB_MAGIC "GWG1"
#define MIN_RING_POINTS 4

static double
ring_signed_area (const double *pts,
                  guint         n,
                  double        lat0)
{
  /* Local equirectangular metres are plenty to rank grids by size. */
  double kx = 111320.0 * cos (lat0 * G_PI / 180.0);
  double ky = 110540.0;
  double sum = 0;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    sum += (pts[2 * j] * kx) * (pts[2 * i + 1] * ky) - (pts[2 * i] * kx) * (pts[2 * j + 1] * ky);

  return sum / 2.0;
}

static void
compute_derived (GwGeometry *self)
{
  double lat0;

  self->bounds = GW_BOUNDS_EMPTY;
  for (guint i = 0; i < self->n_points; i++)
    gw_bounds_extend (&self->bounds, self->points[2 * i], self->points[2 * i + 1]);

  lat0 = (self->bounds.min_lat + self->bounds.max_lat) / 2.0;
  self->area = 0;
  for (guint p = 0; p < self->n_polygons; p++)
    for (guint r = self->polygon_start[p]; r < self->polygon_start[p + 1]; r++)
      {
        const double *pts = &self->points[2 * self->ring_start[r]];
        guint n = self->ring_start[r + 1] - self->ring_start[r];
        double a = fabs (ring_signed_area (pts, n, lat0));

        /* The first ring of a polygon is its outline, the others its holes. */
        self->area += r == self->polygon_start[p] ? a : -a;
      }
  self->area = MAX (self->area, 0);
}

GwGeometry *
gw_geometry_new (const double *points,
                 guint         n_points,
                 const guint  *ring_sizes,
                 guint         n_rings,
                 const guint  *polygon_ring_counts,
                 guint         n_polygons)
{
  GwGeometry *self;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);

  self = g_new0 (GwGeometry, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_points = n_points;
  self->n_rings = n_rings;
  self->n_polygons = n_polygons;
  self->points = g_memdup2 (points, sizeof (double) * 2 * n_points);
  self->ring_start = g_new (guint, n_rings + 1);
  self->polygon_start = g_new (guint, n_polygons + 1);

  self->ring_start[0] = 0;
  for (guint i = 0; i < n_rings; i++)
    self->ring_start[i + 1] = self->ring_start[i] + ring_sizes[i];
  self->polygon_start[0] = 0;
  for (guint i = 0; i < n_polygons; i++)
    self->polygon_start[i + 1] = self->polygon_start[i] + polygon_ring_counts[i];

  g_return_val_if_fail (self->ring_start[n_rings] == n_points, (gw_geometry_unref (self), NULL));
  g_return_val_if_fail (self->polygon_start[n_polygons] == n_rings, (gw_geometry_unref (self), NULL));

  compute_derived (self);

  return self;
}

GwGeometry *
gw_geometry_new_rectangle (double min_lon,
                           double min_lat,
                           double max_lon,
                           double max_lat)
{
  const double pts[] = {
    min_lon, min_lat, max_lon, min_lat, max_lon, max_lat, min_lon, max_lat, min_lon, min_lat,
  };
  const guint ring_sizes[] = { 5 };
  const guint polygon_rings[] = { 1 };

  return gw_geometry_new (pts, 5, ring_sizes, 1, polygon_rings, 1);
}

GwGeometry *
gw_geometry_ref (GwGeometry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gw_geometry_unref (GwGeometry *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->points);
      g_free (self->ring_start);
      g_free (self->polygon_start);
      g_free (self);
    }
}

guint
gw_geometry_get_n_polygons (const GwGeometry *self)
{
  return self->n_polygons;
}

guint
gw_geometry_get_n_rings (const GwGeometry *self,
                         guint             polygon)
{
  g_return_val_if_fail (polygon < self->n_polygons, 0);

  return self->polygon_start[polygon + 1] - self->polygon_start[polygon];
}

const double *
gw_geometry_get_ring (const GwGeometry *self,
                      guint             polygon,
                      guint             ring,
                      guint            *n_points)
{
  guint r;

  g_return_val_if_fail (polygon < self->n_polygons, NULL);
  g_return_val_if_fail (ring < gw_geometry_get_n_rings (self, polygon), NULL);

  r = self->polygon_start[polygon] + ring;
  *n_points = self->ring_start[r + 1] - self->ring_start[r];
  return &self->points[2 * self->ring_start[r]];
}

guint
gw_geometry_get_n_points (const GwGeometry *self)
{
  return self->n_points;
}

const GwBounds *
gw_geometry_get_bounds (const GwGeometry *self)
{
  return &self->bounds;
}

double
gw_geometry_get_area (const GwGeometry *self)
{
  return self->area;
}

static gboolean
ring_contains (const double *pts,
               guint         n,
               double        lon,
               double        lat)
{
  gboolean inside = FALSE;

  /* Crossing test with half-open edges: a point on an edge shared by two
   * neighbouring grids is inside exactly one of them, so a case reported on
   * a boundary still lands in one grid. */
  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double xi = pts[2 * i], yi = pts[2 * i + 1];
      double xj = pts[2 * j], yj = pts[2 * j + 1];

      if ((yi > lat) != (yj > lat) &&
          lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
        inside = !inside;
    }

  return inside;
}

gboolean
gw_geometry_contains (const GwGeometry *self,
                      double            lon,
                      double            lat)
{
  if (!gw_bounds_contains (&self->bounds, lon, lat))
    return FALSE;

  for (guint p = 0; p < self->n_polygons; p++)
    {
      gboolean inside = FALSE;

      /* Even-odd over the outline and its holes. */
      for (guint r = self->polygon_start[p]; r < self->polygon_start[p + 1]; r++)
        if (ring_contains (&self->points[2 * self->ring_start[r]],
                           self->ring_start[r + 1] - self->ring_start[r],
                           lon, lat))
          inside = !inside;

      if (inside)
        return TRUE;
    }

  return FALSE;
}

/* Pole of inaccessibility: the interior point farthest from the outline,
 * where a label has the most room. A best-first search over square cells,
 * in local metres so that "farthest" means the same in both directions. */
typedef struct
{
  double x, y, half, dist, max;
} Cell;

typedef struct
{
  const GwGeometry *geometry;
  guint polygon;
  double kx, ky;
} LabelContext;

static double
segment_distance_sq (double px, double py,
                     double ax, double ay,
                     double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double t = 0;

  if (dx != 0 || dy != 0)
    t = CLAMP (((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0, 1);

  dx = px - (ax + t * dx);
  dy = py - (ay + t * dy);
  return dx * dx + dy * dy;
}

static double
signed_distance (const LabelContext *ctx,
                 double              x,
                 double              y)
{
  const GwGeometry *g = ctx->geometry;
  gboolean inside = FALSE;
  double best = G_MAXDOUBLE;

  for (guint r = g->polygon_start[ctx->polygon]; r < g->polygon_start[ctx->polygon + 1]; r++)
    {
      const double *pts = &g->points[2 * g->ring_start[r]];
      guint n = g->ring_start[r + 1] - g->ring_start[r];

      for (guint i = 0, j = n - 1; i < n; j = i++)
        {
          double xi = pts[2 * i] * ctx->kx, yi = pts[2 * i + 1] * ctx->ky;
          double xj = pts[2 * j] * ctx->kx, yj = pts[2 * j + 1] * ctx->ky;

          if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            inside = !inside;
          best = MIN (best, segment_distance_sq (x, y, xi, yi, xj, yj));
        }
    }

  return (inside ? 1 : -1) * sqrt (best);
}

static Cell
make_cell (const LabelContext *ctx,
           double              x,
           double              y,
           double              half)
{
  Cell c = { x, y, half, 0, 0 };

  c.dist = signed_distance (ctx, x, y);
  c.max = c.dist + half * G_SQRT2;
  return c;
}

/* The cells waiting to be looked at, as a binary max-heap on their
 * potential: sorting the whole queue for each cell taken, as this did,
 * made one small grid's label take seconds (found by fuzzing). */
static void
queue_push (GArray     *queue,
            const Cell *cell)
{
  Cell *cells;
  guint i;

  g_array_append_val (queue, *cell);
  cells = (Cell *) (void *) queue->data;
  for (i = queue->len - 1; i > 0 && cells[(i - 1) / 2].max < cells[i].max; i = (i - 1) / 2)
    {
      Cell parent = cells[(i - 1) / 2];

      cells[(i - 1) / 2] = cells[i];
      cells[i] = parent;
    }
}

static Cell
queue_pop (GArray *queue)
{
  Cell *cells = (Cell *) (void *) queue->data;
  Cell top = cells[0];
  guint n = queue->len - 1;
  guint i = 0;

  cells[0] = cells[n];
  g_array_set_size (queue, n);
  for (;;)
    {
      guint largest = i, left = 2 * i + 1, right = 2 * i + 2;
      Cell swap;

      if (left < n && cells[left].max > cells[largest].max)
        largest = left;
      if (right < n && cells[right].max > cells[largest].max)
        largest = right;
      if (largest == i)
        break;
      swap = cells[i], cells[i] = cells[largest], cells[largest] = swap;
      i = largest;
    }
  return top;
}

/* How many cells the label may look at: each costs a pass over the
 * polygon's points, and a label must not cost more than a few tens of
 * millions of those however large the polygon. */
static guint
label_cell_budget (const GwGeometry *self,
                   guint             polygon)
{
  guint first = self->ring_start[self->polygon_start[polygon]];
  guint last = self->ring_start[self->polygon_start[polygon + 1]];
  guint points = MAX (last - first, 1);

  return CLAMP (20000000 / points, 64, 8192);
}

void
gw_geometry_get_label_point (const GwGeometry *self,
                             double           *lon,
                             double           *lat)
{
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (Cell));
  LabelContext ctx = { self, 0, 0, 0 };
  double best_area = -1, min_x, min_y, max_x, max_y, cell, precision;
  guint budget, nx, ny;
  Cell best;

  *lon = (self->bounds.min_lon + self->bounds.max_lon) / 2;
  *lat = (self->bounds.min_lat + self->bounds.max_lat) / 2;
  if (self->n_polygons == 0)
    return;

  /* Label the largest part of a multipolygon. */
  for (guint p = 0; p < self->n_polygons; p++)
    {
      guint r = self->polygon_start[p];
      double a = fabs (ring_signed_area (&self->points[2 * self->ring_start[r]],
                                         self->ring_start[r + 1] - self->ring_start[r], *lat));
      if (a > best_area)
        {
          best_area = a;
          ctx.polygon = p;
        }
    }

  ctx.kx = 111320.0 * cos (*lat * G_PI / 180.0);
  ctx.ky = 110540.0;

  min_x = max_x = self->points[2 * self->ring_start[self->polygon_start[ctx.polygon]]] * ctx.kx;
  min_y = max_y = self->points[2 * self->ring_start[self->polygon_start[ctx.polygon]] + 1] * ctx.ky;
  for (guint i = self->ring_start[self->polygon_start[ctx.polygon]];
       i < self->ring_start[self->polygon_start[ctx.polygon] + 1]; i++)
    {
      min_x = MIN (min_x, self->points[2 * i] * ctx.kx);
      max_x = MAX (max_x, self->points[2 * i] * ctx.kx);
      min_y = MIN (min_y, self->points[2 * i + 1] * ctx.ky);
      max_y = MAX (max_y, self->points[2 * i + 1] * ctx.ky);
    }

  cell = MIN (max_x - min_x, max_y - min_y);
  if (!(cell > 0))
    return;
  precision = MAX (cell / 100.0, 1e-6);
  budget = label_cell_budget (self, ctx.polygon);
  /* A ring a thousand times longer than wide would start with a thousand
   * squares, or a billion (found by fuzzing: a sliver hung the import):
   * the first cells are as many as the budget allows half of, and
   * counted in whole numbers, as adding a tiny cell to a large
   * coordinate may not move it at all. */
  cell = MAX (cell, sqrt ((max_x - min_x) * (max_y - min_y) / (budget / 2)));
  nx = (guint) MIN (ceil ((max_x - min_x) / cell), budget / 2);
  ny = (guint) MIN (ceil ((max_y - min_y) / cell), MAX (budget / 2 / MAX (nx, 1), 1));

  best = make_cell (&ctx, (min_x + max_x) / 2, (min_y + max_y) / 2, 0);
  for (guint i = 0; i < nx; i++)
    for (guint j = 0; j < ny; j++)
      {
        Cell c = make_cell (&ctx, min_x + (i + 0.5) * cell, min_y + (j + 0.5) * cell, cell / 2);
        queue_push (queue, &c);
      }

  /* The cell count is bounded: each split needs a potential gain over the
   * precision, and the budget keeps pathological rings from running long. */
  for (guint spent = nx * ny; queue->len > 0 && spent + 4 <= budget; spent += 4)
    {
      Cell c = queue_pop (queue);

      if (c.dist > best.dist)
        best = c;
      if (c.max - best.dist <= precision)
        continue;

      for (int dx = -1; dx <= 1; dx += 2)
        for (int dy = -1; dy <= 1; dy += 2)
          {
            Cell child = make_cell (&ctx, c.x + dx * c.half / 2, c.y + dy * c.half / 2, c.half / 2);
            queue_push (queue, &child);
          }
    }
  while (queue->len > 0)
    {
      Cell c = queue_pop (queue);

      if (c.dist > best.dist)
        best = c;
    }

  *lon = best.x / ctx.kx;
  *lat = best.y / ctx.ky;
}

/* Binary form, for the SQLite store: magic, counts, ring and point counts,
 * then the coordinates. Read back with every size checked, because a
 * damaged cache must give an error and not a crash. */
GBytes *
gw_geometry_to_bytes (const GwGeometry *self)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 header[3] = { self->n_polygons, self->n_rings, self->n_points };

  g_byte_array_append (out, (const guint8 *) BLOB_MAGIC, 4);
  g_byte_array_append (out, (const guint8 *) header, sizeof header);
  for (guint i = 0; i < self->n_polygons; i++)
    {
      guint32 n = self->polygon_start[i + 1] - self->polygon_start[i];
      g_byte_array_append (out, (const guint8 *) &n, sizeof n);
    }
  for (guint i = 0; i < self->n_rings; i++)
    {
      guint32 n = self->ring_start[i + 1] - self->ring_start[i];
      g_byte_array_append (out, (const guint8 *) &n, sizeof n);
    }
  g_byte_array_append (out, (const guint8 *) self->points, sizeof (double) * 2 * self->n_points);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GwGeometry *
gw_geometry_new_from_bytes (GBytes  *bytes,
                            GError **error)
{
  g_autofree guint *polygon_counts = NULL;
  g_autofree guint *ring_sizes = NULL;
  g_autofree double *points = NULL;
  const guint8 *data;
  guint32 header[3];
  guint64 expected, sum;
  gsize len;

  data = g_bytes_get_data (bytes, &len);
  if (len < 16 || memcmp (data, BLOB_MAGIC, 4) != 0)
    goto corrupt;

  memcpy (header, data + 4, sizeof header);
  expected = 16 + 4 * (guint64) header[0] + 4 * (guint64) header[1] + 16 * (guint64) header[2];
  if (expected != len)
    goto corrupt;

  polygon_counts = g_new (guint, header[0] + 1);
  ring_sizes = g_new (guint, header[1] + 1);
  memcpy (polygon_counts, data + 16, 4 * (gsize) header[0]);
  memcpy (ring_sizes, data + 16 + 4 * (gsize) header[0], 4 * (gsize) header[1]);

  sum = 0;
  for (guint i = 0; i < header[0]; i++)
    sum += polygon_counts[i];
  if (sum != header[1])
    goto corrupt;
  sum = 0;
  for (guint i = 0; i < header[1]; i++)
    sum += ring_sizes[i];
  if (sum != header[2])
    goto corrupt;

  points = g_new (double, 2 * (gsize) header[2] + 1);
  memcpy (points, data + 16 + 4 * (gsize) header[0] + 4 * (gsize) header[1], 16 * (gsize) header[2]);
  for (guint i = 0; i < header[2]; i++)
    if (!gw_coordinate_is_valid (points[2 * i], points[2 * i + 1]))
      goto corrupt;

  return gw_geometry_new (points, header[2], ring_sizes, header[1], polygon_counts, header[0]);

corrupt:
  g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("Stored geometry is damaged"));
  return NULL;
}

JsonNode *
gw_geometry_to_geojson (const GwGeometry *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "MultiPolygon");
  json_builder_set_member_name (b, "coordinates");
  json_builder_begin_array (b);
  for (guint p = 0; p < self->n_polygons; p++)
    {
      json_builder_begin_array (b);
      for (guint r = self->polygon_start[p]; r < self->polygon_start[p + 1]; r++)
        {
          json_builder_begin_array (b);
          for (guint i = self->ring_start[r]; i < self->ring_start[r + 1]; i++)
            {
              json_builder_begin_array (b);
              json_builder_add_double_value (b, self->points[2 * i]);
              json_builder_add_double_value (b, self->points[2 * i + 1]);
              json_builder_end_array (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

typedef struct
{
  GArray *points;
  GArray *ring_sizes;
  GArray *polygon_counts;
  GwCrs crs;
} Builder;

static gboolean
node_is_number (JsonNode *node)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
parse_ring (Builder    *b,
            JsonNode   *node,
            guint       polygon,
            guint       ring,
            GError    **error)
{
  JsonArray *arr;
  guint n, added = 0;
  double first[2] = { 0, 0 }, last[2] = { 0, 0 };

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("polygon %u, ring %u is not an array of positions"), polygon + 1, ring + 1);
      return FALSE;
    }

  arr = json_node_get_array (node);
  n = json_array_get_length (arr);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *pos = json_array_get_element (arr, i);
      JsonArray *pa;
      double lon, lat;

      if (!JSON_NODE_HOLDS_ARRAY (pos) ||
          json_array_get_length ((pa = json_node_get_array (pos))) < 2 ||
          !node_is_number (json_array_get_element (pa, 0)) ||
          !node_is_number (json_array_get_element (pa, 1)))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                       _("polygon %u, ring %u, position %u is not a pair of numbers"),
                       polygon + 1, ring + 1, i + 1);
          return FALSE;
        }

      lon = json_array_get_double_element (pa, 0);
      lat = json_array_get_double_element (pa, 1);
      if (!gw_coordinate_is_valid (lon, lat))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                       _("polygon %u, ring %u, position %u (%g, %g) is outside longitude −180…180 / latitude −90…90"),
                       polygon + 1, ring + 1, i + 1, lon, lat);
          return FALSE;
        }

      if (b->crs == GW_CRS_GCJ02)
        gw_gcj02_to_wgs84 (lon, lat, &lon, &lat);

      if (added == 0)
        {
          first[0] = lon;
          first[1] = lat;
        }
      last[0] = lon;
      last[1] = lat;
      g_array_append_val (b->points, lon);
      g_array_append_val (b->points, lat);
      added++;
    }

  /* Many real files leave rings open; closing them is the intent. */
  if (added > 0 && (first[0] != last[0] || first[1] != last[1]))
    {
      g_array_append_vals (b->points, first, 2);
      added++;
    }

  if (added < MIN_RING_POINTS)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("polygon %u, ring %u has %u positions; a closed ring needs at least %u"),
                   polygon + 1, ring + 1, added, MIN_RING_POINTS);
      return FALSE;
    }

  g_array_append_val (b->ring_sizes, added);
  return TRUE;
}

static gboolean
parse_polygon (Builder   *b,
               JsonNode  *node,
               guint      polygon,
               GError   **error)
{
  JsonArray *rings;
  guint n;

  /* A Polygon without "coordinates" comes as NULL (found by fuzzing). */
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (n = json_array_get_length ((rings = json_node_get_array (node)))) == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("polygon %u has no rings"), polygon + 1);
      return FALSE;
    }

  for (guint r = 0; r < n; r++)
    if (!parse_ring (b, json_array_get_element (rings, r), polygon, r, error))
      return FALSE;

  g_array_append_val (b->polygon_counts, n);
  return TRUE;
}

GwGeometry *
gw_geometry_new_from_geojson (JsonNode  *geometry,
                              GwCrs      crs,
                              GError   **error)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ring_sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) polygon_counts = g_array_new (FALSE, FALSE, sizeof (guint));
  Builder b = { points, ring_sizes, polygon_counts, crs };
  JsonObject *obj;
  JsonNode *coords;
  const char *type;

  if (geometry == NULL || !JSON_NODE_HOLDS_OBJECT (geometry))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("has no geometry"));
      return NULL;
    }

  obj = json_node_get_object (geometry);
  type = gw_json_object_get_string (obj, "type");
  coords = json_object_get_member (obj, "coordinates");

  if (g_strcmp0 (type, "Polygon") == 0)
    {
      if (!parse_polygon (&b, coords, 0, error))
        return NULL;
    }
  else if (g_strcmp0 (type, "MultiPolygon") == 0)
    {
      JsonArray *polys;
      guint n;

      if (coords == NULL || !JSON_NODE_HOLDS_ARRAY (coords) ||
          (n = json_array_get_length ((polys = json_node_get_array (coords)))) == 0)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("MultiPolygon has no polygons"));
          return NULL;
        }

      for (guint p = 0; p < n; p++)
        if (!parse_polygon (&b, json_array_get_element (polys, p), p, error))
          return NULL;
    }
  else
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("geometry type “%s” is not a Polygon or MultiPolygon"),
                   type ? type : _("(none)"));
      return NULL;
    }

  return gw_geometry_new ((const double *) points->data, points->len / 2,
                          (const guint *) ring_sizes->data, ring_sizes->len,
                          (const guint *) polygon_counts->data, polygon_counts->len);
}
