/* test-escalation.c: the whistle-and-report chain
 *
 * Every escalation action in every escalation state for every role, from
 * a table written apart from the rules; report deadlines on the working
 * calendar; the server's own proposals on a controlled clock; ratings in
 * the department statistics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case-stats.h"
#include "gw-escalation-rules.h"
#include "gw-test-util.h"
#include "gw-whistle-list.h"

#define R(r) (1u << GW_ROLE_##r)
#define NONE (-1)
#define E(s) (1u << (GW_ESCALATION_##s + 1))
#define E_NONE 1u

typedef struct
{
  const char *action;
  guint roles;
  guint from;             /* E_NONE and E (state) bits */
  int to;
  const char *params;
} Expected;

static const Expected expected[] = {
  { "whistle", R (DISPATCHER) | R (WORKER) | R (ADMIN), E_NONE | E (PROPOSED) | E (RESOLVED) | E (DENIED),
    GW_ESCALATION_AWAITING_APPROVAL,
    "{\"to_level\":\"county\",\"called\":\"urban\",\"item\":\"W1-01\",\"reason\":\"需执法力量介入\"}" },
  { "approve_whistle", R (HEAD) | R (ADMIN), E (AWAITING_APPROVAL), GW_ESCALATION_AWAITING_REPORT, "{}" },
  { "deny_whistle", R (HEAD) | R (ADMIN), E (AWAITING_APPROVAL), GW_ESCALATION_DENIED, "{\"reason\":\"本级可处置\"}" },
  { "report", R (DEPARTMENT) | R (DISPATCHER) | R (ADMIN), E (AWAITING_REPORT) | E (OVERDUE), GW_ESCALATION_REPORTED,
    "{\"note\":\"已派员到场\"}" },
  { "resolve_escalation", R (DISPATCHER) | R (WORKER) | R (ADMIN), E (REPORTED), GW_ESCALATION_RESOLVED,
    "{\"resolution\":\"已解决\"}" },
  { "rate", R (DISPATCHER) | R (WORKER) | R (ADMIN), E (RESOLVED), GW_ESCALATION_RESOLVED,
    "{\"rating\":4,\"comment\":\"及时\"}" },
  { "propose_whistle", R (ADMIN), E_NONE | E (RESOLVED) | E (DENIED), GW_ESCALATION_PROPOSED,
    "{\"reason\":\"auto:overdue\",\"to_level\":\"community\"}" },
  { "mark_report_overdue", R (ADMIN), E (AWAITING_REPORT), GW_ESCALATION_OVERDUE, "{}" },
};

/* An in-progress case whose escalation (to the urban management bureau)
 * is in @state; NONE: never escalated. */
static GwCase *
case_escalated (int           state,
                GwCaseStatus  status)
{
  g_auto(GwCaseData) d = { 0 };
  GwCaseData base = {
    .id = (char *) "GW20261123-000007", .status = status, .category = (char *) "E0401",
    .lat = 35.4, .lon = 116.97, .grid = (char *) "370883001002003",
    .reported_at = (char *) "2026-11-23T09:00:00+08:00", .deadline = (char *) "2026-11-23T13:00:00+08:00",
    .assignee = (char *) "worker:w0002", .version = 9,
  };

  gw_case_data_copy (&base, &d);
  if (state != NONE)
    {
      GwEscalation *e = gw_escalation_new ();

      e->state = state;
      e->to_level = GW_LEVEL_COUNTY;
      e->called = g_strdup ("urban");
      e->item = g_strdup ("W1-01");
      e->reason = g_strdup ("需执法力量介入");
      e->whistled_by = g_strdup ("d1");
      e->whistled_at = g_strdup ("2026-11-23T10:00:00+08:00");
      e->report_deadline = g_strdup ("2026-11-23T17:30:00+08:00");
      if (state == GW_ESCALATION_REPORTED || state == GW_ESCALATION_RESOLVED)
        e->reported_at = g_strdup ("2026-11-23T15:00:00+08:00");
      gw_case_data_add_escalation (&d, e);
    }
  return gw_case_new (&d);
}

