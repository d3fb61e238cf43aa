/* test-townd-towns.c: a town that handles a category itself (the
 * territorial list's 乡镇自办) against a real gridwatch-townd: its cases
 * go to the town, the others to the lead department; the case, the
 * figures by department and who may act on it agree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-test-county.h"

/* The fixture's 东镇 handles 0301 (违规排污) itself; 西镇 does not, so
 * there its lead department, hbj, answers for it. */
#define EAST "990001002"

typedef struct
{
  GwTestCounty county;
  GwTestServer *server;
} Towns;

static JsonNode *
request (Towns      *t,
         const char *method,
         const char *token,
         const char *path,
         const char *body,
         guint       expected)
{
  g_autofree char *url = g_strconcat (t->server->url, path, NULL);
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  if (g_str_equal (method, "POST") && strstr (path, "/actions"))
    reply = gw_test_http_post_once (url, token, body, &status);
  else
    reply = gw_test_http_send (method, url, token, body, &status);
  if (status != expected)
    g_error ("%s %s: %u, not %u: %.*s", method, path, status, expected, (int) g_bytes_get_size (reply),
             (const char *) g_bytes_get_data (reply, NULL));
  return gw_test_json_from_bytes (reply);
}

static char *
report_in (Towns      *t,
           double      lon,
           const char *category)
{
  g_autofree char *body = g_strdup_printf ("{\"source\":\"hotline_12345\",\"lat\":35.4,\"lon\":%.3f,"
                                           "\"category\":\"%s\",\"description\":\"河道排污\"}", lon, category);
  g_autoptr(JsonNode) node = request (t, "POST", t->server->token, "/api/v1/cases", body, 201);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

static char *
report (Towns  *t,
        double  lon)
{
  return report_in (t, lon, "0301");
}

static const char *
handled_by (JsonNode *kase)
{
  JsonObject *obj = json_node_get_object (kase);
  JsonObject *lifecycle = json_object_has_member (obj, "lifecycle") ?
                          json_object_get_object_member (obj, "lifecycle") : NULL;

  return lifecycle && json_object_has_member (lifecycle, "handled_by") ?
         json_object_get_string_member (lifecycle, "handled_by") : NULL;
}

static gint64
received_by (JsonNode   *stats,
             const char *key)
{
  JsonArray *rows = json_object_get_array_member (json_node_get_object (stats), "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "key"), key))
        return json_object_get_int_member (row, "received");
    }
  return 0;
}

static void
test_town_handles_its_category (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *town_desk = NULL, *town_officer = NULL, *hbj = NULL;
  g_autofree char *east = NULL, *west = NULL, *path = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Towns t = { 0 };

  gw_test_county_init (&county);
  t.server = gw_test_server_start (county.db, NULL);
  town_desk = gw_test_add_user (county.db, "wang@" EAST, "dispatcher");
  town_officer = gw_test_add_user (county.db, "zhao@" EAST, "department");
  hbj = gw_test_add_user (county.db, "hbj", "department");

  east = report (&t, 117.05);
  west = report (&t, 116.95);

  /* The case as served says who handles it, with the category's limit. */
  path = g_strdup_printf ("/api/v1/cases/%s", east);
  got = request (&t, "GET", t.server->token, path, NULL, 200);
  g_assert_cmpstr (handled_by (got), ==, "town:" EAST);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (got), "deadline"));
  g_clear_pointer (&got, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/api/v1/cases/%s", west);
  got = request (&t, "GET", t.server->token, path, NULL, 200);
  g_assert_null (handled_by (got));

  /* The figures by department count it for the town, the other for hbj. */
  stats = request (&t, "GET", t.server->token, "/api/v1/stats?by=department", NULL, 200);
  g_assert_cmpint (received_by (stats, "town:" EAST), ==, 1);
  g_assert_cmpint (received_by (stats, "hbj"), ==, 1);

  /* The town's dispatcher takes its own case, and only that one. */
  g_free (path);
  path = g_strdup_printf ("/api/v1/cases/%s/actions", west);
  reply = request (&t, "POST", town_desk, path,
                   "{\"action\":\"dispatch\",\"params\":{\"assignee\":\"town:" EAST "\"},\"base_version\":1}", 403);
  g_clear_pointer (&reply, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/api/v1/cases/%s/actions", east);
  reply = request (&t, "POST", town_desk, path,
                   "{\"action\":\"dispatch\",\"params\":{\"assignee\":\"town:\"},\"base_version\":1}", 400);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&t, "POST", town_desk, path,
                   "{\"action\":\"dispatch\",\"params\":{\"assignee\":\"town:" EAST "\"},\"base_version\":1}", 200);
  g_clear_pointer (&reply, json_node_unref);

  /* The county department cannot take it; the town's own officer can. */
  reply = request (&t, "POST", hbj, path, "{\"action\":\"start\",\"base_version\":4}", 403);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&t, "POST", town_officer, path, "{\"action\":\"start\",\"base_version\":4}", 200);
  g_clear_pointer (&reply, json_node_unref);

  g_clear_pointer (&stats, json_node_unref);
  stats = request (&t, "GET", t.server->token, "/api/v1/stats?by=department", NULL, 200);
  g_assert_cmpint (received_by (stats, "town:" EAST), ==, 1);
  g_assert_cmpint (received_by (stats, "hbj"), ==, 1);

  gw_test_server_stop (t.server);
}

static const char *
member (JsonNode   *answer,
        const char *name)
{
  JsonObject *obj = json_node_get_object (answer);
  JsonObject *kase = json_object_has_member (obj, "case") ? json_object_get_object_member (obj, "case") : obj;

  return json_object_get_string_member (kase, name);
}

/* A corrected category moves the case to whoever answers for the new
 * one: into the town that handles it, and out again to the lead. */
static void
test_recategorised_follows_town (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *id = NULL, *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  Towns t = { 0 };

  gw_test_county_init (&county);
  t.server = gw_test_server_start (county.db, NULL);
  id = report_in (&t, 117.05, "0101");
  path = g_strdup_printf ("/api/v1/cases/%s/actions", id);

  reply = request (&t, "POST", t.server->token, path,
                   "{\"action\":\"dispatch\",\"params\":{\"assignee\":\"department:cgj\"},\"base_version\":1}", 200);
  g_assert_null (handled_by (reply));
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&t, "POST", t.server->token, path,
                   "{\"action\":\"recategorise\",\"params\":{\"category\":\"0301\",\"reason\":\"是排污\"},"
                   "\"base_version\":4}", 200);
  g_assert_cmpstr (handled_by (reply), ==, "town:" EAST);
  g_assert_cmpstr (member (reply, "assignee"), ==, "town:" EAST);
  g_clear_pointer (&reply, json_node_unref);
  reply = request (&t, "POST", t.server->token, path,
                   "{\"action\":\"recategorise\",\"params\":{\"category\":\"0201\",\"reason\":\"是井盖\"},"
                   "\"base_version\":5}", 200);
  g_assert_null (handled_by (reply));
  g_assert_cmpstr (member (reply, "assignee"), ==, "department:cgj");

  gw_test_server_stop (t.server);
}

int
main (int    argc,
      char **argv)
{
  gw_test_init (&argc, &argv);
  g_test_add_func ("/townd/towns/handles-its-category", test_town_handles_its_category);
  g_test_add_func ("/townd/towns/recategorised-follows-town", test_recategorised_follows_town);
  return g_test_run ();
}
