/* gw-preferences-window.h: server and basemap settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GW_TYPE_PREFERENCES_WINDOW (gw_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, GW, PREFERENCES_WINDOW, AdwPreferencesWindow)

GwPreferencesWindow *gw_preferences_window_new           (GSettings           *settings);
gboolean             gw_preferences_window_set_mbtiles   (GwPreferencesWindow *self,
                                                          const char          *path,
                                                          GError             **error);
gboolean             gw_preferences_window_set_ca_file   (GwPreferencesWindow *self,
                                                          const char          *path,
                                                          GError             **error);

G_END_DECLS
