/* gw-grid-layer.c: every grid of the county, drawn in one pass
 *
 * ShumatePathLayer rasterises a window-sized surface per path per frame;
 * with hundreds of grids that is hundreds of surfaces. This layer keeps
 * all grids in plain arrays, projected to normalised Mercator once, and
 * draws them into a single cairo node.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-grid-layer"

#include "config.h"

#include <math.h>

#include "gw-grid-layer.h"
#include "gw-map-transform.h"

/* Below this size on screen a grid's outline is noise; only its fill shows. */
#define MIN_OUTLINE_PIXELS 6.0
/* Vertices closer than this on screen are merged while drawing. */
#define DECIMATE_PIXELS 0.7

typedef struct
{
  GwGrid *grid;
  GwGridLevel level;
  guint color_index;
  gboolean is_leaf;         /* no child grid in the set: it gets the fill */
  guint n_rings;
  guint *ring_sizes;        /* points per ring */
  guint *polygon_rings;     /* rings per polygon */
  guint n_polygons;
  double *merc;             /* x, y pairs in normalised Mercator */
  double min_x, min_y, max_x, max_y;
  double label_x, label_y;
  PangoLayout *label;
} Entry;

struct _GwGridLayer
{
  ShumateLayer parent_instance;
  GArray *entries;          /* of Entry, sorted by level then code */
  GHashTable *by_code;      /* code -> index + 1 */
  gboolean have_bounds;
  GwBounds bounds;
  char *selected;
  GwGrid *hovered;
};

G_DEFINE_FINAL_TYPE (GwGridLayer, gw_grid_layer, SHUMATE_TYPE_LAYER)

/* Distinct hues from the GNOME palette, one per town. */
static const GdkRGBA palette[] = {
  { 0.208, 0.518, 0.894, 1 },   /* blue 3 */
  { 0.200, 0.820, 0.478, 1 },   /* green 3 */
  { 0.965, 0.827, 0.176, 1 },   /* yellow 3 */
  { 1.000, 0.471, 0.000, 1 },   /* orange 3 */
  { 0.569, 0.255, 0.675, 1 },   /* purple 3 */
  { 0.596, 0.416, 0.267, 1 },   /* brown 3 */
  { 0.129, 0.565, 0.643, 1 },   /* teal */
  { 0.878, 0.106, 0.141, 1 },   /* red 3 */
  { 0.475, 0.694, 0.000, 1 },   /* lime */
  { 0.753, 0.380, 0.796, 1 },   /* pink-purple */
};

static const double outline_width[GW_GRID_N_LEVELS] = { 3.0, 2.2, 1.3, 0.7 };
static const double outline_alpha[GW_GRID_N_LEVELS] = { 0.85, 0.75, 0.55, 0.35 };
static const int label_size[GW_GRID_N_LEVELS] = { 16, 14, 12, 10 };

static void
entry_clear (Entry *entry)
{
  g_clear_object (&entry->grid);
  g_clear_pointer (&entry->ring_sizes, g_free);
  g_clear_pointer (&entry->polygon_rings, g_free);
  g_clear_pointer (&entry->merc, g_free);
  g_clear_object (&entry->label);
}

static void
gw_grid_layer_dispose (GObject *object)
{
  GwGridLayer *self = (GwGridLayer *) object;

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_free);
  g_clear_object (&self->hovered);

  G_OBJECT_CLASS (gw_grid_layer_parent_class)->dispose (object);
}

static void
get_colors (GwGridLayer *self,
            GdkRGBA     *fg,
            GdkRGBA     *bg,
            GdkRGBA     *accent)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (style, fg);
  if (!gtk_style_context_lookup_color (style, "view_bg_color", bg))
    *bg = (GdkRGBA) { 1, 1, 1, 1 };
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", accent))
    *accent = (GdkRGBA) { 0.208, 0.518, 0.894, 1 };
}

static void
trace_entry (cairo_t              *cr,
             const Entry          *e,
             const GwMapTransform *t)
{
  const double *p = e->merc;
  guint ring = 0;

  for (guint poly = 0; poly < e->n_polygons; poly++)
    for (guint r = 0; r < e->polygon_rings[poly]; r++, ring++)
      {
        guint n = e->ring_sizes[ring];
        double last_x = 0, last_y = 0;

        for (guint i = 0; i < n; i++, p += 2)
          {
            double x, y;

            gw_map_transform_to_screen (t, p[0], p[1], &x, &y);
            if (i == 0)
              cairo_move_to (cr, x, y);
            else if (i + 1 == n || fabs (x - last_x) + fabs (y - last_y) > DECIMATE_PIXELS)
              cairo_line_to (cr, x, y);
            else
              continue;
            last_x = x;
            last_y = y;
          }
        cairo_close_path (cr);
      }
}

