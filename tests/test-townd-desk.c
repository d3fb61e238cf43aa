/* test-townd-desk.c: the dispatcher's desk against a real gridwatch-townd:
 * duplicates found on arrival and marked, dispatch in one step under one
 * key, recategorising, the return visit, the desk's figures in /stats
 * and a worker's track
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gw-cache-schema.h"
#include "gw-case-caller.h"
#include "gw-outbox.h"
#include "gw-outbox-report.h"
#include "gw-store-outbox.h"
#include "gw-duplicates-fetch.h"
#include "gw-worker-track.h"
#include "gw-case-desk.h"
#include "gw-json.h"
#include "gw-test-util.h"
#include "gw-test-unplaced.h"

typedef struct
{
  GwTestServer *server;
  char *db;
  char *desk;       /* a dispatcher's token */
  char *head;
  char *worker;     /* w0001's */
} Desk;

static void
desk_start (Desk       *desk,
            const char *name)
{
  desk->db = gw_test_tmp_path (name);
  desk->server = gw_test_server_start (desk->db, "--demo", NULL);
  desk->desk = gw_test_add_user (desk->db, "d1", "dispatcher");
  desk->head = gw_test_add_user (desk->db, "zhenzhang", "head");
  desk->worker = gw_test_add_user (desk->db, "w0001", "worker");
}

static void
desk_stop (Desk *desk)
{
  g_clear_pointer (&desk->server, gw_test_server_stop);
  g_clear_pointer (&desk->db, g_free);
  g_clear_pointer (&desk->desk, g_free);
  g_clear_pointer (&desk->head, g_free);
  g_clear_pointer (&desk->worker, g_free);
}

static JsonNode *
request (Desk       *desk,
         const char *method,
         const char *token,
         const char *path,
         const char *body,
         guint       expected)
{
  g_autofree char *url = g_strconcat (desk->server->url, path, NULL);
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  reply = gw_test_http_send (method, url, token, body, &status);
  if (status != expected)
    g_error ("%s %s: %u, not %u: %.*s", method, path, status, expected, (int) g_bytes_get_size (reply),
             (const char *) g_bytes_get_data (reply, NULL));
  return gw_test_json_from_bytes (reply);
}

static guint act (Desk        *desk,
                  const char  *token,
                  const char  *case_id,
                  const char  *key,
                  JsonNode   **answer,
                  const char  *format,
                  ...) G_GNUC_PRINTF (6, 7);

/* POST an action under @key (a new one if NULL); the answer's status. */
static guint
act (Desk        *desk,
     const char  *token,
     const char  *case_id,
     const char  *key,
     JsonNode   **answer,
     const char  *format,
     ...)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/cases/%s/actions", desk->server->url, case_id);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *own_key = key ? NULL : g_uuid_string_random ();
  g_autofree char *body = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GBytes) reply = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  sent = g_bytes_new (body, strlen (body));
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Idempotency-Key", key ? key : own_key);
  soup_message_set_request_body_from_bytes (msg, "application/json", sent);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  if (answer)
    *answer = gw_test_json_from_bytes (reply);
  return soup_message_get_status (msg);
}

static char *
report (Desk   *desk,
        double  lat,
        double  lon,
        const char *category,
        JsonNode  **created)
{
  g_autofree char *body = g_strdup_printf ("{\"source\":\"hotline_12345\",\"lat\":%.6f,\"lon\":%.6f,"
                                           "\"category\":\"%s\",\"description\":\"暴露垃圾\"}", lat, lon, category);
  JsonNode *node = request (desk, "POST", desk->desk, "/api/v1/cases", body, 201);
  char *id = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));

  if (created)
    *created = node;
  else
    json_node_unref (node);
  return id;
}

static gint64
version_of (JsonNode *node)
{
  return json_object_get_int_member (json_node_get_object (node), "version");
}

static JsonObject *
lifecycle_of (JsonNode *node)
{
  return json_object_get_object_member (json_node_get_object (node), "lifecycle");
}

static JsonObject *
stats_total (Desk       *desk,
             const char *by,
             JsonNode  **root)
{
  g_autofree char *path = g_strconcat ("/api/v1/stats?by=", by, NULL);

  *root = request (desk, "GET", desk->desk, path, NULL, 200);
  return json_object_get_object_member (json_node_get_object (*root), "total");
}

static JsonArray *
history (Desk       *desk,
         const char *id,
         JsonNode  **root)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/history", id);

  *root = request (desk, "GET", desk->desk, path, NULL, 200);
  return json_object_get_array_member (json_node_get_object (*root), "items");
}

