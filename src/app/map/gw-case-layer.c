/* gw-case-layer.c: live cases on the map, as symbols, clusters or a heatmap
 *
 * Draws from GwCasePoints' plain arrays. What is drawn is decided by one
 * function, collect_items(): clusters below GW_CASE_LAYER_CLUSTER_MAX_ZOOM
 * (quadtree cells, always whole, so a cluster counts all its cases even
 * at the edge of the view), single cases above it and wherever a cell
 * holds one.
 *
 * Each item is a small cached cairo surface painted where it stands.
 * Unlike the grids, symbols are not painted into tiles: a layer of tiles
 * costs a composite of the whole view, mostly of transparent pixels,
 * while a few hundred small symbols cost only the pixels they cover.
 * Clicks and tooltips are answered from the same items, so what is hit
 * is exactly what is seen.
 *
 * Where nothing is shown between the grids and the cases, the symbols
 * are painted into the grid layer's own cairo node (its "guest"), not
 * into one of this layer's. GTK 4.8's cairo renderer converts a texture
 * node's every pixel through floats on each draw, and a cairo node drawn
 * over anything but a clear surface is first replayed into an image of
 * its whole extent; the grid layer's node is drawn first, so cairo
 * replays it straight into the frame, symbols and all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-layer"

#include "config.h"

#include <math.h>

#include "gw-case-heatmap.h"
#include "gw-case-layer.h"
#include "gw-case-symbols.h"
#include "gw-grid-layer.h"
#include "gw-map-transform.h"

/* Drawn a little beyond the edges so symbols do not pop in while panning. */
#define MARGIN_PIXELS 40.0
#define HIT_SLOP 3.0

typedef enum
{
  RANK_PLAIN,
  RANK_CLUSTER,
  RANK_OVERDUE,
  RANK_URGENT,
  RANK_SELECTED,
  N_RANKS
} Rank;

typedef struct
{
  GwCaseLayerHit hit;
  double size;
  double mark;                /* the symbol's or bubble's own width, px */
  double hit_radius;
  cairo_surface_t *symbol;
  Rank rank;
  gint64 col, row;            /* a cluster's quadtree cell */
} Item;

struct _GwCaseLayer
{
  ShumateLayer parent_instance;
  GwCasePoints *points;
  GwCaseLayerMode mode;
  GHashTable *selected;       /* position + 1 */

  /* The layout of the view, for clicks and the selection. */
  GArray *items;
  GwMapTransform layout_for;
  gboolean layout_valid;
  int level;                  /* of the clusters laid out; -1 for none */

  /* Finding clusters reads every case. They are found for a box half a
   * view wider than the view on each side and kept while the view pans
   * and zooms inside it at one level, until the cases change. */
  GArray *clusters;           /* of GwCaseCluster */
  int clusters_level;         /* -1: none kept */
  double clusters_min_x, clusters_min_y, clusters_max_x, clusters_max_y;

  GdkTexture *heat;
  GwMapTransform heat_for;
  gboolean heat_valid;

  graphene_rect_t band;
  gboolean have_band;

  double magnify;             /* a wall's symbols grow with its type */
  GwGridLayer *host;          /* paints the symbols when it can; weak */
};

G_DEFINE_FINAL_TYPE (GwCaseLayer, gw_case_layer, SHUMATE_TYPE_LAYER)

static void
item_clear (Item *item)
{
  g_clear_pointer (&item->symbol, cairo_surface_destroy);
}

/* What this layer shows may be in the host's node. */
static void
queue_redraw (GwCaseLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->host)
    gtk_widget_queue_draw (GTK_WIDGET (self->host));
}

static void
invalidate (GwCaseLayer *self)
{
  self->clusters_level = -1;
  self->layout_valid = FALSE;
  self->heat_valid = FALSE;
  queue_redraw (self);
}


