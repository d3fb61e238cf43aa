/* gw-test-county.c: a county moving in, for the import tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gw-test-county.h"

void
gw_test_county_clear (GwTestCounty *county)
{
  g_clear_pointer (&county->db, g_free);
  g_clear_pointer (&county->dir, g_free);
}

char *
gw_test_county_write (GwTestCounty *county,
                      const char   *name,
                      const char   *text,
                      gboolean      gbk)
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

int
gw_test_county_import (GwTestCounty  *county,
                       const char    *kind,
                       const char    *path,
                       char         **out,
                       char         **err,
                       const char    *extra)
{
  return gw_test_run_townd (out, err, "--db", county->db, "--import", kind, path, extra, NULL);
}

void
gw_test_county_import_ok (GwTestCounty *county,
                          const char   *kind,
                          const char   *path,
                          const char   *counts)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  int status = gw_test_county_import (county, kind, path, &out, &err, NULL);

  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, counts);
}

static const char departments_csv[] =
  GW_TEST_BOM "编码,名称,英文名称,联系电话\r\n"
  "cgj,城市管理局,Urban Management Bureau,0537-5221234\r\n"
  "hbj,\"生态环境局, 邹城分局\",,\r\n";

static const char categories_csv[] =
  "code,name,major_code,major_name,kind,time_limit,lead_department,name_en,cooperating_departments,town_handles\n"
  "0101,占道经营,01,市容环境,事件,4工作时,cgj,Street vending,,\n"
  "0201,井盖缺失,02,公用设施,component,2工作日,cgj,,,\n"
  "0301,违规排污,03,生态环境,event,4 working_hours,hbj,Illegal discharge,cgj、hbj,990001002\n";

void
gw_test_county_init (GwTestCounty *county)
{
  g_autofree char *grids = g_test_build_filename (G_TEST_DIST, "data", "fixture-grids.geojson", NULL);
  g_autofree char *departments = NULL;
  g_autofree char *categories = NULL;

  county->dir = gw_test_tmp_path ("county");
  g_mkdir_with_parents (county->dir, 0700);
  county->db = g_build_filename (county->dir, "town.sqlite", NULL);
  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", county->db, "--import", "grids", grids, NULL), ==, 0);

  departments = gw_test_county_write (county, "departments.csv", departments_csv, FALSE);
  gw_test_county_import_ok (county, "departments", departments, "added 2, changed 0, unchanged 0, absent 0");
  categories = gw_test_county_write (county, "categories.csv", categories_csv, TRUE);
  gw_test_county_import_ok (county, "categories", categories, "added 3, changed 0, unchanged 0, absent 0");
}

JsonArray *
gw_test_get_items (GwTestServer *server,
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

const char *
gw_test_item_member (JsonArray  *items,
                     guint       index,
                     const char *name)
{
  JsonObject *obj = json_array_get_object_element (items, index);
  JsonNode *node = json_object_get_member (obj, name);

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

