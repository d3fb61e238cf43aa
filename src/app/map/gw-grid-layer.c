/* gw-grid-layer.c: every grid of the county, as a choropleth drawn from cached tiles
 *
 * ShumatePathLayer rasterises a window-sized surface per path per frame;
 * with thousands of grids that is thousands of surfaces. This layer draws
 * the fills and outlines of all grids into 256-pixel tiles at integer
 * zoom levels, from outlines simplified for that level (GwGridShape), and
 * keeps the tiles. A pan then only draws the tiles it uncovers, and a
 * frame between two zoom levels scales the nearer level's tiles. Names,
 * hover and selection change too often or must stay sharp, so they are
 * drawn over the tiles every frame, names from textures made once.
 *
 * What the fill says and its colours are in gw-grid-layer-measure.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-grid-layer"

#include "config.h"

#include <math.h>

#include "gw-case-layer.h"
#include "gw-grid-labels.h"
#include "gw-grid-layer-private.h"
#include "gw-map-transform.h"

#define MAX_TILE_ZOOM 22
/* Below this size on screen a grid's outline is noise; only its fill shows. */
#define MIN_OUTLINE_PIXELS 6.0
/* Making a name's texture costs a text layout and a stroked outline, and
 * finding where it goes a search inside the grid's outline; spread the
 * first sight of a few thousand grids over several frames. At 40 names a
 * frame the county's first frame spent 20 ms on names and 6 to 9 on
 * their points (perf, pull of bench ui-stall), the longest iteration of
 * the pull; at 12 the names come in over a few more frames. */
#define MAX_NEW_LABELS_PER_FRAME 12
#define MAX_NEW_LABEL_POINTS_PER_FRAME 120

G_DEFINE_FINAL_TYPE (GwGridLayer, gw_grid_layer, SHUMATE_TYPE_LAYER)