static gboolean
same_transform (const GwMapTransform *a,
                const GwMapTransform *b)
{
  return a->world == b->world && a->center_x == b->center_x && a->center_y == b->center_y &&
         a->half_width == b->half_width && a->half_height == b->half_height && a->rotation == b->rotation;
}

static gboolean
is_selected (GwCaseLayer *self,
             guint        position)
{
  return g_hash_table_contains (self->selected, GUINT_TO_POINTER (position + 1));
}

/* Bubbles grow a little less than symbols: they are many and wide. */
static double
cluster_magnify (GwCaseLayer *self)
{
  return MAX (1.0, 0.75 * self->magnify);
}

static int
cluster_level (GwCaseLayer *self,
               double       zoom)
{
  /* Cells of 64 to 128 pixels: zoom + 8 (256-pixel tiles) - 6 (64 pixels);
   * cells as much wider as the bubbles are, so that they still do not
   * overlap on a wall. */
  return zoom >= GW_CASE_LAYER_CLUSTER_MAX_ZOOM ? -1
         : (int) floor (zoom) + 2 - (int) round (log2 (cluster_magnify (self)));
}

static void
add_single (GwCaseLayer          *self,
            const GwMapTransform *t,
            const GwCasePoint    *p,
            guint                 position,
            gboolean              with_selection,
            int                   scale,
            GArray               *items)
{
  Item item = { 0 };
  guint look = 0;

  if (p->flags & GW_CASE_POINT_URGENT)
    look |= GW_CASE_LOOK_URGENT;
  if (p->flags & GW_CASE_POINT_OVERDUE)
    look |= GW_CASE_LOOK_OVERDUE;
  if (p->flags & GW_CASE_POINT_DUE_SOON)
    look |= GW_CASE_LOOK_DUE_SOON;
  if (p->flags & GW_CASE_POINT_ESCALATED)
    look |= GW_CASE_LOOK_ESCALATED;
  if (p->flags & GW_CASE_POINT_DUPLICATE)
    look |= GW_CASE_LOOK_DUPLICATE;
  if (with_selection && is_selected (self, position))
    look |= GW_CASE_LOOK_SELECTED;

  gw_map_transform_to_screen_rotated (t, p->x, p->y, &item.hit.x, &item.hit.y);
  item.hit.count = 1;
  item.hit.position = position;
  item.hit.min_x = item.hit.max_x = p->x;
  item.hit.min_y = item.hit.max_y = p->y;
  item.symbol = cairo_surface_reference (gw_case_symbols_get_symbol (p->symbol, p->status, look, scale * self->magnify,
                                                                     &item.size));
  item.size *= self->magnify;
  item.mark = gw_case_symbols_get_symbol_diameter (look) * self->magnify;
  item.hit_radius = (look & GW_CASE_LOOK_URGENT ? 8 : 6) * self->magnify + HIT_SLOP;
  item.rank = look & GW_CASE_LOOK_SELECTED ? RANK_SELECTED :
              look & GW_CASE_LOOK_URGENT ? RANK_URGENT :
              look & GW_CASE_LOOK_OVERDUE ? RANK_OVERDUE : RANK_PLAIN;
  g_array_append_val (items, item);
}

static void
add_cluster (GwCaseLayer          *self,
             const GwMapTransform *t,
             const GwCaseCluster  *c,
             const GwCasePoint    *member,
             int                   level,
             int                   scale,
             GArray               *items)
{
  Item item = { 0 };
  double cells = ldexp (1.0, level);

  item.col = (gint64) floor (member->x * cells);
  item.row = (gint64) floor (member->y * cells);

  gw_map_transform_to_screen_rotated (t, c->x, c->y, &item.hit.x, &item.hit.y);
  item.hit.count = c->count;
  item.hit.position = c->first;
  item.hit.min_x = c->min_x;
  item.hit.min_y = c->min_y;
  item.hit.max_x = c->max_x;
  item.hit.max_y = c->max_y;
  item.symbol = cairo_surface_reference (gw_case_symbols_get_cluster (c->count, c->n_urgent, c->n_overdue,
                                                                      scale * cluster_magnify (self), &item.size));
  item.size *= cluster_magnify (self);
  item.mark = gw_case_symbols_get_cluster_diameter (c->count) * cluster_magnify (self);
  item.hit_radius = item.mark / 2;
  item.rank = RANK_CLUSTER;
  g_array_append_val (items, item);
}