/* The issue's own words: two cases 20 m apart in the same category; the
 * second lists the first; after mark_duplicate the statistics count one
 * received case and one duplicate. */
/* A storm's reports in one spot: a new one lists the nearest 50, the
 * equally near by id (the earliest first), and the desk's search
 * answers the same 50 whole. */
static void
test_duplicates_many (void)
{
  Desk desk = { 0 };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) last_json = NULL;
  g_autoptr(JsonNode) near = NULL;
  g_autofree char *last = NULL;
  JsonArray *possible, *items;

  desk_start (&desk, "desk-duplicates-many.sqlite");
  for (guint i = 0; i < GW_CASE_MAX_DUPLICATES + 5; i++)
    g_ptr_array_add (ids, report (&desk, 35.40000, 116.97000, "E0101", NULL));
  last = report (&desk, 35.40000, 116.97000, "E0101", &last_json);

  possible = json_object_get_array_member (lifecycle_of (last_json), "possible_duplicates");
  g_assert_cmpuint (json_array_get_length (possible), ==, GW_CASE_MAX_DUPLICATES);
  for (guint i = 0; i < GW_CASE_MAX_DUPLICATES; i++)
    g_assert_cmpstr (json_array_get_string_element (possible, i), ==, g_ptr_array_index (ids, i));

  near = request (&desk, "GET", desk.desk, "/api/v1/duplicates?lat=35.4&lon=116.97&category=E0101", NULL, 200);
  items = json_object_get_array_member (json_node_get_object (near), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, GW_CASE_MAX_DUPLICATES);
  for (guint i = 0; i < GW_CASE_MAX_DUPLICATES; i++)
    {
      JsonObject *kase = json_object_get_object_member (json_array_get_object_element (items, i), "case");

      g_assert_cmpstr (json_object_get_string_member (kase, "id"), ==, g_ptr_array_index (ids, i));
      g_assert_cmpstr (json_object_get_string_member (kase, "category"), ==, "E0101");
    }
  desk_stop (&desk);
}

static void
test_duplicates (void)
{
  Desk desk = { 0 };
  g_autoptr(JsonNode) second_json = NULL;
  g_autoptr(JsonNode) near = NULL;
  g_autoptr(JsonNode) marked = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) first_history = NULL;
  g_autoptr(JsonNode) unmarked = NULL;
  g_autoptr(JsonNode) first_now = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *other_class = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first_path = NULL;
  JsonArray *possible, *items, *trail;
  JsonObject *total;

  desk_start (&desk, "desk-duplicates.sqlite");
  first = report (&desk, 35.40000, 116.97000, "E0101", NULL);
  elsewhere = report (&desk, 35.40300, 116.97000, "E0101", NULL);        /* 330 m north */
  other_class = report (&desk, 35.40010, 116.97000, "C0101", NULL);      /* 11 m, another class */
  second = report (&desk, 35.40018, 116.97000, "E0101", &second_json);   /* 20 m north */

  possible = json_object_get_array_member (lifecycle_of (second_json), "possible_duplicates");
  g_assert_cmpuint (json_array_get_length (possible), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (possible, 0), ==, first);

  /* The same search for a report being written, with the distance. */
  near = request (&desk, "GET", desk.desk, "/api/v1/duplicates?lat=35.40009&lon=116.97&category=E0102", NULL, 200);
  items = json_object_get_array_member (json_node_get_object (near), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (items, 0), "distance_m"), <, 11);
  g_clear_pointer (&near, json_node_unref);
  near = request (&desk, "GET", desk.desk, "/api/v1/duplicates?lat=91&lon=116.97", NULL, 400);

  /* Not a duplicate of itself, nor of a case that is not there. */
  g_assert_cmpuint (act (&desk, desk.desk, second, NULL, NULL, "{\"action\":\"mark_duplicate\",\"base_version\":1,"
                         "\"params\":{\"of\":\"%s\"}}", second), ==, 400);
  g_assert_cmpuint (act (&desk, desk.desk, second, NULL, NULL, "{\"action\":\"mark_duplicate\",\"base_version\":1,"
                         "\"params\":{\"of\":\"GW19990101-000001\"}}"), ==, 400);
  g_assert_cmpuint (act (&desk, desk.desk, second, NULL, &marked, "{\"action\":\"mark_duplicate\",\"base_version\":1,"
                         "\"params\":{\"of\":\"%s\"}}", first), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (marked), "status"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (lifecycle_of (marked), "duplicate_of"), ==, first);

  /* Linked both ways, in the history of both. */
  first_path = g_strconcat ("/api/v1/cases/", first, NULL);
  first_now = request (&desk, "GET", desk.desk, first_path, NULL, 200);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (lifecycle_of (first_now), "duplicates"), 0),
                   ==, second);
  g_assert_cmpint (version_of (first_now), ==, 2);
  trail = history (&desk, first, &first_history);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (trail, json_array_get_length (trail) - 1),
                                                  "action"), ==, "mark_duplicate");

  total = stats_total (&desk, "town", &stats);
  g_assert_cmpint (json_object_get_int_member (total, "received"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (total, "duplicates"), ==, 1);

  /* Only a head takes the mark back. */
  g_assert_cmpuint (act (&desk, desk.desk, second, NULL, NULL, "{\"action\":\"unmark_duplicate\",\"base_version\":2,"
                         "\"params\":{\"reason\":\"两处\"}}"), ==, 403);
  g_assert_cmpuint (act (&desk, desk.head, second, NULL, &unmarked, "{\"action\":\"unmark_duplicate\",\"base_version\":2,"
                         "\"params\":{\"reason\":\"两处\"}}"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (unmarked), "status"), ==, "reported");
  g_clear_pointer (&first_now, json_node_unref);
  first_now = request (&desk, "GET", desk.desk, first_path, NULL, 200);
  /* Nothing else happened to the first report: no lifecycle at all. */
  g_assert_false (json_object_has_member (json_node_get_object (first_now), "lifecycle"));
  g_assert_cmpint (version_of (first_now), ==, 3);
  desk_stop (&desk);
}