enum {
  LEGEND_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const double outline_width[GW_GRID_N_LEVELS] = { 3.0, 2.2, 1.7, 1.3, 0.7 };
static const double outline_alpha[GW_GRID_N_LEVELS] = { 0.85, 0.75, 0.65, 0.55, 0.35 };
static const int label_size[GW_GRID_N_LEVELS] = { 16, 14, 13, 12, 10 };

static void
entry_clear (Entry *entry)
{
  g_clear_object (&entry->grid);
  g_clear_pointer (&entry->shape, gw_grid_shape_unref);
  g_clear_pointer (&entry->label, cairo_surface_destroy);
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

/* ---- tiles ---- */

/* What the tiles' thread draws from: the entries as they were when the
 * scene was made, with their fills worked out, and never changed. */
typedef struct
{
  GwGridShape *shape;
  double min_x, min_y, max_x, max_y;
  GdkRGBA fill;
  GwGridLevel level;
  gboolean is_leaf;
} SceneEntry;

typedef struct
{
  GArray *entries;          /* of SceneEntry, in the entries' order */
  GdkRGBA fg;
} TileScene;

static void
tile_scene_free (gpointer data)
{
  TileScene *scene = data;

  for (guint i = 0; i < scene->entries->len; i++)
    gw_grid_shape_unref (g_array_index (scene->entries, SceneEntry, i).shape);
  g_array_unref (scene->entries);
  g_free (scene);
}

static TileScene *
tile_scene_new (GwGridLayer *self)
{
  TileScene *scene = g_new0 (TileScene, 1);

  scene->fg = self->tile_fg;
  scene->entries = g_array_sized_new (FALSE, FALSE, sizeof (SceneEntry), self->entries->len);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *e = &g_array_index (self->entries, Entry, i);
      SceneEntry se = {
        .shape = gw_grid_shape_ref (e->shape),
        .min_x = e->min_x, .min_y = e->min_y, .max_x = e->max_x, .max_y = e->max_y,
        .level = e->level, .is_leaf = e->is_leaf,
      };

      gw_grid_layer_entry_rgba (self, e, &se.fill);
      g_array_append_val (scene->entries, se);
    }
  return scene;
}

static gboolean
scene_entry_intersects (const SceneEntry *e,
                        double            min_x,
                        double            min_y,
                        double            max_x,
                        double            max_y)
{
  return e->max_x >= min_x && e->min_x <= max_x && e->max_y >= min_y && e->min_y <= max_y;
}

/* On the tiles' thread: nothing of the layer but @data. */
static cairo_surface_t *
render_tile (gpointer data,
             double   world,
             int      zoom,
             double   origin_x,
             double   origin_y,
             int      scale)
{
  TileScene *scene = data;
  /* Outlines reach a little past their grid's bounds. */
  double pad = 4.0 / world;
  double min_x = origin_x / world - pad, min_y = origin_y / world - pad;
  double max_x = (origin_x + GW_MAP_TILE_SIZE) / world + pad, max_y = (origin_y + GW_MAP_TILE_SIZE) / world + pad;
  cairo_surface_t *surface = NULL;
  cairo_t *cr = NULL;
  int pixels = GW_MAP_TILE_SIZE * scale;
  g_autoptr(GArray) near = g_array_new (FALSE, FALSE, sizeof (guint));

  /* The tile's grids, in the entries' order, found once for all passes:
   * a county has thousands. */
  for (guint i = 0; i < scene->entries->len; i++)
    if (scene_entry_intersects (&g_array_index (scene->entries, SceneEntry, i), min_x, min_y, max_x, max_y))
      g_array_append_val (near, i);

  for (int pass = 0; pass < 1 + GW_GRID_N_LEVELS; pass++)
    {
      /* Pass 0: fills of the finest grids; then outlines from the finest
       * level up, so that coarser borders lie on top. */
      int level = GW_GRID_LEVEL_GRID - (pass - 1);
      gboolean any = FALSE;

      for (guint k = 0; k < near->len; k++)
        {
          const SceneEntry *e = &g_array_index (scene->entries, SceneEntry, g_array_index (near, guint, k));

          if (pass == 0 ? !e->is_leaf : (int) e->level != level)
            continue;
          if (pass > 0 && (e->max_x - e->min_x) * world < MIN_OUTLINE_PIXELS &&
              (e->max_y - e->min_y) * world < MIN_OUTLINE_PIXELS)
            continue;

          if (cr == NULL)
            {
              surface = gw_map_tiles_create_surface (pixels);
              cr = cairo_create (surface);
              cairo_scale (cr, scale, scale);
              cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
              cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
            }

          gw_grid_shape_trace (e->shape, cr, zoom, world, origin_x, origin_y);
          if (pass == 0)
            {
              cairo_set_source_rgba (cr, e->fill.red, e->fill.green, e->fill.blue, e->fill.alpha);
              cairo_fill (cr);
            }
          any = TRUE;
        }

      if (pass > 0 && any)
        {
          cairo_set_source_rgba (cr, scene->fg.red, scene->fg.green, scene->fg.blue, outline_alpha[level]);
          cairo_set_line_width (cr, outline_width[level]);
          cairo_stroke (cr);
        }
    }

  if (cr == NULL)
    return NULL;

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
on_tiles_drawn (gpointer user_data)
{
  gtk_widget_queue_draw (GTK_WIDGET (user_data));
}

/* ---- drawing ---- */

static void
paint_highlight (cairo_t              *cr,
                 const GwMapTransform *t,
                 const Entry          *e,
                 const GdkRGBA        *fill,
                 const GdkRGBA        *stroke,
                 double                line_width)
{
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  gw_grid_shape_trace (e->shape, cr, CLAMP ((int) ceil (t->zoom), 0, MAX_TILE_ZOOM), t->world,
                       t->center_x - t->half_width, t->center_y - t->half_height);
  gdk_cairo_set_source_rgba (cr, fill);
  if (stroke)
    {
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, stroke);
      cairo_set_line_width (cr, line_width);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
  cairo_restore (cr);
}

static gboolean
redraw_for_tiles (gpointer user_data)
{
  GwGridLayer *self = user_data;

  self->redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* What this frame left undrawn comes in the next. */
static void
redraw_next_frame (GwGridLayer *self)
{
  if (self->redraw_id == 0)
    self->redraw_id = g_idle_add (redraw_for_tiles, self);
}

/* Names kept drawn beyond those in view, in bytes: a few screens' worth
 * at a wall's size. A wall that tours the county for weeks would
 * otherwise keep a drawn name for every grid it ever showed, and a
 * county has thousands. */
#define LABEL_BUDGET (4 * 1024 * 1024)

static void
forget_labels (GwGridLayer *self,
               gboolean     all)
{
  for (guint i = 0; self->entries && i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);

      if (e->label != NULL && (all || e->label_used != self->labels_pass))
        {
          self->label_bytes -= gw_map_tiles_surface_bytes (e->label);
          g_clear_pointer (&e->label, cairo_surface_destroy);
        }
    }
}

/* Whether a name in @rect is seen whole: on a wall, a name cut by the
 * map's edge or drawn under the caption or a card is not drawn at all. */
static gboolean
label_fits (GwGridLayer           *self,
            const graphene_rect_t *rect)
{
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                                             gtk_widget_get_height (GTK_WIDGET (self)));

  if (self->min_label_size == 0)
    return TRUE;
  if (!graphene_rect_contains_rect (&view, rect))
    return FALSE;
  for (guint k = 0; k < self->keepout->len; k++)
    if (graphene_rect_intersection (&g_array_index (self->keepout, graphene_rect_t, k), rect, NULL))
      return FALSE;
  return TRUE;
}

static void
paint_labels (GwGridLayer          *self,
              cairo_t              *cr,
                 const GwMapTransform *t,
                 const GdkRGBA        *fg,
                 const GdkRGBA        *bg)
{
  GArray *placed = self->placed;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  guint made = 0, found = 0;
  double min_x, min_y, max_x, max_y;

  g_array_set_size (placed, 0);
  self->labels_pass++;
  gw_map_transform_visible_mercator (t, &min_x, &min_y, &max_x, &max_y);

  /* Coarse levels first, so they win the space. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      double width = (e->max_x - e->min_x) * t->world;
      double height = (e->max_y - e->min_y) * t->world;
      double x, y, w, h;
      graphene_rect_t rect;
      gboolean free_space = TRUE;

      if (e->max_x < min_x || e->min_x > max_x || e->max_y < min_y || e->min_y > max_y)
        continue;
      /* Found for the grids in view only: for a county's thousands at
       * once it held up the window for tens of milliseconds. */
      if (!e->have_label_point)
        {
          double lon, lat;

          if (found++ >= MAX_NEW_LABEL_POINTS_PER_FRAME)
            {
              redraw_next_frame (self);
              continue;
            }

          gw_geometry_get_label_point (gw_grid_get_geometry (e->grid), &lon, &lat);
          e->label_x = gw_mercator_x_from_lon (lon);
          e->label_y = gw_mercator_y_from_lat (lat);
          e->have_label_point = TRUE;
        }
      if (e->label_x < min_x || e->label_x > max_x || e->label_y < min_y || e->label_y > max_y)
        continue;
      /* Too small for any name, or so large it is the context, not the subject. */
      if (width < 24 || height < 14 || (width > 4 * t->half_width && height > 4 * t->half_height))
        continue;

      if (width < gw_grid_label_estimate_width (gw_grid_get_name (e->grid), MAX (label_size[e->level], self->min_label_size)))
        continue;
      if (e->label == NULL)
        {
          if (made++ >= MAX_NEW_LABELS_PER_FRAME)
            {
              redraw_next_frame (self);
              continue;
            }
          e->label = gw_grid_label_render (GTK_WIDGET (self), gw_grid_get_name (e->grid),
                                           MAX (label_size[e->level], self->min_label_size),
                                           e->level <= GW_GRID_LEVEL_TOWN, fg, bg);
          self->label_bytes += gw_map_tiles_surface_bytes (e->label);
        }
      e->label_used = self->labels_pass;
      w = cairo_image_surface_get_width (e->label) / (double) scale;
      h = cairo_image_surface_get_height (e->label) / (double) scale;
      if (width < w + 2 || height < h * 1.4)
        continue;

      gw_map_transform_to_screen (t, e->label_x, e->label_y, &x, &y);
      rect = GRAPHENE_RECT_INIT (round (x - w / 2), round (y - h / 2), w, h);
      free_space = label_fits (self, &rect);
      for (guint k = 0; k < placed->len && free_space; k++)
        free_space = !graphene_rect_intersection (&g_array_index (placed, graphene_rect_t, k), &rect, NULL);
      if (!free_space)
        continue;
      g_array_append_val (placed, rect);
      cairo_set_source_surface (cr, e->label, rect.origin.x, rect.origin.y);
      cairo_rectangle (cr, rect.origin.x, rect.origin.y, w, h);
      cairo_fill (cr);
    }
  if (self->label_bytes > self->max_label_bytes)
    forget_labels (self, FALSE);
}

