/* gw-map-view.c: the map, its layers and its controls
 *
 * Every control is an action ("map.*") so that buttons, keys and tests
 * drive the same code. What the pointer does is in gw-map-view-pointer.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map-view"

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "gw-basemap.h"
#include "gw-case-symbols.h"
#include "gw-map-legend.h"
#include "gw-map-view-private.h"

#define FIT_PADDING 0.9
#define ANIMATION_MS 400
/* A wall keeps about four tiles beyond those in view, and the names in
 * view: a view's names at a wall's size alone are past this. */
#define WALL_TILE_BYTES (1024 * 1024)
#define WALL_LABEL_BYTES (512 * 1024)

G_DEFINE_FINAL_TYPE (GwMapView, gw_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILL,
  PROP_HEATMAP,
  PROP_LEGEND_VISIBLE,
  PROP_TARGETS_VISIBLE,
  PROP_WORKERS_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  GRID_ACTIVATED,
  CASE_ACTIVATED,
  CASE_TOOLTIP,
  SELECTION_CHANGED,
  TARGET_ACTIVATED,
  WORKER_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *fill_names[GW_GRID_N_FILLS] = { "town", "cases", "overdue", "per-worker", "escalations" };

/* An overlay's width and its margin, or 0 while it is hidden. */
static double
covered_width (GtkWidget *overlay)
{
  int natural = 0;

  if (!gtk_widget_get_visible (overlay))
    return 0;
  gtk_widget_measure (overlay, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural + 12;
}

/* Straight there, without a flight: one still under way would carry
 * the map on past this. */
static void
jump_to (GwMapView *self,
         double     lat,
         double     lon,
         double     zoom)
{
  shumate_map_stop_go_to (self->map);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (self->map), zoom);
  shumate_map_center_on (self->map, lat, lon);
}

void
gw_map_view_fit_mercator (GwMapView *self,
                          double     min_x,
                          double     min_y,
                          double     max_x,
                          double     max_y,
                          double     max_zoom,
                          gboolean   animate)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double width = gtk_widget_get_width (GTK_WIDGET (self->map));
  double height = gtk_widget_get_height (GTK_WIDGET (self->map));
  double tile = shumate_map_source_get_tile_size (self->reference);
  /* What the legend covers on the left and the buttons on the right is
   * not room to show things in. Their natural widths: the first fit
   * comes before they are laid out. */
  double left = self->legend_visible ? covered_width (self->legend_revealer) : 0;
  double right = covered_width (self->controls);
  double zoom, lat, lon;

  if (left + right > width / 2)
    left = right = 0;
  zoom = log2 (MIN ((width - left - right) * FIT_PADDING / (MAX (max_x - min_x, 1e-12) * tile),
                    height * FIT_PADDING / (MAX (max_y - min_y, 1e-12) * tile)));
  zoom = CLAMP (zoom, shumate_viewport_get_min_zoom_level (viewport),
                MIN (max_zoom, shumate_viewport_get_max_zoom_level (viewport)));
  /* The middle of the free part of the map on the middle of the bounds. */
  lon = gw_mercator_lon_from_x ((min_x + max_x) / 2 - (left - right) / 2 / (tile * exp2 (zoom)));
  lat = gw_mercator_lat_from_y ((min_y + max_y) / 2);

  if (animate)
    shumate_map_go_to_full_with_duration (self->map, lat, lon, zoom, ANIMATION_MS);
  else
    jump_to (self, lat, lon, zoom);
}