static void
test_every_transition (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  /* The next morning: yesterday's same-day reports are overdue. */
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-24T09:00:00+08:00", NULL);
  guint checked = 0;

  for (guint a = 0; a < G_N_ELEMENTS (expected); a++)
    for (GwRole role = 0; role < GW_N_ROLES; role++)
      for (int state = NONE; state < GW_N_ESCALATION_STATES; state++)
        {
          const Expected *e = &expected[a];
          /* A department reports as itself; the worker is the case's own. */
          GwCaseContext context = { now, calendar, role == GW_ROLE_DEPARTMENT ? "urban" :
                                                   role == GW_ROLE_WORKER ? "w0002" : "someone" };
          g_autoptr(GwCase) before = case_escalated (state, GW_CASE_STATUS_IN_PROGRESS);
          g_autoptr(JsonObject) params = gw_test_json_object (e->params);
          g_autoptr(GError) error = NULL;
          g_autoptr(GwCase) after = gw_case_rules_apply (before, role, e->action, params, &context, &error);
          guint bit = 1u << (state + 1);
          const GwCaseData *b = gw_case_get_data (before);

          checked++;
          if (!(e->roles & (1u << role)))
            {
              g_assert_null (after);
              g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN);
            }
          else if (!(e->from & bit))
            {
              g_assert_null (after);
              g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL);
              g_assert_false (gw_case_rules_is_legal_now (before, e->action));
            }
          else
            {
              const GwCaseData *d;
              GwEscalation *now_escalation;
              guint before_count = b->escalations ? b->escalations->len : 0;
              gboolean adds = (g_str_equal (e->action, "whistle") || g_str_equal (e->action, "propose_whistle")) &&
                              state != GW_ESCALATION_PROPOSED;

              g_assert_no_error (error);
              g_assert_nonnull (after);
              d = gw_case_get_data (after);
              now_escalation = gw_case_data_get_escalation (d);
              g_assert_cmpint (now_escalation->state, ==, e->to);
              g_assert_cmpuint (d->escalations->len, ==, before_count + (adds ? 1 : 0));
              /* The case's own lifecycle is untouched. */
              g_assert_cmpint (d->status, ==, GW_CASE_STATUS_IN_PROGRESS);
              if (g_str_equal (e->action, "rate"))
                g_assert_cmpint (now_escalation->rating, ==, 4);
              if (g_str_equal (e->action, "report"))
                {
                  g_assert_cmpstr (now_escalation->reported_by, ==, context.user);
                  /* Reported the next morning: late. */
                  g_assert_true (gw_escalation_was_late (now_escalation));
                }
            }
        }
  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (expected) * GW_N_ROLES * (GW_N_ESCALATION_STATES + 1));
  g_assert_cmpuint (g_strv_length ((char **) gw_escalation_rules_list_actions ()), ==, G_N_ELEMENTS (expected));
}

static void
test_refusals (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-23T11:00:00+08:00", NULL);
  GwCaseContext other_department = { now, calendar, "ecology" };
  g_autoptr(GwCase) awaiting = case_escalated (GW_ESCALATION_AWAITING_REPORT, GW_CASE_STATUS_IN_PROGRESS);
  g_autoptr(GwCase) fresh = case_escalated (NONE, GW_CASE_STATUS_IN_PROGRESS);
  g_autoptr(GwCase) closed = case_escalated (NONE, GW_CASE_STATUS_CLOSED);
  g_autoptr(GwCase) resolved = NULL;
  g_autoptr(GwCase) rated = NULL;
  static const char * const bad_whistles[] = {
    "{\"to_level\":\"grid\",\"called\":\"x\",\"item\":\"W1-01\",\"reason\":\"r\"}",
    "{\"to_level\":\"county\",\"called\":\"urban\",\"item\":\"W9-99\",\"reason\":\"r\"}",
    "{\"to_level\":\"county\",\"called\":\"urban\",\"item\":\"W1-01\",\"reason\":\"   \"}",
    "{\"to_level\":\"county\",\"item\":\"W1-01\",\"reason\":\"r\"}",
  };

  /* A department reports only what it was called for. */
  {
    g_autoptr(JsonObject) p = gw_test_json_object ("{\"note\":\"到\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(GwCase) after = gw_case_rules_apply (awaiting, GW_ROLE_DEPARTMENT, "report", p, &other_department, &error);

    g_assert_null (after);
    g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_whistles); i++)
    {
      g_autoptr(JsonObject) p = gw_test_json_object (bad_whistles[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GwCase) after = gw_case_rules_apply (fresh, GW_ROLE_DISPATCHER, "whistle", p, &other_department, &error);

      g_assert_null (after);
      g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS);
    }
  /* A closed case is not whistled. */
  {
    g_autoptr(JsonObject) p = gw_test_json_object (expected[0].params);
    g_autoptr(GError) error = NULL;
    g_autoptr(GwCase) after = gw_case_rules_apply (closed, GW_ROLE_DISPATCHER, "whistle", p, &other_department, &error);

    g_assert_null (after);
    g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL);
  }
  /* Rated once, from 1 to 5. */
  resolved = case_escalated (GW_ESCALATION_RESOLVED, GW_CASE_STATUS_IN_PROGRESS);
  {
    g_autoptr(JsonObject) p = gw_test_json_object ("{\"rating\":6}");
    g_autoptr(GError) error = NULL;
    g_autoptr(GwCase) after = gw_case_rules_apply (resolved, GW_ROLE_DISPATCHER, "rate", p, &other_department, &error);

    g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS);
  }
  rated = gw_test_apply_ok (resolved, GW_ROLE_DISPATCHER, "rate", "{\"rating\":2}", &other_department);
  g_assert_false (gw_case_rules_is_legal_now (rated, "rate"));
}

