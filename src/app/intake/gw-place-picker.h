/* gw-place-picker.h: a small map of the county to click a place on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_PLACE_PICKER (gw_place_picker_get_type ())

G_DECLARE_FINAL_TYPE (GwPlacePicker, gw_place_picker, GW, PLACE_PICKER, GtkWidget)

GtkWidget *gw_place_picker_new          (void);
void       gw_place_picker_set_grids    (GwPlacePicker *self,
                                         GPtrArray     *grids);
/* Marks the place and brings it into view. */
void       gw_place_picker_set_location (GwPlacePicker *self,
                                         double         lat,
                                         double         lon);
gboolean   gw_place_picker_get_location (GwPlacePicker *self,
                                         double        *lat,
                                         double        *lon);
void       gw_place_picker_clear        (GwPlacePicker *self);
/* What a click at @x, @y (widget coordinates) does: the place there. */
void       gw_place_picker_pick_at      (GwPlacePicker *self,
                                         double         x,
                                         double         y);

G_END_DECLS
