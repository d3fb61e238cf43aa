/* gw-geo.h: coordinate systems and bounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_CRS_WGS84,
  GW_CRS_GCJ02,
} GwCrs;

typedef struct
{
  double min_lon;
  double min_lat;
  double max_lon;
  double max_lat;
} GwBounds;

#define GW_BOUNDS_EMPTY ((GwBounds) { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE })

gboolean gw_crs_from_string          (const char     *name,
                                      GwCrs          *crs);
void     gw_gcj02_to_wgs84           (double          gcj_lon,
                                      double          gcj_lat,
                                      double         *wgs_lon,
                                      double         *wgs_lat);
void     gw_wgs84_to_gcj02           (double          wgs_lon,
                                      double          wgs_lat,
                                      double         *gcj_lon,
                                      double         *gcj_lat);
gboolean gw_coordinate_is_valid      (double          lon,
                                      double          lat);

/* Web Mercator, normalised to the unit square: x grows east, y grows south. */
double   gw_mercator_x_from_lon      (double          lon);
double   gw_mercator_y_from_lat      (double          lat);
double   gw_mercator_lon_from_x      (double          x);
double   gw_mercator_lat_from_y      (double          y);

void     gw_bounds_extend            (GwBounds       *bounds,
                                      double          lon,
                                      double          lat);
void     gw_bounds_union             (GwBounds       *bounds,
                                      const GwBounds *other);
gboolean gw_bounds_is_empty          (const GwBounds *bounds);
gboolean gw_bounds_contains          (const GwBounds *bounds,
                                      double          lon,
                                      double          lat);
double   gw_distance_meters          (double          lon1,
                                      double          lat1,
                                      double          lon2,
                                      double          lat2);

G_END_DECLS
