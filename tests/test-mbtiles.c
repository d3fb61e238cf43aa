/* test-mbtiles.c: raster MBTiles basemaps, and refusing vector ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "gw-error.h"
#include "gw-mbtiles-source.h"
#include "gw-test-util.h"

static void
on_tile (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_raster_tile (void)
{
  g_autofree char *path = gw_test_realdata_path ("tiles/mbutil/one_tile.mbtiles");
  g_autoptr(GwMbtilesSource) source = NULL;
  g_autoptr(GBytes) tile = NULL;
  g_autoptr(GBytes) direct = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GwMbtiles *mbtiles;

  if (path == NULL)
    {
      g_test_skip ("../shared/realdata/tiles is not here (fresh clone without the shared corpus)");
      return;
    }

  source = gw_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  mbtiles = gw_mbtiles_source_get_mbtiles (source);
  g_assert_cmpstr (gw_mbtiles_get_format (mbtiles), ==, "png");
  g_assert_cmpuint (gw_mbtiles_get_min_zoom (mbtiles), ==, 0);
  g_assert_cmpuint (gw_mbtiles_get_max_zoom (mbtiles), ==, 1);

  /* Through libshumate's data-source API, as the map asks for it. */
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), 0, 0, 0, NULL, on_tile, &tile);
  g_assert_true (gw_test_wait_until (gw_test_pointer_is_set, &tile, 5000));
  g_assert_cmpmem (g_bytes_get_data (tile, NULL), 8, "\x89PNG\r\n\x1a\n", 8);

  texture = gdk_texture_new_from_bytes (tile, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 256);

  /* Zoom 1 stores row 1 (TMS) for XYZ row 0. */
  direct = gw_mbtiles_get_tile (mbtiles, 1, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (direct), ==, 71403);
}

static void
test_missing_tile (void)
{
  g_autofree char *path = gw_test_realdata_path ("tiles/mbutil/one_tile.mbtiles");
  g_autoptr(GwMbtiles) mbtiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = NULL;

  if (path == NULL)
    {
      g_test_skip ("../shared/realdata/tiles is not here (fresh clone without the shared corpus)");
      return;
    }

  mbtiles = gw_mbtiles_open (path, &error);
  g_assert_no_error (error);
  none = gw_mbtiles_get_tile (mbtiles, 5, 3, 3, &error);
  g_assert_null (none);
  g_assert_error (error, GW_ERROR, GW_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = gw_mbtiles_get_tile (mbtiles, 1, 2, 0, &error);
  g_assert_null (none);
  g_assert_error (error, GW_ERROR, GW_ERROR_NOT_FOUND);
}

static void
test_vector_refused (void)
{
  const char *files[] = { "tiles/martin/world_cities.mbtiles", "tiles/martin/uncompressed_mvt.mbtiles" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = gw_test_realdata_path (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GwMbtilesSource) source = NULL;

      if (path == NULL)
        {
          g_test_skip ("../shared/realdata/tiles is not here (fresh clone without the shared corpus)");
          return;
        }

      source = gw_mbtiles_source_new (path, &error);
      g_assert_null (source);
      g_assert_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, "vector tiles"));
    }
}

static void
test_not_mbtiles (void)
{
  g_autofree char *path = gw_test_tmp_path ("not.mbtiles");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwMbtiles) mbtiles = NULL;

  g_assert_true (g_file_set_contents (path, "PNG? no.", -1, NULL));
  mbtiles = gw_mbtiles_open (path, &error);
  g_assert_null (mbtiles);
  g_assert_nonnull (error);

  g_clear_error (&error);
  mbtiles = gw_mbtiles_open ("/nonexistent/file.mbtiles", &error);
  g_assert_null (mbtiles);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/mbtiles/raster-tile", test_raster_tile);
  g_test_add_func ("/mbtiles/missing-tile", test_missing_tile);
  g_test_add_func ("/mbtiles/vector-refused", test_vector_refused);
  g_test_add_func ("/mbtiles/not-mbtiles", test_not_mbtiles);

  return g_test_run ();
}
