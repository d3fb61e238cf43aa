/* gw-place-matches.h: the places a typed text may mean, in a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-inspection-data.h"
#include "gw-place-search.h"
#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_PLACE_MATCHES (gw_place_matches_get_type ())

G_DECLARE_FINAL_TYPE (GwPlaceMatches, gw_place_matches, GW, PLACE_MATCHES, GObject)

/* Fills @list; @targets may be NULL (the catalogue not loaded yet). */
GwPlaceMatches *gw_place_matches_new          (GwSession        *session,
                                               GwInspectionData *targets,
                                               GtkListBox       *list);
void            gw_place_matches_set_text     (GwPlaceMatches   *self,
                                               const char       *text);
/* The first match for the present text, now or as soon as it is found:
 * "place-chosen" says which. FALSE when there is no text to look for. */
gboolean        gw_place_matches_choose_first (GwPlaceMatches   *self);

G_END_DECLS