static void
fit_bounds (GwMapView      *self,
            const GwBounds *bounds,
            gboolean        animate)
{
  if (gtk_widget_get_width (GTK_WIDGET (self->map)) < 2 || gtk_widget_get_height (GTK_WIDGET (self->map)) < 2)
    {
      /* Not allocated yet: fit once we know our size. */
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;

  gw_map_view_fit_mercator (self, gw_mercator_x_from_lon (bounds->min_lon), gw_mercator_y_from_lat (bounds->max_lat),
                gw_mercator_x_from_lon (bounds->max_lon), gw_mercator_y_from_lat (bounds->min_lat),
                G_MAXDOUBLE, animate);
}

void
gw_map_view_fit_grids (GwMapView *self,
                       gboolean   animate)
{
  GwBounds bounds;

  g_return_if_fail (GW_IS_MAP_VIEW (self));

  if (gw_grid_layer_get_bounds (self->grid_layer, &bounds))
    fit_bounds (self, &bounds, animate);
}

void
gw_map_view_show_grid (GwMapView *self,
                       GwGrid    *grid)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  g_return_if_fail (GW_IS_GRID (grid));

  gw_grid_layer_set_selected (self->grid_layer, gw_grid_get_code (grid));
  fit_bounds (self, gw_geometry_get_bounds (gw_grid_get_geometry (grid)), TRUE);
}

void
gw_map_view_show_location (GwMapView *self,
                           double     lat,
                           double     lon)
{
  /* A few hundred metres around the point: the street and its corner. */
  GwBounds around = { lon - 0.003, lat - 0.002, lon + 0.003, lat + 0.002 };

  g_return_if_fail (GW_IS_MAP_VIEW (self));
  fit_bounds (self, &around, TRUE);
}

/* The case at the centre, its grid and the grids around it in view: a
 * dispatcher who asked for a case wants to know where it is, not one
 * street corner at a scale of 80 m. */
static void
show_around_case (GwMapView        *self,
                  const GwCaseData *d)
{
  GwGrid *grid = d->grid ? gw_grid_layer_lookup (self->grid_layer, d->grid) : NULL;
  const GwBounds *own = grid ? gw_geometry_get_bounds (gw_grid_get_geometry (grid)) : NULL;
  double half_width = 0.01, half_height = 0.008;
  GwBounds around;

  if (own)
    {
      /* As far as the grid's farther edge from the case, and one grid's
       * width and height more on each side for its neighbours. */
      half_width = MAX (d->lon - own->min_lon, own->max_lon - d->lon) + (own->max_lon - own->min_lon);
      half_height = MAX (d->lat - own->min_lat, own->max_lat - d->lat) + (own->max_lat - own->min_lat);
    }
  around = (GwBounds) { d->lon - half_width, d->lat - half_height, d->lon + half_width, d->lat + half_height };
  fit_bounds (self, &around, TRUE);
}

/* The legend, the scale and the buttons only over a map with grids, and
 * never on a wall: a first-run window shows what to do, not a "5000 km"
 * scale over nothing. */
static void
show_chrome (GwMapView *self)
{
  gboolean empty = gw_grid_layer_get_n_grids (self->grid_layer) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->overlay)); child;
       child = gtk_widget_get_next_sibling (child))
    if (child == GTK_WIDGET (self->empty_page))
      gtk_widget_set_visible (child, empty && !self->on_wall);
    else if (child == GTK_WIDGET (self->license))
      gtk_widget_set_visible (child, !empty && !self->on_wall && self->basemap != NULL);
    else if (child != GTK_WIDGET (self->map))
      gtk_widget_set_visible (child, !empty && !self->on_wall);
}

/* On a wall: no controls, no legend, no small print; names at least
 * @text_size px. */
void
gw_map_view_set_wall_mode (GwMapView *self,
                           int        text_size)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  self->on_wall = text_size > 0;
  show_chrome (self);
  gw_grid_layer_set_min_label_size (self->grid_layer, text_size);
  /* A plain symbol as wide as the wall's type is high. */
  gw_case_layer_set_magnify (self->case_layer, text_size > 0 ? text_size / gw_case_symbols_get_symbol_diameter (0) : 1);
  /* A wall's round is longer than any cache: the view it comes back to
   * would have been let go anyway by the views between. So it keeps
   * little beyond the tiles in sight (those are never let go), and its
   * memory is the same at every turn of the round. So with the names:
   * kept, they would fill their budget with those of every urgent case's
   * street, and empty it whole when full; drawn again, a dozen a frame,
   * they cost a wall a few frames per view. */
  gw_grid_layer_set_max_tile_bytes (self->grid_layer, text_size > 0 ? WALL_TILE_BYTES : 0);
  gw_grid_layer_set_max_label_bytes (self->grid_layer, text_size > 0 ? WALL_LABEL_BYTES : 0);
  /* Nobody points at a wall. */
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->map), text_size == 0);
}

