/* gw-map-legend.h: what the colours and shapes on the map mean
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-grid-layer.h"

G_BEGIN_DECLS

#define GW_TYPE_MAP_LEGEND (gw_map_legend_get_type ())

G_DECLARE_FINAL_TYPE (GwMapLegend, gw_map_legend, GW, MAP_LEGEND, GtkWidget)

GtkWidget *gw_map_legend_new (GwGridLayer *grid_layer);

G_END_DECLS
