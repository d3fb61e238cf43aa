/* gw-place-picker.c: a small map of the county to click a place on
 *
 * The county's grids as the main map draws them, and a pin where the
 * place is. A click puts the pin there and says so ("picked"), inside
 * the county only ("missed" outside: the server would refuse it); a place
 * typed elsewhere in the form moves the pin and the view to it. The map
 * fits the county once it knows its size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-place-picker"

#include "config.h"

#include <math.h>

#include <shumate/shumate.h>

#include "gw-basemap.h"
#include "gw-geo.h"
#include "gw-grid-layer.h"
#include "gw-place-picker.h"

/* Close enough to tell one side of a street from the other. */
#define PLACE_ZOOM 15.0

struct _GwPlacePicker
{
  GtkWidget parent_instance;

  ShumateMap *map;
  ShumateMapSource *reference;
  GwGridLayer *grid_layer;
  ShumateMarkerLayer *marker_layer;
  ShumateMarker *marker;
  GPtrArray *grids;           /* of GwGrid: where a click may pick */
  gboolean located;
  gboolean fit_pending;
};

G_DEFINE_FINAL_TYPE (GwPlacePicker, gw_place_picker, GTK_TYPE_WIDGET)

enum {
  PICKED,
  MISSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fit_county (GwPlacePicker *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double width = gtk_widget_get_width (GTK_WIDGET (self->map));
  double height = gtk_widget_get_height (GTK_WIDGET (self->map));
  double tile = shumate_map_source_get_tile_size (self->reference);
  double min_x, min_y, max_x, max_y, zoom;
  GwBounds bounds;

  if (!gw_grid_layer_get_bounds (self->grid_layer, &bounds))
    return;
  if (width < 2 || height < 2)
    {
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;
  min_x = gw_mercator_x_from_lon (bounds.min_lon), max_x = gw_mercator_x_from_lon (bounds.max_lon);
  min_y = gw_mercator_y_from_lat (bounds.max_lat), max_y = gw_mercator_y_from_lat (bounds.min_lat);
  zoom = log2 (MIN (width * 0.9 / (MAX (max_x - min_x, 1e-12) * tile), height * 0.9 / (MAX (max_y - min_y, 1e-12) * tile)));
  zoom = CLAMP (zoom, shumate_viewport_get_min_zoom_level (viewport), shumate_viewport_get_max_zoom_level (viewport));
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (self->map, gw_mercator_lat_from_y ((min_y + max_y) / 2),
                         gw_mercator_lon_from_x ((min_x + max_x) / 2));
}

static void
gw_place_picker_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  GwPlacePicker *self = GW_PLACE_PICKER (widget);

  gtk_widget_allocate (GTK_WIDGET (self->map), width, height, baseline, NULL);
  if (self->fit_pending && width > 1 && height > 1)
    fit_county (self);
}

static void
show_marker (GwPlacePicker *self,
             double         lat,
             double         lon)
{
  shumate_location_set_location (SHUMATE_LOCATION (self->marker), lat, lon);
  if (gtk_widget_get_parent (GTK_WIDGET (self->marker)) == NULL)
    shumate_marker_layer_add_marker (self->marker_layer, self->marker);
  gtk_widget_set_visible (GTK_WIDGET (self->marker), TRUE);
  self->located = TRUE;
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GwPlacePicker   *self)
{
  /* A drag pans the map; only a click picks. */
  if (n_press == 1)
    gw_place_picker_pick_at (self, x, y);
}

/* The server takes a case only inside the county: a click outside every
 * grid picks nothing, and says so. */
static gboolean
in_county (GwPlacePicker *self,
           double         lat,
           double         lon)
{
  for (guint i = 0; self->grids && i < self->grids->len; i++)
    {
      GwGeometry *geometry = gw_grid_get_geometry (g_ptr_array_index (self->grids, i));

      if (geometry && gw_geometry_contains (geometry, lon, lat))
        return TRUE;
    }
  return FALSE;
}

void
gw_place_picker_pick_at (GwPlacePicker *self,
                         double         x,
                         double         y)
{
  double lat, lon;

  g_return_if_fail (GW_IS_PLACE_PICKER (self));

  shumate_viewport_widget_coords_to_location (shumate_map_get_viewport (self->map), GTK_WIDGET (self->map),
                                              x, y, &lat, &lon);
  if (!in_county (self, lat, lon))
    {
      g_signal_emit (self, signals[MISSED], 0);
      return;
    }
  show_marker (self, lat, lon);
  g_signal_emit (self, signals[PICKED], 0, lat, lon);
}

GtkWidget *
gw_place_picker_new (void)
{
  return g_object_new (GW_TYPE_PLACE_PICKER, NULL);
}

void
gw_place_picker_set_grids (GwPlacePicker *self,
                           GPtrArray     *grids)
{
  g_return_if_fail (GW_IS_PLACE_PICKER (self));

  g_clear_pointer (&self->grids, g_ptr_array_unref);
  self->grids = grids ? g_ptr_array_ref (grids) : NULL;
  gw_grid_layer_set_grids (self->grid_layer, grids);
  if (!self->located)
    fit_county (self);
}

void
gw_place_picker_set_location (GwPlacePicker *self,
                              double         lat,
                              double         lon)
{
  g_return_if_fail (GW_IS_PLACE_PICKER (self));

  show_marker (self, lat, lon);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (self->map),
                                   MIN (PLACE_ZOOM, shumate_map_source_get_max_zoom_level (self->reference)));
  shumate_map_center_on (self->map, lat, lon);
}