/* The clusters of every whole cell of @level that meets the Mercator
 * box, and maybe more: whole cells only, for a cluster cut by the box
 * would count fewer cases than it has, and sit elsewhere. */
static GArray *
find_clusters (GwCaseLayer *self,
               int          level,
               double       min_x,
               double       min_y,
               double       max_x,
               double       max_y)
{
  double cells = ldexp (1.0, level);
  double x0 = floor (min_x * cells) / cells, y0 = floor (min_y * cells) / cells;
  double x1 = ceil (max_x * cells) / cells, y1 = ceil (max_y * cells) / cells;
  double reach_x = (x1 - x0) / 2, reach_y = (y1 - y0) / 2;

  if (self->clusters_level == level && x0 >= self->clusters_min_x && y0 >= self->clusters_min_y &&
      x1 <= self->clusters_max_x && y1 <= self->clusters_max_y)
    return self->clusters;

  self->clusters_level = level;
  self->clusters_min_x = floor ((x0 - reach_x) * cells) / cells;
  self->clusters_min_y = floor ((y0 - reach_y) * cells) / cells;
  self->clusters_max_x = ceil ((x1 + reach_x) * cells) / cells;
  self->clusters_max_y = ceil ((y1 + reach_y) * cells) / cells;
  g_array_set_size (self->clusters, 0);
  gw_case_points_cluster (self->points, level, self->clusters_min_x, self->clusters_min_y,
                          self->clusters_max_x, self->clusters_max_y, self->clusters);
  return self->clusters;
}

/* The items whose centre falls in the Mercator box, placed by @t. */
static void
collect_items (GwCaseLayer          *self,
               const GwMapTransform *t,
               double                min_x,
               double                min_y,
               double                max_x,
               double                max_y,
               gboolean              with_selection,
               GArray               *items)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int level = cluster_level (self, t->zoom);
  const GwCasePoint *points;
  guint n;

  points = gw_case_points_get (self->points, &n);

  if (level < 0)
    {
      for (guint i = 0; i < n; i++)
        {
          const GwCasePoint *p = &points[i];

          if ((p->flags & GW_CASE_POINT_SHOWN) && p->x >= min_x && p->x <= max_x && p->y >= min_y && p->y <= max_y)
            add_single (self, t, p, i, with_selection, scale, items);
        }
    }
  else
    {
      GArray *clusters = find_clusters (self, level, min_x, min_y, max_x, max_y);

      for (guint i = 0; i < clusters->len; i++)
        {
          const GwCaseCluster *c = &g_array_index (clusters, GwCaseCluster, i);

          if (c->x < min_x || c->x > max_x || c->y < min_y || c->y > max_y)
            continue;
          if (c->count == 1)
            add_single (self, t, &points[c->first], c->first, with_selection, scale, items);
          else
            add_cluster (self, t, c, &points[c->first], level, scale, items);
        }
    }
}

static void
lay_out (GwCaseLayer          *self,
         const GwMapTransform *t)
{
  double margin = MARGIN_PIXELS / t->world;
  double min_x, min_y, max_x, max_y;

  if (self->layout_valid && same_transform (&self->layout_for, t))
    return;

  g_array_set_size (self->items, 0);
  self->layout_for = *t;
  self->layout_valid = TRUE;
  self->level = cluster_level (self, t->zoom);
  if (self->points == NULL)
    return;

  gw_map_transform_visible_mercator (t, &min_x, &min_y, &max_x, &max_y);
  collect_items (self, t, min_x - margin, min_y - margin, max_x + margin, max_y + margin, TRUE, self->items);
}