/* Shows the inspection targets and brings one into view, selected. */
void
gw_map_view_show_target (GwMapView *self,
                         guint      target)
{
  guint n = 0;
  const GwInspectionTarget *targets;

  g_return_if_fail (GW_IS_MAP_VIEW (self));

  if (gw_target_layer_get_data (self->target_layer) == NULL)
    return;
  targets = gw_inspection_data_get_targets (gw_target_layer_get_data (self->target_layer), &n);
  if (target >= n)
    return;
  g_object_set (self, "targets-visible", TRUE, NULL);
  gw_target_layer_select (self->target_layer, target);
  gw_map_view_show_location (self, targets[target].lat, targets[target].lon);
}

GwTargetLayer *
gw_map_view_get_target_layer (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->target_layer;
}

/* Selects the case and brings it into view; FALSE if it is not known. */
gboolean
gw_map_view_show_case (GwMapView  *self,
                       const char *case_id)
{
  GwCase *kase;
  guint position;

  g_return_val_if_fail (GW_IS_MAP_VIEW (self), FALSE);

  if (self->points == NULL ||
      !(kase = gw_case_model_lookup (gw_case_points_get_model (self->points), case_id, &position)))
    return FALSE;

  gw_case_layer_set_selection (self->case_layer, &position, 1);
  show_around_case (self, gw_case_get_data (kase));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  return TRUE;
}

void
gw_map_view_set_grids (GwMapView *self,
                       GPtrArray *grids)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  gw_grid_layer_set_grids (self->grid_layer, grids);
  show_chrome (self);

  /* Fit the county the first time there is one, unless a position was
   * restored; later refreshes keep whatever the user is looking at. */
  if (!self->fitted_once && gw_grid_layer_get_n_grids (self->grid_layer) > 0)
    {
      self->fitted_once = TRUE;
      gw_map_view_fit_grids (self, FALSE);
    }
}

void
gw_map_view_set_basemap (GwMapView        *self,
                         ShumateMapSource *source)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  if (self->basemap_layer)
    {
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->basemap_layer));
      shumate_license_remove_map_source (self->license, self->basemap);
      self->basemap_layer = NULL;
    }
  g_set_object (&self->basemap, source);

  if (source != NULL)
    {
      self->basemap_layer = shumate_map_layer_new (source, shumate_map_get_viewport (self->map));
      shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->basemap_layer),
                                       SHUMATE_LAYER (self->grid_layer));
      shumate_license_append_map_source (self->license, source);
    }
  show_chrome (self);
}

void
gw_map_view_set_empty_text (GwMapView  *self,
                            const char *title,
                            const char *description)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
}

void
gw_map_view_set_case_points (GwMapView    *self,
                             GwCasePoints *points)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  g_set_object (&self->points, points);
  gw_case_layer_set_points (self->case_layer, points);
  gw_grid_layer_set_case_points (self->grid_layer, points);
}

char **
gw_map_view_get_selected_cases (GwMapView *self)
{
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);

  positions = gw_case_layer_get_selection (self->case_layer);
  for (guint i = 0; self->points && i < positions->len; i++)
    g_strv_builder_add (ids, gw_case_get_id (gw_case_model_get (gw_case_points_get_model (self->points),
                                                                g_array_index (positions, guint, i))));
  return g_strv_builder_end (ids);
}

