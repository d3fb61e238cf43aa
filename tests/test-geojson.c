/* test-geojson.c: importing grids from real and broken GeoJSON files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-error.h"
#include "gw-geojson.h"
#include "gw-grid.h"
#include "gw-json.h"
#include "gw-store.h"
#include "gw-test-util.h"
#include "gw-server-schema.h"

static GBytes *
load_realdata (const char *relative)
{
  g_autofree char *path = gw_test_realdata_path (relative);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  if (path == NULL)
    {
      g_test_skip_printf ("../shared/realdata/%s is not here (fresh clone without the shared corpus)", relative);
      return NULL;
    }

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static GPtrArray *
import_realdata (const char *relative,
                 GwCrs       crs,
                 char     ***warnings)
{
  g_autoptr(GBytes) bytes = load_realdata (relative);
  g_autoptr(GError) error = NULL;
  GwGeojsonOptions options = GW_GEOJSON_OPTIONS_INIT;
  GPtrArray *grids;

  if (bytes == NULL)
    return NULL;

  options.crs = crs;
  grids = gw_geojson_read_grids (bytes, &options, warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (grids);
  return grids;
}

static void
test_berlin_planning_areas (void)
{
  g_auto(GStrv) warnings = NULL;
  g_autoptr(GPtrArray) grids = import_realdata ("geo/city_grids/berlin-lor-planning-areas-until-2020.geojson",
                                                GW_CRS_WGS84, &warnings);
  g_autofree char *db = gw_test_tmp_path ("berlin.sqlite");
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwGrid) tiergarten = NULL;
  g_autoptr(GError) error = NULL;

  if (grids == NULL)
    return;

  g_assert_cmpuint (grids->len, ==, 448);
  /* The file repeats one id; both areas are kept and the repeat is named. */
  g_assert_cmpuint (g_strv_length (warnings), ==, 1);
  g_assert_nonnull (strstr (warnings[0], "06010102"));

  store = gw_server_store_open (db, &error);
  g_assert_true (gw_store_import_grids (store, grids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gw_store_count_grids (store), ==, 448);

  /* The Reichstag stands in the planning area "Großer Tiergarten". */
  tiergarten = gw_store_grid_at (store, 52.5186, 13.3762);
  g_assert_nonnull (tiergarten);
  g_assert_cmpstr (gw_grid_get_code (tiergarten), ==, "01011102");
  g_assert_cmpstr (gw_grid_get_name (tiergarten), ==, "Großer Tiergarten");
}

static void
test_berlin_district_regions (void)
{
  g_autoptr(GPtrArray) grids = import_realdata ("geo/city_grids/berlin-lor-district-regions-until-2020.geojson",
                                                GW_CRS_WGS84, NULL);

  if (grids != NULL)
    g_assert_cmpuint (grids->len, ==, 138);
}

static void
test_seattle_beats (void)
{
  g_autoptr(GPtrArray) grids = import_realdata ("geo/city_grids/seattle-spd-beats.geojson", GW_CRS_WGS84, NULL);

  if (grids == NULL)
    return;

  /* No code property: the beat names serve as codes. */
  g_assert_cmpuint (grids->len, ==, 51);
  g_assert_cmpstr (gw_grid_get_code (g_ptr_array_index (grids, 0)), ==, "B1");
}

static void
test_datav_adcodes (void)
{
  static const struct { const char *file; guint count; const char *first_code; const char *parent; } files[] = {
    { "geo/shandong_datav_full/370000_full.json", 16, "370100", "370000" },
    { "geo/shandong_datav_full/370400_full.json", 6, "370402", "370400" },
    { "geo/shandong_datav_full/370700_full.json", 12, "370702", "370700" },
    { "geo/shandong_datav_full/370800_full.json", 11, "370811", "370800" },
    { "geo/shandong_datav_full/371400_full.json", 11, "371402", "371400" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GPtrArray) grids = import_realdata (files[i].file, GW_CRS_GCJ02, NULL);
      GwGrid *first;

      if (grids == NULL)
        return;

      g_assert_cmpuint (grids->len, ==, files[i].count);
      first = g_ptr_array_index (grids, 0);
      g_assert_cmpstr (gw_grid_get_code (first), ==, files[i].first_code);
      g_assert_cmpstr (gw_grid_get_parent_code (first), ==, files[i].parent);
      g_assert_cmpint (gw_grid_get_level (first), ==, GW_GRID_LEVEL_COUNTY);
      for (guint j = 0; j < grids->len; j++)
        {
          GwGridLevel level;
          g_assert_true (gw_grid_level_from_code (gw_grid_get_code (g_ptr_array_index (grids, j)), &level));
        }
    }
}