static const char *
deadline_of (const char *item,
             const char *level,
             const char *when)
{
  static char result[64];
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (when, NULL);
  GwCaseContext context = { now, calendar, "d1" };
  g_autoptr(GwCase) fresh = case_escalated (NONE, GW_CASE_STATUS_IN_PROGRESS);
  g_autofree char *params = g_strdup_printf ("{\"to_level\":\"%s\",\"called\":\"370883001002\",\"item\":\"%s\",\"reason\":\"协调未果\"}",
                                             level, item);
  g_autoptr(GwCase) whistled = gw_test_apply_ok (fresh, GW_ROLE_DISPATCHER, "whistle", params, &context);
  GwEscalation *e = gw_case_data_get_escalation (gw_case_get_data (whistled));

  g_assert_nonnull (e->report_deadline);
  g_strlcpy (result, e->report_deadline, sizeof result);
  return result;
}

/* The dispatcher who whistled does not report to the whistle: the party
 * it calls does (here another dispatcher, the community's). */
static void
test_report_not_by_whistler (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-20T10:00:00+08:00", NULL);
  GwCaseContext whistler = { now, calendar, "d1" };
  GwCaseContext called = { now, calendar, "community-desk" };
  g_autoptr(GwCase) fresh = case_escalated (NONE, GW_CASE_STATUS_IN_PROGRESS);
  g_autoptr(GwCase) whistled = gw_test_apply_ok (fresh, GW_ROLE_DISPATCHER, "whistle",
                                                 "{\"to_level\":\"community\",\"called\":\"370883001002\","
                                                 "\"item\":\"W1-01\",\"reason\":\"协调未果\"}", &whistler);
  g_autoptr(JsonObject) note = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) refused = NULL;
  g_autoptr(GwCase) reported = NULL;

  json_object_set_string_member (note, "note", "已报到");
  refused = gw_case_rules_apply (whistled, GW_ROLE_DISPATCHER, "report", note, &whistler, &error);
  g_assert_null (refused);
  g_assert_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN);
  reported = gw_case_rules_apply (whistled, GW_ROLE_DISPATCHER, "report", note, &called, NULL);
  g_assert_nonnull (reported);
}

static void
test_report_deadlines (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) friday = g_date_time_new_from_iso8601 ("2026-11-20T16:00:00+08:00", NULL);
  GwCaseContext on_friday = { friday, calendar, "head1" };
  g_autoptr(GwCase) fresh = case_escalated (NONE, GW_CASE_STATUS_IN_PROGRESS);
  g_autoptr(GwCase) asked = NULL;
  g_autoptr(GwCase) approved = NULL;
  g_autoptr(GDateTime) monday = g_date_time_new_from_iso8601 ("2026-11-23T09:00:00+08:00", NULL);
  GwCaseContext on_monday = { monday, calendar, "head1" };

  /* The grid calls its community at once; "same day" ends at 17:30. */
  g_assert_cmpstr (deadline_of ("W1-01", "community", "2026-11-20T16:00:00+08:00"), ==, "2026-11-20T17:30:00+08:00");
  /* Whistled after hours on a Friday: Monday's closing time. */
  g_assert_cmpstr (deadline_of ("W1-01", "community", "2026-11-20T18:10:00+08:00"), ==, "2026-11-23T17:30:00+08:00");
  /* Before the National Day holiday, 10 working days: the week off
   * skipped, the make-up Saturday (10 October) counted. */
  g_assert_cmpstr (deadline_of ("W6-04", "community", "2026-09-30T10:00:00+08:00"), ==, "2026-10-20T10:00:00+08:00");
  /* Three working days across a weekend. */
  g_assert_cmpstr (deadline_of ("W1-02", "community", "2026-11-20T10:00:00+08:00"), ==, "2026-11-25T10:00:00+08:00");

  /* A town's whistle waits for its head; the report is owed from the
   * approval on, not from the whistle. */
  asked = gw_test_apply_ok (fresh, GW_ROLE_DISPATCHER, "whistle",
                    "{\"to_level\":\"town\",\"called\":\"370883001\",\"item\":\"W1-01\",\"reason\":\"协调未果\"}", &on_friday);
  g_assert_cmpint (gw_case_data_get_escalation (gw_case_get_data (asked))->state, ==, GW_ESCALATION_AWAITING_APPROVAL);
  g_assert_null (gw_case_data_get_escalation (gw_case_get_data (asked))->report_deadline);
  approved = gw_test_apply_ok (asked, GW_ROLE_HEAD, "approve_whistle", "{}", &on_monday);
  g_assert_cmpstr (gw_case_data_get_escalation (gw_case_get_data (approved))->report_deadline, ==, "2026-11-23T17:30:00+08:00");
  g_assert_cmpstr (gw_case_data_get_escalation (gw_case_get_data (approved))->approved_by, ==, "head1");
}

