/* bench-grids.c: importing real boundaries and finding the grid at a point
 *
 * Prints:
 *   bench import-berlin grids=448 parse_ms=… store_ms=… total_ms=…
 *   bench grid-at set=… grids=… lookups=… lookups_per_s=… linear_scan_per_s=… ratio=…
 *
 * The reference for grid-at is a linear scan over every grid's polygon.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-bench-util.h"

#include <glib/gstdio.h>

#include "gw-demo-dataset.h"
#include "gw-geojson.h"
#include "gw-store.h"
#include "gw-server-schema.h"

#define IMPORT_RUNS 5
#define LOOKUPS 200000

static void
bench_import (const char *tmpdir)
{
  const char *shared = g_getenv ("GW_SHARED_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  double parse_ms[IMPORT_RUNS], store_ms[IMPORT_RUNS], total_ms[IMPORT_RUNS];
  guint n = 0;

  char *contents;
  gsize len;

  path = g_build_filename (shared ? shared : "../shared", "realdata", "geo", "city_grids",
                           "berlin-lor-planning-areas-until-2020.geojson", NULL);
  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      g_printerr ("bench-grids: %s is missing; skipping the import benchmark\n", path);
      return;
    }
  bytes = g_bytes_new_take (contents, len);

  for (guint run = 0; run < IMPORT_RUNS; run++)
    {
      g_autofree char *db = g_strdup_printf ("%s/berlin-%u.sqlite", tmpdir, run);
      g_autoptr(GwStore) store = gw_server_store_open (db, NULL);
      g_autoptr(GPtrArray) grids = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0, t1, t2;

      t0 = g_get_monotonic_time ();
      grids = gw_geojson_read_grids (bytes, NULL, NULL, &error);
      t1 = g_get_monotonic_time ();
      if (grids == NULL || !gw_store_import_grids (store, grids, &error))
        g_error ("import failed: %s", error->message);
      t2 = g_get_monotonic_time ();

      n = grids->len;
      parse_ms[run] = (t1 - t0) / 1000.0;
      store_ms[run] = (t2 - t1) / 1000.0;
      total_ms[run] = (t2 - t0) / 1000.0;
    }

  g_print ("bench import-berlin grids=%u parse_ms=%.1f store_ms=%.1f total_ms=%.1f runs=%d\n",
           n, gw_bench_median (parse_ms, IMPORT_RUNS), gw_bench_median (store_ms, IMPORT_RUNS),
           gw_bench_median (total_ms, IMPORT_RUNS), IMPORT_RUNS);
}

static void
measure_grid_at (const char *label,
                 GwStore    *store)
{
  g_autoptr(GPtrArray) grids = gw_store_list_grids (store, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (370883);
  g_autofree double *points = g_new (double, 2 * LOOKUPS);
  GwBounds bounds = GW_BOUNDS_EMPTY;
  guint found = 0, found_linear = 0, linear_n = LOOKUPS / 20;
  gint64 t0, t1;
  double per_s, linear_per_s;

  for (guint i = 0; i < grids->len; i++)
    gw_bounds_union (&bounds, gw_geometry_get_bounds (gw_grid_get_geometry (g_ptr_array_index (grids, i))));

  for (guint i = 0; i < LOOKUPS; i++)
    {
      points[2 * i] = g_rand_double_range (rand, bounds.min_lon, bounds.max_lon);
      points[2 * i + 1] = g_rand_double_range (rand, bounds.min_lat, bounds.max_lat);
    }

  /* Warm the decoded-grid cache, as a running server has it warm. */
  g_object_unref (gw_store_lookup_grid (store, gw_grid_get_code (g_ptr_array_index (grids, 0))));

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < LOOKUPS; i++)
    {
      g_autoptr(GwGrid) grid = gw_store_grid_at (store, points[2 * i + 1], points[2 * i]);
      found += grid != NULL;
    }
  t1 = g_get_monotonic_time ();
  per_s = LOOKUPS / ((t1 - t0) / 1e6);

  /* Reference: test every grid, bounding box first, deepest match wins. */
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < linear_n; i++)
    {
      GwGrid *best = NULL;

      for (guint j = 0; j < grids->len; j++)
        {
          GwGrid *grid = g_ptr_array_index (grids, j);
          if (gw_geometry_contains (gw_grid_get_geometry (grid), points[2 * i], points[2 * i + 1]) &&
              (best == NULL || gw_grid_get_level (grid) > gw_grid_get_level (best)))
            best = grid;
        }
      found_linear += best != NULL;
    }
  t1 = g_get_monotonic_time ();
  linear_per_s = linear_n / ((t1 - t0) / 1e6);

  g_print ("bench grid-at set=%s grids=%u lookups=%u hits=%u lookups_per_s=%.0f linear_scan_per_s=%.0f ratio=%.2f\n",
           label, grids->len, LOOKUPS, found, per_s, linear_per_s, per_s / linear_per_s);
}

static void
bench_grid_at (const char *tmpdir)
{
  g_autofree char *demo_db = g_strdup_printf ("%s/demo.sqlite", tmpdir);
  g_autofree char *big_db = g_strdup_printf ("%s/county-5000.sqlite", tmpdir);
  g_autoptr(GwStore) demo = gw_server_store_open (demo_db, NULL);
  g_autoptr(GwStore) big = gw_server_store_open (big_db, NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (!gw_demo_dataset_load (demo, NULL, &error))
    g_error ("%s", error->message);
  measure_grid_at ("demo", demo);

  /* A county of 5,000 unit grids (a 100 x 50 lattice), the scale of the
   * map benchmarks. */
  for (guint y = 0; y < 50; y++)
    for (guint x = 0; x < 100; x++)
      {
        g_autofree char *code = g_strdup_printf ("370883%03u%03u%03u", y / 10 + 1, x / 10 + 1, (y % 10) * 10 + x % 10 + 1);
        g_autoptr(GwGeometry) g = gw_geometry_new_rectangle (116.5 + x * 0.01, 35.2 + y * 0.01,
                                                             116.5 + (x + 1) * 0.01, 35.2 + (y + 1) * 0.01);
        g_ptr_array_add (cells, gw_grid_new (code, code, GW_GRID_LEVEL_GRID, NULL, g));
      }
  if (!gw_store_import_grids (big, cells, &error))
    g_error ("%s", error->message);
  measure_grid_at ("lattice-5000", big);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("gw-bench-XXXXXX", &error);

  g_assert_no_error (error);
  bench_import (tmpdir);
  bench_grid_at (tmpdir);

  gw_bench_remove_tree (tmpdir);
  return 0;
}
