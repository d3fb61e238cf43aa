/* test-town-server.c: gridwatch-townd's endpoints, ETags and errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "gw-json.h"
#include "gw-test-util.h"

static GwTestServer *demo_server;

static JsonObject *
get_json (const char *path,
          guint       expected_status,
          JsonNode  **root_out)
{
  g_autofree char *url = g_strconcat (demo_server->url, path, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  guint status;

  body = gw_test_http_get (url, demo_server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, expected_status);
  root = gw_json_parse_bytes (body, &error);
  g_assert_no_error (error);
  *root_out = root;
  return gw_json_node_get_object (root);
}

static void
test_health (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj = get_json ("/api/v1/health", 200, &root);

  g_assert_cmpstr (gw_json_object_get_string (obj, "status"), ==, "ok");
  g_assert_cmpint (gw_json_object_get_int (obj, "schema", 0), >, 0);
  g_assert_nonnull (gw_json_object_get_string (obj, "time"));
}

static void
test_collections (void)
{
  static const struct { const char *path; guint min; guint max; const char *key; } collections[] = {
    { "/api/v1/grids", 349, 5000, "code" },
    { "/api/v1/workers", 300, 5000, "id" },
    { "/api/v1/departments", 13, 20, "id" },
    { "/api/v1/categories", 30, 200, "code" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *obj = get_json (collections[i].path, 200, &root);
      JsonArray *items = gw_json_object_get_array (obj, "items");

      g_assert_nonnull (items);
      g_assert_cmpuint (json_array_get_length (items), >=, collections[i].min);
      g_assert_cmpuint (json_array_get_length (items), <=, collections[i].max);
      g_assert_nonnull (gw_json_object_get_string (json_array_get_object_element (items, 0), collections[i].key));
    }
}

static void
test_etag (void)
{
  g_autofree char *url = g_strconcat (demo_server->url, "/api/v1/grids", NULL);
  g_autofree char *etag = NULL;
  g_autofree char *etag2 = NULL;
  g_autofree char *weak = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  g_autoptr(GBytes) fourth = NULL;
  guint status;

  first = gw_test_http_get (url, demo_server->token, NULL, &status, &etag);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');

  second = gw_test_http_get (url, demo_server->token, etag, &status, &etag2);
  g_assert_cmpuint (status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (second), ==, 0);
  g_assert_cmpstr (etag2, ==, etag);

  weak = g_strdup_printf ("\"other\", W/%s", etag);
  third = gw_test_http_get (url, demo_server->token, weak, &status, NULL);
  g_assert_cmpuint (status, ==, 304);

  fourth = gw_test_http_get (url, demo_server->token, "\"stale\"", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_bytes_equal (fourth, first));
}

static void
test_etag_follows_import (void)
{
  g_autofree char *db = gw_test_tmp_path ("etag.sqlite");
  g_autofree char *geojson = gw_test_tmp_path ("one.geojson");
  g_autoptr(GwTestServer) server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *etag2 = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  guint status;

  g_assert_true (g_file_set_contents (geojson,
    "[{\"type\":\"Feature\",\"properties\":{\"code\":\"370883001001001\",\"name\":\"新网格\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[116,35],[117,35],[117,36],[116,35]]]}}]", -1, NULL));

  server = gw_test_server_start (db, NULL);
  url = g_strconcat (server->url, "/api/v1/grids", NULL);
  before = gw_test_http_get (url, server->token, NULL, &status, &etag);
  g_assert_cmpstr (g_bytes_get_data (before, NULL), ==, "{\"items\":[]}");

  /* An import by another process, while the server runs. */
  g_assert_cmpint (gw_test_run_townd (&out, NULL, "--db", db, "--import-grids", geojson, NULL), ==, 0);

  after = gw_test_http_get (url, server->token, etag, &status, &etag2);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (etag2, !=, etag);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (after, NULL), g_bytes_get_size (after), "新网格"));
}