static GwCase *
running_case (const char *deadline,
              guint       returns,
              const char *category)
{
  GwCaseData d = {
    .id = (char *) "GW20261123-000099", .status = GW_CASE_STATUS_DISPATCHED, .category = (char *) category,
    .lat = 35.4, .lon = 116.97, .grid = (char *) "370883001002003",
    .reported_at = (char *) "2026-11-20T09:00:00+08:00", .deadline = (char *) deadline,
    .assignee = (char *) "worker:w0002", .version = 3, .returns = returns,
  };

  return gw_case_new (&d);
}

static gint64
unix_of (const char *text)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (text, NULL);

  return g_date_time_to_unix (t);
}

static void
test_automatic_proposals (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GwCase) overdue = running_case ("2026-11-20T13:00:00+08:00", 0, "E0401");
  g_autoptr(GwCase) returned = running_case ("2026-12-20T13:00:00+08:00", 2, "C0101");
  g_autoptr(GwCase) fine = running_case ("2026-12-20T13:00:00+08:00", 1, "E0401");
  g_autoptr(GwCase) proposed = NULL;
  g_autoptr(GwCase) whistled = NULL;
  g_autoptr(GwCase) gone_overdue = NULL;
  g_autoptr(GDateTime) later = g_date_time_new_from_iso8601 ("2026-11-23T09:00:00+08:00", NULL);
  g_autoptr(GDateTime) much_later = g_date_time_new_from_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  GwCaseContext system = { later, calendar, "system" };
  GwCaseContext dispatcher = { later, calendar, "d1" };
  GwCaseContext sweep_later = { much_later, calendar, "system" };
  gint64 margin = 24 * 3600;
  JsonObject *params = NULL;
  const char *action;

  /* Overdue by less than the margin: nothing; by more: a proposal that
   * names the whistle item for its category. */
  g_assert_null (gw_escalation_rules_due (gw_case_get_data (overdue), unix_of ("2026-11-21T12:59:00+08:00"), margin, &params));
  g_assert_null (params);
  action = gw_escalation_rules_due (gw_case_get_data (overdue), unix_of ("2026-11-21T13:01:00+08:00"), margin, &params);
  g_assert_cmpstr (action, ==, "propose_whistle");
  g_assert_cmpstr (json_object_get_string_member (params, "reason"), ==, GW_ESCALATION_REASON_OVERDUE);
  g_assert_cmpstr (json_object_get_string_member (params, "item"), ==, "W1-01");
  g_clear_pointer (&params, json_object_unref);

  /* Returned twice: proposed though not overdue; returned once: not. */
  action = gw_escalation_rules_due (gw_case_get_data (returned), unix_of ("2026-11-21T10:00:00+08:00"), margin, &params);
  g_assert_cmpstr (action, ==, "propose_whistle");
  g_assert_cmpstr (json_object_get_string_member (params, "reason"), ==, GW_ESCALATION_REASON_RETURNED);
  g_assert_cmpstr (json_object_get_string_member (params, "item"), ==, "W5-02");
  g_clear_pointer (&params, json_object_unref);
  g_assert_null (gw_escalation_rules_due (gw_case_get_data (fine), unix_of ("2026-11-21T10:00:00+08:00"), margin, &params));

  /* The proposal is applied as the server would, then taken up by a
   * dispatcher; a case with an escalation gets no second proposal. */
  action = gw_escalation_rules_due (gw_case_get_data (overdue), unix_of ("2026-11-23T09:00:00+08:00"), margin, &params);
  {
    g_autoptr(GError) error = NULL;

    proposed = gw_case_rules_apply (overdue, GW_ROLE_ADMIN, action, params, &system, &error);
    g_assert_no_error (error);
  }
  g_clear_pointer (&params, json_object_unref);
  g_assert_cmpint (gw_case_data_get_escalation (gw_case_get_data (proposed))->state, ==, GW_ESCALATION_PROPOSED);
  g_assert_null (gw_escalation_rules_due (gw_case_get_data (proposed), unix_of ("2026-11-24T09:00:00+08:00"), margin, &params));
  whistled = gw_test_apply_ok (proposed, GW_ROLE_DISPATCHER, "whistle",
                       "{\"to_level\":\"community\",\"called\":\"370883001002\",\"item\":\"W1-01\",\"reason\":\"超期未处置\"}",
                       &dispatcher);
  g_assert_cmpuint (gw_case_get_data (whistled)->escalations->len, ==, 1);
  g_assert_cmpstr (gw_case_data_get_escalation (gw_case_get_data (whistled))->report_deadline, ==, "2026-11-23T17:30:00+08:00");

  /* Unreported by the deadline: the sweep marks it overdue. */
  g_assert_null (gw_escalation_rules_due (gw_case_get_data (whistled), unix_of ("2026-11-23T17:00:00+08:00"), margin, &params));
  action = gw_escalation_rules_due (gw_case_get_data (whistled), unix_of ("2026-11-25T09:00:00+08:00"), margin, &params);
  g_assert_cmpstr (action, ==, "mark_report_overdue");
  {
    g_autoptr(GError) error = NULL;

    gone_overdue = gw_case_rules_apply (whistled, GW_ROLE_ADMIN, action, params, &sweep_later, &error);
    g_assert_no_error (error);
  }
  g_clear_pointer (&params, json_object_unref);
  g_assert_cmpint (gw_case_data_get_escalation (gw_case_get_data (gone_overdue))->state, ==, GW_ESCALATION_OVERDUE);
  g_assert_true (gw_escalation_was_late (gw_case_data_get_escalation (gw_case_get_data (gone_overdue))));
}