static gboolean
entry_visible (const Entry *e,
               double       min_x,
               double       min_y,
               double       max_x,
               double       max_y)
{
  return e->max_x >= min_x && e->min_x <= max_x && e->max_y >= min_y && e->min_y <= max_y;
}

static void
draw_label (GwGridLayer          *self,
            cairo_t              *cr,
            Entry                *e,
            const GwMapTransform *t,
            GArray               *placed,
            const GdkRGBA        *fg,
            const GdkRGBA        *bg)
{
  double width = (e->max_x - e->min_x) * t->world;
  double height = (e->max_y - e->min_y) * t->world;
  double x, y;
  int text_w, text_h;
  graphene_rect_t rect;

  /* A grid that fills the whole view is the context, not the subject. */
  if (width > 2 * t->half_width && height > 2 * t->half_height)
    return;

  if (e->label == NULL)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      e->label = gtk_widget_create_pango_layout (GTK_WIDGET (self), gw_grid_get_name (e->grid));
      pango_attr_list_insert (attrs, pango_attr_size_new_absolute (label_size[e->level] * PANGO_SCALE));
      if (e->level <= GW_GRID_LEVEL_TOWN)
        pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (e->label, attrs);
    }

  pango_layout_get_pixel_size (e->label, &text_w, &text_h);
  if (width < text_w + 8 || height < text_h * 1.6)
    return;

  gw_map_transform_to_screen (t, e->label_x, e->label_y, &x, &y);
  rect = GRAPHENE_RECT_INIT (x - text_w / 2.0 - 2, y - text_h / 2.0 - 1, text_w + 4, text_h + 2);

  for (guint i = 0; i < placed->len; i++)
    if (graphene_rect_intersection (&g_array_index (placed, graphene_rect_t, i), &rect, NULL))
      return;
  g_array_append_val (placed, rect);

  /* A halo in the background colour keeps names legible over any fill. */
  cairo_move_to (cr, x - text_w / 2.0, y - text_h / 2.0);
  pango_cairo_layout_path (cr, e->label);
  gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { bg->red, bg->green, bg->blue, 0.85 });
  cairo_set_line_width (cr, 3.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, x - text_w / 2.0, y - text_h / 2.0);
  gdk_cairo_set_source_rgba (cr, fg);
  pango_cairo_show_layout (cr, e->label);
}