static void
test_errors (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  static const struct { const char *method; const char *path; guint status; const char *code; } cases[] = {
    { "GET", "/api/v1/nothing", 404, "not_found" },
    { "GET", "/elsewhere", 404, "not_found" },
    { "POST", "/api/v1/grids", 405, "method_not_allowed" },
    { "DELETE", "/api/v1/health", 405, "method_not_allowed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strconcat (demo_server->url, cases[i].path, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new (cases[i].method, url);
      g_autofree char *bearer = g_strconcat ("Bearer ", demo_server->token, NULL);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonObject *err;

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      root = gw_json_parse_bytes (body, NULL);
      err = gw_json_node_get_object (json_object_get_member (gw_json_node_get_object (root), "error"));

      g_assert_cmpuint (soup_message_get_status (msg), ==, cases[i].status);
      g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                       ==, "application/json");
      g_assert_cmpstr (gw_json_object_get_string (err, "code"), ==, cases[i].code);
      g_assert_nonnull (gw_json_object_get_string (err, "message"));
    }
}

static void
test_bad_command_lines (void)
{
  g_autofree char *db = gw_test_tmp_path ("bad.sqlite");
  g_autofree char *err = NULL;

  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--listen", "127.0.0.1:0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--db"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--listen", "nowhere", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "HOST:PORT"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--import-grids", "/nonexistent.geojson", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nonexistent"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gw_test_run_townd (NULL, &err, "--db", db, "--import-grids", "x", "--crs", "mars", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--crs"));
}

static void
test_stats (void)
{
  g_autofree char *db = gw_test_tmp_path ("stats.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", "--seed-cases", "300", NULL);
  g_autofree char *url = g_strconcat (server->url, "/api/v1/stats?by=town", NULL);
  g_autofree char *by_mistake = g_strconcat (server->url, "/api/v1/stats?by=street", NULL);
  g_autofree char *backwards = g_strconcat (server->url, "/api/v1/stats?from=2026-12-01&to=2026-11-01", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *total;
  JsonArray *rows;
  guint status = 0, received = 0;

  /* The seeded week, by town: every case reported in it is counted once. */
  body = gw_test_http_get (url, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  root = gw_test_json_from_bytes (body);
  g_assert_nonnull (root);
  rows = json_object_get_array_member (json_node_get_object (root), "rows");
  total = json_object_get_object_member (json_node_get_object (root), "total");
  g_assert_cmpuint (json_array_get_length (rows), ==, 8);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      double rate = json_object_get_double_member (row, "closing_rate");

      g_assert_true (g_str_has_prefix (json_object_get_string_member (row, "key"), "370883"));
      g_assert_cmpfloat (rate, >=, 0);
      g_assert_cmpfloat (rate, <=, 1);
      received += json_object_get_int_member (row, "received");
    }
  g_assert_cmpint (json_object_get_int_member (total, "received"), ==, 300);
  g_assert_cmpuint (received, ==, 300);
  /* The simulator closes what is two days old: something was closed. */
  g_assert_cmpint (json_object_get_int_member (total, "closed_in_period"), >, 0);

  /* A seeded case's history starts when it was reported, days ago, not
   * when the server seeded it. */
  {
    g_autofree char *list_url = g_strconcat (server->url, "/api/v1/cases?limit=1", NULL);
    g_autoptr(GBytes) list = gw_test_http_get (list_url, server->token, NULL, &status, NULL);
    g_autoptr(JsonNode) cases = gw_test_json_from_bytes (list);
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (cases), "items"), 0);
    g_autofree char *history_url = g_strdup_printf ("%s/api/v1/cases/%s/history", server->url,
                                                    json_object_get_string_member (first, "id"));
    g_autoptr(GBytes) history = gw_test_http_get (history_url, server->token, NULL, &status, NULL);
    g_autoptr(JsonNode) trail = gw_test_json_from_bytes (history);
    JsonObject *created = json_array_get_object_element (json_object_get_array_member (json_node_get_object (trail), "items"), 0);
    g_autoptr(GDateTime) reported = g_date_time_new_from_iso8601 (json_object_get_string_member (first, "reported_at"), NULL);
    g_autoptr(GDateTime) audited = g_date_time_new_from_iso8601 (json_object_get_string_member (created, "at"), NULL);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (created, "action"), ==, "create");
    g_assert_cmpint (g_date_time_difference (audited, reported), <, G_TIME_SPAN_SECOND);
    g_assert_cmpint (g_date_time_difference (reported, audited), <, G_TIME_SPAN_SECOND);
  }

  refused = gw_test_http_get (by_mistake, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&refused, g_bytes_unref);
  refused = gw_test_http_get (backwards, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&refused, g_bytes_unref);
  refused = gw_test_http_get (url, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
}