static void
test_zoucheng_contains_its_centre (void)
{
  g_autoptr(GPtrArray) grids = import_realdata ("geo/shandong_datav_full/370800_full.json", GW_CRS_GCJ02, NULL);
  GwGrid *zoucheng = NULL;

  if (grids == NULL)
    return;

  for (guint i = 0; i < grids->len; i++)
    if (g_str_equal (gw_grid_get_code (g_ptr_array_index (grids, i)), "370883"))
      zoucheng = g_ptr_array_index (grids, i);

  g_assert_nonnull (zoucheng);
  g_assert_cmpstr (gw_grid_get_name (zoucheng), ==, "邹城市");
  g_assert_true (gw_geometry_contains (gw_grid_get_geometry (zoucheng), 116.97, 35.40));
}

static void
test_bare_arrays (void)
{
  static const struct { const char *file; guint count; } files[] = {
    { "geo/shandong_gmap/370000.json", 16 },
    { "geo/shandong_gmap/370400.json", 6 },
    { "geo/shandong_gmap/370700.json", 12 },
    { "geo/shandong_gmap/370781.json", 1 },
    { "geo/shandong_gmap/370800.json", 11 },
    { "geo/shandong_gmap/371400.json", 11 },
    { "geo/shandong_gmap/371481.json", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GPtrArray) grids = import_realdata (files[i].file, GW_CRS_GCJ02, NULL);

      if (grids == NULL)
        return;
      g_assert_cmpuint (grids->len, ==, files[i].count);
    }
}

static void
test_echarts_refused (void)
{
  g_autoptr(GBytes) bytes = load_realdata ("geo/echarts_encoded/shandong.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = NULL;

  if (bytes == NULL)
    return;

  grids = gw_geojson_read_grids (bytes, NULL, NULL, &error);
  g_assert_null (grids);
  g_assert_error (error, GW_ERROR, GW_ERROR_NOT_GEOJSON);
  g_assert_nonnull (strstr (error->message, "ECharts"));
}

static void
test_cli_import_is_all_or_nothing (void)
{
  g_autofree char *berlin = gw_test_realdata_path ("geo/city_grids/berlin-lor-planning-areas-until-2020.geojson");
  g_autofree char *echarts = gw_test_realdata_path ("geo/echarts_encoded/shandong.json");
  g_autofree char *db = gw_test_tmp_path ("cli.sqlite");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GwStore) store = NULL;

  if (berlin == NULL || echarts == NULL)
    {
      g_test_skip ("../shared/realdata is not here (fresh clone without the shared corpus)");
      return;
    }

  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", db, "--import-grids", berlin, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "imported 448 grids\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", db, "--import-grids", echarts, NULL), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "ECharts"));

  store = gw_server_store_open (db, NULL);
  g_assert_cmpuint (gw_store_count_grids (store), ==, 448);
}

static void
test_bad_features_reported (void)
{
  const char *json =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"a\",\"name\":\"好\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"b\",\"name\":\"点\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"c\",\"name\":\"三点\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"d\",\"name\":\"远\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,95],[0,0]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"e\",\"name\":\"空\"},\"geometry\":null},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"f\",\"name\":\"级\",\"level\":\"planet\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}},"
    "\"not a feature\""
    "]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = gw_geojson_read_grids (bytes, NULL, NULL, &error);

  g_assert_null (grids);
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "6 of 7 features"));
  g_assert_nonnull (strstr (error->message, "feature 1 (点): geometry type “Point”"));
  g_assert_nonnull (strstr (error->message, "feature 2 (三点)"));
  g_assert_nonnull (strstr (error->message, "feature 3 (远)"));
  g_assert_nonnull (strstr (error->message, "feature 4 (空): has no geometry"));
  g_assert_nonnull (strstr (error->message, "feature 5 (级): unknown level"));
  g_assert_nonnull (strstr (error->message, "feature 6: not a GeoJSON Feature"));
}

static void
test_not_geojson (void)
{
  const char *inputs[] = {
    "", "{", "null", "42", "{\"type\":\"Topology\",\"objects\":{}}",
    "{\"type\":\"FeatureCollection\"}", "{\"type\":\"FeatureCollection\",\"features\":[]}",
    "<html><body>502 Bad Gateway</body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (inputs[i], strlen (inputs[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) grids = gw_geojson_read_grids (bytes, NULL, NULL, &error);

      g_assert_null (grids);
      g_assert_nonnull (error);
      g_assert_true (error->domain == GW_ERROR);
    }
}

static void
test_projected_crs_refused (void)
{
  const char *json =
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3857\"}},"
    "\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = gw_geojson_read_grids (bytes, NULL, NULL, &error);

  g_assert_null (grids);
  g_assert_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "3857"));
}

