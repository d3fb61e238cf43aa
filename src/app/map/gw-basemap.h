/* gw-basemap.h: what is drawn under the grids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

typedef enum
{
  GW_BASEMAP_NONE,
  GW_BASEMAP_XYZ,
  GW_BASEMAP_MBTILES,
} GwBasemapKind;

ShumateMapSource *gw_basemap_new             (GwBasemapKind   kind,
                                              const char     *xyz_url,
                                              const char     *mbtiles_path,
                                              GError        **error);
ShumateMapSource *gw_basemap_new_from_settings (GSettings    *settings,
                                                GError      **error);
ShumateMapSource *gw_basemap_new_reference   (void);

G_END_DECLS
