/* fuzz-town-body.c: the body of a write, as the town server reads it
 *
 * Every JSON body the server takes goes through the same functions that
 * its handlers call once the caller is authenticated: the body is read
 * (gw_town_server_parse_body()) and then offered to each endpoint that
 * takes one, as if POSTed to each: a new case (into a real store with
 * the demo county), an action on a case (the store's case, and the
 * rules alone on a case in every status, for every role), an inspection
 * plan and an action on one (on a copy of a plan as stored), a worker's
 * status. Whatever a client sends, the answer is a status and a JSON
 * object; a case or plan the server would store must read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-demo-dataset.h"
#include "gw-fuzz.h"
#include "gw-json.h"
#include "gw-town-server-private.h"
#include "gw-server-schema.h"

#define FUZZ_USER "fuzz-dispatcher"

typedef struct
{
  GwTownServer *server;
  char *case_id;
  GwCase *cases[GW_CASE_N_STATUSES];
  GDateTime *now;
  GwInspectionData *inspection;
  JsonNode *plan;               /* a week around today, as stored */
} Town;

/* The county's case as if it had come so far: the rules are then tried
 * from every status, with nothing in the store to change. */
static GwCase *
in_status (GwCase       *reported,
           GwCaseStatus  status)
{
  g_auto(GwCaseData) d = { 0 };

  gw_case_data_copy (gw_case_get_data (reported), &d);
  d.status = status;
  d.version = 7;
  g_free (d.assignee);
  d.assignee = g_strdup ("worker:w0002");
  if (status == GW_CASE_STATUS_SUSPENDED)
    {
      d.held_from = GW_CASE_STATUS_IN_PROGRESS;
      d.held_at = g_strdup (d.reported_at);
    }
  return gw_case_new (&d);
}

/* The demo's enterprises and inspectors, and a plan as the server
 * stores it, made once per run. */
static void
plan_inspections (Town    *t,
                  GwStore *store)
{
  g_autoptr(GPtrArray) grids = gw_store_list_grids (store, NULL);
  g_autoptr(GwInspectionPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  guint32 today = gw_work_calendar_get_today (gw_town_server_get_calendar (t->server));

  if (!gw_town_server_add_demo_inspection (t->server, grids, &error) ||
      !(t->inspection = gw_town_server_inspection_data (t->server, &error)))
    g_error ("%s", error->message);
  /* Small, so that each input reads it quickly: a few visits a day. */
  options.from = today - 3;
  options.to = today + 4;
  options.seed = 1;
  options.department_capacity = 2;
  options.calendar = gw_town_server_get_calendar (t->server);
  if (!(plan = gw_inspection_plan_compute (t->inspection, &options, &error)))
    g_error ("%s", error->message);
  t->plan = gw_inspection_plan_to_json (plan);
}

/* The demo county and one case reported in it, made once per run. */
static Town *
town (void)
{
  static Town *t;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwCase) reported = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (t)
    return t;

  t = g_new0 (Town, 1);
  if (!(store = gw_server_store_open (":memory:", &error)) || !gw_demo_dataset_load (store, NULL, &error))
    g_error ("%s", error->message);
  t->server = gw_town_server_new (store);
  report = json_from_string ("{\"source\": \"patrol\", \"lat\": 35.4, \"lon\": 116.97, \"category\": \"E0101\","
                             " \"description\": \"井盖缺失\"}", &error);
  g_assert_no_error (error);
  if (gw_town_server_create_case (t->server, FUZZ_USER, GW_ROLE_DISPATCHER, json_node_get_object (report),
                                  NULL, &answer) != 201)
    g_error ("the demo county refused a report");
  t->case_id = g_strdup (gw_json_object_get_string (json_node_get_object (answer), "id"));
  reported = gw_store_get_case (store, t->case_id);
  for (guint s = 0; s < GW_CASE_N_STATUSES; s++)
    t->cases[s] = in_status (reported, s);
  t->now = g_date_time_new_from_iso8601 ("2026-11-23T11:00:00+08:00", NULL);
  plan_inspections (t, store);
  return t;
}