static JsonArray *
worker_statuses (GwTestServer *server,
                 const char   *token,
                 char        **etag,
                 JsonNode    **root)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/worker-status", NULL);
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  body = gw_test_http_get (url, token, NULL, &status, etag);
  g_assert_cmpuint (status, ==, 200);
  *root = gw_test_json_from_bytes (body);
  g_assert_nonnull (*root);
  return json_object_get_array_member (json_node_get_object (*root), "items");
}

static void
test_worker_status (void)
{
  g_autofree char *db = gw_test_tmp_path ("worker-status.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", NULL);
  g_autofree char *worker_token = gw_test_add_user (db, "w0001", "worker");
  g_autofree char *url = g_strconcat (server->url, "/api/v1/me/status", NULL);
  g_autofree char *etag_before = NULL, *etag_after = NULL;
  g_autoptr(JsonNode) before = NULL, after = NULL, unchanged = NULL;
  g_autoptr(GBytes) reply = NULL;
  JsonArray *items;
  JsonObject *item;
  guint status = 0;

  /* Nobody has reported yet. */
  items = worker_statuses (server, server->token, &etag_before, &before);
  g_assert_cmpuint (json_array_get_length (items), ==, 0);

  /* A worker's phone reports; the worker is whoever holds the token. */
  reply = gw_test_http_send ("PUT", url, worker_token,
                             "{\"on_duty\":true,\"lat\":35.41,\"lon\":116.97,\"worker\":\"w0002\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, g_bytes_unref);
  items = worker_statuses (server, server->token, &etag_after, &after);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "worker"), ==, "w0001");
  g_assert_true (json_object_get_boolean_member (item, "on_duty"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (item, "lat"), 35.41, 1e-9);
  g_assert_nonnull (json_object_get_string_member (item, "updated_at"));
  g_assert_cmpstr (etag_before, !=, etag_after);

  /* A bad location is refused and the last good one stays. */
  reply = gw_test_http_send ("PUT", url, worker_token, "{\"on_duty\":false,\"lat\":135,\"lon\":116}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = gw_test_http_send ("PUT", url, worker_token, "[1,2", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&reply, g_bytes_unref);
  items = worker_statuses (server, server->token, NULL, &unchanged);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items, 0), "on_duty"));

  /* Only grid workers report; nobody without a token. */
  reply = gw_test_http_send ("PUT", url, server->token, "{\"on_duty\":true}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = gw_test_http_send ("PUT", url, NULL, "{\"on_duty\":true}", &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = gw_test_http_send ("GET", url, worker_token, NULL, &status);
  g_assert_cmpuint (status, ==, 405);
}

static void
test_simulated_workers (void)
{
  g_autofree char *db = gw_test_tmp_path ("simulated-workers.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", "--simulate", "1", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = worker_statuses (server, server->token, NULL, &root);
  guint on_duty = 0;

  /* The simulated phones of every grid worker report at start. */
  g_assert_cmpuint (json_array_get_length (items), >=, 300);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_assert_true (json_object_has_member (item, "lat"));
      g_assert_cmpfloat (json_object_get_double_member (item, "lat"), >, 30);
      on_duty += json_object_get_boolean_member (item, "on_duty");
    }
  g_assert_cmpuint (on_duty, >, 0);
  g_assert_cmpuint (on_duty, <, json_array_get_length (items));
}

static guint
act (GwTestServer *server,
     const char   *token,
     const char   *case_id,
     const char   *body,
     JsonNode    **answer)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/cases/%s/actions", server->url, case_id);
  guint status = 0;
  g_autoptr(GBytes) reply = gw_test_http_post_once (url, token, body, &status);

  if (answer)
    *answer = gw_test_json_from_bytes (reply);
  return status;
}