/* `dispatch` on a new case: accepted, filed and assigned in one
 * transaction; three history entries under the one key; the key again
 * replays the answer. */
static void
test_dispatch (void)
{
  Desk desk = { 0 };
  g_autoptr(JsonNode) dispatched = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) trail_root = NULL;
  g_autofree char *id = NULL;
  g_autofree char *key = g_uuid_string_random ();
  JsonArray *trail;
  const char *steps[] = { "create", "accept", "file", "assign" };

  desk_start (&desk, "desk-dispatch.sqlite");
  id = report (&desk, 35.40, 116.97, "E0101", NULL);
  g_assert_cmpuint (act (&desk, desk.desk, id, key, &dispatched, "{\"action\":\"dispatch\",\"base_version\":1,"
                         "\"params\":{\"assignee\":\"worker:w0001\"}}"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (dispatched), "status"), ==, "dispatched");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (dispatched), "assignee"), ==, "worker:w0001");
  g_assert_cmpint (version_of (dispatched), ==, 4);
  g_assert_cmpuint (act (&desk, desk.desk, id, key, &again, "{\"action\":\"dispatch\",\"base_version\":1,"
                         "\"params\":{\"assignee\":\"worker:w0001\"}}"), ==, 200);
  g_assert_cmpint (version_of (again), ==, 4);

  trail = history (&desk, id, &trail_root);
  g_assert_cmpuint (json_array_get_length (trail), ==, 5);    /* and the replay */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      JsonObject *entry = json_array_get_object_element (trail, i);

      g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, steps[i]);
      if (i > 0)
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "idempotency_key"), ==, key);
          g_assert_cmpint (json_object_get_int_member (entry, "after_version"), ==, i + 1);
        }
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (trail, 4), "action"), ==, "replay");

  /* In handling, dispatch is not possible, and nothing changes. */
  g_assert_cmpuint (act (&desk, desk.worker, id, NULL, NULL, "{\"action\":\"start\",\"base_version\":4}"), ==, 200);
  g_assert_cmpuint (act (&desk, desk.desk, id, NULL, NULL, "{\"action\":\"dispatch\",\"base_version\":5,"
                         "\"params\":{\"assignee\":\"worker:w0001\"}}"), ==, 422);
  desk_stop (&desk);
}

