/* gw-grid-shape.h: a grid's outline in Mercator, simplified per zoom level
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "gw-grid.h"

G_BEGIN_DECLS

typedef struct _GwGridShape GwGridShape;

GwGridShape *gw_grid_shape_new    (GwGeometry  *geometry);
GwGridShape *gw_grid_shape_ref    (GwGridShape *shape);
void         gw_grid_shape_unref  (GwGridShape *shape);
void         gw_grid_shape_bounds (GwGridShape *shape,
                                   double      *min_x,
                                   double      *min_y,
                                   double      *max_x,
                                   double      *max_y);
void         gw_grid_shape_trace  (GwGridShape *shape,
                                   cairo_t     *cr,
                                   int          zoom,
                                   double       world,
                                   double       origin_x,
                                   double       origin_y);
gsize        gw_grid_shape_get_n_points (GwGridShape *shape,
                                         int          zoom);

G_END_DECLS
