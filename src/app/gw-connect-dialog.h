/* gw-connect-dialog.h: the first-run question: which server, which token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GW_TYPE_CONNECT_DIALOG (gw_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GwConnectDialog, gw_connect_dialog, GW, CONNECT_DIALOG, AdwWindow)

GwConnectDialog *gw_connect_dialog_new (GtkWindow *parent);

G_END_DECLS
