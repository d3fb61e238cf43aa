/* test-townd-import.c: a county moves in: its departments, territorial
 * list and roster from CSV (UTF-8 with a BOM, GBK) and XLSX files, in
 * Chinese or English, checked all or nothing, updated by code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "gw-server-schema.h"
#include "gw-store.h"
#include "gw-test-county.h"

/* The roster as a workbook: columns in another order, a note row in
 * English as the templates have, duties and several grids in one cell. */
static char *
write_workers_xlsx (GwTestCounty *county,
                    const char   *name,
                    const char   *second_grids)
{
  g_autofree char *path = g_build_filename (county->dir, name, NULL);
  lxw_workbook *book = workbook_new (path);
  lxw_worksheet *sheet = workbook_add_worksheet (book, "花名册");
  const char *rows[][7] = {
    { "姓名", "工号*", "网格编码", "手机", "专职", "职责", "角色" },
    { "#name", "id", "grids", "phone", "full_time", "duties", "role" },
    { "张伟", "w0001", "990001001", NULL, "是", "安全;环境", "网格长" },
    { "李娜", "w0002", second_grids, NULL, "否", "信访", NULL },
  };

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    for (guint c = 0; c < 7; c++)
      if (rows[r][c])
        worksheet_write_string (sheet, r, c, rows[r][c], NULL);
  worksheet_write_number (sheet, 2, 3, 13900000001.0, NULL);
  worksheet_write_number (sheet, 3, 3, 13900000002.0, NULL);
  g_assert_cmpint (workbook_close (book), ==, LXW_NO_ERROR);
  return g_steal_pointer (&path);
}

static void
test_every_kind (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *workers = NULL;
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(JsonNode) d = NULL, c = NULL, w = NULL, g = NULL;
  JsonArray *items;
  JsonObject *limit;

  gw_test_county_init (&county);
  workers = write_workers_xlsx (&county, "workers.xlsx", "990001001、990001002");
  gw_test_county_import_ok (&county, "workers", workers, "added 2, changed 0, unchanged 0, absent 0");

  server = gw_test_server_start (county.db, NULL);

  /* The collections are the files, row by row. */
  items = gw_test_get_items (server, "departments", &d);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (gw_test_item_member (items, 0, "id"), ==, "cgj");
  g_assert_cmpstr (gw_test_item_member (items, 0, "name"), ==, "城市管理局");
  g_assert_cmpstr (gw_test_item_member (items, 0, "name_en"), ==, "Urban Management Bureau");
  g_assert_cmpstr (gw_test_item_member (items, 0, "phone"), ==, "0537-5221234");
  g_assert_cmpstr (gw_test_item_member (items, 1, "id"), ==, "hbj");
  g_assert_cmpstr (gw_test_item_member (items, 1, "name"), ==, "生态环境局, 邹城分局");
  g_assert_null (gw_test_item_member (items, 1, "phone"));

  items = gw_test_get_items (server, "categories", &c);
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (gw_test_item_member (items, 0, "code"), ==, "0101");
  g_assert_cmpstr (gw_test_item_member (items, 0, "name"), ==, "占道经营");
  g_assert_cmpstr (gw_test_item_member (items, 0, "kind"), ==, "event");
  g_assert_cmpstr (gw_test_item_member (items, 0, "major_name"), ==, "市容环境");
  g_assert_cmpstr (gw_test_item_member (items, 0, "department"), ==, "cgj");
  g_assert_cmpstr (gw_test_item_member (items, 1, "kind"), ==, "component");
  limit = json_object_get_object_member (json_array_get_object_element (items, 1), "time_limit");
  g_assert_cmpint (json_object_get_int_member (limit, "value"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (limit, "unit"), ==, "working_days");
  limit = json_object_get_object_member (json_array_get_object_element (items, 2), "time_limit");
  g_assert_cmpint (json_object_get_int_member (limit, "value"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (limit, "unit"), ==, "working_hours");
  g_assert_cmpstr (gw_test_item_member (items, 2, "department"), ==, "hbj");
  {
    JsonObject *c0301 = json_array_get_object_element (items, 2);
    JsonArray *cooperating = json_object_get_array_member (c0301, "cooperating");
    JsonArray *towns = json_object_get_array_member (c0301, "town_handles");

    g_assert_cmpuint (json_array_get_length (cooperating), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (cooperating, 0), ==, "cgj");
    g_assert_cmpuint (json_array_get_length (towns), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (towns, 0), ==, "990001002");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (items, 0),
                                                                           "cooperating")), ==, 0);
  }

  items = gw_test_get_items (server, "workers", &w);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (gw_test_item_member (items, 0, "id"), ==, "w0001");
  g_assert_cmpstr (gw_test_item_member (items, 0, "name"), ==, "张伟");
  g_assert_cmpstr (gw_test_item_member (items, 0, "phone"), ==, "13900000001");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 0), "full_time"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (items, 1), "full_time"));
  {
    JsonArray *duties = json_object_get_array_member (json_array_get_object_element (items, 0), "duties");

    g_assert_cmpuint (json_array_get_length (duties), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (duties, 0), ==, "safety");
    g_assert_cmpstr (json_array_get_string_element (duties, 1), ==, "environment");
  }

  /* The grids' staff: the leader, and the second worker in both towns. */
  items = gw_test_get_items (server, "grids", &g);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *grid = json_array_get_object_element (items, i);
      const char *code = json_object_get_string_member (grid, "code");
      JsonArray *staff = json_object_get_array_member (grid, "workers");

      if (g_str_equal (code, "990001001"))
        {
          g_assert_cmpstr (json_object_get_string_member (grid, "leader"), ==, "w0001");
          g_assert_cmpuint (json_array_get_length (staff), ==, 1);
          g_assert_cmpstr (json_array_get_string_element (staff, 0), ==, "w0002");
        }
      else if (g_str_equal (code, "990001002"))
        {
          g_assert_cmpuint (json_array_get_length (staff), ==, 1);
          g_assert_cmpstr (json_array_get_string_element (staff, 0), ==, "w0002");
        }
    }
}

