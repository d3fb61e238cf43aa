/* gw-mbtiles.h: a raster MBTiles file, read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_TYPE_MBTILES (gw_mbtiles_get_type ())

G_DECLARE_FINAL_TYPE (GwMbtiles, gw_mbtiles, GW, MBTILES, GObject)

GwMbtiles  *gw_mbtiles_open          (const char  *path,
                                      GError     **error);
const char *gw_mbtiles_get_name      (GwMbtiles   *self);
const char *gw_mbtiles_get_format    (GwMbtiles   *self);
const char *gw_mbtiles_get_attribution (GwMbtiles *self);
guint       gw_mbtiles_get_min_zoom  (GwMbtiles   *self);
guint       gw_mbtiles_get_max_zoom  (GwMbtiles   *self);
GBytes     *gw_mbtiles_get_tile      (GwMbtiles   *self,
                                      guint        zoom,
                                      guint        x,
                                      guint        y,
                                      GError     **error);

G_END_DECLS
