/* gw-grid-labels.h: grid names as the map draws them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

cairo_surface_t *gw_grid_label_render    (GtkWidget     *widget,
                                          const char    *name,
                                          int            size,
                                          gboolean       bold,
                                          const GdkRGBA *fg,
                                          const GdkRGBA *bg);
double      gw_grid_label_estimate_width (const char    *name,
                                          int            size);

G_END_DECLS