static void
test_recategorise (void)
{
  Desk desk = { 0 };
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(GDateTime) reported = NULL;
  g_autoptr(GDateTime) deadline = NULL;
  g_autofree char *id = NULL;

  desk_start (&desk, "desk-recategorise.sqlite");
  id = report (&desk, 35.40, 116.97, "E0101", &created);
  g_assert_cmpuint (act (&desk, desk.desk, id, NULL, &moved, "{\"action\":\"recategorise\",\"base_version\":1,"
                         "\"params\":{\"category\":\"E0401\",\"reason\":\"实为占道经营\"}}"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (moved), "category"), ==, "E0401");
  g_assert_cmpint (json_object_get_int_member (lifecycle_of (moved), "recategorised"), ==, 1);
  /* Counted from the original report, on the working-time calendar:
   * later than the same time on the wall clock. */
  reported = g_date_time_new_from_iso8601 (json_object_get_string_member (json_node_get_object (created), "reported_at"), NULL);
  deadline = g_date_time_new_from_iso8601 (json_object_get_string_member (json_node_get_object (moved), "deadline"), NULL);
  g_assert_cmpint (g_date_time_compare (deadline, reported), >, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (moved), "deadline"), !=,
                   json_object_get_string_member (json_node_get_object (created), "deadline"));
  g_assert_cmpuint (act (&desk, desk.desk, id, NULL, NULL, "{\"action\":\"recategorise\",\"base_version\":2,"
                         "\"params\":{\"category\":\"E9999\",\"reason\":\"x\"}}"), ==, 400);
  desk_stop (&desk);
}

/* A case through to closing, by the desk and w0001; its closed version. */
static gint64
close_case (Desk       *desk,
            const char *id)
{
  g_assert_cmpuint (act (desk, desk->desk, id, NULL, NULL, "{\"action\":\"dispatch\",\"base_version\":1,"
                         "\"params\":{\"assignee\":\"worker:w0001\"}}"), ==, 200);
  g_assert_cmpuint (act (desk, desk->worker, id, NULL, NULL, "{\"action\":\"start\",\"base_version\":4}"), ==, 200);
  g_assert_cmpuint (act (desk, desk->worker, id, NULL, NULL, "{\"action\":\"handle\",\"base_version\":5,"
                         "\"params\":{\"result\":\"已清理\"}}"), ==, 200);
  g_assert_cmpuint (act (desk, desk->desk, id, NULL, NULL, "{\"action\":\"verify\",\"base_version\":6}"), ==, 200);
  g_assert_cmpuint (act (desk, desk->desk, id, NULL, NULL, "{\"action\":\"close\",\"base_version\":7}"), ==, 200);
  return 8;
}

/* Unsatisfied reopens for rework; a head may keep it closed; the
 * satisfaction rate is (1 + 1) / 4, worked out by hand. */
static void
test_return_visit (void)
{
  Desk desk = { 0 };
  g_autoptr(JsonNode) reopened = NULL;
  g_autoptr(JsonNode) kept = NULL;
  g_autoptr(JsonNode) stats = NULL;
  const char *results[] = { "satisfied", "basically_satisfied", "unsatisfied" };
  char *ids[4];
  JsonObject *total;

  desk_start (&desk, "desk-visit.sqlite");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ids[i] = report (&desk, 35.40 + i * 0.01, 116.97, "E0101", NULL);
      close_case (&desk, ids[i]);
    }
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (act (&desk, desk.desk, ids[i], NULL, NULL, "{\"action\":\"return_visit\",\"base_version\":8,"
                           "\"params\":{\"result\":\"%s\"}}", results[i]), ==, 200);
  /* Once per closing. */
  g_assert_cmpuint (act (&desk, desk.desk, ids[0], NULL, NULL, "{\"action\":\"return_visit\",\"base_version\":9,"
                         "\"params\":{\"result\":\"satisfied\"}}"), ==, 422);
  g_assert_cmpuint (act (&desk, desk.desk, ids[2], NULL, &reopened, "{\"action\":\"return_visit\",\"base_version\":8,"
                         "\"params\":{\"result\":\"unsatisfied\",\"note\":\"又堆起来了\"}}"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reopened), "status"), ==, "dispatched");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reopened), "assignee"), ==, "worker:w0001");
  g_assert_cmpint (json_object_get_int_member (lifecycle_of (reopened), "reopened"), ==, 1);
  g_assert_cmpuint (act (&desk, desk.desk, ids[3], NULL, NULL, "{\"action\":\"return_visit\",\"base_version\":8,"
                         "\"params\":{\"result\":\"unsatisfied\",\"keep_closed\":\"已按规定处置\"}}"), ==, 403);
  g_assert_cmpuint (act (&desk, desk.head, ids[3], NULL, &kept, "{\"action\":\"return_visit\",\"base_version\":8,"
                         "\"params\":{\"result\":\"unsatisfied\",\"keep_closed\":\"已按规定处置\"}}"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (kept), "status"), ==, "closed");

  total = stats_total (&desk, "source", &stats);
  g_assert_cmpint (json_object_get_int_member (total, "visited"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (total, "reopened"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (total, "satisfaction_rate"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (total, "closed_without_whistle"), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
  desk_stop (&desk);
}

/* PUT /me/status twice; the track endpoint gives both points, oldest
 * first; another worker may not read it. */
static void
test_track (void)
{
  Desk desk = { 0 };
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) two = NULL;
  g_autoptr(JsonNode) track = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autofree char *other = NULL;
  JsonArray *items;

  desk_start (&desk, "desk-track.sqlite");
  other = gw_test_add_user (desk.db, "w0002", "worker");
  one = request (&desk, "PUT", desk.worker, "/api/v1/me/status", "{\"on_duty\":true,\"lat\":35.401,\"lon\":116.971}", 200);
  two = request (&desk, "PUT", desk.worker, "/api/v1/me/status", "{\"on_duty\":true,\"lat\":35.402,\"lon\":116.972}", 200);
  track = request (&desk, "GET", desk.desk, "/api/v1/workers/w0001/track", NULL, 200);
  items = json_object_get_array_member (json_node_get_object (track), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (items, 0), "lat"), ==, 35.401);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (items, 1), "lon"), ==, 116.972);
  refused = request (&desk, "GET", other, "/api/v1/workers/w0001/track", NULL, 403);
  bad = request (&desk, "GET", desk.desk, "/api/v1/workers/w0001/track?date=yesterday", NULL, 400);
  g_clear_pointer (&track, json_node_unref);
  track = request (&desk, "GET", desk.worker, "/api/v1/workers/w0001/track?date=2020-01-01", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (track), "items")), ==, 0);
  desk_stop (&desk);
}

