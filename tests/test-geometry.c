/* test-geometry.c: polygons, point-in-polygon and coordinate systems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gw-error.h"
#include "gw-geometry.h"
#include "gw-json.h"
#include "gw-test-util.h"

static GwGeometry *
geometry_from_json (const char *json,
                    GwCrs       crs,
                    GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(JsonNode) node = gw_json_parse_bytes (bytes, NULL);

  g_assert_nonnull (node);
  return gw_geometry_new_from_geojson (node, crs, error);
}

/* A 10 x 10 square with a 4 x 4 hole in the middle. */
static const char *square_with_hole =
  "{\"type\":\"Polygon\",\"coordinates\":["
  "[[0,0],[10,0],[10,10],[0,10],[0,0]],"
  "[[3,3],[3,7],[7,7],[7,3],[3,3]]]}";

static void
test_contains_with_hole (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGeometry) g = geometry_from_json (square_with_hole, GW_CRS_WGS84, &error);

  g_assert_no_error (error);
  g_assert_true (gw_geometry_contains (g, 1, 1));
  g_assert_true (gw_geometry_contains (g, 9, 5));
  g_assert_false (gw_geometry_contains (g, 5, 5));      /* in the hole */
  g_assert_false (gw_geometry_contains (g, 11, 5));     /* outside */
  g_assert_false (gw_geometry_contains (g, -0.5, 5));
  g_assert_cmpfloat_with_epsilon (gw_geometry_get_area (g) / (110540.0 * 111320.0 * cos (5 * G_PI / 180)),
                                  100 - 16, 0.5);
}

static void
test_multipolygon (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGeometry) g = geometry_from_json (
    "{\"type\":\"MultiPolygon\",\"coordinates\":["
    "[[[0,0],[1,0],[1,1],[0,1],[0,0]]],"
    "[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}", GW_CRS_WGS84, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gw_geometry_get_n_polygons (g), ==, 2);
  g_assert_true (gw_geometry_contains (g, 0.5, 0.5));
  g_assert_true (gw_geometry_contains (g, 5.5, 5.5));
  g_assert_false (gw_geometry_contains (g, 3, 3));
}

static void
test_shared_edges (void)
{
  /* Two grids sharing the edge x = 1, and a third below sharing y = 0:
   * every point on a shared edge belongs to exactly one of them. */
  g_autoptr(GwGeometry) left = gw_geometry_new_rectangle (0, 0, 1, 1);
  g_autoptr(GwGeometry) right = gw_geometry_new_rectangle (1, 0, 2, 1);
  g_autoptr(GwGeometry) below = gw_geometry_new_rectangle (0, -1, 2, 0);
  const double points[][2] = {
    { 1, 0.5 }, { 1, 0.25 }, { 1, 0.999 }, { 0.5, 0 }, { 1.5, 0 }, { 0.3, 0.7 }, { 1.7, -0.2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      guint hits = gw_geometry_contains (left, points[i][0], points[i][1]) +
                   gw_geometry_contains (right, points[i][0], points[i][1]) +
                   gw_geometry_contains (below, points[i][0], points[i][1]);
      g_assert_cmpuint (hits, ==, 1);
    }
}

static void
test_unclosed_ring_is_closed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGeometry) g = geometry_from_json (
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,0],[2,2],[0,2]]]}", GW_CRS_WGS84, &error);
  guint n;
  const double *ring;

  g_assert_no_error (error);
  ring = gw_geometry_get_ring (g, 0, 0, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (ring[8], ==, 0);
  g_assert_cmpfloat (ring[9], ==, 0);
  g_assert_true (gw_geometry_contains (g, 1, 1));
}

static void
test_invalid_geometries (void)
{
  const struct { const char *json; const char *message; } cases[] = {
    { "{\"type\":\"Point\",\"coordinates\":[1,2]}", "not a Polygon" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[0,0]]]}", "at least 4" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[200,0],[1,1],[0,0]]]}", "outside longitude" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,91],[1,1],[0,0]]]}", "outside longitude" },
    { "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[\"1\",0],[1,1],[0,0]]]}", "not a pair of numbers" },
    { "{\"type\":\"Polygon\",\"coordinates\":[]}", "no rings" },
    { "{\"type\":\"MultiPolygon\",\"coordinates\":\"@@abc\"}", "no polygons" },
    { "{\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}", "not a Polygon" },
    { "[1,2,3]", "no geometry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwGeometry) g = geometry_from_json (cases[i].json, GW_CRS_WGS84, &error);

      g_assert_null (g);
      g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not mention “%s”", i, error->message, cases[i].message);
    }
}

