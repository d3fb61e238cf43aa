/* test-lifecycle.c: every action, in every state, for every role
 *
 * The expected table below is written from DOMAIN.md and the dispatch
 * issue, apart from the rules it checks, so that a change to either shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case-rules.h"
#include "gw-escalation-rules.h"
#include "gw-test-util.h"

#define R(r) (1u << GW_ROLE_##r)
#define S(s) (1u << GW_CASE_STATUS_##s)
#define ALL_STATES ((1u << GW_CASE_N_STATUSES) - 1)
#define SAME (-1)
#define DESK (R (DISPATCHER) | R (ADMIN))
#define FIELD (R (WORKER) | R (DEPARTMENT) | R (ADMIN))
#define RUNNING (S (DISPATCHED) | S (IN_PROGRESS))
#define NOT_HANDLED (S (REPORTED) | S (ACCEPTED) | S (FILED) | RUNNING | S (RETURNED) | S (SUSPENDED))

typedef struct
{
  const char *action;
  guint roles;
  guint from;
  int to;               /* SAME: status kept; for resume, the held one */
  const char *params;   /* valid parameters */
} Expected;

static const Expected expected[] = {
  { "accept", DESK, S (REPORTED), GW_CASE_STATUS_ACCEPTED, "{}" },
  { "reject", DESK, S (REPORTED), GW_CASE_STATUS_REJECTED, "{\"reason\":\"不属于受理范围\"}" },
  { "file", DESK, S (ACCEPTED), GW_CASE_STATUS_FILED, "{}" },
  { "assign", DESK, S (FILED) | S (DISPATCHED) | S (RETURNED), GW_CASE_STATUS_DISPATCHED, "{\"assignee\":\"worker:w0001\"}" },
  { "start", FIELD, S (DISPATCHED), GW_CASE_STATUS_IN_PROGRESS, "{}" },
  { "handle", FIELD, S (IN_PROGRESS), GW_CASE_STATUS_HANDLED, "{\"result\":\"已清理\",\"photos\":[\"/api/v1/media/1111111111111111111111111111111111111111111111111111111111111111\"]}" },
  { "return", FIELD, RUNNING, GW_CASE_STATUS_RETURNED, "{\"reason\":\"非本部门职责\"}" },
  { "verify", DESK, S (HANDLED), GW_CASE_STATUS_VERIFIED, "{}" },
  { "rework", DESK, S (HANDLED), GW_CASE_STATUS_DISPATCHED, "{\"reason\":\"核查未通过\"}" },
  { "close", DESK, S (VERIFIED), GW_CASE_STATUS_CLOSED, "{}" },
  { "request_extension", FIELD | R (DISPATCHER), RUNNING, SAME, "{\"deadline\":\"2030-01-01T12:00:00+08:00\",\"reason\":\"需协调管线单位\"}" },
  { "approve_extension", DESK | R (HEAD), RUNNING, SAME, "{}" },
  { "deny_extension", DESK | R (HEAD), RUNNING, SAME, "{\"reason\":\"理由不充分\"}" },
  { "suspend", DESK, S (FILED) | RUNNING | S (RETURNED), GW_CASE_STATUS_SUSPENDED, "{\"reason\":\"待司法裁定\"}" },
  { "resume", DESK, S (SUSPENDED), SAME, "{}" },
  { "register", DESK, S (FILED) | RUNNING | S (RETURNED) | S (SUSPENDED), GW_CASE_STATUS_REGISTERED, "{\"reason\":\"历史遗留，列入挂账\"}" },
  { "comment", DESK | FIELD | R (PLANNER) | R (HEAD), ALL_STATES, SAME, "{\"text\":\"已电话联系\"}" },
  /* The desk (issue 17). */
  { "dispatch", DESK, S (REPORTED) | S (ACCEPTED) | S (FILED), GW_CASE_STATUS_DISPATCHED, "{\"assignee\":\"worker:w0001\"}" },
  { "mark_duplicate", DESK, NOT_HANDLED, GW_CASE_STATUS_CLOSED, "{\"of\":\"GW20261123-000002\"}" },
  { "unmark_duplicate", R (HEAD) | R (ADMIN), S (CLOSED), SAME, "{\"reason\":\"不是同一件事\"}" },
  { "recategorise", DESK, NOT_HANDLED | S (REGISTERED), SAME, "{\"category\":\"E0401\",\"reason\":\"分类有误\"}" },
  { "return_visit", DESK | R (HEAD), S (CLOSED), SAME, "{\"result\":\"satisfied\"}" },
  { "locate", DESK, NOT_HANDLED | S (REGISTERED), SAME, "{\"lat\":35.41,\"lon\":116.98}" },
};