/* The grid of that code among those drawn, or NULL. */
GwGrid *
gw_grid_layer_lookup (GwGridLayer *self,
                      const char  *code)
{
  Entry *entry;

  g_return_val_if_fail (GW_IS_GRID_LAYER (self), NULL);

  entry = gw_grid_layer_lookup_entry (self, code);
  return entry ? entry->grid : NULL;
}

static void
gw_grid_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwGridLayer *self = GW_GRID_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA fg, bg, accent;
  GwMapTransform t;
  double reach;
  cairo_t *cr;
  Entry *e;

  if (self->entries == NULL || self->entries->len == 0 ||
      !gw_map_transform_init (&t, viewport, widget))
    return;


  get_colors (self, &fg, &bg, &accent);
  if (!gdk_rgba_equal (&fg, &self->tile_fg) || self->tile_scale != gtk_widget_get_scale_factor (widget))
    {
      /* A new theme or a new monitor: tiles and names are redrawn. */
      gw_map_tiles_clear (self->tiles);
      self->scene_serial++;
      forget_labels (self, TRUE);
      self->tile_fg = fg;
      self->tile_scale = gtk_widget_get_scale_factor (widget);
    }
  /* Under rotation the corners of the view reach further out. */
  reach = t.rotation != 0 ? hypot (t.half_width, t.half_height) : 0;
  /* Rotate the whole node once instead of every vertex. */
  if (t.rotation != 0)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2, height / 2));
      gtk_snapshot_rotate (snapshot, t.rotation * 180.0 / G_PI);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-width / 2, -height / 2));
    }

  /* One node for all of it, and for the guest's symbols: the first node
   * of the frame is replayed by cairo straight into it, any other is
   * first copied into an image of its own (see gw-case-layer.c). */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (t.half_width - MAX (reach, t.half_width),
                                                                 t.half_height - MAX (reach, t.half_height),
                                                                 2 * MAX (reach, t.half_width),
                                                                 2 * MAX (reach, t.half_height)));
  /* First: the tiles are copied onto the node's clear surface. */
  /* The tiles' thread draws from what the layer shows now. */
  if (self->scene_serial != self->scene_given)
    {
      gw_map_tiles_set_scene (self->tiles, tile_scene_new (self), tile_scene_free);
      self->scene_given = self->scene_serial;
    }
  gw_map_tiles_paint (self->tiles, cr, &t, self->tile_scale);

  if (self->hovered && (e = gw_grid_layer_lookup_entry (self, gw_grid_get_code (self->hovered))) && e->is_leaf)
    paint_highlight (cr, &t, e, &(GdkRGBA) { fg.red, fg.green, fg.blue, 0.10 }, NULL, 0);
  /* A wall's town in focus keeps its fills as bright as its neighbours':
   * a tint over them would read as a darker, quieter town. */
  if ((e = gw_grid_layer_lookup_entry (self, self->selected)))
    paint_highlight (cr, &t, e,
                     &(GdkRGBA) { accent.red, accent.green, accent.blue, self->min_label_size > 0 ? 0 : 0.22 },
                     &accent, self->min_label_size > 0 ? MAX (4, self->min_label_size / 5) : 3.5);

  paint_labels (self, cr, &t, &fg, &bg);
  if (self->guest && gw_case_layer_is_hosted (self->guest))
    gw_case_layer_paint (self->guest, cr, &t);
  cairo_destroy (cr);

  if (t.rotation != 0)
    gtk_snapshot_restore (snapshot);
}

