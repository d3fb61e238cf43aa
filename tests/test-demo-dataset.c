/* test-demo-dataset.c: the generated demo county is a real hierarchy of grids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gw-category.h"
#include "gw-department.h"
#include "gw-grid.h"
#include "gw-json.h"
#include "gw-test-util.h"
#include "gw-worker.h"

static JsonObject *dataset;
static GPtrArray *grids;
static GHashTable *by_code;

static GPtrArray *
grids_at_level (GwGridLevel level)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < grids->len; i++)
    if (gw_grid_get_level (g_ptr_array_index (grids, i)) == level)
      g_ptr_array_add (out, g_ptr_array_index (grids, i));
  return out;
}

/* Area in square degrees: the same plane for every grid, so the areas of
 * grids that tile a region add up to the region's exactly. */
static double
plane_area (GwGrid *grid)
{
  GwGeometry *g = gw_grid_get_geometry (grid);
  double total = 0;

  for (guint p = 0; p < gw_geometry_get_n_polygons (g); p++)
    for (guint r = 0; r < gw_geometry_get_n_rings (g, p); r++)
      {
        guint n;
        const double *pts = gw_geometry_get_ring (g, p, r, &n);
        double sum = 0;

        for (guint i = 0, j = n - 1; i < n; j = i++)
          sum += pts[2 * j] * pts[2 * i + 1] - pts[2 * i] * pts[2 * j + 1];
        total += (r == 0 ? 1 : -1) * fabs (sum / 2);
      }
  return total;
}

static void
test_hierarchy (void)
{
  g_autoptr(GPtrArray) counties = grids_at_level (GW_GRID_LEVEL_COUNTY);
  g_autoptr(GPtrArray) towns = grids_at_level (GW_GRID_LEVEL_TOWN);
  g_autoptr(GPtrArray) communities = grids_at_level (GW_GRID_LEVEL_COMMUNITY);
  g_autoptr(GPtrArray) units = grids_at_level (GW_GRID_LEVEL_GRID);
  const GwBounds *b;

  g_assert_cmpuint (counties->len, ==, 1);
  g_assert_cmpstr (gw_grid_get_code (g_ptr_array_index (counties, 0)), ==, "370883");
  g_assert_cmpuint (towns->len, >=, 4);
  g_assert_cmpuint (communities->len, >=, 35);
  g_assert_cmpuint (communities->len, <=, 45);
  g_assert_cmpuint (units->len, >=, 300);

  /* Around Zoucheng. */
  b = gw_geometry_get_bounds (gw_grid_get_geometry (g_ptr_array_index (counties, 0)));
  g_assert_true (gw_bounds_contains (b, 116.97, 35.40));
  g_assert_cmpfloat (b->max_lon - b->min_lon, <, 1.0);

  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      const char *parent = gw_grid_get_parent_code (grid);
      GwGridLevel level;

      /* 6 + 3 + 3 + 3 digits, each code extending its parent's. */
      g_assert_true (gw_grid_level_from_code (gw_grid_get_code (grid), &level));
      g_assert_cmpint (level, ==, gw_grid_get_level (grid));
      if (level == GW_GRID_LEVEL_GRID)
        g_assert_true (gw_grid_code_is_unit_code (gw_grid_get_code (grid)));
      if (level != GW_GRID_LEVEL_COUNTY)
        {
          g_assert_nonnull (parent);
          g_assert_true (g_hash_table_contains (by_code, parent));
          g_assert_true (g_str_has_prefix (gw_grid_get_code (grid), parent));
          /* The demo's towns have no management areas. */
          g_assert_cmpint (gw_grid_get_level (g_hash_table_lookup (by_code, parent)), ==,
                           level == GW_GRID_LEVEL_COMMUNITY ? GW_GRID_LEVEL_TOWN : level - 1);
        }
    }
}

static void
test_tiles_without_gaps_or_overlaps (void)
{
  GwGrid *county = g_hash_table_lookup (by_code, "370883");
  double county_area = plane_area (county);
  const GwBounds *b = gw_geometry_get_bounds (gw_grid_get_geometry (county));
  guint inside = 0;

  /* Every level below the county adds up to the county (the demo has
   * no management areas). */
  for (GwGridLevel level = GW_GRID_LEVEL_TOWN; level <= GW_GRID_LEVEL_GRID; level++)
    {
      g_autoptr(GPtrArray) at_level = grids_at_level (level);
      double sum = 0;

      if (level == GW_GRID_LEVEL_AREA)
        continue;
      for (guint i = 0; i < at_level->len; i++)
        sum += plane_area (g_ptr_array_index (at_level, i));
      g_assert_cmpfloat (fabs (sum - county_area) / county_area, <, 1e-9);
    }

  /* And no point is in two grids of a level, nor in none inside the county. */
  for (guint i = 0; i < 3000; i++)
    {
      double lon = b->min_lon + (b->max_lon - b->min_lon) * ((i * 7919) % 3001) / 3001.0;
      double lat = b->min_lat + (b->max_lat - b->min_lat) * ((i * 104729) % 2999) / 2999.0;
      gboolean in_county = gw_geometry_contains (gw_grid_get_geometry (county), lon, lat);
      guint hits[GW_GRID_N_LEVELS] = { 0 };
      GwGrid *unit = NULL;

      for (guint j = 0; j < grids->len; j++)
        {
          GwGrid *grid = g_ptr_array_index (grids, j);

          if (gw_geometry_contains (gw_grid_get_geometry (grid), lon, lat))
            {
              hits[gw_grid_get_level (grid)]++;
              if (gw_grid_get_level (grid) == GW_GRID_LEVEL_GRID)
                unit = grid;
            }
        }

      for (GwGridLevel level = GW_GRID_LEVEL_TOWN; level <= GW_GRID_LEVEL_GRID; level++)
        g_assert_cmpuint (hits[level], ==, level == GW_GRID_LEVEL_AREA || !in_county ? 0 : 1);

      /* The unit grid's community and town contain the point too. */
      for (GwGrid *up = unit; up != NULL; )
        {
          const char *parent = gw_grid_get_parent_code (up);
          g_assert_true (gw_geometry_contains (gw_grid_get_geometry (up), lon, lat));
          up = parent ? g_hash_table_lookup (by_code, parent) : NULL;
        }

      inside += in_county;
    }

  g_assert_cmpuint (inside, >, 1500);
}