/* A case in @status, with what that status implies: a pending extension
 * while it runs, a suspension while suspended. */
static GwCase *
case_in (GwCaseStatus status)
{
  GwCaseData d = {
    .id = (char *) "GW20261123-000001",
    .status = status,
    .category = (char *) "E0101",
    .lat = 35.4,
    .lon = 116.97,
    .reported_at = (char *) "2026-11-23T09:00:00+08:00",
    .deadline = (char *) "2026-11-23T14:00:00+08:00",
    .assignee = (char *) "worker:w0002",
    .version = 7,
  };

  if (status == GW_CASE_STATUS_SUSPENDED)
    {
      d.held_from = GW_CASE_STATUS_IN_PROGRESS;
      d.held_at = (char *) "2026-11-23T10:00:00+08:00";
    }
  if (status == GW_CASE_STATUS_CLOSED)
    d.closed_at = (char *) "2026-11-23T10:30:00+08:00";
  return gw_case_new (&d);
}

/* The same case closed as a duplicate, from the status it was in. */
static GwCase *
as_duplicate (GwCase *kase)
{
  g_auto(GwCaseData) d = { 0 };

  gw_case_data_copy (gw_case_get_data (kase), &d);
  d.duplicate_of = g_strdup ("GW20261123-000002");
  d.duplicate_from = d.status;
  return gw_case_new (&d);
}

static GwCase *
with_request (GwCase *kase)
{
  GwCaseData d = { 0 };
  GwCase *result;

  gw_case_data_copy (gw_case_get_data (kase), &d);
  d.requested_deadline = g_strdup ("2026-11-25T17:30:00+08:00");
  result = gw_case_new (&d);
  gw_case_data_clear (&d);
  return result;
}

static void
test_every_transition (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-23T11:00:00+08:00", NULL);
  GwCaseContext context = { now, calendar };
  guint checked = 0;

  for (guint a = 0; a < G_N_ELEMENTS (expected); a++)
    for (GwRole role = 0; role < GW_N_ROLES; role++)
      for (GwCaseStatus status = 0; status < GW_CASE_N_STATUSES; status++)
        {
          const Expected *e = &expected[a];
          g_autoptr(GwCase) base = case_in (status);
          g_autoptr(GwCase) before = g_str_has_suffix (e->action, "_extension") &&
                                     !g_str_equal (e->action, "request_extension") ? with_request (base) :
                                     g_str_equal (e->action, "unmark_duplicate") ? as_duplicate (base) : g_object_ref (base);
          g_autoptr(JsonObject) params = gw_test_json_object (e->params);
          g_autoptr(GError) error = NULL;
          g_autoptr(GwCase) after = gw_case_rules_apply (before, role, e->action, params, &context, &error);

          checked++;
          if (!(e->roles & (1u << role)))
            {
              g_assert_null (after);
              g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN);
              g_assert_false (gw_case_rules_role_may (role, e->action));
            }
          else if (!(e->from & (1u << status)))
            {
              g_assert_null (after);
              g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL);
              g_assert_false (gw_case_rules_is_legal (status, e->action));
            }
          else
            {
              GwCaseStatus wanted = e->to == SAME ? status : (GwCaseStatus) e->to;

              if (g_str_equal (e->action, "resume"))
                wanted = GW_CASE_STATUS_IN_PROGRESS;
              g_assert_no_error (error);
              g_assert_nonnull (after);
              g_assert_cmpint (gw_case_get_status (after), ==, wanted);
              /* The rules do not number versions; the server does. */
              g_assert_cmpint (gw_case_get_version (after), ==, 7);
            }
        }

  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (expected) * GW_N_ROLES * GW_CASE_N_STATUSES);
  /* Every action the rules know is in the table above. */
  g_assert_cmpuint (g_strv_length ((char **) gw_case_rules_list_actions ()), ==, G_N_ELEMENTS (expected));
}