/* ---- the measure ---- */

/* ---- life cycle ---- */

static void
on_viewport_changed (GwGridLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_grid_layer_constructed (GObject *object)
{
  GwGridLayer *self = (GwGridLayer *) object;

  G_OBJECT_CLASS (gw_grid_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_grid_layer_dispose (GObject *object)
{
  GwGridLayer *self = (GwGridLayer *) object;

  g_clear_weak_pointer (&self->guest);
  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_clear_handle_id (&self->redraw_id, g_source_remove);
  gw_grid_layer_set_case_points (self, NULL);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->tiles, gw_map_tiles_free);
  g_clear_pointer (&self->counted, g_ptr_array_unref);
  g_clear_pointer (&self->counted_entry, g_array_unref);
  g_clear_pointer (&self->keepout, g_array_unref);
  g_clear_pointer (&self->placed, g_array_unref);
  g_clear_object (&self->hovered);

  G_OBJECT_CLASS (gw_grid_layer_parent_class)->dispose (object);
}

static void
gw_grid_layer_class_init (GwGridLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_grid_layer_dispose;
  object_class->constructed = gw_grid_layer_constructed;
  widget_class->snapshot = gw_grid_layer_snapshot;

  /* The classes of the choropleth moved: the legend reads them again. */
  signals[LEGEND_CHANGED] =
    g_signal_new ("legend-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_grid_layer_init (GwGridLayer *self)
{
  /* The map view takes the clicks and asks us what is under them. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  self->tiles = gw_map_tiles_new (render_tile, on_tiles_drawn, self);
  self->scene_serial = 1;
  self->max_label_bytes = LABEL_BUDGET;
  self->counted = g_ptr_array_new_with_free_func (g_object_unref);
  self->counted_entry = g_array_new (FALSE, TRUE, sizeof (guint));
  self->fill = GW_GRID_FILL_CASES;
  self->keepout = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  self->placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
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

static guint
town_color_for (GwGrid     *grid,
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

  return g_str_hash (gw_grid_get_code (grid)) % GW_GRID_N_TOWN_COLORS;
}

/* A grid's staff come with the grid itself: its leader and its workers. */
static void
count_workers (GwGridLayer *self)
{
  for (guint i = 0; self->entries && i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      const char * const *workers = gw_grid_get_workers (e->grid);
      const char *leader = gw_grid_get_leader (e->grid);

      e->workers = (workers ? g_strv_length ((char **) workers) : 0) + (leader && *leader ? 1 : 0);
    }
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

  forget_labels (self, TRUE);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  self->entries = g_array_sized_new (FALSE, TRUE, sizeof (Entry), grids ? grids->len : 0);
  g_array_set_clear_func (self->entries, (GDestroyNotify) entry_clear);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->bounds = GW_BOUNDS_EMPTY;
  self->have_bounds = FALSE;
  /* Positions keep their cases, but the grid indexes are new. */
  g_ptr_array_set_size (self->counted, 0);
  g_array_set_size (self->counted_entry, 0);

  for (guint i = 0; grids && i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);

      g_hash_table_insert (grids_by_code, (gpointer) gw_grid_get_code (grid), grid);
      if (gw_grid_get_parent_code (grid))
        g_hash_table_add (parents, (gpointer) gw_grid_get_parent_code (grid));
      if (gw_grid_get_level (grid) == GW_GRID_LEVEL_TOWN)
        g_hash_table_insert (town_index, (gpointer) gw_grid_get_code (grid),
                             GUINT_TO_POINTER (n_towns++ % GW_GRID_N_TOWN_COLORS));
      gw_bounds_union (&self->bounds, gw_geometry_get_bounds (gw_grid_get_geometry (grid)));
      self->have_bounds = TRUE;
    }

  for (guint i = 0; grids && i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      Entry e = { 0 };

      e.grid = g_object_ref (grid);
      e.level = gw_grid_get_level (grid);
      e.is_leaf = !g_hash_table_contains (parents, gw_grid_get_code (grid));
      e.shape = gw_grid_shape_new (gw_grid_get_geometry (grid));
      gw_grid_shape_bounds (e.shape, &e.min_x, &e.min_y, &e.max_x, &e.max_y);
      e.town_color = town_color_for (grid, grids_by_code, town_index);
      e.klass = -1;
      g_array_append_val (self->entries, e);
    }

  g_array_sort (self->entries, compare_entries);
  for (guint i = 0; i < self->entries->len; i++)
    g_hash_table_insert (self->by_code, (gpointer) gw_grid_get_code (g_array_index (self->entries, Entry, i).grid),
                         GUINT_TO_POINTER (i + 1));

  count_workers (self);
  g_clear_object (&self->hovered);
  gw_map_tiles_clear (self->tiles);
  self->scene_serial++;
  self->breaks_valid = FALSE;
  gw_grid_layer_recount (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_grid_layer_set_guest (GwGridLayer *self,
                         GwCaseLayer *guest)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  g_set_weak_pointer (&self->guest, guest);
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

/* Whether the last frame drew every tile of its view: what nothing could
 * stand in for is drawn over several frames, never all in one. */
gboolean
gw_grid_layer_is_complete (GwGridLayer *self)
{
  g_return_val_if_fail (GW_IS_GRID_LAYER (self), FALSE);
  return gw_map_tiles_is_complete (self->tiles);
}

guint
gw_grid_layer_get_n_cached_tiles (GwGridLayer *self)
{
  g_return_val_if_fail (GW_IS_GRID_LAYER (self), 0);
  return gw_map_tiles_get_n_cached (self->tiles);
}

/* The tile cache's bound, in bytes per table: a wall keeps less. */
void
gw_grid_layer_set_max_tile_bytes (GwGridLayer *self,
                                  gsize        max_bytes)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));
  gw_map_tiles_set_max_bytes (self->tiles, max_bytes);
}

/* Past how many bytes of drawn names those out of view are let go; 0:
 * the default. */
void
gw_grid_layer_set_max_label_bytes (GwGridLayer *self,
                                   gsize        max_bytes)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));
  self->max_label_bytes = max_bytes > 0 ? max_bytes : LABEL_BUDGET;
}