static void
test_property_mapping (void)
{
  /* National codes give the level and the parent without any property. */
  const char *json =
    "[{\"type\":\"Feature\",\"properties\":{\"编号\":\"370883001002003\",\"名称\":\"第三网格\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  GwGeojsonOptions options = GW_GEOJSON_OPTIONS_INIT;
  g_autoptr(GPtrArray) grids = NULL;
  GwGrid *grid;

  options.code_property = "编号";
  grids = gw_geojson_read_grids (bytes, &options, NULL, &error);
  g_assert_no_error (error);
  grid = g_ptr_array_index (grids, 0);
  g_assert_cmpstr (gw_grid_get_code (grid), ==, "370883001002003");
  g_assert_cmpstr (gw_grid_get_name (grid), ==, "第三网格");
  g_assert_cmpint (gw_grid_get_level (grid), ==, GW_GRID_LEVEL_GRID);
  g_assert_cmpstr (gw_grid_get_parent_code (grid), ==, "370883001002");
  g_assert_true (gw_grid_code_is_unit_code (gw_grid_get_code (grid)));

  /* A property named explicitly but missing is an error, not a guess. */
  g_clear_pointer (&grids, g_ptr_array_unref);
  options.code_property = "gid";
  grids = gw_geojson_read_grids (bytes, &options, NULL, &error);
  g_assert_null (grids);
  g_assert_nonnull (strstr (error->message, "no code in property gid"));
}

/* The five-level fixture, with its levels as written or with none, so
 * that they come from the file's tree. */
static GPtrArray *
read_five_levels (gboolean keep_levels)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "five-level-grids.geojson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  JsonArray *features;
  GPtrArray *grids;
  char *text;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "features");
  for (guint i = 0; !keep_levels && i < json_array_get_length (features); i++)
    json_object_remove_member (json_object_get_object_member (json_array_get_object_element (features, i), "properties"),
                               "level");
  text = json_to_string (json_parser_get_root (parser), FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  grids = gw_geojson_read_grids (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  return grids;
}

static GwGridLevel
level_of (GPtrArray  *grids,
          const char *code)
{
  for (guint i = 0; i < grids->len; i++)
    if (g_str_equal (gw_grid_get_code (g_ptr_array_index (grids, i)), code))
      return gw_grid_get_level (g_ptr_array_index (grids, i));
  g_assert_not_reached ();
}

/* County > town > management area (管区) > community > unit grid, with
 * one town that has no areas: the levels as the file names them (in
 * Chinese), and the same levels from the tree when it names none. */
static void
test_five_levels (void)
{
  for (guint keep = 0; keep < 2; keep++)
    {
      g_autoptr(GPtrArray) grids = read_five_levels (keep);

      gw_test_assert_five_levels (grids);
      g_assert_cmpint (level_of (grids, "990100002-GQ1"), ==, GW_GRID_LEVEL_AREA);
      g_assert_cmpint (level_of (grids, "990100001-01"), ==, GW_GRID_LEVEL_COMMUNITY);
      g_assert_cmpint (level_of (grids, "990100002-GQ1-01"), ==, GW_GRID_LEVEL_COMMUNITY);
      g_assert_cmpint (level_of (grids, "990100002"), ==, GW_GRID_LEVEL_TOWN);
    }
}

/* A file without levels, each feature's parent named: its levels from
 * the tree. */
static GPtrArray *
read_tree (const char * const *codes_and_parents)
{
  g_autoptr(GString) json = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *grids;

  for (guint i = 0; codes_and_parents[i]; i += 2)
    g_string_append_printf (json, "%s{\"type\": \"Feature\", \"properties\": {\"code\": \"%s\"%s%s%s}, "
                            "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                            "[[[117, 35], [117.1, 35], [117.1, 35.1], [117, 35.1], [117, 35]]]}}",
                            i ? ", " : "", codes_and_parents[i],
                            *codes_and_parents[i + 1] ? ", \"parent\": \"" : "", codes_and_parents[i + 1],
                            *codes_and_parents[i + 1] ? "\"" : "");
  g_string_append (json, "]}");
  bytes = g_bytes_new (json->str, json->len);
  grids = gw_geojson_read_grids (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  return grids;
}

/* Three levels (no communities) and six (management areas within
 * management areas). */
