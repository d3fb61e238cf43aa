/* gw-map-view.c: the map, its layers and its controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "gw-basemap.h"
#include "gw-map-view.h"

#define FIT_PADDING 0.9
#define ANIMATION_MS 400

struct _GwMapView
{
  GtkWidget parent_instance;

  GtkOverlay *overlay;
  ShumateMap *map;
  AdwStatusPage *empty_page;
  ShumateScale *scale;
  ShumateLicense *license;

  ShumateMapSource *reference;
  ShumateMapSource *basemap;
  ShumateMapLayer *basemap_layer;
  GwGridLayer *grid_layer;
  GwCaseLayer *case_layer;

  gboolean fitted_once;
  gboolean fit_pending;
  guint fit_idle_id;
};

G_DEFINE_FINAL_TYPE (GwMapView, gw_map_view, GTK_TYPE_WIDGET)

enum {
  GRID_ACTIVATED,
  CASE_ACTIVATED,
  CASE_TOOLTIP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fit_bounds (GwMapView      *self,
            const GwBounds *bounds,
            gboolean        animate)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double width = gtk_widget_get_width (GTK_WIDGET (self->map));
  double height = gtk_widget_get_height (GTK_WIDGET (self->map));
  double min_x = gw_mercator_x_from_lon (bounds->min_lon);
  double max_x = gw_mercator_x_from_lon (bounds->max_lon);
  double min_y = gw_mercator_y_from_lat (bounds->max_lat);
  double max_y = gw_mercator_y_from_lat (bounds->min_lat);
  double tile = shumate_map_source_get_tile_size (self->reference);
  double zoom, lat, lon;

  if (width < 2 || height < 2)
    {
      /* Not allocated yet: fit once we know our size. */
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;

  zoom = log2 (MIN (width * FIT_PADDING / (MAX (max_x - min_x, 1e-9) * tile),
                    height * FIT_PADDING / (MAX (max_y - min_y, 1e-9) * tile)));
  zoom = CLAMP (zoom, shumate_viewport_get_min_zoom_level (viewport),
                shumate_viewport_get_max_zoom_level (viewport));
  lon = gw_mercator_lon_from_x ((min_x + max_x) / 2);
  lat = gw_mercator_lat_from_y ((min_y + max_y) / 2);

  if (animate)
    shumate_map_go_to_full_with_duration (self->map, lat, lon, zoom, ANIMATION_MS);
  else
    {
      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_map_center_on (self->map, lat, lon);
    }
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

void
gw_map_view_set_grids (GwMapView *self,
                       GPtrArray *grids)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  gw_grid_layer_set_grids (self->grid_layer, grids);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), gw_grid_layer_get_n_grids (self->grid_layer) == 0);

  /* Fit the county the first time there is one; later refreshes keep
   * whatever the user is looking at. */
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
  gtk_widget_set_visible (GTK_WIDGET (self->license), source != NULL);
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
gw_map_view_set_cases (GwMapView *self,
                       GPtrArray *cases)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));
  gw_case_layer_set_cases (self->case_layer, cases);
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

  /* Moving the viewport during allocation would re-enter layout. */
  if (self->fit_pending && self->fit_idle_id == 0)
    self->fit_idle_id = g_idle_add (fit_in_idle, self);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GwMapView       *self)
{
  const char *case_id;
  GwGrid *grid;

  if (n_press != 1)
    return;

  if ((case_id = gw_case_layer_get_case_at (self->case_layer, x, y)))
    {
      g_signal_emit (self, signals[CASE_ACTIVATED], 0, case_id);
      return;
    }

  grid = gw_grid_layer_get_grid_at (self->grid_layer, x, y);
  if (grid != NULL)
    {
      gw_grid_layer_set_selected (self->grid_layer, gw_grid_get_code (grid));
      g_signal_emit (self, signals[GRID_ACTIVATED], 0, grid);
    }
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           GwMapView                *self)
{
  gw_grid_layer_set_hovered (self->grid_layer, gw_grid_layer_get_grid_at (self->grid_layer, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          GwMapView                *self)
{
  gw_grid_layer_set_hovered (self->grid_layer, NULL);
}

static const char *
level_label (GwGridLevel level)
{
  switch (level)
    {
    case GW_GRID_LEVEL_COUNTY: return _("County");
    case GW_GRID_LEVEL_TOWN: return _("Town or street");
    case GW_GRID_LEVEL_COMMUNITY: return _("Community or village");
    case GW_GRID_LEVEL_GRID: return _("Unit grid");
    default: return "";
    }
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  GwMapView  *self)
{
  GwGrid *grid;
  g_autofree char *markup = NULL;
  const char *case_id = gw_case_layer_get_case_at (self->case_layer, x, y);

  if (case_id != NULL)
    {
      g_signal_emit (self, signals[CASE_TOOLTIP], 0, case_id, tooltip);
      return TRUE;
    }

  if (!(grid = gw_grid_layer_get_grid_at (self->grid_layer, x, y)))
    return FALSE;

  markup = g_markup_printf_escaped ("<b>%s</b>\n%s · %s", gw_grid_get_name (grid),
                                    level_label (gw_grid_get_level (grid)), gw_grid_get_code (grid));
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  shumate_map_zoom_in (GW_MAP_VIEW (widget)->map);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  shumate_map_zoom_out (GW_MAP_VIEW (widget)->map);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  gw_map_view_fit_grids (GW_MAP_VIEW (widget), TRUE);
}

static void
gw_map_view_dispose (GObject *object)
{
  GwMapView *self = (GwMapView *) object;

  g_clear_handle_id (&self->fit_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_MAP_VIEW);
  /* Template children that are not bound are ours to unparent too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))); )
    gtk_widget_unparent (child);
  g_clear_object (&self->reference);
  g_clear_object (&self->basemap);

  G_OBJECT_CLASS (gw_map_view_parent_class)->dispose (object);
}

static void
gw_map_view_class_init (GwMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_map_view_dispose;
  widget_class->measure = gw_map_view_measure;
  widget_class->size_allocate = gw_map_view_size_allocate;

  /* Emitted when a grid is clicked on the map. */
  signals[GRID_ACTIVATED] =
    g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_GRID);

  /* A case dot was clicked. */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The pointer rests on a case: fill in the tooltip. */
  signals[CASE_TOOLTIP] =
    g_signal_new ("case-tooltip", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, GTK_TYPE_TOOLTIP);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (SHUMATE_TYPE_LICENSE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GwMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, map);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, scale);
  gtk_widget_class_bind_template_child (widget_class, GwMapView, license);

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.fit", NULL, fit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "map.fit", NULL);

  gtk_widget_class_set_css_name (widget_class, "gw-map-view");
}

static void
gw_map_view_init (GwMapView *self)
{
  ShumateViewport *viewport;
  GtkGesture *click;
  GtkEventController *motion;

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
  self->case_layer = gw_case_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->case_layer));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), motion);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->map), TRUE);
  g_signal_connect (self->map, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
}
