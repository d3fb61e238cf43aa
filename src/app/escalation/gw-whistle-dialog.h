/* gw-whistle-dialog.h: whistle a case up to the next level
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-case.h"

#include "gw-whistle-list.h"

G_BEGIN_DECLS

#define GW_TYPE_WHISTLE_DIALOG (gw_whistle_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GwWhistleDialog, gw_whistle_dialog, GW, WHISTLE_DIALOG, AdwMessageDialog)

GtkWidget  *gw_whistle_dialog_new        (GtkWindow       *parent,
                                          GwCase          *kase,
                                          GHashTable      *grids,
                                          GPtrArray       *departments,
                                          GwWhistleList   *list);
const char *gw_whistle_dialog_get_case_id (GwWhistleDialog *self);
JsonObject *gw_whistle_dialog_get_params (GwWhistleDialog *self);

G_END_DECLS