static void
assert_answer (guint     status,
               JsonNode *answer)
{
  g_assert_cmpuint (status, >=, 200);
  g_assert_cmpuint (status, <, 600);
  g_assert_nonnull (gw_json_node_get_object (answer));
  json_node_unref (answer);
}

/* A case the rules made is stored and sent: a client must read it. */
static void
assert_readable (GwCase *kase)
{
  g_autoptr(JsonNode) json = gw_case_to_json (kase);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) read = gw_case_new_from_json (json, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gw_case_get_version (read), ==, gw_case_get_version (kase));
}

static void
try_action (Town       *t,
            JsonObject *obj)
{
  const char *action = NULL;
  gint64 base_version = 0;
  JsonObject *params = NULL;
  JsonNode *answer = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  GwCaseContext context = { t->now, gw_town_server_get_calendar (t->server), FUZZ_USER };

  if (!gw_town_server_read_action (obj, &action, &base_version, &params, &error))
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  status = gw_town_server_apply_action (t->server, FUZZ_USER, GW_ROLE_DISPATCHER, t->case_id, NULL,
                                        action, params, base_version, &answer);
  assert_answer (status, answer);

  for (guint s = 0; s < GW_CASE_N_STATUSES; s++)
    for (guint role = 0; role < GW_N_ROLES; role++)
      {
        g_autoptr(GError) rule_error = NULL;
        g_autoptr(JsonObject) empty = json_object_new ();
        g_autoptr(GwCase) next = gw_case_rules_apply (t->cases[s], role, action, params ? params : empty,
                                                      &context, &rule_error);

        g_assert_true ((next == NULL) == (rule_error != NULL));
        if (next)
          assert_readable (next);
      }
}

/* A plan's action is tried on a fresh copy of the stored plan; what it
 * makes is stored, so it must load again. */
static void
try_plan (Town       *t,
          JsonObject *obj)
{
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  const char *action = NULL;
  gint64 base_version = 0, visit = 0;
  JsonObject *params = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwInspectionPlan) plan = NULL;
  GwWorkCalendar *calendar = gw_town_server_get_calendar (t->server);
  guint status;

  if (gw_town_server_read_plan_options (obj, &options, &error))
    g_assert_cmpuint (options.from, >, 0);
  g_clear_error (&error);
  if (!gw_town_server_read_plan_action (obj, &action, &base_version, &visit, &params))
    return;

  plan = gw_inspection_plan_new_from_json (t->inspection, calendar, t->plan, &error);
  g_assert_no_error (error);
  status = gw_town_server_apply_plan_action (t->server, plan, action, visit, params, &error);
  g_assert_true ((status == 200) == (error == NULL));
  if (status == 200)
    {
      g_autoptr(JsonNode) json = gw_inspection_plan_to_json (plan);
      g_autoptr(GwInspectionPlan) again = gw_inspection_plan_new_from_json (t->inspection, calendar, json, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (gw_inspection_plan_get_n_visits (again), ==, gw_inspection_plan_get_n_visits (plan));
    }
  else
    g_assert_true (status == 400 || status == 422);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Town *t = town ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = gw_town_server_parse_body (bytes, &error);
  g_autoptr(GwWorkerStatus) status = NULL;
  JsonNode *answer = NULL;
  JsonObject *obj;
  guint code;

  if (body == NULL)
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  obj = json_node_get_object (body);

  code = gw_town_server_create_case (t->server, FUZZ_USER, GW_ROLE_DISPATCHER, obj, NULL, &answer);
  assert_answer (code, answer);
  try_action (t, obj);
  try_plan (t, obj);

  /* Last: the server writes the worker's name and the time into the body. */
  if ((status = gw_town_server_read_my_status (body, "w0001", t->now, &error)))
    {
      g_autoptr(JsonNode) json = gw_worker_status_to_json (status);
      g_autoptr(GwWorkerStatus) again = gw_worker_status_new_from_json (json, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gw_worker_status_get_worker_id (again), ==, "w0001");
    }
  return 0;
}