static void
paint_symbols (GwCaseLayer *self,
               cairo_t     *cr)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  /* Urgent and overdue last, so nothing hides them; whole device pixels
   * and the symbol's own size, so cairo copies instead of resampling. */
  for (Rank rank = 0; rank < N_RANKS; rank++)
    for (guint i = 0; i < self->items->len; i++)
      {
        Item *item = &g_array_index (self->items, Item, i);
        double width, height;

        if (item->rank != rank)
          continue;
        width = cairo_image_surface_get_width (item->symbol) / (double) scale;
        height = cairo_image_surface_get_height (item->symbol) / (double) scale;
        cairo_save (cr);
        cairo_translate (cr, round ((item->hit.x - width / 2) * scale) / scale, round ((item->hit.y - height / 2) * scale) / scale);
        cairo_scale (cr, 1.0 / scale, 1.0 / scale);
        cairo_set_source_surface (cr, item->symbol, 0, 0);
        cairo_rectangle (cr, 0, 0, width * scale, height * scale);
        cairo_fill (cr);
        cairo_restore (cr);
      }
}

/* Whether the symbols are painted by the host, this frame: it must be
 * drawing, unrotated (symbols stay upright, its node turns), with no
 * layer shown between it and this one. */
gboolean
gw_case_layer_is_hosted (GwCaseLayer *self)
{
  GtkWidget *below;

  g_return_val_if_fail (GW_IS_CASE_LAYER (self), FALSE);

  if (self->host == NULL || self->mode != GW_CASE_LAYER_SYMBOLS || !gtk_widget_get_visible (GTK_WIDGET (self)) ||
      !gtk_widget_get_visible (GTK_WIDGET (self->host)) || gw_grid_layer_get_n_grids (self->host) == 0 ||
      shumate_viewport_get_rotation (shumate_layer_get_viewport (SHUMATE_LAYER (self))) != 0)
    return FALSE;
  for (below = gtk_widget_get_prev_sibling (GTK_WIDGET (self));
       below != NULL && below != GTK_WIDGET (self->host);
       below = gtk_widget_get_prev_sibling (below))
    if (gtk_widget_get_visible (below))
      return FALSE;
  return below != NULL;
}

void
gw_case_layer_paint (GwCaseLayer          *self,
                     cairo_t              *cr,
                     const GwMapTransform *t)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  if (self->points == NULL)
    return;
  lay_out (self, t);
  paint_symbols (self, cr);
}

void
gw_case_layer_set_host (GwCaseLayer *self,
                        GwGridLayer *host)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  if (self->host)
    gw_grid_layer_set_guest (self->host, NULL);
  g_set_weak_pointer (&self->host, host);
  if (host)
    gw_grid_layer_set_guest (host, self);
  queue_redraw (self);
}

static void
gw_case_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwCaseLayer *self = GW_CASE_LAYER (widget);
  GwMapTransform t;

  if (self->points == NULL ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), widget))
    return;

  if (self->mode == GW_CASE_LAYER_HEATMAP)
    {
      if (!self->heat_valid || !same_transform (&self->heat_for, &t))
        {
          g_clear_object (&self->heat);
          self->heat = gw_case_heatmap_render (self->points, &t);
          self->heat_for = t;
          self->heat_valid = TRUE;
        }
      gtk_snapshot_append_texture (snapshot, self->heat,
                                   &GRAPHENE_RECT_INIT (0, 0, gdk_texture_get_width (self->heat) * GW_CASE_HEATMAP_CELL,
                                                        gdk_texture_get_height (self->heat) * GW_CASE_HEATMAP_CELL));
    }
  else if (!gw_case_layer_is_hosted (self))
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, 2 * t.half_width, 2 * t.half_height));

      gw_case_layer_paint (self, cr, &t);
      cairo_destroy (cr);
    }

  if (self->have_band)
    {
      GskRoundedRect outline;
      GdkRGBA accent = { 0.208, 0.518, 0.894, 1 };

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { accent.red, accent.green, accent.blue, 0.15 }, &self->band);
      gsk_rounded_rect_init_from_rect (&outline, &self->band, 0);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 1.5, 1.5, 1.5, 1.5 },
                                  (GdkRGBA[4]) { accent, accent, accent, accent });
    }
}

