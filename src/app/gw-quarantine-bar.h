/* gw-quarantine-bar.h: tells the dispatcher which feed items could not be read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_QUARANTINE_BAR (gw_quarantine_bar_get_type ())

G_DECLARE_FINAL_TYPE (GwQuarantineBar, gw_quarantine_bar, GW, QUARANTINE_BAR, GtkWidget)

GtkWidget  *gw_quarantine_bar_new         (void);
void        gw_quarantine_bar_set_session (GwQuarantineBar *self,
                                           GwSession       *session);
guint       gw_quarantine_bar_get_count   (GwQuarantineBar *self);
const char *gw_quarantine_bar_get_text    (GwQuarantineBar *self);
GtkWidget  *gw_quarantine_bar_get_list    (GwQuarantineBar *self);

G_END_DECLS