void
gw_map_view_select_cases (GwMapView          *self,
                          const char * const *case_ids)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_if_fail (GW_IS_MAP_VIEW (self));

  for (guint i = 0; self->points && case_ids && case_ids[i]; i++)
    {
      guint position;

      if (gw_case_model_lookup (gw_case_points_get_model (self->points), case_ids[i], &position))
        g_array_append_val (positions, position);
    }
  gw_case_layer_set_selection (self->case_layer, (guint *) positions->data, positions->len);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
gw_map_view_get_position (GwMapView *self,
                          double    *lat,
                          double    *lon,
                          double    *zoom)
{
  ShumateViewport *viewport;

  g_return_if_fail (GW_IS_MAP_VIEW (self));

  viewport = shumate_map_get_viewport (self->map);
  *lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  *lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  *zoom = shumate_viewport_get_zoom_level (viewport);
}

/* A position from an earlier run: shown instead of fitting the county. */
void
gw_map_view_set_position (GwMapView *self,
                          double     lat,
                          double     lon,
                          double     zoom)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  if (!gw_coordinate_is_valid (lon, lat) || zoom <= 0)
    return;
  jump_to (self, lat, lon, zoom);
  self->fitted_once = TRUE;
  self->fit_pending = FALSE;
}

GwCaseLayer *
gw_map_view_get_case_layer (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->case_layer;
}

ShumateMap *
gw_map_view_get_map (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->map;
}

GwGridLayer *
gw_map_view_get_grid_layer (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->grid_layer;
}

static gboolean
fit_in_idle (gpointer user_data)
{
  GwMapView *self = user_data;

  self->fit_idle_id = 0;
  if (self->fit_pending)
    gw_map_view_fit_grids (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
gw_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (GW_MAP_VIEW (widget)->overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
gw_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  GwMapView *self = GW_MAP_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->overlay), width, height, baseline, NULL);
  if (self->card)
    gtk_popover_present (GTK_POPOVER (self->card));

  /* Moving the viewport during allocation would re-enter layout. */
  if (self->fit_pending && self->fit_idle_id == 0)
    self->fit_idle_id = g_idle_add (fit_in_idle, self);
}

static void
zoom_by (GwMapView *self,
         int        steps)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double target;

  /* Whole levels, as a dispatcher counts them: from 12.7, in is 13 and
   * out is 12. libshumate's own steps are a fifth of a level. */
  target = steps > 0 ? floor (zoom + 1e-6) + steps : ceil (zoom - 1e-6) + steps;
  target = CLAMP (target, shumate_viewport_get_min_zoom_level (viewport), shumate_viewport_get_max_zoom_level (viewport));
  shumate_map_go_to_full_with_duration (self->map, shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                        shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), target, 250);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  zoom_by (GW_MAP_VIEW (widget), 1);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  zoom_by (GW_MAP_VIEW (widget), -1);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  gw_map_view_fit_grids (GW_MAP_VIEW (widget), TRUE);
}

static void
zoom_to_selection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  GwMapView *self = GW_MAP_VIEW (widget);
  g_autoptr(GArray) positions = gw_case_layer_get_selection (self->case_layer);
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  const GwCasePoint *points;
  guint n;

  if (self->points == NULL || positions->len == 0)
    return;

  points = gw_case_points_get (self->points, &n);
  for (guint i = 0; i < positions->len; i++)
    {
      const GwCasePoint *p = &points[g_array_index (positions, guint, i)];

      min_x = MIN (min_x, p->x);
      min_y = MIN (min_y, p->y);
      max_x = MAX (max_x, p->x);
      max_y = MAX (max_y, p->y);
    }
  gw_map_view_fit_mercator (self, min_x, min_y, max_x, max_y, 17, TRUE);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  GwMapView *self = GW_MAP_VIEW (widget);

  gw_case_layer_set_selection (self->case_layer, NULL, 0);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  GwMapView *self = GW_MAP_VIEW (widget);
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double fx, fy, x, y, lat, lon;

  /* The parameter is the step as a fraction of the view. */
  g_variant_get (param, "(dd)", &fx, &fy);
  x = gtk_widget_get_width (GTK_WIDGET (self->map)) * (0.5 + fx);
  y = gtk_widget_get_height (GTK_WIDGET (self->map)) * (0.5 + fy);
  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self->map), x, y, &lat, &lon);
  shumate_map_go_to_full_with_duration (self->map, lat, lon, shumate_viewport_get_zoom_level (viewport), 150);
}