static void
on_viewport_changed (GwCaseLayer *self)
{
  queue_redraw (self);
}

static void
gw_case_layer_constructed (GObject *object)
{
  GwCaseLayer *self = (GwCaseLayer *) object;

  G_OBJECT_CLASS (gw_case_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_case_layer_dispose (GObject *object)
{
  GwCaseLayer *self = (GwCaseLayer *) object;

  gw_case_layer_set_points (self, NULL);
  gw_case_layer_set_host (self, NULL);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->clusters, g_array_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_object (&self->heat);

  G_OBJECT_CLASS (gw_case_layer_parent_class)->dispose (object);
}

static void
gw_case_layer_class_init (GwCaseLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gw_case_layer_constructed;
  object_class->dispose = gw_case_layer_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = gw_case_layer_snapshot;
}

static void
gw_case_layer_init (GwCaseLayer *self)
{
  /* The map view takes the clicks and asks us what is under them. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  self->clusters = g_array_new (FALSE, FALSE, sizeof (GwCaseCluster));
  self->clusters_level = -1;
  g_array_set_clear_func (self->items, (GDestroyNotify) item_clear);
  self->selected = g_hash_table_new (NULL, NULL);
  self->magnify = 1.0;
}

GwCaseLayer *
gw_case_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_CASE_LAYER, "viewport", viewport, NULL);
}

void
gw_case_layer_set_points (GwCaseLayer  *self,
                          GwCasePoints *points)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  if (self->points == points)
    return;
  if (self->points)
    g_signal_handlers_disconnect_by_data (self->points, self);
  g_set_object (&self->points, points);
  if (points)
    g_signal_connect_swapped (points, "changed", G_CALLBACK (invalidate), self);
  g_hash_table_remove_all (self->selected);
  invalidate (self);
}

GwCasePoints *
gw_case_layer_get_points (GwCaseLayer *self)
{
  g_return_val_if_fail (GW_IS_CASE_LAYER (self), NULL);
  return self->points;
}

void
gw_case_layer_set_mode (GwCaseLayer     *self,
                        GwCaseLayerMode  mode)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  invalidate (self);
}

GwCaseLayerMode
gw_case_layer_get_mode (GwCaseLayer *self)
{
  g_return_val_if_fail (GW_IS_CASE_LAYER (self), GW_CASE_LAYER_SYMBOLS);
  return self->mode;
}

static gboolean
current_layout (GwCaseLayer *self)
{
  GwMapTransform t;

  if (self->points == NULL || self->mode != GW_CASE_LAYER_SYMBOLS ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self)))
    return FALSE;
  lay_out (self, &t);
  return TRUE;
}

/* The topmost item under (x, y), as drawn. */
gboolean
gw_case_layer_pick (GwCaseLayer    *self,
                    double          x,
                    double          y,
                    GwCaseLayerHit *hit)
{
  Item *best = NULL;

  g_return_val_if_fail (GW_IS_CASE_LAYER (self), FALSE);

  if (!current_layout (self))
    return FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      double dx = item->hit.x - x, dy = item->hit.y - y;

      if (dx * dx + dy * dy <= item->hit_radius * item->hit_radius &&
          (best == NULL || item->rank >= best->rank))
        best = item;
    }

  if (best == NULL)
    return FALSE;
  *hit = best->hit;
  return TRUE;
}

/* Where the case at @position is drawn: alone, or inside a cluster. */
gboolean
gw_case_layer_locate (GwCaseLayer    *self,
                      guint           position,
                      GwCaseLayerHit *hit)
{
  const GwCasePoint *points;
  double cells;
  gint64 col, row;
  guint n;

  g_return_val_if_fail (GW_IS_CASE_LAYER (self), FALSE);

  if (!current_layout (self))
    return FALSE;
  points = gw_case_points_get (self->points, &n);
  if (position >= n)
    return FALSE;

  cells = ldexp (1.0, MAX (self->level, 0));
  col = (gint64) floor (points[position].x * cells);
  row = (gint64) floor (points[position].y * cells);
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);

      if (item->hit.count == 1 ? item->hit.position == position : item->col == col && item->row == row)
        {
          *hit = item->hit;
          return TRUE;
        }
    }
  return FALSE;
}

