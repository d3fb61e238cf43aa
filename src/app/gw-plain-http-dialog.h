/* gw-plain-http-dialog.h: asks before a token goes unencrypted to the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-town-client.h"

G_BEGIN_DECLS

GtkWidget *gw_plain_http_dialog_new (GtkWindow    *parent,
                                     GSettings    *settings,
                                     GwTownClient *client);

G_END_DECLS
