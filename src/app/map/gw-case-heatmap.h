/* gw-case-heatmap.h: the density of the shown cases, as one texture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-points.h"
#include "gw-map-transform.h"

G_BEGIN_DECLS

#define GW_CASE_HEATMAP_CELL 4

GdkTexture *gw_case_heatmap_render (GwCasePoints         *points,
                                    const GwMapTransform *t);

G_END_DECLS