guint
gw_case_layer_get_n_drawn (GwCaseLayer *self)
{
  g_return_val_if_fail (GW_IS_CASE_LAYER (self), 0);
  return current_layout (self) ? self->items->len : 0;
}

/* On a wall, read from metres away: symbols @magnify times their desk
 * size, bubbles three quarters of that. */
void
gw_case_layer_set_magnify (GwCaseLayer *self,
                           double       magnify)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  magnify = MAX (1.0, magnify);
  if (self->magnify == magnify)
    return;
  self->magnify = magnify;
  invalidate (self);
}

/* The narrowest symbol and bubble of the layout in view, in pixels; 0
 * for none. */
void
gw_case_layer_get_smallest (GwCaseLayer *self,
                            double      *symbol,
                            double      *cluster)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  *symbol = *cluster = 0;
  if (!current_layout (self))
    return;
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      double *smallest = item->hit.count > 1 ? cluster : symbol;

      if (*smallest == 0 || item->mark < *smallest)
        *smallest = item->mark;
    }
}

void
gw_case_layer_set_selection (GwCaseLayer *self,
                             const guint *positions,
                             guint        n_positions)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  g_hash_table_remove_all (self->selected);
  for (guint i = 0; i < n_positions; i++)
    g_hash_table_add (self->selected, GUINT_TO_POINTER (positions[i] + 1));
  invalidate (self);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a, ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

GArray *
gw_case_layer_get_selection (GwCaseLayer *self)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (GW_IS_CASE_LAYER (self), positions);

  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint position = GPOINTER_TO_UINT (key) - 1;

      g_array_append_val (positions, position);
    }
  g_array_sort (positions, compare_uint);
  return positions;
}

/* Selects every shown case whose position falls in @rect (widget pixels),
 * whether it is drawn alone or counted in a cluster. */
guint
gw_case_layer_select_in_rect (GwCaseLayer           *self,
                              const graphene_rect_t *rect)
{
  GwMapTransform t;
  const GwCasePoint *points;
  guint n, selected = 0;

  g_return_val_if_fail (GW_IS_CASE_LAYER (self), 0);

  g_hash_table_remove_all (self->selected);
  if (self->points != NULL &&
      gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self)))
    {
      points = gw_case_points_get (self->points, &n);
      for (guint i = 0; i < n; i++)
        {
          double x, y;

          if (!(points[i].flags & GW_CASE_POINT_SHOWN))
            continue;
          gw_map_transform_to_screen_rotated (&t, points[i].x, points[i].y, &x, &y);
          if (graphene_rect_contains_point (rect, &GRAPHENE_POINT_INIT (x, y)))
            {
              g_hash_table_add (self->selected, GUINT_TO_POINTER (i + 1));
              selected++;
            }
        }
    }
  invalidate (self);
  return selected;
}

void
gw_case_layer_set_band (GwCaseLayer           *self,
                        const graphene_rect_t *rect)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  self->have_band = rect != NULL;
  if (rect)
    self->band = *rect;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