/* The simulator's phones report along their walks, and what they report
 * is on their tracks. */
static void
test_simulated_track (void)
{
  g_autofree char *db = gw_test_tmp_path ("desk-simulated.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", "--simulate", "1", NULL);
  g_autofree char *list_url = g_strconcat (server->url, "/api/v1/worker-status", NULL);
  g_autofree char *track_url = NULL;
  g_autoptr(GBytes) list = NULL;
  g_autoptr(GBytes) track = NULL;
  g_autoptr(JsonNode) list_root = NULL;
  g_autoptr(JsonNode) track_root = NULL;
  JsonObject *first;
  JsonArray *points;
  gboolean found = FALSE;
  guint status = 0;

  list = gw_test_http_get (list_url, server->token, NULL, &status, NULL);
  list_root = gw_test_json_from_bytes (list);
  first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (list_root), "items"), 0);
  track_url = g_strdup_printf ("%s/api/v1/workers/%s/track", server->url, json_object_get_string_member (first, "worker"));
  track = gw_test_http_get (track_url, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  track_root = gw_test_json_from_bytes (track);
  points = json_object_get_array_member (json_node_get_object (track_root), "items");
  /* The phone may have reported again meanwhile: its last status is one
   * of the track's points. */
  for (guint i = 0; i < json_array_get_length (points); i++)
    found |= json_object_get_double_member (json_array_get_object_element (points, i), "lat") ==
             json_object_get_double_member (first, "lat");
  g_assert_true (found);
}