static void
gw_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GwMapView *self = GW_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILL:
      g_value_set_string (value, fill_names[gw_grid_layer_get_fill (self->grid_layer)]);
      break;
    case PROP_HEATMAP:
      g_value_set_boolean (value, gw_case_layer_get_mode (self->case_layer) == GW_CASE_LAYER_HEATMAP);
      break;
    case PROP_LEGEND_VISIBLE:
      g_value_set_boolean (value, self->legend_visible);
      break;
    case PROP_TARGETS_VISIBLE:
      g_value_set_boolean (value, gtk_widget_get_visible (GTK_WIDGET (self->target_layer)));
      break;
    case PROP_WORKERS_VISIBLE:
      g_value_set_boolean (value, gtk_widget_get_visible (GTK_WIDGET (self->worker_layer)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A layer shown or hidden between the grids and the cases decides which
 * of the two paints the symbols (gw_case_layer_is_hosted()). */
static void
restack_cases (GwMapView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->grid_layer));
  gtk_widget_queue_draw (GTK_WIDGET (self->case_layer));
}

static void
gw_map_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GwMapView *self = GW_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILL:
      for (guint i = 0; i < GW_GRID_N_FILLS; i++)
        if (g_strcmp0 (g_value_get_string (value), fill_names[i]) == 0)
          gw_grid_layer_set_fill (self->grid_layer, i);
      break;
    case PROP_HEATMAP:
      gw_case_layer_set_mode (self->case_layer,
                              g_value_get_boolean (value) ? GW_CASE_LAYER_HEATMAP : GW_CASE_LAYER_SYMBOLS);
      break;
    case PROP_LEGEND_VISIBLE:
      self->legend_visible = g_value_get_boolean (value);
      if (self->legend_arrow)
        gtk_image_set_from_icon_name (self->legend_arrow, self->legend_visible ? "pan-up-symbolic" : "pan-down-symbolic");
      break;
    case PROP_TARGETS_VISIBLE:
      gtk_widget_set_visible (GTK_WIDGET (self->target_layer), g_value_get_boolean (value));
      gtk_widget_set_visible (self->target_legend, g_value_get_boolean (value));
      restack_cases (self);
      break;
    case PROP_WORKERS_VISIBLE:
      gtk_widget_set_visible (GTK_WIDGET (self->worker_layer), g_value_get_boolean (value));
      gtk_widget_set_visible (self->worker_legend, g_value_get_boolean (value));
      restack_cases (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static void
gw_map_view_dispose (GObject *object)
{
  GwMapView *self = (GwMapView *) object;

  g_clear_handle_id (&self->fit_idle_id, g_source_remove);
  /* A card left up would outlive the window on screen. */
  gw_map_view_close_card (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_MAP_VIEW);
  /* Template children that are not bound are ours to unparent too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))); )
    gtk_widget_unparent (child);
  g_clear_object (&self->reference);
  g_clear_object (&self->basemap);
  g_clear_object (&self->points);

  G_OBJECT_CLASS (gw_map_view_parent_class)->dispose (object);
}

static void
add_pan_binding (GtkWidgetClass *widget_class,
                 guint           key,
                 double          fx,
                 double          fy)
{
  gtk_widget_class_add_binding_action (widget_class, key, 0, "map.pan", "(dd)", fx / 4, fy / 4);
  gtk_widget_class_add_binding_action (widget_class, key, GDK_SHIFT_MASK, "map.pan", "(dd)", fx, fy);
}

static void
gw_map_view_class_init (GwMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_map_view_dispose;
  object_class->get_property = gw_map_view_get_property;
  object_class->set_property = gw_map_view_set_property;
  widget_class->measure = gw_map_view_measure;
  widget_class->size_allocate = gw_map_view_size_allocate;

  properties[PROP_FILL] =
    g_param_spec_string ("fill", NULL, NULL, "cases", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEATMAP] =
    g_param_spec_boolean ("heatmap", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEGEND_VISIBLE] =
    g_param_spec_boolean ("legend-visible", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGETS_VISIBLE] =
    g_param_spec_boolean ("targets-visible", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKERS_VISIBLE] =
    g_param_spec_boolean ("workers-visible", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A grid was clicked on the map. */
  signals[GRID_ACTIVATED] =
    g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_GRID);
  /* A single case was clicked. */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The pointer rests on a case: fill in the tooltip. */
  signals[CASE_TOOLTIP] =
    g_signal_new ("case-tooltip", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, GTK_TYPE_TOOLTIP);
  /* The selected cases changed, by a click, a band or an action. */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* An inspection target was clicked: its index in the inspection data. */
  signals[TARGET_ACTIVATED] =
    g_signal_new ("target-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A grid worker was clicked: their id. */
  signals[WORKER_ACTIVATED] =
    g_signal_new ("worker-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (SHUMATE_TYPE_LICENSE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GwMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, map);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, scale);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, license);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, legend_box);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, legend_arrow);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, legend_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, controls);

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-to-selection", NULL, zoom_to_selection_action);
  gtk_widget_class_install_action (widget_class, "map.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "map.pan", "(dd)", pan_action);
  gtk_widget_class_install_property_action (widget_class, "map.fill", "fill");
  gtk_widget_class_install_property_action (widget_class, "map.heatmap", "heatmap");
  gtk_widget_class_install_property_action (widget_class, "map.legend-visible", "legend-visible");
  gtk_widget_class_install_property_action (widget_class, "map.targets", "targets-visible");
  gtk_widget_class_install_property_action (widget_class, "map.workers", "workers-visible");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "map.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "map.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, 0, "map.zoom-to-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "map.clear-selection", NULL);
  add_pan_binding (widget_class, GDK_KEY_Left, -1, 0);
  add_pan_binding (widget_class, GDK_KEY_Right, 1, 0);
  add_pan_binding (widget_class, GDK_KEY_Up, 0, -1);
  add_pan_binding (widget_class, GDK_KEY_Down, 0, 1);

  gtk_widget_class_set_css_name (widget_class, "gw-map-view");
}

static void
gw_map_view_init (GwMapView *self)
{
  ShumateViewport *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));

  viewport = shumate_map_get_viewport (self->map);
  self->reference = gw_basemap_new_reference ();
  shumate_viewport_set_reference_map_source (viewport, self->reference);
  shumate_viewport_set_min_zoom_level (viewport, 2);
  shumate_viewport_set_max_zoom_level (viewport, shumate_map_source_get_max_zoom_level (self->reference));
  shumate_scale_set_viewport (self->scale, viewport);
  shumate_scale_set_unit (self->scale, SHUMATE_UNIT_METRIC);

  self->grid_layer = gw_grid_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->grid_layer));
  self->target_layer = gw_target_layer_new (viewport);
  gtk_widget_set_visible (GTK_WIDGET (self->target_layer), FALSE);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->target_layer));
  self->case_layer = gw_case_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->case_layer));
  gw_case_layer_set_host (self->case_layer, self->grid_layer);
  gtk_box_append (self->legend_box, gw_map_legend_new (self->grid_layer));
  self->target_legend = gw_target_legend_new ();
  gtk_widget_set_visible (self->target_legend, FALSE);
  gtk_box_append (self->legend_box, self->target_legend);
  gw_map_view_setup_workers (self);

  gw_map_view_setup_pointer (self);
}
