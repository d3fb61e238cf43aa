/* gw-map-transform.c: unit-square Mercator to widget pixels, for one frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gw-map-transform.h"

gboolean
gw_map_transform_init (GwMapTransform  *t,
                       ShumateViewport *viewport,
                       GtkWidget       *widget)
{
  ShumateMapSource *ref = shumate_viewport_get_reference_map_source (viewport);
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));

  if (ref == NULL)
    return FALSE;

  /* Ask the map source rather than assume 256-pixel tiles. */
  t->world = shumate_map_source_get_x (ref, zoom, 180.0) - shumate_map_source_get_x (ref, zoom, -180.0);
  t->center_x = shumate_map_source_get_x (ref, zoom, lon);
  t->center_y = shumate_map_source_get_y (ref, zoom, lat);
  t->half_width = gtk_widget_get_width (widget) / 2.0;
  t->half_height = gtk_widget_get_height (widget) / 2.0;
  t->rotation = shumate_viewport_get_rotation (viewport);
  t->zoom = zoom;
  t->cos_r = cos (t->rotation);
  t->sin_r = sin (t->rotation);

  return t->world > 0;
}

void
gw_map_transform_to_mercator (const GwMapTransform *t,
                              double                x,
                              double                y,
                              double               *mx,
                              double               *my)
{
  double dx = x - t->half_width;
  double dy = y - t->half_height;
  double ux = dx * t->cos_r + dy * t->sin_r;
  double uy = -dx * t->sin_r + dy * t->cos_r;

  *mx = (ux + t->center_x) / t->world;
  *my = (uy + t->center_y) / t->world;
}

void
gw_map_transform_visible_mercator (const GwMapTransform *t,
                                   double               *min_x,
                                   double               *min_y,
                                   double               *max_x,
                                   double               *max_y)
{
  /* Under rotation the visible area is the circle around the corners. */
  double r = (t->rotation != 0 ? hypot (t->half_width, t->half_height)
                               : MAX (t->half_width, t->half_height));
  double rx = t->rotation != 0 ? r : t->half_width;
  double ry = t->rotation != 0 ? r : t->half_height;

  *min_x = (t->center_x - rx) / t->world;
  *max_x = (t->center_x + rx) / t->world;
  *min_y = (t->center_y - ry) / t->world;
  *max_y = (t->center_y + ry) / t->world;
}