static void
on_caller (GObject      *client,
           GAsyncResult *result,
           gpointer      user_data)
{
  GwCaseCaller **caller = user_data;
  g_autoptr(GError) error = NULL;

  *caller = gw_case_caller_fetch_finish (GW_TOWN_CLIENT (client), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* The number a caller left is the desk's: whole for a dispatcher, masked
 * for a leader, and never in the case or the change feed. */
static void
test_caller (void)
{
  Desk desk = { 0 };
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) whole = NULL;
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) feed = NULL;
  g_autoptr(GwTownClient) client = NULL;
  g_autoptr(GwCaseCaller) caller = NULL;
  g_autofree char *leader = NULL;
  g_autofree char *path = NULL;
  g_autofree char *feed_text = NULL;
  const char *id;

  desk_start (&desk, "desk-caller.sqlite");
  leader = gw_test_add_user (desk.db, "lingdao", "leader");
  created = request (&desk, "POST", desk.desk, "/api/v1/cases", "{\"source\":\"hotline_12345\",\"lat\":35.40,"
                     "\"lon\":116.97,\"category\":\"E0101\",\"reporter\":\"王女士\",\"reporter_phone\":\"138 1234 5678\"}", 201);
  refused = request (&desk, "POST", desk.desk, "/api/v1/cases", "{\"source\":\"walk_in\",\"lat\":35.40,"
                     "\"lon\":116.97,\"reporter_phone\":\"call me\"}", 400);
  id = json_object_get_string_member (json_node_get_object (created), "id");
  g_assert_false (json_object_has_member (json_node_get_object (created), "reporter_phone"));
  path = g_strdup_printf ("/api/v1/cases/%s/caller", id);
  whole = request (&desk, "GET", desk.desk, path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (whole), "phone"), ==, "138 1234 5678");
  masked = request (&desk, "GET", leader, path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (masked), "phone"), ==, "138****5678");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (masked), "masked"));
  feed = request (&desk, "GET", desk.desk, "/api/v1/changes?since=0", NULL, 200);
  feed_text = json_to_string (feed, FALSE);
  g_assert_null (strstr (feed_text, "5678"));

  /* The app's side: the same, through the town client. */
  client = gw_town_client_new (desk.server->url, NULL);
  gw_town_client_set_token (client, leader);
  gw_case_caller_fetch_async (client, id, NULL, on_caller, &caller);
  gw_test_wait_for (is_set, &caller, 10000, "the caller");
  g_assert_cmpstr (caller->name, ==, "王女士");
  g_assert_cmpstr (caller->phone, ==, "138****5678");
  g_assert_true (caller->masked);
  desk_stop (&desk);
}

static void
on_pointers (GObject      *client,
             GAsyncResult *result,
             gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  /* Both fetches finish the same way (gw_town_fetch_finish). */
  *out = gw_duplicates_fetch_finish (GW_TOWN_CLIENT (client), result, &error);
  g_assert_no_error (error);
}

/* What the New Case form and the workers layer read, through the town
 * client: the nearby cases with their distance, and a worker's day. */
static void
test_client_reads (void)
{
  Desk desk = { 0 };
  g_autoptr(GwTownClient) client = NULL;
  g_autoptr(GPtrArray) near = NULL;
  g_autoptr(GPtrArray) track = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *first = NULL;
  double lat, lon;

  desk_start (&desk, "desk-client.sqlite");
  first = report (&desk, 35.40000, 116.97000, "E0101", NULL);
  status = request (&desk, "PUT", desk.worker, "/api/v1/me/status", "{\"on_duty\":true,\"lat\":35.401,\"lon\":116.971}", 200);
  client = gw_town_client_new (desk.server->url, NULL);
  gw_town_client_set_token (client, desk.desk);

  gw_duplicates_fetch_async (client, 35.40018, 116.97, "E0101", NULL, on_pointers, &near);
  gw_test_wait_for (is_set, &near, 10000, "the nearby cases");
  g_assert_cmpuint (near->len, ==, 1);
  g_assert_cmpstr (gw_case_get_id (((GwDuplicate *) g_ptr_array_index (near, 0))->kase), ==, first);
  g_assert_cmpfloat (((GwDuplicate *) g_ptr_array_index (near, 0))->distance_m, >, 19);
  g_assert_cmpfloat (((GwDuplicate *) g_ptr_array_index (near, 0))->distance_m, <, 21);

  gw_worker_track_fetch_async (client, "w0001", NULL, NULL, on_pointers, &track);
  gw_test_wait_for (is_set, &track, 10000, "the worker's track");
  g_assert_cmpuint (track->len, ==, 1);
  g_assert_true (gw_worker_status_get_location (g_ptr_array_index (track, 0), &lat, &lon));
  g_assert_cmpfloat (lat, ==, 35.401);
  desk_stop (&desk);
}

typedef struct
{
  GwTestServer *server;
  gint64 visited;
  double satisfaction;
} Visits;

static gboolean
someone_was_called_back (gpointer data)
{
  Visits *visits = data;
  g_autofree char *url = g_strconcat (visits->server->url, "/api/v1/stats?by=source", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *total;
  guint status = 0;

  body = gw_test_http_get (url, visits->server->token, NULL, &status, NULL);
  root = gw_test_json_from_bytes (body);
  total = json_object_get_object_member (json_node_get_object (root), "total");
  visits->visited = json_object_get_int_member (total, "visited");
  visits->satisfaction = json_object_get_double_member (total, "satisfaction_rate");
  return visits->visited > 0;
}

/* The simulated desk calls residents back on the cases closed within the
 * last working day, so the demo has a satisfaction rate. */
static void
test_simulated_visits (void)
{
  g_autofree char *db = gw_test_tmp_path ("desk-visits.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", "--seed-cases", "600", "--simulate", "1", NULL);
  Visits visits = { server, 0, 0 };

  gw_test_wait_for (someone_was_called_back, &visits, 120000, "a simulated return visit");
  g_assert_cmpfloat (visits.satisfaction, >, 0);
  g_assert_cmpfloat (visits.satisfaction, <=, 1);
}

typedef struct
{
  gboolean done;
  GwOutboxResult *result;
  GError *error;
} Flushed;

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Flushed *flushed = user_data;

  flushed->result = gw_outbox_flush_finish (result, &flushed->error);
  flushed->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Flushed *) data)->done;
}

