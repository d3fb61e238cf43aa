/* gw-grid-sidebar.h: the grid hierarchy as a searchable tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-grid.h"

G_BEGIN_DECLS

#define GW_TYPE_GRID_SIDEBAR (gw_grid_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (GwGridSidebar, gw_grid_sidebar, GW, GRID_SIDEBAR, GtkWidget)

void        gw_grid_sidebar_set_grids     (GwGridSidebar *self,
                                           GPtrArray     *grids);
void        gw_grid_sidebar_select        (GwGridSidebar *self,
                                           const char    *code);
GwGrid     *gw_grid_sidebar_get_selected  (GwGridSidebar *self);
void        gw_grid_sidebar_focus_search  (GwGridSidebar *self);
guint       gw_grid_sidebar_get_n_visible (GwGridSidebar *self);

G_END_DECLS