/* A case in the period with one county escalation. */
static GwCase *
escalated_to (const char *id,
              const char *department,
              const char *reported_at,
              int         rating)
{
  g_auto(GwCaseData) d = { 0 };
  GwCaseData base = {
    .id = (char *) id, .status = GW_CASE_STATUS_IN_PROGRESS, .category = (char *) "E0401",
    .grid = (char *) "370883001002003", .reported_at = (char *) "2026-11-02T09:00:00+08:00",
    .deadline = (char *) "2026-11-30T09:00:00+08:00", .version = 5,
  };
  GwEscalation *e = gw_escalation_new ();

  gw_case_data_copy (&base, &d);
  e->state = rating > 0 ? GW_ESCALATION_RESOLVED : reported_at ? GW_ESCALATION_REPORTED : GW_ESCALATION_OVERDUE;
  e->to_level = GW_LEVEL_COUNTY;
  e->called = g_strdup (department);
  e->item = g_strdup ("W1-01");
  e->whistled_at = g_strdup ("2026-11-03T10:00:00+08:00");
  e->report_deadline = g_strdup ("2026-11-03T17:30:00+08:00");
  e->reported_at = g_strdup (reported_at);
  e->rating = rating;
  gw_case_data_add_escalation (&d, e);
  return gw_case_new (&d);
}