static void
flush (GwTownClient *client,
       GwStore      *cache,
       Flushed      *flushed)
{
  *flushed = (Flushed) { 0 };
  gw_outbox_flush_async (client, cache, NULL, on_flushed, flushed);
  gw_test_wait_for (is_done, flushed, 20000, "the outbox flushed");
}

static void
flushed_clear (Flushed *flushed)
{
  g_clear_pointer (&flushed->result, gw_outbox_result_free);
  g_clear_error (&flushed->error);
}

/* A 12345 call taken with the server down: queued with a stand-in in the
 * cache, sent once when the server is back, and the server's case (its
 * number, grid and working-time deadline) takes the stand-in's place. */
static void
test_report_offline (void)
{
  Desk desk = { 0 };
  g_autofree char *down_db = gw_test_tmp_path ("desk-down.sqlite");
  g_autofree char *cache_path = gw_test_tmp_path ("desk-cache.sqlite");
  g_autoptr(GwTestServer) down = gw_test_server_start (down_db, NULL);
  g_autoptr(GwTownClient) offline = gw_town_client_new (down->url, NULL);
  g_autoptr(GwTownClient) online = NULL;
  g_autoptr(GwStore) cache = NULL;
  g_autoptr(JsonObject) report = gw_test_json_object ("{\"source\":\"hotline_12345\",\"lat\":35.40,\"lon\":116.97,"
                                                      "\"category\":\"E0101\",\"description\":\"暴露垃圾\","
                                                      "\"reporter\":\"王女士\",\"reporter_phone\":\"13812345678\"}");
  g_autoptr(JsonObject) bad = gw_test_json_object ("{\"source\":\"hotline_12345\",\"lat\":35.40,\"lon\":116.97,"
                                                   "\"reporter_phone\":\"call me\"}");
  g_autoptr(GwCase) stand_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autofree char *local_id = NULL;
  Flushed flushed = { 0 };
  JsonArray *items;
  JsonObject *server_case;

  g_clear_pointer (&down, gw_test_server_stop);
  cache = gw_cache_open (cache_path, &error);
  g_assert_no_error (error);

  g_assert_null (gw_outbox_report_case (cache, bad, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  local_id = gw_outbox_report_case (cache, report, NULL, &error);
  g_assert_no_error (error);
  stand_in = gw_store_get_case (cache, local_id);
  g_assert_nonnull (stand_in);
  g_assert_true (gw_case_get_pending (stand_in));
  g_assert_cmpuint (gw_store_count_outbox (cache), ==, 1);

  /* Nobody answers: it stays queued. */
  flush (offline, cache, &flushed);
  g_assert_nonnull (flushed.error);
  g_assert_cmpuint (gw_store_count_outbox (cache), ==, 1);
  flushed_clear (&flushed);

  /* The server is back. */
  desk_start (&desk, "desk-back.sqlite");
  online = gw_town_client_new (desk.server->url, NULL);
  gw_town_client_set_token (online, desk.desk);
  flush (online, cache, &flushed);
  g_assert_no_error (flushed.error);
  g_assert_cmpuint (flushed.result->sent, ==, 1);
  g_assert_cmpuint (flushed.result->refusals->len, ==, 0);
  flushed_clear (&flushed);
  g_assert_cmpuint (gw_store_count_outbox (cache), ==, 0);
  g_clear_object (&stand_in);
  g_assert_null ((stand_in = gw_store_get_case (cache, local_id)));

  /* Sent once, whatever else is flushed. */
  flush (online, cache, &flushed);
  g_assert_cmpuint (flushed.result->sent, ==, 0);
  flushed_clear (&flushed);
  listed = request (&desk, "GET", desk.desk, "/api/v1/cases", NULL, 200);
  items = json_object_get_array_member (json_node_get_object (listed), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  server_case = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (server_case, "source"), ==, "hotline_12345");
  g_assert_nonnull (json_object_get_string_member (server_case, "grid"));
  g_assert_nonnull (json_object_get_string_member (server_case, "deadline"));
  /* And the cache holds the server's case. */
  g_clear_object (&stand_in);
  stand_in = gw_store_get_case (cache, json_object_get_string_member (server_case, "id"));
  g_assert_nonnull (stand_in);
  g_assert_false (gw_case_get_pending (stand_in));
  desk_stop (&desk);
}

/* Issue 18: the desk places a case that came without a point. Its grid
 * is found at the new point, its link to the source system stays, the
 * history records it; a point outside the county and a worker are
 * refused. */
static void
test_locate (void)
{
  Desk desk = { 0 };
  g_autoptr(JsonNode) placed = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) trail_root = NULL;
  g_autoptr(JsonNode) before = NULL;
  JsonObject *origin, *last;
  JsonArray *trail;

  desk_start (&desk, "desk-locate.sqlite");
  g_clear_pointer (&desk.server, gw_test_server_stop);
  gw_test_seed_unplaced_case (desk.db);
  desk.server = gw_test_server_start (desk.db, NULL);

  before = request (&desk, "GET", desk.desk, "/api/v1/cases/" GW_TEST_UNPLACED_ID, NULL, 200);
  g_assert_null (gw_json_object_get_string (json_node_get_object (before), "grid"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (lifecycle_of (before), "origin"),
                                                  "location"), ==, "unknown");

  g_assert_cmpuint (act (&desk, desk.worker, GW_TEST_UNPLACED_ID, NULL, NULL,
                         "{\"action\":\"locate\",\"base_version\":1,\"params\":{\"lat\":35.4005,\"lon\":116.9705}}"),
                    ==, 403);
  g_assert_cmpuint (act (&desk, desk.desk, GW_TEST_UNPLACED_ID, NULL, &refused,
                         "{\"action\":\"locate\",\"base_version\":1,\"params\":{\"lat\":39.9,\"lon\":116.4}}"),
                    ==, 422);
  g_assert_cmpuint (act (&desk, desk.desk, GW_TEST_UNPLACED_ID, NULL, NULL,
                         "{\"action\":\"locate\",\"base_version\":1,\"params\":{\"lat\":\"north\"}}"),
                    ==, 400);
  g_assert_cmpuint (act (&desk, desk.desk, GW_TEST_UNPLACED_ID, NULL, &placed,
                         "{\"action\":\"locate\",\"base_version\":1,\"params\":{\"lat\":35.4005,\"lon\":116.9705}}"),
                    ==, 200);

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (placed), "lat"), 35.4005, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (placed), "lon"), 116.9705, 1e-9);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (placed), "grid"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (placed), "status"), ==, "reported");
  origin = json_object_get_object_member (lifecycle_of (placed), "origin");
  g_assert_cmpstr (json_object_get_string_member (origin, "location"), ==, "known");
  g_assert_cmpstr (json_object_get_string_member (origin, "endpoint"), ==, GW_TEST_UNPLACED_ENDPOINT);
  g_assert_cmpstr (json_object_get_string_member (origin, "id"), ==, GW_TEST_UNPLACED_ORIGIN_ID);

  trail = history (&desk, GW_TEST_UNPLACED_ID, &trail_root);
  last = json_array_get_object_element (trail, json_array_get_length (trail) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "locate");
  g_assert_nonnull (strstr (json_object_get_string_member (last, "detail"),
                            json_object_get_string_member (json_node_get_object (placed), "grid")));
  desk_stop (&desk);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/townd-desk/duplicates", test_duplicates);
  g_test_add_func ("/townd-desk/duplicates-many", test_duplicates_many);
  g_test_add_func ("/townd-desk/dispatch", test_dispatch);
  g_test_add_func ("/townd-desk/recategorise", test_recategorise);
  g_test_add_func ("/townd-desk/return-visit", test_return_visit);
  g_test_add_func ("/townd-desk/track", test_track);
  g_test_add_func ("/townd-desk/caller", test_caller);
  g_test_add_func ("/townd-desk/client-reads", test_client_reads);
  g_test_add_func ("/townd-desk/report-offline", test_report_offline);
  g_test_add_func ("/townd-desk/simulated-track", test_simulated_track);
  g_test_add_func ("/townd-desk/simulated-visits", test_simulated_visits);
  g_test_add_func ("/townd-desk/locate", test_locate);

  return g_test_run ();
}