/* One bad row anywhere: the file is refused with every reason, by row
 * and column, and nothing is written. */
static void
test_bad_rows (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *bad = NULL;
  g_autofree char *workers = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  gw_test_county_init (&county);

  bad = gw_test_county_write (&county, "categories-bad.csv",
                    GW_TEST_BOM "编码,名称,大类编码,大类名称,处置时限,牵头部门\n"
                    "0101,占道经营,01,市容环境,4工作时,cgj\n"
                    "0102,乱堆物料,01,市容环境,四小时,cgj\n"
                    "0103,,01,市容环境,1工作日,nosuch\n", FALSE);
  g_assert_cmpint (gw_test_county_import (&county, "categories", bad, &out, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 3, column “处置时限”"));
  g_assert_nonnull (strstr (err, "row 4, column “名称”"));
  g_assert_cmpstr (out, ==, "");

  /* Every reason, and the cross-reference, once the cells are right. */
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&bad, g_free);
  bad = gw_test_county_write (&county, "categories-bad.csv",
                    GW_TEST_BOM "编码,名称,大类编码,大类名称,处置时限,牵头部门,配合部门,乡镇自办\n"
                    "0101,占道经营,01,市容环境,4工作时,cgj,,\n"
                    "0103,乱堆物料,01,市容环境,1工作日,nosuch,hbj;other,990001\n", FALSE);
  g_assert_cmpint (gw_test_county_import (&county, "categories", bad, NULL, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 3, column “牵头部门”"));
  g_assert_nonnull (strstr (err, "nosuch"));
  g_assert_nonnull (strstr (err, "row 3, column “配合部门”"));
  g_assert_nonnull (strstr (err, "“other”"));
  /* The county is not a town. */
  g_assert_nonnull (strstr (err, "row 3, column “乡镇自办”"));

  /* In the operator's language. */
  g_clear_pointer (&err, g_free);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_cmpint (gw_test_county_import (&county, "categories", bad, NULL, &err, NULL), ==, 1);
  g_unsetenv ("LANGUAGE");
  g_assert_nonnull (strstr (err, "第 3 行，“牵头部门”列：没有编码为“nosuch”的部门"));

  /* A roster naming a grid the county does not have. */
  workers = write_workers_xlsx (&county, "workers-bad.xlsx", "990001001;990009999");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_county_import (&county, "workers", workers, NULL, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 4, column “网格编码”"));
  g_assert_nonnull (strstr (err, "990009999"));

  /* Nothing was written: the lists are as they were. */
  {
    g_autoptr(GwTestServer) server = gw_test_server_start (county.db, NULL);
    g_autoptr(JsonNode) c = NULL, w = NULL;
    JsonArray *items = gw_test_get_items (server, "categories", &c);

    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    g_assert_cmpstr (gw_test_item_member (items, 0, "name"), ==, "占道经营");
    items = gw_test_get_items (server, "workers", &w);
    g_assert_cmpuint (json_array_get_length (items), ==, 0);
  }
}

/* Re-import updates by code; --dry-run writes nothing; --replace removes
 * what the file leaves out, unless an open case refers to it. */
static void
test_reimport_and_replace (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *changed = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  gw_test_county_init (&county);
  changed = gw_test_county_write (&county, "categories-2.csv",
                        "code,name,major_code,major_name,kind,time_limit,lead_department,name_en\n"
                        "0101,占道经营,01,市容环境,事件,4工作时,cgj,Street vending\n"
                        "0201,井盖缺失,02,公用设施,component,1工作日,cgj,\n"
                        "0401,噪声扰民,04,社会秩序,event,2工作日,hbj,Noise\n", TRUE);

  g_assert_cmpint (gw_test_county_import (&county, "categories", changed, &out, &err, "--dry-run"), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "added 1, changed 1, unchanged 1, absent 1");
  g_clear_pointer (&out, g_free);
  gw_test_county_import_ok (&county, "categories", changed, "added 1, changed 1, unchanged 1, absent 1");
  gw_test_county_import_ok (&county, "categories", changed, "added 0, changed 0, unchanged 3, absent 1");

  /* An open case of the absent category 0301 keeps it. */
  {
    g_autoptr(GwTestServer) server = gw_test_server_start (county.db, NULL);

    url = g_strconcat (server->url, "/api/v1/cases", NULL);
    reply = gw_test_http_send ("POST", url, server->token,
                               "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.95,"
                               "\"category\":\"0301\",\"description\":\"河道排污\"}", &status);
    g_assert_cmpuint (status, ==, 201);
  }
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_county_import (&county, "categories", changed, &out, &err, "--replace"), ==, 1);
  g_assert_nonnull (strstr (err, "0301"));
  g_assert_nonnull (strstr (err, "河道排污"));

  /* Without the case in the way, --replace removes it. */
  {
    g_autofree char *with_0301 = gw_test_county_write (&county, "categories-3.csv",
                                             "code,name,major_code,major_name,time_limit,lead_department\n"
                                             "0301,违规排污,03,生态环境,4工作时,hbj\n", FALSE);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (gw_test_county_import (&county, "categories", with_0301, &out, NULL, "--replace"), ==, 0);
    g_assert_cmpstr (g_strstrip (out), ==, "added 0, changed 1, unchanged 0, absent 3");
  }
}

/* A running server's apps learn of an import from the change feed. */
static void
test_feed (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autoptr(GwTestServer) server = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *changes;
  gboolean found = FALSE;
  guint status = 0, grid_changes = 0;
  g_autofree char *grids = g_test_build_filename (G_TEST_DIST, "data", "fixture-grids.geojson", NULL);

  gw_test_county_init (&county);
  server = gw_test_server_start (county.db, NULL);
  departments = gw_test_county_write (&county, "departments-2.csv",
                            "code,name\ncgj,城市管理综合执法局\nhbj,\"生态环境局, 邹城分局\"\n", FALSE);
  gw_test_county_import_ok (&county, "departments", departments, "added 0, changed 1, unchanged 1, absent 0");
  /* Grids too: the fixture again, beside the running server. */
  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", county.db, "--import", "grids", grids, NULL), ==, 0);

  url = g_strconcat (server->url, "/api/v1/changes?since=0", NULL);
  body = gw_test_http_get (url, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  root = gw_test_json_from_bytes (body);
  changes = json_object_get_array_member (json_node_get_object (root), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      grid_changes += g_str_equal (json_object_get_string_member (change, "kind"), "grid");
      if (g_str_equal (json_object_get_string_member (change, "kind"), "department") &&
          g_str_equal (json_object_get_string_member (change, "id"), "cgj"))
        {
          JsonObject *data = json_object_get_object_member (change, "data");

          g_assert_cmpstr (json_object_get_string_member (data, "name"), ==, "城市管理综合执法局");
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_assert_cmpuint (grid_changes, ==, 3);
}

/* The templates read back: the note row is skipped, the examples are
 * valid, and the only refusal is the example's grid, which the county
 * does not have. */
static void
test_templates (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *workers = NULL;

  gw_test_county_init (&county);
  dir = g_build_filename (county.dir, "templates", NULL);
  g_assert_cmpint (gw_test_run_townd (&out, NULL, "--write-templates", dir, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "workers.xlsx"));

  departments = g_build_filename (dir, "departments.xlsx", NULL);
  gw_test_county_import_ok (&county, "departments", departments, "added 0, changed 0, unchanged 1, absent 1");
  categories = g_build_filename (dir, "categories.csv", NULL);
  gw_test_county_import_ok (&county, "categories", categories, "added 0, changed 1, unchanged 0, absent 2");

  workers = g_build_filename (dir, "workers.xlsx", NULL);
  g_assert_cmpint (gw_test_county_import (&county, "workers", workers, NULL, &err, "--dry-run"), ==, 1);
  g_assert_nonnull (strstr (err, "row 3, column “网格编码*”"));
  g_assert_nonnull (strstr (err, "370883001001001"));
  g_assert_null (strstr (err, "row 2"));
}

/* A county of two towns (0.02° by 0.01°, about 1.8 km by 1.1 km), each
 * with one community: the towns overlap by a strip, the west community
 * leaves half its town uncovered, the east one reaches past its town. */
static const char untidy_grids[] =
  "{\"type\":\"FeatureCollection\",\"features\":["
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"980001\",\"name\":\"乱县\",\"level\":\"county\"},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.00,35.00],[117.02,35.00],[117.02,35.01],[117.00,35.01],[117.00,35.00]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"980001001\",\"name\":\"西镇\",\"level\":\"town\",\"parent\":\"980001\"},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.00,35.00],[117.011,35.00],[117.011,35.01],[117.00,35.01],[117.00,35.00]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"980001002\",\"name\":\"东镇\",\"level\":\"town\",\"parent\":\"980001\"},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.01,35.00],[117.02,35.00],[117.02,35.01],[117.01,35.01],[117.01,35.00]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"980001001001\",\"name\":\"西村\",\"level\":\"community\",\"parent\":\"980001001\"},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.00,35.00],[117.0055,35.00],[117.0055,35.01],[117.00,35.01],[117.00,35.00]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"980001002001\",\"name\":\"东村\",\"level\":\"community\",\"parent\":\"980001002\"},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[117.01,35.00],[117.021,35.00],[117.021,35.01],[117.01,35.01],[117.01,35.00]]]}}]}";

/* The area on the line that starts with @line_start: after " by ",
 * " has " or " lies ". */
static double
reported_area (const char *err,
               const char *line_start)
{
  const char *line = strstr (err, line_start);
  const char *words[] = { " by ", " has ", " lies " };

  g_assert_nonnull (line);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      const char *at = strstr (line, words[i]);

      if (at && at < strchr (line, '\n'))
        return g_ascii_strtod (at + strlen (words[i]), NULL);
    }
  g_assert_not_reached ();
}

/* Each overlap, child outside its parent and gap is reported with codes,
 * names and area; the file is imported with warnings, or refused whole
 * with --strict. */
static void
test_grid_coverage (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  double strip = 0.001 * 111320 * cos (35.005 * G_PI / 180) * 0.01 * 111320;

  county.dir = gw_test_tmp_path ("untidy");
  g_mkdir_with_parents (county.dir, 0700);
  county.db = g_build_filename (county.dir, "town.sqlite", NULL);
  path = gw_test_county_write (&county, "untidy.geojson", untidy_grids, FALSE);

  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", county.db, "--import", "grids", path, "--strict", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "980001001 西镇 and 980001002 东镇 overlap by"));
  g_assert_cmpfloat (fabs (reported_area (err, "980001001 西镇 and") - strip) / strip, <, 0.01);
  g_assert_nonnull (strstr (err, "980001002001 东村 lies"));
  g_assert_nonnull (strstr (err, "outside its parent 980001002 东镇"));
  g_assert_nonnull (strstr (err, "980001001 西镇 has"));
  g_assert_cmpfloat (fabs (reported_area (err, "980001001 西镇 has") - 5.5 * strip) / (5.5 * strip), <, 0.01);
  g_assert_null (strstr (err, "980001 乱县 has"));
  g_assert_nonnull (strstr (err, "nothing was written"));
  g_assert_cmpstr (out, ==, "");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwStore) store = gw_server_store_open (county.db, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (gw_store_count_grids (store), ==, 0);
  }
  g_clear_pointer (&out, g_free);

  /* Without --strict: imported, with the same warnings. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", county.db, "--import", "grids", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "imported 5 grids"));
  g_assert_nonnull (strstr (err, "warning: 980001001 西镇 and 980001002 东镇 overlap"));

  /* A tolerance larger than the problems silences them. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_townd (&out, &err, "--db", county.db, "--import", "grids", path,
                                      "--strict", "--tolerance", "1000000", NULL), ==, 0);
  g_assert_null (strstr (err, "overlap"));
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/townd-import/every-kind", test_every_kind);
  g_test_add_func ("/townd-import/bad-rows", test_bad_rows);
  g_test_add_func ("/townd-import/reimport-and-replace", test_reimport_and_replace);
  g_test_add_func ("/townd-import/feed", test_feed);
  g_test_add_func ("/townd-import/templates", test_templates);
  g_test_add_func ("/townd-import/grid-coverage", test_grid_coverage);

  return g_test_run ();
}