static void
assert_refused (GwCase       *kase,
                GwRole        role,
                const char   *action,
                const char   *params,
                int           code)
{
  g_autoptr(JsonObject) p = gw_test_json_object (params);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) after = gw_case_rules_apply (kase, role, action, p, NULL, &error);

  g_assert_null (after);
  g_assert_error (error, GW_CASE_RULES_ERROR, code);
  g_test_message ("%s: %s", action, error->message);
}

static void
test_what_actions_record (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) monday = g_date_time_new_from_iso8601 ("2026-11-23T11:00:00+08:00", NULL);
  g_autoptr(GDateTime) tuesday = g_date_time_new_from_iso8601 ("2026-11-24T11:00:00+08:00", NULL);
  GwCaseContext on_monday = { monday, calendar };
  GwCaseContext on_tuesday = { tuesday, calendar };
  g_autoptr(GwCase) running = case_in (GW_CASE_STATUS_IN_PROGRESS);
  g_autoptr(GwCase) dispatched = case_in (GW_CASE_STATUS_DISPATCHED);
  g_autoptr(GwCase) handled = case_in (GW_CASE_STATUS_HANDLED);
  g_autoptr(GwCase) verified = case_in (GW_CASE_STATUS_VERIFIED);
  g_autoptr(GwCase) reported = case_in (GW_CASE_STATUS_REPORTED);
  g_autoptr(GwCase) result = NULL;
  g_autoptr(GwCase) suspended = NULL;
  g_autoptr(GwCase) resumed = NULL;
  g_autoptr(GwCase) requested = NULL;
  g_autoptr(GwCase) approved = NULL;

  /* Reasons and results are required and kept. */
  assert_refused (reported, GW_ROLE_DISPATCHER, "reject", "{}", GW_CASE_RULES_ERROR_INVALID_PARAMS);
  assert_refused (reported, GW_ROLE_DISPATCHER, "reject", "{\"reason\":\"   \"}", GW_CASE_RULES_ERROR_INVALID_PARAMS);
  assert_refused (running, GW_ROLE_WORKER, "handle", "{}", GW_CASE_RULES_ERROR_INVALID_PARAMS);
  assert_refused (dispatched, GW_ROLE_DEPARTMENT, "return", "{}", GW_CASE_RULES_ERROR_INVALID_PARAMS);
  result = gw_test_apply_ok (running, GW_ROLE_WORKER, "handle", "{\"result\":\"已清理\",\"photos\":[\"/api/v1/media/1111111111111111111111111111111111111111111111111111111111111111\",\"/api/v1/media/2222222222222222222222222222222222222222222222222222222222222222\"]}", NULL);
  g_assert_cmpstr (gw_case_get_data (result)->note, ==, "已清理");
  g_assert_cmpuint (g_strv_length (gw_case_get_data (result)->media), ==, 2);
  g_clear_object (&result);

  /* A department that is not responsible returns the case to the desk. */
  result = gw_test_apply_ok (dispatched, GW_ROLE_DEPARTMENT, "return", "{\"reason\":\"非本部门职责\"}", NULL);
  g_assert_null (gw_case_get_data (result)->assignee);
  g_assert_cmpuint (gw_case_get_data (result)->returns, ==, 1);
  g_clear_object (&result);

  /* A failed verification is counted as rework. */
  result = gw_test_apply_ok (handled, GW_ROLE_DISPATCHER, "rework", "{\"reason\":\"未清理干净\"}", NULL);
  g_assert_cmpuint (gw_case_get_data (result)->reworks, ==, 1);
  g_clear_object (&result);

  /* Closing records when. */
  result = gw_test_apply_ok (verified, GW_ROLE_DISPATCHER, "close", "{}", &on_monday);
  g_assert_cmpstr (gw_case_get_data (result)->closed_at, ==, "2026-11-23T11:00:00+08:00");
  g_clear_object (&result);

  /* Extensions: asked for with a later deadline, then approved once. */
  assert_refused (running, GW_ROLE_WORKER, "request_extension",
                  "{\"deadline\":\"2026-11-23T12:00:00+08:00\",\"reason\":\"x\"}", GW_CASE_RULES_ERROR_INVALID_PARAMS);
  assert_refused (running, GW_ROLE_HEAD, "approve_extension", "{}", GW_CASE_RULES_ERROR_ILLEGAL);
  requested = gw_test_apply_ok (running, GW_ROLE_WORKER, "request_extension",
                        "{\"deadline\":\"2026-11-25T17:30:00+08:00\",\"reason\":\"需协调管线单位\"}", NULL);
  g_assert_cmpstr (gw_case_get_data (requested)->requested_deadline, ==, "2026-11-25T17:30:00+08:00");
  assert_refused (requested, GW_ROLE_WORKER, "request_extension",
                  "{\"deadline\":\"2026-11-26T17:30:00+08:00\",\"reason\":\"again\"}", GW_CASE_RULES_ERROR_ILLEGAL);
  approved = gw_test_apply_ok (requested, GW_ROLE_HEAD, "approve_extension", "{}", NULL);
  g_assert_cmpstr (gw_case_get_data (approved)->deadline, ==, "2026-11-25T17:30:00+08:00");
  g_assert_null (gw_case_get_data (approved)->requested_deadline);
  g_assert_cmpuint (gw_case_get_data (approved)->extensions, ==, 1);

  /* Suspension stops the clock: suspended Monday 11:00 and resumed
   * Tuesday 11:00, one working day (7.5 working hours) later, so the
   * Monday 14:00 deadline moves to Tuesday 14:00. */
  suspended = gw_test_apply_ok (running, GW_ROLE_DISPATCHER, "suspend", "{\"reason\":\"待司法裁定\"}", &on_monday);
  g_assert_cmpint (gw_case_get_data (suspended)->held_from, ==, GW_CASE_STATUS_IN_PROGRESS);
  resumed = gw_test_apply_ok (suspended, GW_ROLE_DISPATCHER, "resume", "{}", &on_tuesday);
  g_assert_cmpint (gw_case_get_status (resumed), ==, GW_CASE_STATUS_IN_PROGRESS);
  g_assert_cmpstr (gw_case_get_data (resumed)->deadline, ==, "2026-11-24T14:00:00+08:00");
  g_assert_null (gw_case_get_data (resumed)->held_at);
}

