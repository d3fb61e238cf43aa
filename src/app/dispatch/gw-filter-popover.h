/* gw-filter-popover.h: the controls of the shared case filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-filter.h"

G_BEGIN_DECLS

#define GW_TYPE_FILTER_POPOVER (gw_filter_popover_get_type ())

G_DECLARE_FINAL_TYPE (GwFilterPopover, gw_filter_popover, GW, FILTER_POPOVER, GtkPopover)

GtkWidget *gw_filter_popover_new            (GwCaseFilter    *filter);
void       gw_filter_popover_set_categories (GwFilterPopover *self,
                                             GPtrArray       *categories);
void       gw_filter_popover_set_grid       (GwFilterPopover *self,
                                             const char      *code,
                                             const char      *name);
guint      gw_filter_popover_count_active   (GwCaseFilter    *filter);

G_END_DECLS