/* The pixels of the names kept drawn, for the tests that bound them. */
gsize
gw_grid_layer_get_label_bytes (GwGridLayer *self)
{
  g_return_val_if_fail (GW_IS_GRID_LAYER (self), 0);
  return self->label_bytes;
}

/* Every tile and name drawn let go: a wall keeps none while its map is
 * out of sight (the round's ranking) and draws the next view afresh, as
 * it would anyway, since it keeps hardly more than the tiles in view. */
void
gw_grid_layer_forget_drawn (GwGridLayer *self)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));
  gw_map_tiles_clear (self->tiles);
  forget_labels (self, TRUE);
}

/* Names no smaller than @size px: a wall screen is read from metres away. */
void
gw_grid_layer_set_min_label_size (GwGridLayer *self,
                                  int          size)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (self->min_label_size == size)
    return;
  self->min_label_size = size;
  forget_labels (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Places names keep clear of, in the layer's coordinates: the overlays a
 * wall draws over its map. */
void
gw_grid_layer_set_label_keepout (GwGridLayer           *self,
                                 const graphene_rect_t *rects,
                                 guint                  n_rects)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (n_rects == self->keepout->len &&
      (n_rects == 0 || memcmp (rects, self->keepout->data, n_rects * sizeof *rects) == 0))
    return;
  g_array_set_size (self->keepout, 0);
  g_array_append_vals (self->keepout, rects, n_rects);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where the names were drawn in the last frame, in the layer's
 * coordinates (before any rotation). */
const graphene_rect_t *
gw_grid_layer_get_label_rects (GwGridLayer *self,
                               guint       *n_rects)
{
  g_return_val_if_fail (GW_IS_GRID_LAYER (self), NULL);

  *n_rects = self->placed->len;
  return (const graphene_rect_t *) self->placed->data;
}