static void
test_numbered_west_to_east_then_north_to_south (void)
{
  g_autoptr(GPtrArray) units = grids_at_level (GW_GRID_LEVEL_GRID);
  const double half_row = 0.0075;   /* half a cell's height, in degrees */

  for (guint i = 1; i < units->len; i++)
    {
      GwGrid *prev = g_ptr_array_index (units, i - 1);
      GwGrid *grid = g_ptr_array_index (units, i);
      const GwBounds *a, *b;
      double dlat, dlon;

      if (g_strcmp0 (gw_grid_get_parent_code (prev), gw_grid_get_parent_code (grid)) != 0)
        continue;

      a = gw_geometry_get_bounds (gw_grid_get_geometry (prev));
      b = gw_geometry_get_bounds (gw_grid_get_geometry (grid));
      dlat = (b->min_lat + b->max_lat) / 2 - (a->min_lat + a->max_lat) / 2;
      dlon = (b->min_lon + b->max_lon) / 2 - (a->min_lon + a->max_lon) / 2;

      /* The next grid is east in the same row, or in a row further south. */
      g_assert_true ((fabs (dlat) < half_row && dlon > 0) || dlat < -half_row);
    }
}

static void
test_staff (void)
{
  g_autoptr(GPtrArray) units = grids_at_level (GW_GRID_LEVEL_GRID);
  g_autoptr(GHashTable) workers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) grid_count = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *list = gw_json_object_get_array (dataset, "workers");
  guint shared = 0;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwWorker) worker = gw_worker_new_from_json (json_array_get_element (list, i), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (strlen (gw_worker_get_phone (worker)), ==, 11);
      g_hash_table_add (workers, g_strdup (gw_worker_get_id (worker)));
    }

  for (guint i = 0; i < units->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (units, i);
      const char * const *staff = gw_grid_get_workers (grid);
      guint n = g_strv_length ((char **) staff);

      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <=, 3);
      g_assert_true (g_hash_table_contains (workers, gw_grid_get_leader (grid)));
      for (guint j = 0; staff[j]; j++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (grid_count, staff[j])) + 1;

          g_assert_true (g_hash_table_contains (workers, staff[j]));
          g_hash_table_insert (grid_count, (gpointer) staff[j], GUINT_TO_POINTER (count));
          if (count == 2)
            shared++;
        }
    }

  /* "One member, many uses": some workers cover two grids. */
  g_assert_cmpuint (shared, >=, 10);
}

static void
test_departments_and_categories (void)
{
  JsonArray *departments = gw_json_object_get_array (dataset, "departments");
  JsonArray *categories = gw_json_object_get_array (dataset, "categories");
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint components = 0, events = 0;

  g_assert_cmpuint (json_array_get_length (departments), >=, 13);
  g_assert_cmpuint (json_array_get_length (departments), <=, 20);
  for (guint i = 0; i < json_array_get_length (departments); i++)
    {
      g_autoptr(GwDepartment) d = gw_department_new_from_json (json_array_get_element (departments, i), NULL);
      g_assert_nonnull (d);
      g_hash_table_add (ids, g_strdup (gw_department_get_id (d)));
    }

  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwCategory) c = gw_category_new_from_json (json_array_get_element (categories, i), &error);
      const GwCategoryInfo *info;

      g_assert_no_error (error);
      info = gw_category_get_info (c);
      g_assert_true (g_hash_table_contains (ids, info->department));
      g_assert_cmpuint (info->limit_value, >, 0);
      g_assert_cmpstr (info->major_code, !=, NULL);
      g_assert_true (g_str_has_prefix (info->code + 1, info->major_code));
      if (info->kind == GW_CATEGORY_KIND_COMPONENT)
        components++;
      else
        events++;
    }

  g_assert_cmpuint (components, >=, 10);
  g_assert_cmpuint (events, >=, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMappedFile) file = NULL;
  JsonArray *list;

  gw_test_init (&argc, &argv);

  file = g_mapped_file_new (g_getenv ("GW_DEMO_DATASET"), FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  root = gw_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  dataset = gw_json_node_get_object (root);

  grids = g_ptr_array_new_with_free_func (g_object_unref);
  by_code = g_hash_table_new (g_str_hash, g_str_equal);
  list = gw_json_object_get_array (dataset, "grids");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      GwGrid *grid = gw_grid_new_from_json (json_array_get_element (list, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (grids, grid);
      g_hash_table_insert (by_code, (gpointer) gw_grid_get_code (grid), grid);
    }

  g_test_add_func ("/demo-dataset/hierarchy", test_hierarchy);
  g_test_add_func ("/demo-dataset/tiles-without-gaps-or-overlaps", test_tiles_without_gaps_or_overlaps);
  g_test_add_func ("/demo-dataset/numbering", test_numbered_west_to_east_then_north_to_south);
  g_test_add_func ("/demo-dataset/staff", test_staff);
  g_test_add_func ("/demo-dataset/departments-and-categories", test_departments_and_categories);

  return g_test_run ();
}
