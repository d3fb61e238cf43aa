/* gw-urgent-toasts.h: one toast for the urgent cases that keep arriving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-case.h"

G_BEGIN_DECLS

#define GW_TYPE_URGENT_TOASTS (gw_urgent_toasts_get_type ())
G_DECLARE_FINAL_TYPE (GwUrgentToasts, gw_urgent_toasts, GW, URGENT_TOASTS, GObject)

GwUrgentToasts *gw_urgent_toasts_new    (AdwToastOverlay *overlay);
/* Says that @kase arrived, urgent: in the toast already shown when there
 * is one ("3 new urgent cases"), else in a new one. */
void            gw_urgent_toasts_add    (GwUrgentToasts  *self,
                                         GwCase          *kase);
/* How many cases the toast on the screen speaks of (0: none shown). */
guint           gw_urgent_toasts_get_count (GwUrgentToasts *self);
const char     *gw_urgent_toasts_get_title (GwUrgentToasts *self);

G_END_DECLS