static void
test_lifecycle_travels (void)
{
  g_autoptr(GwCase) running = case_in (GW_CASE_STATUS_IN_PROGRESS);
  g_autoptr(GwCase) requested = gw_test_apply_ok (running, GW_ROLE_WORKER, "request_extension",
                                          "{\"deadline\":\"2026-11-25T17:30:00+08:00\",\"reason\":\"需协调\"}", NULL);
  g_autoptr(GwCase) suspended = gw_test_apply_ok (requested, GW_ROLE_DISPATCHER, "suspend", "{\"reason\":\"待裁定\"}", NULL);
  g_autoptr(JsonNode) json = gw_case_to_json (suspended);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) back = gw_case_new_from_json (json, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (gw_case_get_data (back)->note, ==, "待裁定");
  g_assert_cmpstr (gw_case_get_data (back)->requested_deadline, ==, "2026-11-25T17:30:00+08:00");
  g_assert_cmpint (gw_case_get_data (back)->held_from, ==, GW_CASE_STATUS_IN_PROGRESS);
  g_assert_cmpstr (gw_case_get_data (back)->held_at, ==, gw_case_get_data (suspended)->held_at);
}

/* docs/town-api.md's "who" columns are the role table: what they say is
 * what the rules allow, role by role, action by action. */