static void
gw_grid_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwGridLayer *self = GW_GRID_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double min_x, min_y, max_x, max_y;
  GdkRGBA fg, bg, accent;
  GwMapTransform t;
  Entry *selected = NULL;
  cairo_t *cr;

  if (self->entries == NULL || self->entries->len == 0 ||
      !gw_map_transform_init (&t, viewport, widget))
    return;

  get_colors (self, &fg, &bg, &accent);
  gw_map_transform_visible_mercator (&t, &min_x, &min_y, &max_x, &max_y);

  /* Rotate the whole node once instead of every vertex. */
  if (t.rotation != 0)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2, height / 2));
      gtk_snapshot_rotate (snapshot, t.rotation * 180.0 / G_PI);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-width / 2, -height / 2));
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (-width, -height, 3 * width, 3 * height));
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* Fills: the finest grids carry the colour of their town. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      GdkRGBA fill;

      if (!e->is_leaf || !entry_visible (e, min_x, min_y, max_x, max_y))
        continue;

      gw_grid_layer_get_fill_rgba (self, e->grid, &fill);
      if (self->hovered == e->grid)
        fill.alpha = MIN (1.0, fill.alpha + 0.15);
      trace_entry (cr, e, &t);
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_fill (cr);
    }

  /* Outlines from the finest level up, so coarser borders draw on top. */
  for (int level = GW_GRID_LEVEL_GRID; level >= GW_GRID_LEVEL_COUNTY; level--)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *e = &g_array_index (self->entries, Entry, i);

          if ((int) e->level != level || !entry_visible (e, min_x, min_y, max_x, max_y))
            continue;
          if (self->selected && g_str_equal (gw_grid_get_code (e->grid), self->selected))
            selected = e;
          if ((e->max_x - e->min_x) * t.world < MIN_OUTLINE_PIXELS &&
              (e->max_y - e->min_y) * t.world < MIN_OUTLINE_PIXELS)
            continue;
          trace_entry (cr, e, &t);
          any = TRUE;
        }

      if (any)
        {
          gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { fg.red, fg.green, fg.blue, outline_alpha[level] });
          cairo_set_line_width (cr, outline_width[level]);
          cairo_stroke (cr);
        }
    }

  if (selected != NULL)
    {
      trace_entry (cr, selected, &t);
      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { accent.red, accent.green, accent.blue, 0.25 });
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_set_line_width (cr, 3.5);
      cairo_stroke (cr);
    }

  /* Names, coarse levels first so they win the space. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);

      if (e->label_x >= min_x && e->label_x <= max_x && e->label_y >= min_y && e->label_y <= max_y)
        draw_label (self, cr, e, &t, placed, &fg, &bg);
    }

  cairo_destroy (cr);

  if (t.rotation != 0)
    gtk_snapshot_restore (snapshot);
}

static void
on_viewport_changed (GwGridLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_grid_layer_constructed (GObject *object)
{
  GwGridLayer *self = (GwGridLayer *) object;
  ShumateViewport *viewport;

  G_OBJECT_CLASS (gw_grid_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify", G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_grid_layer_class_init (GwGridLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_grid_layer_dispose;
  object_class->constructed = gw_grid_layer_constructed;
  widget_class->snapshot = gw_grid_layer_snapshot;
}

static void
gw_grid_layer_init (GwGridLayer *self)
{
  /* The map view takes the clicks and asks us what is under them. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwGridLayer *
gw_grid_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_GRID_LAYER, "viewport", viewport, NULL);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = a, *eb = b;

  if (ea->level != eb->level)
    return ea->level < eb->level ? -1 : 1;
  return g_strcmp0 (gw_grid_get_code (ea->grid), gw_grid_get_code (eb->grid));
}

static void
project_entry (Entry  *e,
               GwGrid *grid)
{
  GwGeometry *geometry = gw_grid_get_geometry (grid);
  guint n_points = gw_geometry_get_n_points (geometry);
  guint ring = 0;
  double *p;
  double lon, lat;

  e->grid = g_object_ref (grid);
  e->level = gw_grid_get_level (grid);
  e->n_polygons = gw_geometry_get_n_polygons (geometry);
  e->polygon_rings = g_new (guint, e->n_polygons);
  e->n_rings = 0;
  for (guint poly = 0; poly < e->n_polygons; poly++)
    e->n_rings += (e->polygon_rings[poly] = gw_geometry_get_n_rings (geometry, poly));
  e->ring_sizes = g_new (guint, e->n_rings);
  e->merc = g_new (double, 2 * (gsize) n_points);
  e->min_x = e->min_y = G_MAXDOUBLE;
  e->max_x = e->max_y = -G_MAXDOUBLE;

  p = e->merc;
  for (guint poly = 0; poly < e->n_polygons; poly++)
    for (guint r = 0; r < e->polygon_rings[poly]; r++, ring++)
      {
        const double *pts = gw_geometry_get_ring (geometry, poly, r, &e->ring_sizes[ring]);

        for (guint i = 0; i < e->ring_sizes[ring]; i++, p += 2)
          {
            p[0] = gw_mercator_x_from_lon (pts[2 * i]);
            p[1] = gw_mercator_y_from_lat (pts[2 * i + 1]);
            e->min_x = MIN (e->min_x, p[0]);
            e->max_x = MAX (e->max_x, p[0]);
            e->min_y = MIN (e->min_y, p[1]);
            e->max_y = MAX (e->max_y, p[1]);
          }
      }

  gw_geometry_get_label_point (geometry, &lon, &lat);
  e->label_x = gw_mercator_x_from_lon (lon);
  e->label_y = gw_mercator_y_from_lat (lat);
}

static guint
color_index_for (GwGrid     *grid,
                 GHashTable *grids_by_code,
                 GHashTable *town_index)
{
  GwGrid *g = grid;

  /* Colour by the town a grid belongs to; files without towns get a
   * stable colour per code. */
  for (guint depth = 0; g != NULL && depth < 8; depth++)
    {
      if (gw_grid_get_level (g) == GW_GRID_LEVEL_TOWN)
        return GPOINTER_TO_UINT (g_hash_table_lookup (town_index, gw_grid_get_code (g)));
      g = gw_grid_get_parent_code (g) ? g_hash_table_lookup (grids_by_code, gw_grid_get_parent_code (g)) : NULL;
    }

  return g_str_hash (gw_grid_get_code (grid)) % G_N_ELEMENTS (palette);
}

