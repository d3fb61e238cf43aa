/* test-townd-import-lists.c: the lists a county keeps whole: its
 * enterprises and inspectors, its whistle list, its inspection catalogue
 * and its own calendar; each imported, served and used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "gw-cache-schema.h"
#include "gw-inspection-sync.h"
#include "gw-reference-data.h"
#include "gw-reference-pull.h"
#include "gw-test-county.h"
#include "gw-whistle-list.h"

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
  g_auto(GwTestCounty) county = { 0 };
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

  gw_test_county_init (&county);
  grids = gw_test_county_write (&county, "units.geojson", unit_grids, FALSE);
  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", county.db, "--import", "grids", grids, NULL), ==, 0);
  departments = gw_test_county_write (&county, "departments-3.csv", "编码,名称\nmarket,市场监督管理局\n", FALSE);
  gw_test_county_import_ok (&county, "departments", departments, "added 1, changed 0, unchanged 0, absent 2");

  targets = gw_test_county_write (&county, "targets.csv",
                        "统一社会信用代码,名称,行业,地址,经度,纬度,坐标系,风险等级,上次检查\n"
                        "91370883MA3C000001,鑫源家常菜馆,restaurant,岗山路18号,116.95,35.40,,高,2026-03-15\n"
                        "91370883MA3C000002,四季农贸市场,farm_market,,116.955,35.399,gcj02,低,\n", TRUE);
  gw_test_county_import_ok (&county, "targets", targets, "added 2, changed 0, unchanged 0, absent 0");

  /* The east town has no unit grid; the trade must be the catalogue's. */
  bad = gw_test_county_write (&county, "targets-bad.csv",
                    "credit_code,name,category,lon,lat\n"
                    "91370883MA3C000003,东镇饭店,restaurant,117.05,35.40\n"
                    "91370883MA3C000004,某公司,bakery,116.95,35.40\n"
                    "9137,短代码,restaurant,116.95,35.40\n", FALSE);
  g_assert_cmpint (gw_test_county_import (&county, "targets", bad, NULL, &err, NULL), ==, 1);
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
  gw_test_county_import_ok (&county, "inspectors", inspectors, "added 1, changed 0, unchanged 0, absent 0");

  server = gw_test_server_start (county.db, NULL);
  items = gw_test_get_items (server, "inspection/targets", &t);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (gw_test_item_member (items, 0, "id"), ==, "91370883MA3C000001");
  g_assert_cmpstr (gw_test_item_member (items, 0, "grid"), ==, "990001001001001");
  g_assert_cmpstr (gw_test_item_member (items, 0, "risk"), ==, "high");
  g_assert_cmpstr (gw_test_item_member (items, 0, "last_inspected"), ==, "2026-03-15");
  g_assert_cmpstr (gw_test_item_member (items, 1, "risk"), ==, "low");
  /* GCJ-02 is a few hundred metres off WGS 84 in Shandong. */
  g_assert_cmpfloat (fabs (json_object_get_double_member (json_array_get_object_element (items, 1), "lon") - 116.955),
                     >, 0.001);
  items = gw_test_get_items (server, "inspection/inspectors", &x);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (gw_test_item_member (items, 0, "department"), ==, "market");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_array_get_object_element (items, 0),
                                                                                 "conflicts"), 0),
                   ==, "91370883MA3C000002");

  /* Re-importing the same file changes nothing, and the server, still
   * running, serves an update at once. */
  gw_test_county_import_ok (&county, "targets", targets, "added 0, changed 0, unchanged 2, absent 0");
  {
    g_autofree char *renamed = gw_test_county_write (&county, "targets-2.csv",
                                           "credit_code,name,category,lon,lat\n"
                                           "91370883MA3C000001,鑫源酒家,restaurant,116.95,35.40\n", FALSE);
    g_autoptr(JsonNode) again = NULL;

    gw_test_county_import_ok (&county, "targets", renamed, "added 0, changed 1, unchanged 0, absent 1");
    items = gw_test_get_items (server, "inspection/targets", &again);
    g_assert_cmpstr (gw_test_item_member (items, 0, "name"), ==, "鑫源酒家");
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
reference_loaded (gpointer data)
{
  return gw_reference_data_is_loaded (data);
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
  g_auto(GwTestCounty) county = { 0 };
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

  gw_test_county_init (&county);
  items = gw_test_county_write (&county, "whistle.csv",
                      GW_TEST_BOM "编码,事项,类别,报到时限,报到部门,案件类别\n"
                      "X1-01,占道经营需联合执法,城市管理,当日,cgj,0101\n"
                      "X2-01,河道排污需溯源,生态环境,3工作日,hbj,0301\n", FALSE);
  gw_test_county_import_ok (&county, "whistle-items", items, "added 2, changed 0, unchanged 0, absent 0");

  {
    g_autofree char *bad = gw_test_county_write (&county, "whistle-bad.csv",
                                       "code,name,group,report_limit,department\n"
                                       "X3-01,x,y,下周,cgj\n"
                                       "X3-02,x,y,当日,nosuch\n", FALSE);

    g_assert_cmpint (gw_test_county_import (&county, "whistle-items", bad, NULL, &err, NULL), ==, 1);
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
    g_autofree char *only_x2 = gw_test_county_write (&county, "whistle-2.csv",
                                           "code,name,group,report_limit,department\n"
                                           "X2-01,河道排污需溯源,生态环境,3工作日,hbj\n", FALSE);
    Served served = { server, etag };

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (gw_test_county_import (&county, "whistle-items", only_x2, NULL, &err, "--replace"), ==, 1);
    g_assert_nonnull (strstr (err, id));

    /* Without --replace the running server takes the changed list up. */
    gw_test_county_import_ok (&county, "whistle-items", only_x2, "added 0, changed 1, unchanged 0, absent 1");
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
    gw_test_wait_for (gw_test_flag_is_set, &pulled, 10000, "the reference pull");
    {
      g_autoptr(GwWhistleList) pulled_list = gw_reference_read_whistle_list (cache);

      g_assert_nonnull (gw_whistle_list_lookup (pulled_list, "X2-01"));
      g_assert_null (gw_whistle_list_lookup (pulled_list, "W1-01"));
    }
    /* Only the app's own copy changed: the process's default is not its. */
    g_assert_nonnull (gw_whistle_list_lookup (gw_whistle_list_get_default (), "W1-01"));
    g_clear_object (&cache);
    cache = gw_cache_open (cache_path, NULL);
    {
      g_autoptr(GwReferenceData) reference = gw_reference_data_new (cache);

      gw_test_wait_for (reference_loaded, reference, 10000, "the reference data to load");
      g_assert_nonnull (gw_whistle_list_lookup (gw_reference_data_get_whistle_list (reference), "X2-01"));
    }
  }
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
  g_auto(GwTestCounty) county = { 0 };
  g_autoptr(GwTestServer) server = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autofree char *one_day = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate epoch;
  lxw_workbook *book;
  lxw_worksheet *sheet;

  gw_test_county_init (&county);
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
  gw_test_county_import_ok (&county, "calendar", path, "added 40, changed 0, unchanged 0, absent 0");

  one_day = gw_test_county_write (&county, "calendar-bad.csv", "date,type\n2026-02-30,休\n2026-10-09,放假\n", FALSE);
  g_assert_cmpint (gw_test_county_import (&county, "calendar", one_day, NULL, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "row 2, column “date”"));
  g_assert_nonnull (strstr (err, "row 3, column “type”"));

  server = gw_test_server_start (county.db, NULL);
  g_assert_cmpfloat (days_to_deadline (server), >, 39);

  g_clear_pointer (&one_day, g_free);
  one_day = gw_test_county_write (&county, "calendar-2.csv", "date,type,name\n2099-10-09,休,远\n", FALSE);
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (gw_test_county_import (&county, "calendar", one_day, &out, NULL, "--replace"), ==, 0);
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

/* The county's catalogue is served with an ETag, and a trade it adds
 * is one targets may have; a catalogue that drops a target's trade is
 * refused. */
static void
test_catalogue (void)
{
  g_auto(GwTestCounty) county = { 0 };
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

  gw_test_county_init (&county);
  grids = gw_test_county_write (&county, "units.geojson", unit_grids, FALSE);
  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", county.db, "--import", "grids", grids, NULL), ==, 0);
  departments = gw_test_county_write (&county, "departments-4.csv", "编码,名称\nmarket,市场监督管理局\n", FALSE);
  gw_test_county_import_ok (&county, "departments", departments, "added 1, changed 0, unchanged 0, absent 2");

  catalogue = gw_test_county_write (&county, "catalogue.csv",
                          "行业,事项编码,事项,部门,依据,每年次数,抽查\n"
                          "restaurant,R-1,后厨卫生,market,《食品安全法》,2,否\n"
                          "bakery,B-1,烘焙原料查验,market,,1,是\n", TRUE);
  gw_test_county_import_ok (&county, "catalogue", catalogue, "added 2, changed 0, unchanged 0, absent 0");
  targets = gw_test_county_write (&county, "targets-b.csv",
                        "credit_code,name,category,lon,lat\n91370883MA3C000009,麦香面包房,bakery,116.95,35.40\n", FALSE);
  gw_test_county_import_ok (&county, "targets", targets, "added 1, changed 0, unchanged 0, absent 0");

  bad = gw_test_county_write (&county, "catalogue-bad.csv",
                    "category,item_code,item,department,per_year\n"
                    "restaurant,R-1,后厨卫生,market,0\n", FALSE);
  g_assert_cmpint (gw_test_county_import (&county, "catalogue", bad, NULL, &err, "--replace"), ==, 1);
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
    g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
    GwInspectionLoad *load = NULL;
    const GwTargetCategory *trades;
    guint n = 0;
    gboolean bakery = FALSE;

    gw_town_client_set_token (client, server->token);
    gw_inspection_sync_load_async (client, calendar, NULL, on_loaded, &load);
    gw_test_wait_for (gw_test_pointer_is_set, &load, 10000, "the inspection data to load");
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

  g_test_add_func ("/townd-import-lists/targets-and-inspectors", test_targets_and_inspectors);
  g_test_add_func ("/townd-import-lists/whistle-items", test_whistle_items);
  g_test_add_func ("/townd-import-lists/calendar", test_calendar);
  g_test_add_func ("/townd-import-lists/catalogue", test_catalogue);

  return g_test_run ();
}