static gint64
version_of (JsonNode *node)
{
  return json_object_get_int_member (json_node_get_object (node), "version");
}

static const char *
escalation_state (JsonNode *node)
{
  JsonObject *lifecycle = json_object_get_object_member (json_node_get_object (node), "lifecycle");
  JsonArray *escalations = json_object_get_array_member (lifecycle, "escalations");

  return json_object_get_string_member (json_array_get_object_element (escalations, json_array_get_length (escalations) - 1),
                                        "state");
}

static void
test_whistle_and_report (void)
{
  g_autofree char *db = gw_test_tmp_path ("whistle.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", NULL);
  g_autofree char *dispatcher = gw_test_add_user (db, "d1", "dispatcher");
  g_autofree char *head = gw_test_add_user (db, "zhenzhang", "head");
  g_autofree char *urban = gw_test_add_user (db, "urban", "department");
  g_autofree char *ecology = gw_test_add_user (db, "ecology", "department");
  g_autofree char *leader = gw_test_add_user (db, "lingdao", "leader");
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases", NULL);
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *body = NULL;
  const char *id;
  guint status = 0;
  JsonNode *answer = NULL;
  gint64 version;

  {
    g_autoptr(GBytes) reply = gw_test_http_send ("POST", url, dispatcher,
                                                 "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.97,"
                                                 "\"category\":\"E0401\",\"description\":\"占道经营\"}", &status);
    g_assert_cmpuint (status, ==, 201);
    created = gw_test_json_from_bytes (reply);
  }
  id = json_object_get_string_member (json_node_get_object (created), "id");
  g_assert_cmpuint (act (server, dispatcher, id, "{\"action\":\"accept\",\"base_version\":1}", NULL), ==, 200);
  g_assert_cmpuint (act (server, dispatcher, id, "{\"action\":\"file\",\"base_version\":2}", NULL), ==, 200);

  /* The town whistles for the county's urban management bureau. */
  g_assert_cmpuint (act (server, leader, id, "{\"action\":\"whistle\",\"base_version\":3,\"params\":{\"to_level\":\"county\","
                                              "\"called\":\"urban\",\"item\":\"W1-01\",\"reason\":\"需执法\"}}", NULL), ==, 403);
  g_assert_cmpuint (act (server, dispatcher, id, "{\"action\":\"whistle\",\"base_version\":3,\"params\":{\"to_level\":\"county\","
                                                  "\"called\":\"urban\",\"item\":\"W1-01\",\"reason\":\"需执法\"}}", &answer), ==, 200);
  g_assert_cmpstr (escalation_state (answer), ==, "awaiting_approval");
  version = version_of (answer);
  g_clear_pointer (&answer, json_node_unref);

  /* Not reportable before approval; the dispatcher may not approve. */
  body = g_strdup_printf ("{\"action\":\"report\",\"base_version\":%" G_GINT64_FORMAT ",\"params\":{\"note\":\"到\"}}", version);
  g_assert_cmpuint (act (server, urban, id, body, NULL), ==, 422);
  g_free (body);
  body = g_strdup_printf ("{\"action\":\"approve_whistle\",\"base_version\":%" G_GINT64_FORMAT "}", version);
  g_assert_cmpuint (act (server, dispatcher, id, body, NULL), ==, 403);
  g_assert_cmpuint (act (server, head, id, body, &answer), ==, 200);
  g_assert_cmpstr (escalation_state (answer), ==, "awaiting_report");
  version = version_of (answer);
  g_clear_pointer (&answer, json_node_unref);

  /* Only the called department reports. */
  g_free (body);
  body = g_strdup_printf ("{\"action\":\"report\",\"base_version\":%" G_GINT64_FORMAT ",\"params\":{\"note\":\"已派员\"}}", version);
  g_assert_cmpuint (act (server, ecology, id, body, NULL), ==, 403);
  g_assert_cmpuint (act (server, urban, id, body, &answer), ==, 200);
  g_assert_cmpstr (escalation_state (answer), ==, "reported");
  version = version_of (answer);
  g_clear_pointer (&answer, json_node_unref);

  g_free (body);
  body = g_strdup_printf ("{\"action\":\"resolve_escalation\",\"base_version\":%" G_GINT64_FORMAT ",\"params\":{\"resolution\":\"已取缔\"}}", version);
  g_assert_cmpuint (act (server, dispatcher, id, body, &answer), ==, 200);
  version = version_of (answer);
  g_clear_pointer (&answer, json_node_unref);
  g_free (body);
  body = g_strdup_printf ("{\"action\":\"rate\",\"base_version\":%" G_GINT64_FORMAT ",\"params\":{\"rating\":9}}", version);
  g_assert_cmpuint (act (server, dispatcher, id, body, NULL), ==, 400);
  g_free (body);
  body = g_strdup_printf ("{\"action\":\"rate\",\"base_version\":%" G_GINT64_FORMAT ",\"params\":{\"rating\":5}}", version);
  g_assert_cmpuint (act (server, dispatcher, id, body, &answer), ==, 200);
  g_assert_cmpstr (escalation_state (answer), ==, "resolved");
  g_clear_pointer (&answer, json_node_unref);

  /* The rating is in the department's figures. */
  {
    g_autofree char *stats = g_strconcat (server->url, "/api/v1/stats?by=department", NULL);
    g_autoptr(GBytes) reply = gw_test_http_get (stats, dispatcher, NULL, &status, NULL);
    g_autoptr(JsonNode) root = gw_test_json_from_bytes (reply);
    JsonArray *rows = json_object_get_array_member (json_node_get_object (root), "rows");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);

        if (g_str_equal (json_object_get_string_member (row, "key"), "urban"))
          {
            found = TRUE;
            g_assert_cmpint (json_object_get_int_member (row, "escalations"), ==, 1);
            g_assert_cmpint (json_object_get_int_member (row, "ratings"), ==, 1);
            g_assert_cmpfloat (json_object_get_double_member (row, "mean_rating"), ==, 5);
          }
      }
    g_assert_true (found);
  }
}