void
gw_grid_layer_set_grids (GwGridLayer *self,
                         GPtrArray   *grids)
{
  g_autoptr(GHashTable) grids_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) town_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_towns = 0;

  g_return_if_fail (GW_IS_GRID_LAYER (self));

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  self->entries = g_array_sized_new (FALSE, TRUE, sizeof (Entry), grids ? grids->len : 0);
  g_array_set_clear_func (self->entries, (GDestroyNotify) entry_clear);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->bounds = GW_BOUNDS_EMPTY;
  self->have_bounds = FALSE;

  for (guint i = 0; grids && i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);

      g_hash_table_insert (grids_by_code, (gpointer) gw_grid_get_code (grid), grid);
      if (gw_grid_get_parent_code (grid))
        g_hash_table_add (parents, (gpointer) gw_grid_get_parent_code (grid));
      gw_bounds_union (&self->bounds, gw_geometry_get_bounds (gw_grid_get_geometry (grid)));
      self->have_bounds = TRUE;
    }

  for (guint i = 0; grids && i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      Entry e = { 0 };

      if (gw_grid_get_level (grid) == GW_GRID_LEVEL_TOWN)
        g_hash_table_insert (town_index, (gpointer) gw_grid_get_code (grid),
                             GUINT_TO_POINTER (n_towns++ % G_N_ELEMENTS (palette)));
      project_entry (&e, grid);
      e.is_leaf = !g_hash_table_contains (parents, gw_grid_get_code (grid));
      g_array_append_val (self->entries, e);
    }

  g_array_sort (self->entries, compare_entries);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);

      e->color_index = color_index_for (e->grid, grids_by_code, town_index);
      g_hash_table_insert (self->by_code, (gpointer) gw_grid_get_code (e->grid), GUINT_TO_POINTER (i + 1));
    }

  g_clear_object (&self->hovered);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gw_grid_layer_get_n_grids (GwGridLayer *self)
{
  g_return_val_if_fail (GW_IS_GRID_LAYER (self), 0);
  return self->entries ? self->entries->len : 0;
}

gboolean
gw_grid_layer_get_bounds (GwGridLayer *self,
                          GwBounds    *bounds)
{
  g_return_val_if_fail (GW_IS_GRID_LAYER (self), FALSE);

  *bounds = self->bounds;
  return self->have_bounds;
}

void
gw_grid_layer_set_selected (GwGridLayer *self,
                            const char  *code)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (g_strcmp0 (self->selected, code) == 0)
    return;

  g_free (self->selected);
  self->selected = g_strdup (code);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
gw_grid_layer_get_selected (GwGridLayer *self)
{
  g_return_val_if_fail (GW_IS_GRID_LAYER (self), NULL);
  return self->selected;
}

void
gw_grid_layer_set_hovered (GwGridLayer *self,
                           GwGrid      *grid)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (g_set_object (&self->hovered, grid))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

GwGrid *
gw_grid_layer_get_grid_at (GwGridLayer *self,
                           double       x,
                           double       y)
{
  ShumateViewport *viewport;
  GwMapTransform t;
  double mx, my, lon, lat;

  g_return_val_if_fail (GW_IS_GRID_LAYER (self), NULL);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (self->entries == NULL || !gw_map_transform_init (&t, viewport, GTK_WIDGET (self)))
    return NULL;

  gw_map_transform_to_mercator (&t, x, y, &mx, &my);
  lon = gw_mercator_lon_from_x (mx);
  lat = gw_mercator_lat_from_y (my);

  /* Entries are sorted coarse to fine: walk backwards for the smallest. */
  for (guint i = self->entries->len; i > 0; i--)
    {
      Entry *e = &g_array_index (self->entries, Entry, i - 1);

      if (mx >= e->min_x && mx <= e->max_x && my >= e->min_y && my <= e->max_y &&
          gw_geometry_contains (gw_grid_get_geometry (e->grid), lon, lat))
        return e->grid;
    }

  return NULL;
}

void
gw_grid_layer_get_fill_rgba (GwGridLayer *self,
                             GwGrid      *grid,
                             GdkRGBA     *rgba)
{
  guint index;

  g_return_if_fail (GW_IS_GRID_LAYER (self));

  index = self->by_code ? GPOINTER_TO_UINT (g_hash_table_lookup (self->by_code, gw_grid_get_code (grid))) : 0;
  *rgba = palette[index ? g_array_index (self->entries, Entry, index - 1).color_index : 0];
  rgba->alpha = 0.28;
}