static void
test_ratings_in_statistics (void)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-11-01T00:00:00+08:00", NULL);
  g_autoptr(GDateTime) to = g_date_time_new_from_iso8601 ("2026-12-01T00:00:00+08:00", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  GwStatsRow *ecology, *urban, *unattributed, *total;

  /* Urban: on time rated 5, late rated 2, on time not yet rated; ecology:
   * overdue without a report. Hand-computed below. */
  g_ptr_array_add (cases, escalated_to ("c1", "urban", "2026-11-03T15:00:00+08:00", 5));
  g_ptr_array_add (cases, escalated_to ("c2", "urban", "2026-11-04T09:00:00+08:00", 2));
  g_ptr_array_add (cases, escalated_to ("c3", "urban", "2026-11-03T16:00:00+08:00", 0));
  g_ptr_array_add (cases, escalated_to ("c4", "ecology", NULL, 0));

  rows = gw_case_stats_compute (cases, from, to, GW_STATS_BY_DEPARTMENT, NULL, NULL);
  /* The cases themselves belong to no department here (no category's
   * department is known): a row of their own, so the rows add up. */
  g_assert_cmpuint (rows->len, ==, 4);
  ecology = g_ptr_array_index (rows, 0);
  urban = g_ptr_array_index (rows, 1);
  unattributed = g_ptr_array_index (rows, 2);
  total = g_ptr_array_index (rows, 3);
  g_assert_cmpstr (ecology->key, ==, "ecology");
  g_assert_cmpstr (urban->key, ==, "urban");
  g_assert_true (gw_stats_row_is_unattributed (unattributed));
  g_assert_cmpuint (unattributed->received, ==, 4);
  g_assert_cmpuint (unattributed->escalations, ==, 0);
  g_assert_cmpuint (total->received, ==, 4);
  g_assert_null (total->key);

  g_assert_cmpuint (urban->escalations, ==, 3);
  g_assert_cmpuint (urban->escalations_reported, ==, 3);
  g_assert_cmpuint (urban->escalations_on_time, ==, 2);
  g_assert_cmpuint (urban->escalations_late, ==, 1);
  g_assert_cmpuint (urban->ratings, ==, 2);
  g_assert_cmpfloat_with_epsilon (urban->mean_rating, 3.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_stats_row_report_on_time_rate (urban), 2.0 / 3, 1e-9);

  g_assert_cmpuint (ecology->escalations, ==, 1);
  g_assert_cmpuint (ecology->escalations_reported, ==, 0);
  g_assert_cmpuint (ecology->escalations_late, ==, 1);
  g_assert_cmpuint (ecology->ratings, ==, 0);
  g_assert_cmpfloat (ecology->mean_rating, ==, 0);

  g_assert_cmpuint (total->escalations, ==, 4);
  g_assert_cmpuint (total->ratings, ==, 2);
  g_assert_cmpfloat_with_epsilon (total->mean_rating, 3.5, 1e-9);

  /* Out of the period, nothing counts. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  {
    g_autoptr(GDateTime) december = g_date_time_new_from_iso8601 ("2026-12-31T00:00:00+08:00", NULL);

    rows = gw_case_stats_compute (cases, to, december, GW_STATS_BY_DEPARTMENT, NULL, NULL);
    g_assert_cmpuint (((GwStatsRow *) g_ptr_array_index (rows, rows->len - 1))->escalations, ==, 0);
  }
}

static void
test_whistle_list (void)
{
  GwWhistleList *list = gw_whistle_list_get_default ();
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) broken = g_bytes_new_static ("{\"categories\":[{\"code\":\"X\",\"items\":[{\"code\":\"X-1\",\"name\":\"n\",\"report\":{\"unit\":\"fortnights\"}}]}]}", 97);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwWhistleList) refused = NULL;

  /* Six categories with realistic items, each with a report time and a
   * department. */
  g_assert_cmpuint (gw_whistle_list_get_n_items (list), >=, 24);
  for (guint i = 0; i < gw_whistle_list_get_n_items (list); i++)
    {
      const GwWhistleItem *item = gw_whistle_list_get_item (list, i);

      g_hash_table_add (categories, item->category_code);
      g_assert_nonnull (item->department);
      g_assert_true (item->report_unit == GW_REPORT_SAME_DAY || item->report_value <= 10);
    }
  g_assert_cmpuint (g_hash_table_size (categories), ==, 6);
  g_assert_cmpstr (gw_whistle_list_suggest (list, "E0502")->code, ==, "W2-02");
  g_assert_cmpstr (gw_whistle_list_suggest (list, "E0501")->code, ==, "W2-01");
  g_assert_null (gw_whistle_list_suggest (list, "Z9999"));

  refused = gw_whistle_list_new_from_bytes (broken, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/escalation/report-not-by-whistler", test_report_not_by_whistler);
  g_test_add_func ("/escalation/every-transition", test_every_transition);
  g_test_add_func ("/escalation/refusals", test_refusals);
  g_test_add_func ("/escalation/report-deadlines", test_report_deadlines);
  g_test_add_func ("/escalation/automatic-proposals", test_automatic_proposals);
  g_test_add_func ("/escalation/ratings-in-statistics", test_ratings_in_statistics);
  g_test_add_func ("/escalation/whistle-list", test_whistle_list);

  return g_test_run ();
}
