/* gw-map-transform.h: unit-square Mercator to widget pixels, for one frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* Layers keep their geometry in normalised Mercator (0..1), computed once;
 * a frame only scales, translates and rotates it. This matches
 * shumate_viewport_location_to_widget_coords() without a call per vertex. */
typedef struct
{
  double world;       /* widget pixels per unit of normalised Mercator */
  double center_x;    /* viewport centre, in world pixels */
  double center_y;
  double half_width;
  double half_height;
  double cos_r;
  double sin_r;
  double rotation;    /* radians */
  double zoom;
} GwMapTransform;

gboolean gw_map_transform_init             (GwMapTransform       *t,
                                            ShumateViewport      *viewport,
                                            GtkWidget            *widget);
void     gw_map_transform_to_mercator      (const GwMapTransform *t,
                                            double                x,
                                            double                y,
                                            double               *mx,
                                            double               *my);
void     gw_map_transform_visible_mercator (const GwMapTransform *t,
                                            double               *min_x,
                                            double               *min_y,
                                            double               *max_x,
                                            double               *max_y);

/* Unrotated: callers that draw many points rotate the snapshot once. */
static inline void
gw_map_transform_to_screen (const GwMapTransform *t,
                            double                mx,
                            double                my,
                            double               *x,
                            double               *y)
{
  *x = mx * t->world - t->center_x + t->half_width;
  *y = my * t->world - t->center_y + t->half_height;
}

static inline void
gw_map_transform_to_screen_rotated (const GwMapTransform *t,
                                    double                mx,
                                    double                my,
                                    double               *x,
                                    double               *y)
{
  double dx = mx * t->world - t->center_x;
  double dy = my * t->world - t->center_y;

  *x = dx * t->cos_r - dy * t->sin_r + t->half_width;
  *y = dx * t->sin_r + dy * t->cos_r + t->half_height;
}

G_END_DECLS
