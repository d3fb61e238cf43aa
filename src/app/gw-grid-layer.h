/* gw-grid-layer.h: every grid of the county, drawn in one pass
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gw-grid.h"

G_BEGIN_DECLS

#define GW_TYPE_GRID_LAYER (gw_grid_layer_get_type ())

G_DECLARE_FINAL_TYPE (GwGridLayer, gw_grid_layer, GW, GRID_LAYER, ShumateLayer)

GwGridLayer *gw_grid_layer_new          (ShumateViewport *viewport);
void         gw_grid_layer_set_grids    (GwGridLayer     *self,
                                         GPtrArray       *grids);
guint        gw_grid_layer_get_n_grids  (GwGridLayer     *self);
gboolean     gw_grid_layer_get_bounds   (GwGridLayer     *self,
                                         GwBounds        *bounds);
void         gw_grid_layer_set_selected (GwGridLayer     *self,
                                         const char      *code);
const char  *gw_grid_layer_get_selected (GwGridLayer     *self);
void         gw_grid_layer_set_hovered  (GwGridLayer     *self,
                                         GwGrid          *grid);
GwGrid      *gw_grid_layer_get_grid_at  (GwGridLayer     *self,
                                         double           x,
                                         double           y);
void         gw_grid_layer_get_fill_rgba (GwGridLayer    *self,
                                          GwGrid         *grid,
                                          GdkRGBA        *rgba);

G_END_DECLS
