/* gw-geo.c: coordinate systems and bounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-geo"

#include "config.h"

#include <math.h>

#include "gw-geo.h"

/* GCJ-02 is WGS84 plus a published, deterministic offset computed on the
 * Krasovsky ellipsoid. Boundary data from Chinese map services (DataV,
 * Amap) is in GCJ-02, while raster tiles and GPS fixes are WGS84, so grids
 * must be converted on import or they sit a few hundred metres off. */
#define KRASOVSKY_A  6378245.0
#define KRASOVSKY_EE 0.00669342162296594323

gboolean
gw_crs_from_string (const char *name,
                    GwCrs      *crs)
{
  g_return_val_if_fail (crs != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (name, "wgs84") == 0)
    *crs = GW_CRS_WGS84;
  else if (g_ascii_strcasecmp (name, "gcj02") == 0 || g_ascii_strcasecmp (name, "gcj-02") == 0)
    *crs = GW_CRS_GCJ02;
  else
    return FALSE;

  return TRUE;
}

static gboolean
outside_china (double lon,
               double lat)
{
  /* The offset is only applied inside this box; outside, GCJ-02 equals WGS84. */
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

static double
offset_lat (double x,
            double y)
{
  double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x));

  ret += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  ret += (20.0 * sin (y * G_PI) + 40.0 * sin (y / 3.0 * G_PI)) * 2.0 / 3.0;
  ret += (160.0 * sin (y / 12.0 * G_PI) + 320.0 * sin (y * G_PI / 30.0)) * 2.0 / 3.0;
  return ret;
}

static double
offset_lon (double x,
            double y)
{
  double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x));

  ret += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  ret += (20.0 * sin (x * G_PI) + 40.0 * sin (x / 3.0 * G_PI)) * 2.0 / 3.0;
  ret += (150.0 * sin (x / 12.0 * G_PI) + 300.0 * sin (x / 30.0 * G_PI)) * 2.0 / 3.0;
  return ret;
}

void
gw_wgs84_to_gcj02 (double  wgs_lon,
                   double  wgs_lat,
                   double *gcj_lon,
                   double *gcj_lat)
{
  double dlat, dlon, rad_lat, magic, sqrt_magic;

  if (outside_china (wgs_lon, wgs_lat))
    {
      *gcj_lon = wgs_lon;
      *gcj_lat = wgs_lat;
      return;
    }

  dlat = offset_lat (wgs_lon - 105.0, wgs_lat - 35.0);
  dlon = offset_lon (wgs_lon - 105.0, wgs_lat - 35.0);
  rad_lat = wgs_lat / 180.0 * G_PI;
  magic = sin (rad_lat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  sqrt_magic = sqrt (magic);
  dlat = (dlat * 180.0) / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrt_magic) * G_PI);
  dlon = (dlon * 180.0) / (KRASOVSKY_A / sqrt_magic * cos (rad_lat) * G_PI);
  *gcj_lat = wgs_lat + dlat;
  *gcj_lon = wgs_lon + dlon;
}

void
gw_gcj02_to_wgs84 (double  gcj_lon,
                   double  gcj_lat,
                   double *wgs_lon,
                   double *wgs_lat)
{
  /* The forward transform has no closed-form inverse; a few fixed-point
   * iterations converge to well under a centimetre. */
  double lon = gcj_lon;
  double lat = gcj_lat;

  for (guint i = 0; i < 10; i++)
    {
      double fwd_lon, fwd_lat, dlon, dlat;

      gw_wgs84_to_gcj02 (lon, lat, &fwd_lon, &fwd_lat);
      dlon = fwd_lon - gcj_lon;
      dlat = fwd_lat - gcj_lat;
      lon -= dlon;
      lat -= dlat;
      if (fabs (dlon) < 1e-10 && fabs (dlat) < 1e-10)
        break;
    }

  *wgs_lon = lon;
  *wgs_lat = lat;
}

gboolean
gw_coordinate_is_valid (double lon,
                        double lat)
{
  return isfinite (lon) && isfinite (lat) &&
         lon >= -180.0 && lon <= 180.0 &&
         lat >= -90.0 && lat <= 90.0;
}

#define MERCATOR_MAX_LAT 85.0511287798

double
gw_mercator_x_from_lon (double lon)
{
  return (lon + 180.0) / 360.0;
}

double
gw_mercator_y_from_lat (double lat)
{
  double rad = CLAMP (lat, -MERCATOR_MAX_LAT, MERCATOR_MAX_LAT) * G_PI / 180.0;

  return (1.0 - log (tan (rad) + 1.0 / cos (rad)) / G_PI) / 2.0;
}

double
gw_mercator_lon_from_x (double x)
{
  return x * 360.0 - 180.0;
}

double
gw_mercator_lat_from_y (double y)
{
  double n = G_PI - 2.0 * G_PI * y;

  return 180.0 / G_PI * atan (0.5 * (exp (n) - exp (-n)));
}

void
gw_bounds_extend (GwBounds *bounds,
                  double    lon,
                  double    lat)
{
  bounds->min_lon = MIN (bounds->min_lon, lon);
  bounds->max_lon = MAX (bounds->max_lon, lon);
  bounds->min_lat = MIN (bounds->min_lat, lat);
  bounds->max_lat = MAX (bounds->max_lat, lat);
}

void
gw_bounds_union (GwBounds       *bounds,
                 const GwBounds *other)
{
  if (gw_bounds_is_empty (other))
    return;

  gw_bounds_extend (bounds, other->min_lon, other->min_lat);
  gw_bounds_extend (bounds, other->max_lon, other->max_lat);
}

gboolean
gw_bounds_is_empty (const GwBounds *bounds)
{
  return bounds->min_lon > bounds->max_lon || bounds->min_lat > bounds->max_lat;
}

gboolean
gw_bounds_contains (const GwBounds *bounds,
                    double          lon,
                    double          lat)
{
  return lon >= bounds->min_lon && lon <= bounds->max_lon &&
         lat >= bounds->min_lat && lat <= bounds->max_lat;
}

double
gw_distance_meters (double lon1,
                    double lat1,
                    double lon2,
                    double lat2)
{
  const double r = 6371008.8;
  double phi1 = lat1 * G_PI / 180.0;
  double phi2 = lat2 * G_PI / 180.0;
  double dphi = phi2 - phi1;
  double dlambda = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dphi / 2) * sin (dphi / 2) + cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2 * r * atan2 (sqrt (a), sqrt (1 - a));
}