static void
test_gcj02 (void)
{
  /* Zoucheng's centre: GCJ-02 shifts it by a few hundred metres, and the
   * inverse brings it back to well under a centimetre. */
  double gcj_lon, gcj_lat, lon, lat;

  gw_wgs84_to_gcj02 (116.97, 35.40, &gcj_lon, &gcj_lat);
  g_assert_cmpfloat (gw_distance_meters (116.97, 35.40, gcj_lon, gcj_lat), >, 100);
  g_assert_cmpfloat (gw_distance_meters (116.97, 35.40, gcj_lon, gcj_lat), <, 1000);

  gw_gcj02_to_wgs84 (gcj_lon, gcj_lat, &lon, &lat);
  g_assert_cmpfloat (gw_distance_meters (116.97, 35.40, lon, lat), <, 0.01);

  /* Outside China nothing moves. */
  gw_wgs84_to_gcj02 (13.4, 52.5, &gcj_lon, &gcj_lat);
  g_assert_cmpfloat (gcj_lon, ==, 13.4);
  g_assert_cmpfloat (gcj_lat, ==, 52.5);
}

static void
test_gcj02_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGeometry) wgs = geometry_from_json (square_with_hole, GW_CRS_WGS84, &error);
  g_autoptr(GwGeometry) china = geometry_from_json (
    "{\"type\":\"Polygon\",\"coordinates\":[[[116.9,35.3],[117.0,35.3],[117.0,35.4],[116.9,35.4],[116.9,35.3]]]}",
    GW_CRS_GCJ02, &error);
  const double *ring;
  guint n;
  double lon, lat;

  g_assert_no_error (error);
  ring = gw_geometry_get_ring (china, 0, 0, &n);
  gw_gcj02_to_wgs84 (116.9, 35.3, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (ring[0], lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (ring[1], lat, 1e-9);
  g_assert_cmpfloat (fabs (ring[0] - 116.9), >, 1e-4);
}

static void
test_bytes_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGeometry) g = geometry_from_json (square_with_hole, GW_CRS_WGS84, &error);
  g_autoptr(GBytes) bytes = gw_geometry_to_bytes (g);
  g_autoptr(GwGeometry) back = gw_geometry_new_from_bytes (bytes, &error);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_no_error (error);
  g_assert_cmpuint (gw_geometry_get_n_points (back), ==, gw_geometry_get_n_points (g));
  g_assert_cmpfloat (gw_geometry_get_area (back), ==, gw_geometry_get_area (g));
  g_assert_false (gw_geometry_contains (back, 5, 5));

  /* Every truncation and a corrupted count are refused, never read past. */
  for (gsize cut = 0; cut < len; cut += 7)
    {
      g_autoptr(GBytes) truncated = g_bytes_new (data, cut);
      g_autoptr(GError) cut_error = NULL;
      g_autoptr(GwGeometry) none = gw_geometry_new_from_bytes (truncated, &cut_error);

      g_assert_null (none);
      g_assert_error (cut_error, GW_ERROR, GW_ERROR_INVALID_DATA);
    }

  {
    g_autofree guint8 *copy = g_memdup2 (data, len);
    g_autoptr(GBytes) damaged = NULL;
    g_autoptr(GError) damage_error = NULL;
    g_autoptr(GwGeometry) none = NULL;

    copy[4] = 0xff;   /* polygon count */
    damaged = g_bytes_new (copy, len);
    none = gw_geometry_new_from_bytes (damaged, &damage_error);
    g_assert_null (none);
    g_assert_error (damage_error, GW_ERROR, GW_ERROR_INVALID_DATA);
  }
}

static void
test_label_point (void)
{
  /* An L shape: the bounding-box centre is outside it, the label is not. */
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGeometry) l = geometry_from_json (
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,2],[2,2],[2,10],[0,10],[0,0]]]}",
    GW_CRS_WGS84, &error);
  g_autoptr(GwGeometry) ring = geometry_from_json (square_with_hole, GW_CRS_WGS84, &error);
  double lon, lat;

  g_assert_false (gw_geometry_contains (l, 5, 5));
  gw_geometry_get_label_point (l, &lon, &lat);
  g_assert_true (gw_geometry_contains (l, lon, lat));

  gw_geometry_get_label_point (ring, &lon, &lat);
  g_assert_true (gw_geometry_contains (ring, lon, lat));
}

static void
test_geojson_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGeometry) g = geometry_from_json (square_with_hole, GW_CRS_WGS84, &error);
  g_autoptr(JsonNode) node = gw_geometry_to_geojson (g);
  g_autoptr(GwGeometry) back = gw_geometry_new_from_geojson (node, GW_CRS_WGS84, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (gw_geometry_get_n_points (back), ==, gw_geometry_get_n_points (g));
  g_assert_cmpfloat (gw_geometry_get_area (back), ==, gw_geometry_get_area (g));
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/geometry/contains-with-hole", test_contains_with_hole);
  g_test_add_func ("/geometry/multipolygon", test_multipolygon);
  g_test_add_func ("/geometry/shared-edges", test_shared_edges);
  g_test_add_func ("/geometry/unclosed-ring", test_unclosed_ring_is_closed);
  g_test_add_func ("/geometry/invalid", test_invalid_geometries);
  g_test_add_func ("/geometry/gcj02", test_gcj02);
  g_test_add_func ("/geometry/gcj02-import", test_gcj02_import);
  g_test_add_func ("/geometry/bytes-roundtrip", test_bytes_roundtrip);
  g_test_add_func ("/geometry/label-point", test_label_point);
  g_test_add_func ("/geometry/geojson-roundtrip", test_geojson_roundtrip);

  return g_test_run ();
}
