/* fuzz-geojson.c: importing grids from a GeoJSON boundary file
 *
 * The file comes from anywhere a county's staff found one. Each input is
 * read as WGS84 and as GCJ-02; every grid accepted must then survive
 * what the app does with it: draw, search, store, send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-fuzz.h"
#include "gw-fuzz-geometry.h"
#include "gw-geojson.h"
#include "gw-grid.h"

static void
check_grid (GwGrid *grid)
{
  g_autoptr(JsonNode) json = gw_grid_to_json (grid);
  g_autoptr(GwGrid) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_utf8_validate (gw_grid_get_code (grid), -1, NULL));
  gw_fuzz_check_geometry (gw_grid_get_geometry (grid));

  /* The server sends it as the "grids" collection; a client reads it. */
  again = gw_grid_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_grid_get_code (again), ==, gw_grid_get_code (grid));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  static const GwCrs crs[] = { GW_CRS_WGS84, GW_CRS_GCJ02 };

  for (guint c = 0; c < G_N_ELEMENTS (crs); c++)
    {
      GwGeojsonOptions options = GW_GEOJSON_OPTIONS_INIT;
      g_auto(GStrv) warnings = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) grids = NULL;

      options.crs = crs[c];
      grids = gw_geojson_read_grids (bytes, &options, &warnings, &error);
      g_assert_true ((grids == NULL) == (error != NULL));
      if (grids == NULL)
        {
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          continue;
        }
      g_assert_cmpuint (grids->len, >, 0);
      for (guint i = 0; i < grids->len; i++)
        check_grid (g_ptr_array_index (grids, i));
    }
  return 0;
}