static void
test_docs_role_table (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "town-api.md", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) documented = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) row = g_regex_new ("^\\| `([a-z_]+)` *\\| ([^|]*)\\|", 0, 0, NULL);
  g_autoptr(GRegex) aside = g_regex_new ("\\([^)]*\\)", 0, 0, NULL);
  const char * const *actions = gw_case_rules_list_actions ();
  const char * const *escalations = gw_escalation_rules_list_actions ();

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *action = NULL;
      g_autofree char *who = NULL;
      g_autofree char *roles = NULL;
      guint allowed = 0;

      if (!g_regex_match (row, lines[i], 0, &match))
        continue;
      action = g_match_info_fetch (match, 1);
      who = g_match_info_fetch (match, 2);
      roles = g_regex_replace_literal (aside, who, -1, 0, "", 0, NULL);
      for (GwRole role = 0; role < GW_N_ROLES; role++)
        {
          g_autofree char *word = g_strdup_printf ("\\b%s\\b", gw_role_to_string (role));

          if (g_regex_match_simple (word, roles, 0, 0))
            allowed |= 1u << role;
        }
      for (GwRole role = 0; role < GW_N_ROLES; role++)
        {
          gboolean says = (allowed & (1u << role)) != 0;

          if (says != gw_case_rules_role_may (role, action))
            g_error ("docs/town-api.md says a %s %s “%s”; the rules say otherwise",
                     gw_role_to_string (role), says ? "may" : "may not", action);
        }
      g_hash_table_add (documented, g_steal_pointer (&action));
    }

  /* Every action is in the docs, and reporting too. */
  g_assert_true (g_hash_table_contains (documented, "create"));
  for (guint i = 0; actions[i]; i++)
    g_assert_true (g_hash_table_contains (documented, actions[i]));
  for (guint i = 0; escalations[i]; i++)
    g_assert_true (g_hash_table_contains (documented, escalations[i]));
  g_hash_table_foreach (documented, (GHFunc) g_free, NULL);
}

/* Cases are made in a pull's thread and dropped in the window's, sharing
 * one copy of each category, grid and assignee: made and dropped in two
 * threads at once, the shared names stay whole (GLib 2.74's own interned
 * strings did not: the count reached zero outside their table's lock). */
static gpointer
make_and_drop (gpointer data)
{
  guint *rounds = data;

  for (guint i = 0; i < *rounds; i++)
    {
      g_autoptr(GwCase) kase = case_in (GW_CASE_STATUS_DISPATCHED);

      g_assert_cmpstr (gw_case_get_data (kase)->category, ==, "E0101");
      g_assert_cmpstr (gw_case_get_data (kase)->assignee, ==, "worker:w0002");
    }
  return NULL;
}

static void
test_shared_names_across_threads (void)
{
  guint rounds = 200000;
  GThread *threads[4];
  g_autoptr(GwCase) kept = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("cases", make_and_drop, &rounds);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  /* The names went with their last case, and come back whole. */
  kept = case_in (GW_CASE_STATUS_FILED);
  g_assert_cmpstr (gw_case_get_data (kept)->grid, ==, NULL);
  g_assert_cmpstr (gw_case_get_data (kept)->category, ==, "E0101");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lifecycle/every-transition-every-role", test_every_transition);
  g_test_add_func ("/lifecycle/what-actions-record", test_what_actions_record);
  g_test_add_func ("/lifecycle/travels-as-json", test_lifecycle_travels);
  g_test_add_func ("/lifecycle/docs-role-table", test_docs_role_table);
  g_test_add_func ("/lifecycle/shared-names-across-threads", test_shared_names_across_threads);

  return g_test_run ();
}
