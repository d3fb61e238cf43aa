/* gw-assign-popover.h: whom to assign a case to, best first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_ASSIGN_POPOVER (gw_assign_popover_get_type ())

G_DECLARE_FINAL_TYPE (GwAssignPopover, gw_assign_popover, GW, ASSIGN_POPOVER, GtkPopover)

GtkWidget  *gw_assign_popover_new         (const char      *case_id,
                                           GPtrArray       *ranked);
const char *gw_assign_popover_get_case_id (GwAssignPopover *self);
guint       gw_assign_popover_get_n_shown (GwAssignPopover *self);

G_END_DECLS
