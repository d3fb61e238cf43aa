/* gw-mbtiles-source.h: raster tiles from an MBTiles file, for libshumate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gw-mbtiles.h"

G_BEGIN_DECLS

#define GW_TYPE_MBTILES_SOURCE (gw_mbtiles_source_get_type ())

G_DECLARE_FINAL_TYPE (GwMbtilesSource, gw_mbtiles_source, GW, MBTILES_SOURCE, ShumateDataSource)

GwMbtilesSource *gw_mbtiles_source_new         (const char      *path,
                                                GError         **error);
GwMbtiles       *gw_mbtiles_source_get_mbtiles (GwMbtilesSource *self);

G_END_DECLS
