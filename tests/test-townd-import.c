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

#include "gw-cache-schema.h"
#include "gw-inspection-sync.h"
#include "gw-reference-pull.h"
#include "gw-whistle-list.h"
#include "gw-server-schema.h"
#include "gw-store.h"
#include "gw-test-util.h"

#define BOM "\xef\xbb\xbf"

typedef struct
{
  char *db;
  char *dir;
} County;

static void
county_clear (County *county)
{
  g_clear_pointer (&county->db, g_free);
  g_clear_pointer (&county->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (County, county_clear)

static char *
write_file (County     *county,
            const char *name,
            const char *text,
            gboolean    gbk)
{
  g_autofree char *path = g_build_filename (county->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *converted = NULL;
  gsize len = strlen (text);

  if (gbk)
    {
      converted = g_convert (text, -1, "GBK", "UTF-8", NULL, &len, &error);
      g_assert_no_error (error);
    }
  g_file_set_contents (path, converted ? converted : text, len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Runs --import; the exit status, with what it printed. */
static int
import (County      *county,
        const char  *kind,
        const char  *path,
        char       **out,
        char       **err,
        const char  *extra)
{
  return gw_test_run_townd (out, err, "--db", county->db, "--import", kind, path, extra, NULL);
}

static void
import_ok (County     *county,
           const char *kind,
           const char *path,
           const char *counts)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  int status = import (county, kind, path, &out, &err, NULL);

  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, counts);
}

static const char departments_csv[] =
  BOM "编码,名称,英文名称,联系电话\r\n"
  "cgj,城市管理局,Urban Management Bureau,0537-5221234\r\n"
  "hbj,\"生态环境局, 邹城分局\",,\r\n";

static const char categories_csv[] =
  "code,name,major_code,major_name,kind,time_limit,lead_department,name_en,cooperating_departments,town_handles\n"
  "0101,占道经营,01,市容环境,事件,4工作时,cgj,Street vending,,\n"
  "0201,井盖缺失,02,公用设施,component,2工作日,cgj,,,\n"
  "0301,违规排污,03,生态环境,event,4 working_hours,hbj,Illegal discharge,cgj、hbj,990001002\n";

static void
county_init (County *county)
{
  g_autofree char *grids = g_test_build_filename (G_TEST_DIST, "data", "fixture-grids.geojson", NULL);
  g_autofree char *departments = NULL;
  g_autofree char *categories = NULL;

  county->dir = gw_test_tmp_path ("county");
  g_mkdir_with_parents (county->dir, 0700);
  county->db = g_build_filename (county->dir, "town.sqlite", NULL);
  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", county->db, "--import", "grids", grids, NULL), ==, 0);

  departments = write_file (county, "departments.csv", departments_csv, FALSE);
  import_ok (county, "departments", departments, "added 2, changed 0, unchanged 0, absent 0");
  categories = write_file (county, "categories.csv", categories_csv, TRUE);
  import_ok (county, "categories", categories, "added 3, changed 0, unchanged 0, absent 0");
}

/* The roster as a workbook: columns in another order, a note row in
 * English as the templates have, duties and several grids in one cell. */
static char *
write_workers_xlsx (County     *county,
                    const char *name,
                    const char *second_grids)
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

static JsonArray *
get_items (GwTestServer *server,
           const char   *collection,
           JsonNode    **keep)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/", collection, NULL);
  guint status = 0;
  g_autoptr(GBytes) body = gw_test_http_get (url, server->token, NULL, &status, NULL);

  g_assert_cmpuint (status, ==, 200);
  *keep = gw_test_json_from_bytes (body);
  return json_object_get_array_member (json_node_get_object (*keep), "items");
}

static const char *
member (JsonArray  *items,
        guint       index,
        const char *name)
{
  JsonObject *obj = json_array_get_object_element (items, index);
  JsonNode *node = json_object_get_member (obj, name);

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static void
test_every_kind (void)
{
  g_auto(County) county = { 0 };
  g_autofree char *workers = NULL;
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(JsonNode) d = NULL, c = NULL, w = NULL, g = NULL;
  JsonArray *items;
  JsonObject *limit;

  county_init (&county);
  workers = write_workers_xlsx (&county, "workers.xlsx", "990001001、990001002");
  import_ok (&county, "workers", workers, "added 2, changed 0, unchanged 0, absent 0");

  server = gw_test_server_start (county.db, NULL);

  /* The collections are the files, row by row. */
  items = get_items (server, "departments", &d);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (member (items, 0, "id"), ==, "cgj");
  g_assert_cmpstr (member (items, 0, "name"), ==, "城市管理局");
  g_assert_cmpstr (member (items, 0, "name_en"), ==, "Urban Management Bureau");
  g_assert_cmpstr (member (items, 0, "phone"), ==, "0537-5221234");
  g_assert_cmpstr (member (items, 1, "id"), ==, "hbj");
  g_assert_cmpstr (member (items, 1, "name"), ==, "生态环境局, 邹城分局");
  g_assert_null (member (items, 1, "phone"));

  items = get_items (server, "categories", &c);
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (member (items, 0, "code"), ==, "0101");
  g_assert_cmpstr (member (items, 0, "name"), ==, "占道经营");
  g_assert_cmpstr (member (items, 0, "kind"), ==, "event");
  g_assert_cmpstr (member (items, 0, "major_name"), ==, "市容环境");
  g_assert_cmpstr (member (items, 0, "department"), ==, "cgj");
  g_assert_cmpstr (member (items, 1, "kind"), ==, "component");
  limit = json_object_get_object_member (json_array_get_object_element (items, 1), "time_limit");
  g_assert_cmpint (json_object_get_int_member (limit, "value"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (limit, "unit"), ==, "working_days");
  limit = json_object_get_object_member (json_array_get_object_element (items, 2), "time_limit");
  g_assert_cmpint (json_object_get_int_member (limit, "value"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (limit, "unit"), ==, "working_hours");
  g_assert_cmpstr (member (items, 2, "department"), ==, "hbj");
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

  items = get_items (server, "workers", &w);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (member (items, 0, "id"), ==, "w0001");
  g_assert_cmpstr (member (items, 0, "name"), ==, "张伟");
  g_assert_cmpstr (member (items, 0, "phone"), ==, "13900000001");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 0), "full_time"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (items, 1), "full_time"));
  {
    JsonArray *duties = json_object_get_array_member (json_array_get_object_element (items, 0), "duties");

    g_assert_cmpuint (json_array_get_length (duties), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (duties, 0), ==, "safety");
    g_assert_cmpstr (json_array_get_string_element (duties, 1), ==, "environment");
  }

  /* The grids' staff: the leader, and the second worker in both towns. */
  items = get_items (server, "grids", &g);
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
  g_auto(County) county = { 0 };
  g_autofree char *bad = NULL;
  g_autofree char *workers = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  county_init (&county);

  bad = write_file (&county, "categories-bad.csv",
                    BOM "编码,名称,大类编码,大类名称,处置时限,牵头部门\n"
                    "0101,占道经营,01,市容环境,4工作时,cgj\n"
                    "0102,乱堆物料,01,市容环境,四小时,cgj\n"
                    "0103,,01,市容环境,1工作日,nosuch\n", FALSE);
  g_assert_cmpint (import (&county, "categories", bad, &out, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 3, column “处置时限”"));
  g_assert_nonnull (strstr (err, "row 4, column “名称”"));
  g_assert_cmpstr (out, ==, "");

  /* Every reason, and the cross-reference, once the cells are right. */
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&bad, g_free);
  bad = write_file (&county, "categories-bad.csv",
                    BOM "编码,名称,大类编码,大类名称,处置时限,牵头部门,配合部门,乡镇自办\n"
                    "0101,占道经营,01,市容环境,4工作时,cgj,,\n"
                    "0103,乱堆物料,01,市容环境,1工作日,nosuch,hbj;other,990001\n", FALSE);
  g_assert_cmpint (import (&county, "categories", bad, NULL, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 3, column “牵头部门”"));
  g_assert_nonnull (strstr (err, "nosuch"));
  g_assert_nonnull (strstr (err, "row 3, column “配合部门”"));
  g_assert_nonnull (strstr (err, "“other”"));
  /* The county is not a town. */
  g_assert_nonnull (strstr (err, "row 3, column “乡镇自办”"));

  /* A roster naming a grid the county does not have. */
  workers = write_workers_xlsx (&county, "workers-bad.xlsx", "990001001;990009999");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (import (&county, "workers", workers, NULL, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 4, column “网格编码”"));
  g_assert_nonnull (strstr (err, "990009999"));

  /* Nothing was written: the lists are as they were. */
  {
    g_autoptr(GwTestServer) server = gw_test_server_start (county.db, NULL);
    g_autoptr(JsonNode) c = NULL, w = NULL;
    JsonArray *items = get_items (server, "categories", &c);

    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    g_assert_cmpstr (member (items, 0, "name"), ==, "占道经营");
    items = get_items (server, "workers", &w);
    g_assert_cmpuint (json_array_get_length (items), ==, 0);
  }
}

/* Re-import updates by code; --dry-run writes nothing; --replace removes
 * what the file leaves out, unless an open case refers to it. */
static void
test_reimport_and_replace (void)
{
  g_auto(County) county = { 0 };
  g_autofree char *changed = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  county_init (&county);
  changed = write_file (&county, "categories-2.csv",
                        "code,name,major_code,major_name,kind,time_limit,lead_department,name_en\n"
                        "0101,占道经营,01,市容环境,事件,4工作时,cgj,Street vending\n"
                        "0201,井盖缺失,02,公用设施,component,1工作日,cgj,\n"
                        "0401,噪声扰民,04,社会秩序,event,2工作日,hbj,Noise\n", TRUE);

  g_assert_cmpint (import (&county, "categories", changed, &out, &err, "--dry-run"), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "added 1, changed 1, unchanged 1, absent 1");
  g_clear_pointer (&out, g_free);
  import_ok (&county, "categories", changed, "added 1, changed 1, unchanged 1, absent 1");
  import_ok (&county, "categories", changed, "added 0, changed 0, unchanged 3, absent 1");

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
  g_assert_cmpint (import (&county, "categories", changed, &out, &err, "--replace"), ==, 1);
  g_assert_nonnull (strstr (err, "0301"));
  g_assert_nonnull (strstr (err, "河道排污"));

  /* Without the case in the way, --replace removes it. */
  {
    g_autofree char *with_0301 = write_file (&county, "categories-3.csv",
                                             "code,name,major_code,major_name,time_limit,lead_department\n"
                                             "0301,违规排污,03,生态环境,4工作时,hbj\n", FALSE);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (import (&county, "categories", with_0301, &out, NULL, "--replace"), ==, 0);
    g_assert_cmpstr (g_strstrip (out), ==, "added 0, changed 1, unchanged 0, absent 3");
  }
}

/* A running server's apps learn of an import from the change feed. */
static void
test_feed (void)
{
  g_auto(County) county = { 0 };
  g_autoptr(GwTestServer) server = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *changes;
  gboolean found = FALSE;
  guint status = 0;

  county_init (&county);
  server = gw_test_server_start (county.db, NULL);
  departments = write_file (&county, "departments-2.csv",
                            "code,name\ncgj,城市管理综合执法局\nhbj,\"生态环境局, 邹城分局\"\n", FALSE);
  import_ok (&county, "departments", departments, "added 0, changed 1, unchanged 1, absent 0");

  url = g_strconcat (server->url, "/api/v1/changes?since=0", NULL);
  body = gw_test_http_get (url, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  root = gw_test_json_from_bytes (body);
  changes = json_object_get_array_member (json_node_get_object (root), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "department") &&
          g_str_equal (json_object_get_string_member (change, "id"), "cgj"))
        {
          JsonObject *data = json_object_get_object_member (change, "data");

          g_assert_cmpstr (json_object_get_string_member (data, "name"), ==, "城市管理综合执法局");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

/* The templates read back: the note row is skipped, the examples are
 * valid, and the only refusal is the example's grid, which the county
 * does not have. */
static void
test_templates (void)
{
  g_auto(County) county = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *workers = NULL;

  county_init (&county);
  dir = g_build_filename (county.dir, "templates", NULL);
  g_assert_cmpint (gw_test_run_townd (&out, NULL, "--write-templates", dir, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "workers.xlsx"));

  departments = g_build_filename (dir, "departments.xlsx", NULL);
  import_ok (&county, "departments", departments, "added 0, changed 0, unchanged 1, absent 1");
  categories = g_build_filename (dir, "categories.csv", NULL);
  import_ok (&county, "categories", categories, "added 0, changed 1, unchanged 0, absent 2");

  workers = g_build_filename (dir, "workers.xlsx", NULL);
  g_assert_cmpint (import (&county, "workers", workers, NULL, &err, "--dry-run"), ==, 1);
  g_assert_nonnull (strstr (err, "row 3, column “网格编码*”"));
  g_assert_nonnull (strstr (err, "370883001001001"));
  g_assert_null (strstr (err, "row 2"));
}

/* A county with one unit grid in its west town: the east town has none. */
static const char unit_grids[] =
  "{\"type\":\"FeatureCollection\",\"features\":["
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"990001001001\",\"name\":\"西村\",\"level\":\"community\","
  "\"parent\":\"990001001\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
  "[[[116.9,35.3],[117.0,35.3],[117.0,35.5],[116.9,35.5],[116.9,35.3]]]}},"
  "{\"type\":\"Feature\",\"properties\":{\"code\":\"990001001001001\",\"name\":\"西村一网格\",\"level\":\"grid\","
  "\"parent\":\"990001001001\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
  "[[[116.9,35.3],[117.0,35.3],[117.0,35.5],[116.9,35.5],[116.9,35.3]]]}}]}";

/* Enterprises from a GBK file placed in their unit grid (a GCJ-02 point
 * moved to WGS 84 first), and inspectors from a workbook whose conflicts
 * name them by credit code; the server plans with both. */
static void
test_targets_and_inspectors (void)
{
  g_auto(County) county = { 0 };
  g_autofree char *grids = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *targets = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *inspectors = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(JsonNode) t = NULL, x = NULL;
  JsonArray *items;
  lxw_workbook *book;
  lxw_worksheet *sheet;

  county_init (&county);
  grids = write_file (&county, "units.geojson", unit_grids, FALSE);
  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", county.db, "--import", "grids", grids, NULL), ==, 0);
  departments = write_file (&county, "departments-3.csv", "编码,名称\nmarket,市场监督管理局\n", FALSE);
  import_ok (&county, "departments", departments, "added 1, changed 0, unchanged 0, absent 2");

  targets = write_file (&county, "targets.csv",
                        "统一社会信用代码,名称,行业,地址,经度,纬度,坐标系,风险等级,上次检查\n"
                        "91370883MA3C000001,鑫源家常菜馆,restaurant,岗山路18号,116.95,35.40,,高,2026-03-15\n"
                        "91370883MA3C000002,四季农贸市场,farm_market,,116.955,35.399,gcj02,低,\n", TRUE);
  import_ok (&county, "targets", targets, "added 2, changed 0, unchanged 0, absent 0");

  /* The east town has no unit grid; the trade must be the catalogue's. */
  bad = write_file (&county, "targets-bad.csv",
                    "credit_code,name,category,lon,lat\n"
                    "91370883MA3C000003,东镇饭店,restaurant,117.05,35.40\n"
                    "91370883MA3C000004,某公司,bakery,116.95,35.40\n"
                    "9137,短代码,restaurant,116.95,35.40\n", FALSE);
  g_assert_cmpint (import (&county, "targets", bad, NULL, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 2, column “lon”"));
  g_assert_nonnull (strstr (err, "row 3, column “category”"));
  g_assert_nonnull (strstr (err, "row 4, column “credit_code”"));

  inspectors = g_build_filename (county.dir, "inspectors.xlsx", NULL);
  book = workbook_new (inspectors);
  sheet = workbook_add_worksheet (book, NULL);
  worksheet_write_string (sheet, 0, 0, "id", NULL);
  worksheet_write_string (sheet, 0, 1, "name", NULL);
  worksheet_write_string (sheet, 0, 2, "department", NULL);
  worksheet_write_string (sheet, 0, 3, "qualifications", NULL);
  worksheet_write_string (sheet, 0, 4, "conflicts", NULL);
  worksheet_write_string (sheet, 1, 0, "market-01", NULL);
  worksheet_write_string (sheet, 1, 1, "王敏", NULL);
  worksheet_write_string (sheet, 1, 2, "market", NULL);
  worksheet_write_string (sheet, 1, 3, "restaurant；farm_market", NULL);
  worksheet_write_string (sheet, 1, 4, "91370883MA3C000002", NULL);
  g_assert_cmpint (workbook_close (book), ==, LXW_NO_ERROR);
  import_ok (&county, "inspectors", inspectors, "added 1, changed 0, unchanged 0, absent 0");

  server = gw_test_server_start (county.db, NULL);
  items = get_items (server, "inspection/targets", &t);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (member (items, 0, "id"), ==, "91370883MA3C000001");
  g_assert_cmpstr (member (items, 0, "grid"), ==, "990001001001001");
  g_assert_cmpstr (member (items, 0, "risk"), ==, "high");
  g_assert_cmpstr (member (items, 0, "last_inspected"), ==, "2026-03-15");
  g_assert_cmpstr (member (items, 1, "risk"), ==, "low");
  /* GCJ-02 is a few hundred metres off WGS 84 in Shandong. */
  g_assert_cmpfloat (fabs (json_object_get_double_member (json_array_get_object_element (items, 1), "lon") - 116.955),
                     >, 0.001);
  items = get_items (server, "inspection/inspectors", &x);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (member (items, 0, "department"), ==, "market");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_array_get_object_element (items, 0),
                                                                                 "conflicts"), 0),
                   ==, "91370883MA3C000002");

  /* Re-importing the same file changes nothing, and the server, still
   * running, serves an update at once. */
  import_ok (&county, "targets", targets, "added 0, changed 0, unchanged 2, absent 0");
  {
    g_autofree char *renamed = write_file (&county, "targets-2.csv",
                                           "credit_code,name,category,lon,lat\n"
                                           "91370883MA3C000001,鑫源酒家,restaurant,116.95,35.40\n", FALSE);
    g_autoptr(JsonNode) again = NULL;

    import_ok (&county, "targets", renamed, "added 0, changed 1, unchanged 0, absent 1");
    items = get_items (server, "inspection/targets", &again);
    g_assert_cmpstr (member (items, 0, "name"), ==, "鑫源酒家");
  }
}

static guint
act (GwTestServer *server,
     const char   *case_id,
     const char   *body)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/cases/%s/actions", server->url, case_id);
  guint status = 0;
  g_autoptr(GBytes) reply = gw_test_http_post_once (url, server->token, body, &status);

  return status;
}

typedef struct
{
  GwTestServer *server;
  const char *etag;
} Served;

static void
on_pulled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_reference_pull_finish (result, NULL, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
whistle_list_changed (gpointer data)
{
  Served *served = data;
  g_autofree char *url = g_strconcat (served->server->url, "/api/v1/whistle-items", NULL);
  g_autofree char *etag = NULL;
  guint status = 0;
  g_autoptr(GBytes) body = gw_test_http_get (url, served->server->token, NULL, &status, &etag);

  return status == 200 && g_strcmp0 (etag, served->etag) != 0;
}

/* The county's whistle list is served with an ETag, and is the list the
 * server's rules accept whistles from: the demo's items no longer are. */
static void
test_whistle_items (void)
{
  g_auto(County) county = { 0 };
  g_autoptr(GwTestServer) server = NULL;
  g_autofree char *items = NULL;
  g_autofree char *url = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) unchanged = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) created = NULL;
  JsonArray *array;
  JsonObject *first;
  const char *id;
  guint status = 0;

  county_init (&county);
  items = write_file (&county, "whistle.csv",
                      BOM "编码,事项,类别,报到时限,报到部门,案件类别\n"
                      "X1-01,占道经营需联合执法,城市管理,当日,cgj,0101\n"
                      "X2-01,河道排污需溯源,生态环境,3工作日,hbj,0301\n", FALSE);
  import_ok (&county, "whistle-items", items, "added 2, changed 0, unchanged 0, absent 0");

  {
    g_autofree char *bad = write_file (&county, "whistle-bad.csv",
                                       "code,name,group,report_limit,department\n"
                                       "X3-01,x,y,下周,cgj\n"
                                       "X3-02,x,y,当日,nosuch\n", FALSE);

    g_assert_cmpint (import (&county, "whistle-items", bad, NULL, &err, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "row 2, column “report_limit”"));
    g_assert_nonnull (strstr (err, "row 3, column “department”"));
  }

  server = gw_test_server_start (county.db, NULL);
  url = g_strconcat (server->url, "/api/v1/whistle-items", NULL);
  body = gw_test_http_get (url, server->token, NULL, &status, &etag);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (etag);
  root = gw_test_json_from_bytes (body);
  array = json_object_get_array_member (json_node_get_object (root), "items");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, "X1-01");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "group"), "code"), ==, "X1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "report"), "unit"), ==,
                   "same_day");
  unchanged = gw_test_http_get (url, server->token, etag, &status, NULL);
  g_assert_cmpuint (status, ==, 304);

  /* A whistle with the county's item is taken; one with the demo's is not. */
  {
    g_autofree char *cases = g_strconcat (server->url, "/api/v1/cases", NULL);
    g_autoptr(GBytes) reply = gw_test_http_send ("POST", cases, server->token,
                                                 "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.95,"
                                                 "\"category\":\"0101\",\"description\":\"占道经营\"}", &status);

    g_assert_cmpuint (status, ==, 201);
    created = gw_test_json_from_bytes (reply);
  }
  id = json_object_get_string_member (json_node_get_object (created), "id");
  g_assert_cmpuint (act (server, id, "{\"action\":\"accept\",\"base_version\":1}"), ==, 200);
  g_assert_cmpuint (act (server, id, "{\"action\":\"file\",\"base_version\":2}"), ==, 200);
  g_assert_cmpuint (act (server, id, "{\"action\":\"whistle\",\"base_version\":3,\"params\":{\"to_level\":\"county\","
                                     "\"called\":\"cgj\",\"item\":\"W1-01\",\"reason\":\"需执法\"}}"), !=, 200);
  g_assert_cmpuint (act (server, id, "{\"action\":\"whistle\",\"base_version\":3,\"params\":{\"to_level\":\"county\","
                                     "\"called\":\"cgj\",\"item\":\"X1-01\",\"reason\":\"需执法\"}}"), ==, 200);

  /* An item an open case's escalation names is not removed. */
  {
    g_autofree char *only_x2 = write_file (&county, "whistle-2.csv",
                                           "code,name,group,report_limit,department\n"
                                           "X2-01,河道排污需溯源,生态环境,3工作日,hbj\n", FALSE);
    Served served = { server, etag };

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (import (&county, "whistle-items", only_x2, NULL, &err, "--replace"), ==, 1);
    g_assert_nonnull (strstr (err, id));

    /* Without --replace the running server takes the changed list up. */
    import_ok (&county, "whistle-items", only_x2, "added 0, changed 1, unchanged 0, absent 1");
    gw_test_wait_for (whistle_list_changed, &served, 10000, "the server to serve the new whistle list");
  }

  /* The app pulls the county's list, uses it, and uses it again offline
   * from its cache. */
  {
    g_autofree char *cache_path = g_build_filename (county.dir, "cache.sqlite", NULL);
    g_autoptr(GwStore) cache = gw_cache_open (cache_path, NULL);
    g_autoptr(GwTownClient) client = gw_town_client_new (server->url, NULL);
    gboolean pulled = FALSE;

    gw_town_client_set_token (client, server->token);
    gw_reference_pull_async (client, cache, NULL, on_pulled, &pulled);
    gw_test_wait_for (is_true, &pulled, 10000, "the reference pull");
    g_assert_nonnull (gw_whistle_list_lookup (gw_whistle_list_get_default (), "X2-01"));
    g_assert_null (gw_whistle_list_lookup (gw_whistle_list_get_default (), "W1-01"));

    gw_whistle_list_set_default (NULL);
    g_assert_nonnull (gw_whistle_list_lookup (gw_whistle_list_get_default (), "W1-01"));
    g_clear_object (&cache);
    cache = gw_cache_open (cache_path, NULL);
    g_assert_nonnull (gw_whistle_list_lookup (gw_whistle_list_get_default (), "X2-01"));
    gw_whistle_list_set_default (NULL);
  }
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
  g_auto(County) county = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  double strip = 0.001 * 111320 * cos (35.005 * G_PI / 180) * 0.01 * 111320;

  county.dir = gw_test_tmp_path ("untidy");
  g_mkdir_with_parents (county.dir, 0700);
  county.db = g_build_filename (county.dir, "town.sqlite", NULL);
  path = write_file (&county, "untidy.geojson", untidy_grids, FALSE);

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

/* Days from now to a new case's deadline (category 0201: 2 working days). */
static double
days_to_deadline (GwTestServer *server)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases", NULL);
  guint status = 0;
  g_autoptr(GBytes) reply = gw_test_http_send ("POST", url, server->token,
                                               "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.95,"
                                               "\"category\":\"0201\",\"description\":\"井盖缺失\"}", &status);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GDateTime) deadline = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_cmpuint (status, ==, 201);
  created = gw_test_json_from_bytes (reply);
  deadline = g_date_time_new_from_iso8601 (json_object_get_string_member (json_node_get_object (created), "deadline"),
                                           NULL);
  g_assert_nonnull (deadline);
  return g_date_time_difference (deadline, now) / (double) G_TIME_SPAN_DAY;
}

static gboolean
deadline_is_near (gpointer data)
{
  return days_to_deadline (data) < 10;
}

/* The county's own holidays (the next forty days, from a workbook that
 * keeps dates as day numbers) push a new case's deadline past them; a
 * re-import without them brings it back, while the server runs. */
static void
test_calendar (void)
{
  g_auto(County) county = { 0 };
  g_autoptr(GwTestServer) server = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autofree char *one_day = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate epoch;
  lxw_workbook *book;
  lxw_worksheet *sheet;

  county_init (&county);
  path = g_build_filename (county.dir, "calendar.xlsx", NULL);
  book = workbook_new (path);
  sheet = workbook_add_worksheet (book, NULL);
  worksheet_write_string (sheet, 0, 0, "日期", NULL);
  worksheet_write_string (sheet, 0, 1, "类型", NULL);
  worksheet_write_string (sheet, 0, 2, "名称", NULL);
  g_date_set_dmy (&epoch, 30, 12, 1899);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, i);
      GDate date;

      g_date_set_dmy (&date, g_date_time_get_day_of_month (day), g_date_time_get_month (day), g_date_time_get_year (day));
      worksheet_write_number (sheet, i + 1, 0, g_date_get_julian (&date) - g_date_get_julian (&epoch), NULL);
      worksheet_write_string (sheet, i + 1, 1, "休", NULL);
      worksheet_write_string (sheet, i + 1, 2, "防汛", NULL);
    }
  g_assert_cmpint (workbook_close (book), ==, LXW_NO_ERROR);
  import_ok (&county, "calendar", path, "added 40, changed 0, unchanged 0, absent 0");

  one_day = write_file (&county, "calendar-bad.csv", "date,type\n2026-02-30,休\n2026-10-09,放假\n", FALSE);
  g_assert_cmpint (import (&county, "calendar", one_day, NULL, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 2, column “date”"));
  g_assert_nonnull (strstr (err, "row 3, column “type”"));

  server = gw_test_server_start (county.db, NULL);
  g_assert_cmpfloat (days_to_deadline (server), >, 39);

  g_clear_pointer (&one_day, g_free);
  one_day = write_file (&county, "calendar-2.csv", "date,type,name\n2099-10-09,休,远\n", FALSE);
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (import (&county, "calendar", one_day, &out, NULL, "--replace"), ==, 0);
    g_assert_cmpstr (g_strstrip (out), ==, "added 1, changed 0, unchanged 0, absent 40");
  }
  gw_test_wait_for (deadline_is_near, server, 10000, "deadlines to follow the re-imported calendar");
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GwInspectionLoad **load = user_data;
  g_autoptr(GError) error = NULL;

  *load = gw_inspection_sync_load_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* The county's catalogue is served with an ETag, and a trade it adds
 * is one targets may have; a catalogue that drops a target's trade is
 * refused. */
static void
test_catalogue (void)
{
  g_auto(County) county = { 0 };
  g_autoptr(GwTestServer) server = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *catalogue = NULL;
  g_autofree char *targets = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *err = NULL;
  g_autofree char *url = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *grids = NULL;
  JsonObject *obj;
  guint status = 0;

  county_init (&county);
  grids = write_file (&county, "units.geojson", unit_grids, FALSE);
  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", county.db, "--import", "grids", grids, NULL), ==, 0);
  departments = write_file (&county, "departments-4.csv", "编码,名称\nmarket,市场监督管理局\n", FALSE);
  import_ok (&county, "departments", departments, "added 1, changed 0, unchanged 0, absent 2");

  catalogue = write_file (&county, "catalogue.csv",
                          "行业,事项编码,事项,部门,依据,每年次数,抽查\n"
                          "restaurant,R-1,后厨卫生,market,《食品安全法》,2,否\n"
                          "bakery,B-1,烘焙原料查验,market,,1,是\n", TRUE);
  import_ok (&county, "catalogue", catalogue, "added 2, changed 0, unchanged 0, absent 0");
  targets = write_file (&county, "targets-b.csv",
                        "credit_code,name,category,lon,lat\n91370883MA3C000009,麦香面包房,bakery,116.95,35.40\n", FALSE);
  import_ok (&county, "targets", targets, "added 1, changed 0, unchanged 0, absent 0");

  bad = write_file (&county, "catalogue-bad.csv",
                    "category,item_code,item,department,per_year\n"
                    "restaurant,R-1,后厨卫生,market,0\n", FALSE);
  g_assert_cmpint (import (&county, "catalogue", bad, NULL, &err, "--replace"), ==, 1);
  g_assert_nonnull (strstr (err, "row 2, column “per_year”"));
  g_assert_nonnull (strstr (err, "91370883MA3C000009"));

  server = gw_test_server_start (county.db, NULL);
  url = g_strconcat (server->url, "/api/v1/inspection/catalogue", NULL);
  body = gw_test_http_get (url, server->token, NULL, &status, &etag);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (etag);
  again = gw_test_http_get (url, server->token, etag, &status, NULL);
  g_assert_cmpuint (status, ==, 304);
  root = gw_test_json_from_bytes (body);
  obj = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "items")), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (obj, "departments"), 0), ==, "market");

  /* The app plans with the county's catalogue: its new trade, and the
   * target of that trade. */
  {
    g_autoptr(GwTownClient) client = gw_town_client_new (server->url, NULL);
    GwInspectionLoad *load = NULL;
    const GwTargetCategory *trades;
    guint n = 0;
    gboolean bakery = FALSE;

    gw_town_client_set_token (client, server->token);
    gw_inspection_sync_load_async (client, NULL, on_loaded, &load);
    gw_test_wait_for (is_set, &load, 10000, "the inspection data to load");
    trades = gw_inspection_data_get_categories (load->data, &n);
    for (guint i = 0; i < n; i++)
      bakery |= g_str_equal (trades[i].code, "bakery");
    g_assert_true (bakery);
    g_assert_cmpint (gw_inspection_data_find_item (load->data, "B-1"), >=, 0);
    g_assert_cmpint (gw_inspection_data_find_item (load->data, "R-M1"), <, 0);
    g_assert_cmpint (gw_inspection_data_find_target (load->data, "91370883MA3C000009"), >=, 0);
    gw_inspection_load_free (load);
  }
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
  g_test_add_func ("/townd-import/targets-and-inspectors", test_targets_and_inspectors);
  g_test_add_func ("/townd-import/whistle-items", test_whistle_items);
  g_test_add_func ("/townd-import/grid-coverage", test_grid_coverage);
  g_test_add_func ("/townd-import/calendar", test_calendar);
  g_test_add_func ("/townd-import/catalogue", test_catalogue);

  return g_test_run ();
}