gboolean
gw_place_picker_get_location (GwPlacePicker *self,
                              double        *lat,
                              double        *lon)
{
  g_return_val_if_fail (GW_IS_PLACE_PICKER (self), FALSE);

  if (!self->located)
    return FALSE;
  *lat = shumate_location_get_latitude (SHUMATE_LOCATION (self->marker));
  *lon = shumate_location_get_longitude (SHUMATE_LOCATION (self->marker));
  return TRUE;
}

void
gw_place_picker_clear (GwPlacePicker *self)
{
  g_return_if_fail (GW_IS_PLACE_PICKER (self));

  self->located = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->marker), FALSE);
}

static void
gw_place_picker_dispose (GObject *object)
{
  GwPlacePicker *self = GW_PLACE_PICKER (object);

  g_clear_pointer ((GtkWidget **) &self->map, gtk_widget_unparent);
  g_clear_object (&self->reference);
  g_clear_object (&self->marker);
  g_clear_pointer (&self->grids, g_ptr_array_unref);
  G_OBJECT_CLASS (gw_place_picker_parent_class)->dispose (object);
}

static void
gw_place_picker_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GwPlacePicker *self = GW_PLACE_PICKER (widget);
  int map_minimum = 0, map_natural = 0;

  gtk_widget_measure (GTK_WIDGET (self->map), orientation, for_size, &map_minimum, &map_natural, NULL, NULL);
  /* Room enough to aim a click at a street. */
  *minimum = MAX (map_minimum, orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 280);
  *natural = MAX (map_natural, orientation == GTK_ORIENTATION_HORIZONTAL ? 520 : 420);
}

static void
gw_place_picker_class_init (GwPlacePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_place_picker_dispose;
  widget_class->measure = gw_place_picker_measure;
  widget_class->size_allocate = gw_place_picker_size_allocate;

  /* The place a click picked, WGS84. */
  signals[PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* A click outside the county's grids. */
  signals[MISSED] = g_signal_new ("missed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "gw-place-picker");
}

static void
gw_place_picker_init (GwPlacePicker *self)
{
  ShumateViewport *viewport;
  GtkGesture *click;
  GtkWidget *pin;

  self->map = shumate_map_new ();
  gtk_widget_set_parent (GTK_WIDGET (self->map), GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self->map), "gw-map");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  viewport = shumate_map_get_viewport (self->map);
  self->reference = gw_basemap_new_reference ();
  shumate_viewport_set_reference_map_source (viewport, self->reference);
  shumate_viewport_set_min_zoom_level (viewport, 2);
  shumate_viewport_set_max_zoom_level (viewport, shumate_map_source_get_max_zoom_level (self->reference));

  self->grid_layer = gw_grid_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->grid_layer));
  self->marker_layer = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->marker_layer));
  self->marker = shumate_marker_new ();
  pin = gtk_image_new_from_icon_name ("mark-location-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (pin), 32);
  gtk_widget_add_css_class (pin, "gw-place-pin");
  /* The pin's point, not its middle, on the place. */
  gtk_widget_set_margin_bottom (pin, 32);
  shumate_marker_set_child (self->marker, pin);
  /* Added at the first place: an empty layer has nothing to draw. */
  g_object_ref_sink (self->marker);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));
}