static JsonNode *
post_as (GwTestServer *server,
         const char   *token,
         const char   *path,
         const char   *body,
         guint        *status)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(GBytes) reply = gw_test_http_send ("POST", url, token, body, status);

  return gw_test_json_from_bytes (reply);
}

/* A month's plan @months from this month's. */
static JsonNode *
make_relative_plan (GwTestServer *server,
                    const char   *planner,
                    int           months,
                    gint64       *id)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (china);
  g_autoptr(GDateTime) first = g_date_time_new (china, g_date_time_get_year (now), g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr(GDateTime) from = g_date_time_add_months (first, months);
  g_autoptr(GDateTime) to = g_date_time_add_months (first, months + 1);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *to_text = g_date_time_format (to, "%Y-%m-%d");
  g_autofree char *body = g_strdup_printf ("{\"from\":\"%s\",\"to\":\"%s\",\"seed\":11}", from_text, to_text);
  guint status = 0;
  JsonNode *created = post_as (server, planner, "/api/v1/inspection/plans", body, &status);

  g_assert_cmpuint (status, ==, 201);
  *id = json_object_get_int_member (json_node_get_object (created), "id");
  return created;
}

/* The first item fails, the others pass. */
static JsonNode *
record_findings (GwTestServer *server,
                 const char   *planner,
                 gint64        plan_id,
                 JsonObject   *visit,
                 guint        *status)
{
  JsonArray *items = json_object_get_array_member (visit, "items");
  g_autoptr(GString) findings = g_string_new ("[");
  g_autofree char *path = g_strdup_printf ("/api/v1/inspection/plans/%" G_GINT64_FORMAT "/actions", plan_id);
  g_autofree char *body = NULL;

  for (guint k = 0; k < json_array_get_length (items); k++)
    g_string_append_printf (findings, "%s{\"item\":\"%s\",\"passed\":%s}", k ? "," : "",
                            json_object_get_string_member (json_array_get_object_element (items, k), "item"),
                            k == 0 ? "false" : "true");
  g_string_append (findings, "]");
  body = g_strdup_printf ("{\"action\":\"record_findings\",\"base_version\":1,\"params\":{\"visit\":%" G_GINT64_FORMAT
                          ",\"findings\":%s}}", json_object_get_int_member (visit, "id"), findings->str);
  return post_as (server, planner, path, body, status);
}

