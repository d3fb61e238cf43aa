/* gw-place-dialog.h: placing a case that came without a point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-inspection-data.h"
#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_PLACE_DIALOG (gw_place_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GwPlaceDialog, gw_place_dialog, GW, PLACE_DIALOG, AdwWindow)

GwPlaceDialog *gw_place_dialog_new (GtkWindow        *parent,
                                    GwSession        *session,
                                    GwCase           *kase,
                                    const char       *category_name,
                                    GwInspectionData *targets);
gboolean       gw_place_dialog_get_location (GwPlaceDialog *self,
                                             double        *lat,
                                             double        *lon);

G_END_DECLS
