/* gw-fuzz-geometry.c: what any geometry the importers accept must allow
 *
 * A geometry that was accepted is drawn, searched and stored: each of
 * those must work on it, and storing it must give back the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-fuzz-geometry.h"

void
gw_fuzz_check_geometry (GwGeometry *geometry)
{
  g_autoptr(GBytes) blob = gw_geometry_to_bytes (geometry);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GwGeometry) stored = NULL;
  g_autoptr(GError) error = NULL;
  const GwBounds *bounds = gw_geometry_get_bounds (geometry);
  double lon, lat;

  gw_geometry_get_area (geometry);
  gw_geometry_get_label_point (geometry, &lon, &lat);
  gw_geometry_contains (geometry, lon, lat);
  gw_geometry_contains (geometry, bounds->min_lon, bounds->min_lat);
  for (guint p = 0; p < gw_geometry_get_n_polygons (geometry); p++)
    for (guint r = 0; r < gw_geometry_get_n_rings (geometry, p); r++)
      {
        guint n_points;

        g_assert_nonnull (gw_geometry_get_ring (geometry, p, r, &n_points));
      }

  /* What the store writes it must read back, byte for byte. */
  stored = gw_geometry_new_from_bytes (blob, &error);
  g_assert_no_error (error);
  again = gw_geometry_to_bytes (stored);
  g_assert_true (g_bytes_equal (blob, again));
}