static guint
count_plans (GwTestServer *server,
             const char   *token)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/inspection/plans", NULL);
  guint status = 0;
  g_autoptr(GBytes) body = gw_test_http_get (url, token, NULL, &status, NULL);
  g_autoptr(JsonNode) root = gw_test_json_from_bytes (body);

  g_assert_cmpuint (status, ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (root), "items"));
}

/* A planner sees the plan before it is made: stored nowhere, with the
 * plans it overlaps and the days only guessed to be working. */
static void
test_plan_preview (void)
{
  g_autofree char *db = gw_test_tmp_path ("plan-preview.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", NULL);
  g_autofree char *planner = gw_test_add_user (db, "jihua", "planner");
  g_autofree char *leader = gw_test_add_user (db, "lingdao", "leader");
  g_autoptr(JsonNode) first = NULL, preview = NULL, refused = NULL;
  guint before, status = 0;
  JsonObject *answer;
  JsonArray *overlaps, *unknown;

  first = post_as (server, planner, "/api/v1/inspection/plans", "{\"from\":\"2026-12-01\",\"to\":\"2027-03-01\",\"seed\":3}", &status);
  g_assert_cmpuint (status, ==, 201);
  before = count_plans (server, planner);

  /* January 2031: overlaps nothing, and its holidays are not known. */
  preview = post_as (server, planner, "/api/v1/inspection/plans/preview", "{\"from\":\"2031-01-01\",\"to\":\"2031-02-01\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  answer = json_node_get_object (preview);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "overlaps")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (answer, "days_assumed_working"), ==, 23);
  unknown = json_object_get_array_member (answer, "unknown_years");
  g_assert_cmpuint (json_array_get_length (unknown), ==, 1);
  g_assert_cmpint (json_array_get_int_element (unknown, 0), ==, 2031);
  g_assert_true (json_object_has_member (json_object_get_object_member (answer, "plan"), "visits"));
  g_assert_cmpuint (count_plans (server, planner), ==, before);

  /* January 2027 lies inside the plan made first. */
  g_clear_pointer (&preview, json_node_unref);
  preview = post_as (server, planner, "/api/v1/inspection/plans/preview", "{\"from\":\"2027-01-01\",\"to\":\"2027-02-01\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  overlaps = json_object_get_array_member (json_node_get_object (preview), "overlaps");
  g_assert_cmpuint (json_array_get_length (overlaps), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (overlaps, 0), "id"), ==,
                   json_object_get_int_member (json_node_get_object (first), "id"));
  g_assert_cmpuint (count_plans (server, planner), ==, before);

  /* Only planners. */
  refused = post_as (server, leader, "/api/v1/inspection/plans/preview", "{\"from\":\"2027-01-01\",\"to\":\"2027-02-01\"}", &status);
  g_assert_cmpuint (status, ==, 403);
}

static void
test_inspection_plans (void)
{
  g_autofree char *db = gw_test_tmp_path ("inspection.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", NULL);
  g_autofree char *planner = gw_test_add_user (db, "jihua", "planner");
  g_autofree char *leader = gw_test_add_user (db, "lingdao", "leader");
  g_autofree char *targets_url = g_strconcat (server->url, "/api/v1/inspection/targets", NULL);
  g_autoptr(JsonNode) created = NULL, moved = NULL, stale = NULL, refused = NULL, found = NULL, forbidden = NULL;
  g_autoptr(GBytes) targets = NULL;
  g_autofree char *body = NULL;
  JsonObject *plan, *visit = NULL;
  JsonArray *visits;
  guint status = 0;
  gint64 id, visit_id;

  /* The demo's enterprises. */
  targets = gw_test_http_get (targets_url, leader, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  {
    g_autoptr(JsonNode) root = gw_test_json_from_bytes (targets);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "items")), ==, 1500);
  }

  /* Planners plan; leaders read. */
  forbidden = post_as (server, leader, "/api/v1/inspection/plans", "{\"from\":\"2026-12-01\",\"to\":\"2027-01-01\"}", &status);
  g_assert_cmpuint (status, ==, 403);
  created = post_as (server, planner, "/api/v1/inspection/plans",
                     "{\"from\":\"2026-12-01\",\"to\":\"2027-03-01\",\"seed\":7}", &status);
  g_assert_cmpuint (status, ==, 201);
  id = json_object_get_int_member (json_node_get_object (created), "id");
  plan = json_object_get_object_member (json_node_get_object (created), "plan");
  g_assert_cmpint (json_object_get_int_member (plan, "seed"), ==, 7);
  visits = json_object_get_array_member (plan, "visits");
  g_assert_cmpuint (json_array_get_length (visits), >, 100);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (plan, "figures"), "lower_bound"), ==,
                   json_array_get_length (visits));
  for (guint i = 0; i < json_array_get_length (visits) && !visit; i++)
    {
      JsonObject *v = json_array_get_object_element (visits, i);

      if (g_strcmp0 (json_object_get_string_member (v, "earliest"), "2026-12-01") == 0 &&
          g_strcmp0 (json_object_get_string_member (v, "latest"), "2026-12-20") > 0)
        visit = v;
    }
  g_assert_nonnull (visit);
  visit_id = json_object_get_int_member (visit, "id");

  /* A Sunday is refused with the reason; nothing changes. */
  body = g_strdup_printf ("{\"action\":\"reschedule\",\"base_version\":1,\"params\":{\"visit\":%" G_GINT64_FORMAT
                          ",\"day\":\"2026-12-06\"}}", visit_id);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/inspection/plans/%" G_GINT64_FORMAT "/actions", id);

    refused = post_as (server, planner, path, body, &status);
    g_assert_cmpuint (status, ==, 422);
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (refused), "error"), "message"),
                              "not a working day"));
    g_clear_pointer (&body, g_free);
    /* Some working day of its window has room; full ones say so. */
    for (guint day = 2; day <= 18 && status != 200; day++)
      {
        if (day == 6 || day == 13 || day == 5 || day == 12)
          continue;
        g_clear_pointer (&body, g_free);
        g_clear_pointer (&moved, json_node_unref);
        body = g_strdup_printf ("{\"action\":\"reschedule\",\"base_version\":1,\"params\":{\"visit\":%" G_GINT64_FORMAT
                                ",\"day\":\"2026-12-%02u\"}}", visit_id, day);
        moved = post_as (server, planner, path, body, &status);
        if (status != 200)
          {
            g_autofree char *answer = json_to_string (moved, FALSE);

            g_assert_cmpuint (status, ==, 422);
            g_test_message ("day %u: %s", day, answer);
          }
      }
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (moved), "version"), ==, 2);
    /* Based on the old version: a conflict with the plan as it is. */
    stale = post_as (server, planner, path, body, &status);
    g_assert_cmpuint (status, ==, 409);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (stale), "version"), ==, 2);

  }

  /* Findings: refused for a visit still to come, taken for one made. */
  {
    g_autofree char *refusal = NULL;
    JsonObject *first_visit;

    g_clear_pointer (&created, json_node_unref);
    created = make_relative_plan (server, planner, 2, &id);
    first_visit = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (created), "plan"), "visits"), 0);
    g_clear_pointer (&refused, json_node_unref);
    refused = record_findings (server, planner, id, first_visit, &status);
    g_assert_cmpuint (status, ==, 422);
    refusal = json_to_string (refused, FALSE);
    g_assert_nonnull (strstr (refusal, "after the visit"));

    g_clear_pointer (&created, json_node_unref);
    created = make_relative_plan (server, planner, -1, &id);
    first_visit = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (created), "plan"), "visits"), 0);
    visit_id = json_object_get_int_member (first_visit, "id");
    found = record_findings (server, planner, id, first_visit, &status);
    g_assert_cmpuint (status, ==, 200);
    {
      JsonArray *all = json_object_get_array_member (json_object_get_object_member (json_node_get_object (found), "plan"), "visits");
      guint reinspections = 0, notices = 0;

      for (guint i = 0; i < json_array_get_length (all); i++)
        {
          JsonObject *v = json_array_get_object_element (all, i);

          reinspections += json_object_get_int_member (v, "reinspects") == visit_id;
          if (json_object_get_int_member (v, "id") == visit_id)
            notices = json_array_get_length (json_object_get_array_member (v, "notices"));
        }
      g_assert_cmpuint (notices, ==, 1);
      /* A month's plan may end before the re-inspection's window. */
      g_assert_cmpuint (reinspections, <=, 1);
    }
  }
}

