/* gw-card-button.h: a button on a map card that acts through the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void gw_card_button_bind (GtkButton  *button,
                          const char *action,
                          GVariant   *target);

G_END_DECLS
