/* gw-place-input.h: where a case is, typed or clicked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-inspection-data.h"
#include "gw-place-picker.h"
#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_PLACE_INPUT (gw_place_input_get_type ())

G_DECLARE_FINAL_TYPE (GwPlaceInput, gw_place_input, GW, PLACE_INPUT, GObject)

/* Drives the parts a dialog lays out as it likes: the entry a place is
 * typed in, the list of what it may mean, the label that says what was
 * chosen and the map it can be clicked on. "located" says a place was
 * chosen either way. @targets may be NULL. */
GwPlaceInput *gw_place_input_new          (GwSession        *session,
                                           GwInspectionData *targets,
                                           AdwEntryRow      *entry,
                                           GtkListBox       *list,
                                           GtkLabel         *label,
                                           GwPlacePicker    *picker);
gboolean      gw_place_input_get_location (GwPlaceInput     *self,
                                           double           *lat,
                                           double           *lon);
/* As if clicked on the map there. */
void          gw_place_input_set_location (GwPlaceInput     *self,
                                           double            lat,
                                           double            lon);
/* Enter in the entry: TRUE when it went to choosing a place (one is
 * listed or still being looked for), FALSE when the dialog may go on. */
gboolean      gw_place_input_take_enter   (GwPlaceInput     *self);

G_END_DECLS