/* The live demo comes with a plan under way: what is past has findings,
 * what is to come has none. */
static void
test_demo_plan (void)
{
  g_autofree char *db = gw_test_tmp_path ("demo-plan.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", "--simulate", "1", NULL);
  g_autofree char *leader = gw_test_add_user (db, "lingdao", "leader");
  g_autofree char *list_url = g_strconcat (server->url, "/api/v1/inspection/plans", NULL);
  g_autoptr(GBytes) list_bytes = NULL, plan_bytes = NULL;
  g_autoptr(JsonNode) list = NULL, plan = NULL;
  /* The server's days are China's. */
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (china);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *plan_url = NULL;
  JsonArray *items, *visits;
  guint status = 0, past = 0;

  list_bytes = gw_test_http_get (list_url, leader, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  list = gw_test_json_from_bytes (list_bytes);
  items = json_object_get_array_member (json_node_get_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "created_by"), ==, "demo");
  plan_url = g_strdup_printf ("%s/%" G_GINT64_FORMAT, list_url,
                              json_object_get_int_member (json_array_get_object_element (items, 0), "id"));
  plan_bytes = gw_test_http_get (plan_url, leader, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  plan = gw_test_json_from_bytes (plan_bytes);
  visits = json_object_get_array_member (json_object_get_object_member (json_node_get_object (plan), "plan"), "visits");
  g_assert_cmpuint (json_array_get_length (visits), >, 100);
  for (guint i = 0; i < json_array_get_length (visits); i++)
    {
      JsonObject *v = json_array_get_object_element (visits, i);
      gboolean is_past = strcmp (json_object_get_string_member (v, "day"), today) < 0;
      guint n_findings = json_array_get_length (json_object_get_array_member (v, "findings"));

      past += is_past;
      if (is_past)
        g_assert_cmpuint (n_findings, ==, json_array_get_length (json_object_get_array_member (v, "items")));
      else
        g_assert_cmpuint (n_findings, ==, 0);
    }
  g_test_message ("%u visits before %s have findings", past, today);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  int status;

  gw_test_init (&argc, &argv);

  db = gw_test_tmp_path ("demo.sqlite");
  demo_server = gw_test_server_start (db, "--demo", NULL);

  g_test_add_func ("/town-server/health", test_health);
  g_test_add_func ("/town-server/collections", test_collections);
  g_test_add_func ("/town-server/etag", test_etag);
  g_test_add_func ("/town-server/etag-follows-import", test_etag_follows_import);
  g_test_add_func ("/town-server/errors", test_errors);
  g_test_add_func ("/town-server/bad-command-lines", test_bad_command_lines);
  g_test_add_func ("/town-server/stats", test_stats);
  g_test_add_func ("/town-server/worker-status", test_worker_status);
  g_test_add_func ("/town-server/simulated-workers", test_simulated_workers);
  g_test_add_func ("/town-server/whistle-and-report", test_whistle_and_report);
  g_test_add_func ("/town-server/inspection-plans", test_inspection_plans);
  g_test_add_func ("/town-server/plan-preview", test_plan_preview);
  g_test_add_func ("/town-server/demo-plan", test_demo_plan);

  status = g_test_run ();
  gw_test_server_stop (demo_server);
  return status;
}