static void
test_three_and_six_levels (void)
{
  static const char * const three[] = { "C", "", "T", "C", "G1", "T", "G2", "T", NULL };
  static const char * const six[] = {
    "C", "", "T", "C", "A", "T", "A-1", "A", "A-1-x", "A-1", "A-1-x-1", "A-1-x", NULL,
  };
  g_autoptr(GPtrArray) small = read_tree (three);
  g_autoptr(GPtrArray) deep = read_tree (six);

  g_assert_cmpint (level_of (small, "C"), ==, GW_GRID_LEVEL_COUNTY);
  g_assert_cmpint (level_of (small, "T"), ==, GW_GRID_LEVEL_TOWN);
  g_assert_cmpint (level_of (small, "G2"), ==, GW_GRID_LEVEL_GRID);
  g_assert_cmpint (level_of (deep, "T"), ==, GW_GRID_LEVEL_TOWN);
  g_assert_cmpint (level_of (deep, "A"), ==, GW_GRID_LEVEL_AREA);
  g_assert_cmpint (level_of (deep, "A-1"), ==, GW_GRID_LEVEL_AREA);
  g_assert_cmpint (level_of (deep, "A-1-x"), ==, GW_GRID_LEVEL_COMMUNITY);
  g_assert_cmpint (level_of (deep, "A-1-x-1"), ==, GW_GRID_LEVEL_GRID);
  {
    g_autoptr(GHashTable) towns = gw_grid_towns_of (deep);

    g_assert_cmpstr (g_hash_table_lookup (towns, "A-1-x-1"), ==, "T");
  }
}

/* The escalation chain's community and town are the nearest of their
 * kind up the parent chain, however many levels lie between. */
static void
test_ancestors_across_levels (void)
{
  g_autoptr(GPtrArray) grids = read_five_levels (TRUE);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) towns = gw_grid_towns_of (grids);
  GwGrid *deep, *shallow;

  for (guint i = 0; i < grids->len; i++)
    g_hash_table_insert (by_code, (gpointer) gw_grid_get_code (g_ptr_array_index (grids, i)), g_ptr_array_index (grids, i));
  deep = g_hash_table_lookup (by_code, "990100002-GQ1-02-01");
  shallow = g_hash_table_lookup (by_code, "990100001-02-02");

  g_assert_cmpstr (gw_grid_get_code (gw_grid_find_ancestor (deep, by_code, GW_GRID_LEVEL_COMMUNITY)), ==, "990100002-GQ1-02");
  g_assert_cmpstr (gw_grid_get_code (gw_grid_find_ancestor (deep, by_code, GW_GRID_LEVEL_AREA)), ==, "990100002-GQ1");
  g_assert_cmpstr (gw_grid_get_code (gw_grid_find_ancestor (deep, by_code, GW_GRID_LEVEL_TOWN)), ==, "990100002");
  g_assert_cmpstr (gw_grid_get_code (gw_grid_find_ancestor (deep, by_code, GW_GRID_LEVEL_COUNTY)), ==, "990100");
  g_assert_true (gw_grid_find_ancestor (deep, by_code, GW_GRID_LEVEL_GRID) == deep);
  g_assert_cmpstr (gw_grid_get_code (gw_grid_find_ancestor (shallow, by_code, GW_GRID_LEVEL_COMMUNITY)), ==, "990100001-02");
  g_assert_cmpstr (gw_grid_get_code (gw_grid_find_ancestor (shallow, by_code, GW_GRID_LEVEL_TOWN)), ==, "990100001");
  g_assert_null (gw_grid_find_ancestor (shallow, by_code, GW_GRID_LEVEL_AREA));

  g_assert_cmpstr (g_hash_table_lookup (towns, "990100002-GQ1-02-01"), ==, "990100002");
  g_assert_cmpstr (g_hash_table_lookup (towns, "990100002-GQ2"), ==, "990100002");
  g_assert_cmpstr (g_hash_table_lookup (towns, "990100001-02-02"), ==, "990100001");
  g_assert_null (g_hash_table_lookup (towns, "990100"));
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/geojson/berlin-planning-areas", test_berlin_planning_areas);
  g_test_add_func ("/geojson/berlin-district-regions", test_berlin_district_regions);
  g_test_add_func ("/geojson/seattle-beats", test_seattle_beats);
  g_test_add_func ("/geojson/datav-adcodes", test_datav_adcodes);
  g_test_add_func ("/geojson/zoucheng-contains-its-centre", test_zoucheng_contains_its_centre);
  g_test_add_func ("/geojson/bare-arrays", test_bare_arrays);
  g_test_add_func ("/geojson/echarts-refused", test_echarts_refused);
  g_test_add_func ("/geojson/cli-import-all-or-nothing", test_cli_import_is_all_or_nothing);
  g_test_add_func ("/geojson/bad-features-reported", test_bad_features_reported);
  g_test_add_func ("/geojson/not-geojson", test_not_geojson);
  g_test_add_func ("/geojson/projected-crs-refused", test_projected_crs_refused);
  g_test_add_func ("/geojson/property-mapping", test_property_mapping);
  g_test_add_func ("/geojson/five-levels", test_five_levels);
  g_test_add_func ("/geojson/ancestors-across-levels", test_ancestors_across_levels);
  g_test_add_func ("/geojson/three-and-six-levels", test_three_and_six_levels);

  return g_test_run ();
}
