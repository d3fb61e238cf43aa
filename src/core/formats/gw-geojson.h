/* gw-geojson.h: reading grids from GeoJSON boundary files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-geo.h"

G_BEGIN_DECLS

typedef struct
{
  GwCrs crs;
  /* Property names; NULL picks the first of the usual names that is present. */
  const char *code_property;
  const char *name_property;
  const char *level_property;
  const char *parent_property;
} GwGeojsonOptions;

#define GW_GEOJSON_OPTIONS_INIT ((GwGeojsonOptions) { GW_CRS_WGS84, NULL, NULL, NULL, NULL })

GPtrArray *gw_geojson_read_grids (GBytes                 *data,
                                  const GwGeojsonOptions *options,
                                  char                 ***warnings,
                                  GError                **error);

G_END_DECLS
