/* gw-escalation-rules.c: who may whistle, approve, report, resolve, rate
 *
 * The "whistle and report" chain (吹哨报到) as a table beside the case
 * lifecycle's: each action names the roles that may take it, the case
 * states it needs and the state the case's current escalation must be
 * in. The town server enforces it and the app offers what it allows.
 * Two actions are the server's own (role admin, user "system"): proposing
 * a whistle for a case overdue by a margin or returned twice, and marking
 * a report overdue when its deadline passes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-escalation-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-escalation-rules.h"
#include "gw-field.h"
#include "gw-json.h"
#include "gw-whistle-list.h"

#define ROLE(r) (1u << GW_ROLE_##r)
#define FROM(s) (1u << GW_CASE_STATUS_##s)
#define IN(s) (1u << GW_ESCALATION_##s)
#define NONE_OPEN (1u << GW_N_ESCALATION_STATES)   /* no escalation, or only closed ones */
#define OPEN_CASE (FROM (FILED) | FROM (DISPATCHED) | FROM (IN_PROGRESS) | FROM (RETURNED) | FROM (SUSPENDED))
#define ANY_CASE ((1u << GW_CASE_N_STATUSES) - 1)

typedef gboolean (*Apply) (GwEscalation        *escalation,
                           GwCaseData          *data,
                           JsonObject          *params,
                           const GwCaseContext *context,
                           GError             **error);

typedef struct
{
  const char *name;
  guint roles;
  guint case_states;
  guint escalation_states;
  int to;                 /* APPLY_DECIDES: the apply function sets it */
  Apply apply;
} Rule;

#define APPLY_DECIDES (-1)

static char *
now_text (const GwCaseContext *context)
{
  g_autoptr(GDateTime) now = context && context->now ? g_date_time_ref (context->now) : g_date_time_new_now_local ();

  return gw_format_rfc3339 (now);
}

static const char *
text_param (JsonObject  *params,
            const char  *member,
            const char  *action,
            GError     **error)
{
  return gw_case_rules_text_param (params, member, action, TRUE, error);
}

/* Whistles that call the town or the county leave a community or a town:
 * its head must agree first. The grid calls its community at once. */
gboolean
gw_escalation_rules_needs_approval (GwLevel to_level)
{
  return to_level >= GW_LEVEL_TOWN;
}

static GwWhistleList *
whistles (const GwCaseContext *context)
{
  return context && context->whistles ? context->whistles : gw_whistle_list_get_default ();
}

static void
set_report_deadline (GwEscalation        *escalation,
                     const GwCaseContext *context)
{
  const GwWhistleItem *item = gw_whistle_list_lookup (whistles (context), escalation->item);
  g_autoptr(GDateTime) now = context && context->now ? g_date_time_ref (context->now) : g_date_time_new_now_local ();
  g_autoptr(GDateTime) deadline = NULL;
  GwReportUnit unit = item ? item->report_unit : GW_REPORT_WORKING_DAYS;
  guint value = item ? item->report_value : 1;

  if (context && context->calendar)
    deadline = unit == GW_REPORT_SAME_DAY ? gw_work_calendar_end_of_working_day (context->calendar, now)
                                          : gw_work_calendar_add (context->calendar, now, value, GW_TIME_UNIT_WORKING_DAYS);
  else
    deadline = unit == GW_REPORT_SAME_DAY ? g_date_time_add_hours (now, 8) : g_date_time_add_days (now, value);
  g_free (escalation->report_deadline);
  escalation->report_deadline = gw_format_rfc3339 (deadline);
}

static gboolean
apply_whistle (GwEscalation        *e,
               GwCaseData          *data,
               JsonObject          *params,
               const GwCaseContext *context,
               GError             **error)
{
  const char *reason = text_param (params, "reason", "whistle", error);
  const char *called = reason ? text_param (params, "called", "whistle", error) : NULL;
  const char *item = params ? gw_json_object_get_string (params, "item") : NULL;
  GwLevel level;

  if (called == NULL)
    return FALSE;
  if (!gw_level_from_string (params ? gw_json_object_get_string (params, "to_level") : NULL, &level) ||
      level == GW_LEVEL_GRID)
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS,
                   _("A whistle calls the community, the town or the county (“to_level”)"));
      return FALSE;
    }
  if (gw_whistle_list_lookup (whistles (context), item) == NULL)
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS,
                   _("“%s” is not on the whistle list"), item ? item : "");
      return FALSE;
    }

  e->to_level = level;
  g_free (e->called), e->called = g_strdup (called);
  g_free (e->item), e->item = g_strdup (item);
  g_free (e->reason), e->reason = g_strdup (reason);
  g_free (e->whistled_by), e->whistled_by = g_strdup (context ? context->user : NULL);
  g_free (e->whistled_at), e->whistled_at = now_text (context);
  if (gw_escalation_rules_needs_approval (level))
    e->state = GW_ESCALATION_AWAITING_APPROVAL;
  else
    {
      e->state = GW_ESCALATION_AWAITING_REPORT;
      set_report_deadline (e, context);
    }
  return TRUE;
}

static gboolean
apply_approve (GwEscalation        *e,
               GwCaseData          *data,
               JsonObject          *params,
               const GwCaseContext *context,
               GError             **error)
{
  g_free (e->approved_by), e->approved_by = g_strdup (context ? context->user : NULL);
  g_free (e->approved_at), e->approved_at = now_text (context);
  /* The report is owed from the approval on. */
  set_report_deadline (e, context);
  return TRUE;
}

static gboolean
apply_deny (GwEscalation        *e,
            GwCaseData          *data,
            JsonObject          *params,
            const GwCaseContext *context,
            GError             **error)
{
  const char *reason = text_param (params, "reason", "deny_whistle", error);

  if (reason == NULL)
    return FALSE;
  g_free (e->approved_by), e->approved_by = g_strdup (context ? context->user : NULL);
  g_free (e->approved_at), e->approved_at = now_text (context);
  g_free (e->resolution), e->resolution = g_strdup (reason);
  return TRUE;
}

static gboolean
apply_report (GwEscalation        *e,
              GwCaseData          *data,
              JsonObject          *params,
              const GwCaseContext *context,
              GError             **error)
{
  const char *note = text_param (params, "note", "report", error);

  if (note == NULL)
    return FALSE;
  g_free (e->reported_by), e->reported_by = g_strdup (context ? context->user : NULL);
  g_free (e->reported_at), e->reported_at = now_text (context);
  g_free (e->report_note), e->report_note = g_strdup (note);
  return TRUE;
}

static gboolean
apply_resolve (GwEscalation        *e,
               GwCaseData          *data,
               JsonObject          *params,
               const GwCaseContext *context,
               GError             **error)
{
  const char *resolution = text_param (params, "resolution", "resolve_escalation", error);

  if (resolution == NULL)
    return FALSE;
  g_free (e->resolved_at), e->resolved_at = now_text (context);
  g_free (e->resolution), e->resolution = g_strdup (resolution);
  return TRUE;
}

static gboolean
apply_rate (GwEscalation        *e,
            GwCaseData          *data,
            JsonObject          *params,
            const GwCaseContext *context,
            GError             **error)
{
  gint64 rating = 0;
  g_autoptr(GError) comment_error = NULL;
  const char *comment = gw_case_rules_text_param (params, "comment", "rate", FALSE, &comment_error);

  if (!gw_field_int (params, "rating", GW_FIELD_REQUIRED, 1, 5, &rating, NULL) || comment_error)
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS,
                   _("“rate” needs a “rating” from 1 to 5 and may have a “comment”"));
      return FALSE;
    }
  e->rating = rating;
  g_free (e->rating_comment), e->rating_comment = g_strdup (comment);
  return TRUE;
}

static gboolean
apply_propose (GwEscalation        *e,
               GwCaseData          *data,
               JsonObject          *params,
               const GwCaseContext *context,
               GError             **error)
{
  const char *reason = text_param (params, "reason", "propose_whistle", error);
  GwLevel level = GW_LEVEL_COMMUNITY;

  if (reason == NULL)
    return FALSE;
  gw_level_from_string (gw_json_object_get_string (params, "to_level"), &level);
  e->to_level = MAX (level, GW_LEVEL_COMMUNITY);
  g_free (e->item), e->item = g_strdup (gw_json_object_get_string (params, "item"));
  g_free (e->called), e->called = g_strdup (gw_json_object_get_string (params, "called"));
  g_free (e->reason), e->reason = g_strdup (reason);
  g_free (e->whistled_by), e->whistled_by = g_strdup (context ? context->user : NULL);
  g_free (e->whistled_at), e->whistled_at = now_text (context);
  return TRUE;
}

static const Rule rules[] = {
  /* A proposal is taken up by whistling it; the whistle says to whom. */
  { "whistle", ROLE (DISPATCHER) | ROLE (WORKER) | ROLE (ADMIN), OPEN_CASE, NONE_OPEN | IN (PROPOSED),
    APPLY_DECIDES, apply_whistle },
  { "approve_whistle", ROLE (HEAD) | ROLE (ADMIN), OPEN_CASE, IN (AWAITING_APPROVAL),
    GW_ESCALATION_AWAITING_REPORT, apply_approve },
  { "deny_whistle", ROLE (HEAD) | ROLE (ADMIN), OPEN_CASE, IN (AWAITING_APPROVAL),
    GW_ESCALATION_DENIED, apply_deny },
  /* Reporting late is still reporting: the lateness stays on record. */
  { "report", ROLE (DEPARTMENT) | ROLE (DISPATCHER) | ROLE (ADMIN), ANY_CASE, IN (AWAITING_REPORT) | IN (OVERDUE),
    GW_ESCALATION_REPORTED, apply_report },
  { "resolve_escalation", ROLE (DISPATCHER) | ROLE (WORKER) | ROLE (ADMIN), ANY_CASE, IN (REPORTED),
    GW_ESCALATION_RESOLVED, apply_resolve },
  { "rate", ROLE (DISPATCHER) | ROLE (WORKER) | ROLE (ADMIN), ANY_CASE, IN (RESOLVED),
    GW_ESCALATION_RESOLVED, apply_rate },
  { "propose_whistle", ROLE (ADMIN), OPEN_CASE, NONE_OPEN, GW_ESCALATION_PROPOSED, apply_propose },
  { "mark_report_overdue", ROLE (ADMIN), ANY_CASE, IN (AWAITING_REPORT), GW_ESCALATION_OVERDUE, NULL },
};

/* The one who whistled does not report to their own whistle: the party
 * it calls does. */
gboolean
gw_escalation_rules_may_report (const GwEscalation *escalation,
                                const char         *user)
{
  return escalation == NULL || escalation->whistled_by == NULL || user == NULL ||
         g_strcmp0 (escalation->whistled_by, user) != 0;
}

static const Rule *
find_rule (const char *action)
{
  for (guint i = 0; action && i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rules[i].name, action))
      return &rules[i];
  return NULL;
}

const char * const *
gw_escalation_rules_list_actions (void)
{
  static const char *names[G_N_ELEMENTS (rules) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
      names[i] = rules[i].name;
  return names;
}

gboolean
gw_escalation_rules_knows (const char *action)
{
  return find_rule (action) != NULL;
}

gboolean
gw_escalation_rules_role_may (GwRole      role,
                              const char *action)
{
  const Rule *rule = find_rule (action);

  return rule != NULL && (rule->roles & (1u << role)) != 0;
}

static guint
escalation_state_bit (const GwCaseData *data)
{
  GwEscalation *current = gw_case_data_get_escalation (data);

  /* A closed escalation is both its state (to be rated) and "none open"
   * (to whistle again). */
  if (current == NULL)
    return NONE_OPEN;
  return (1u << current->state) | (gw_escalation_is_open (current) ? 0 : NONE_OPEN);
}

static gboolean
report_past_due (const GwCaseData *data,
                 GDateTime        *now)
{
  GwEscalation *current = gw_case_data_get_escalation (data);
  g_autoptr(GDateTime) deadline = current && current->report_deadline ?
                                  g_date_time_new_from_iso8601 (current->report_deadline, NULL) : NULL;
  g_autoptr(GDateTime) at = now ? g_date_time_ref (now) : g_date_time_new_now_local ();

  return deadline && g_date_time_compare (at, deadline) > 0;
}

/* @now matters only for marking a report overdue; NULL: the clock. */
gboolean
gw_escalation_rules_allows (const GwCaseData *data,
                            const char       *action,
                            GDateTime        *now)
{
  const Rule *rule = find_rule (action);
  GwEscalation *current = gw_case_data_get_escalation (data);

  if (rule == NULL || !(rule->case_states & (1u << data->status)) || !(rule->escalation_states & escalation_state_bit (data)))
    return FALSE;
  /* Rated once; a denied whistle has nothing to rate. */
  if (g_str_equal (action, "rate") && (current->rating > 0 || current->reported_at == NULL))
    return FALSE;
  if (g_str_equal (action, "mark_report_overdue"))
    return report_past_due (data, now);
  return TRUE;
}

GwCase *
gw_escalation_rules_apply (GwCase              *current,
                           GwRole               role,
                           const char          *action,
                           JsonObject          *params,
                           const GwCaseContext *context,
                           GError             **error)
{
  g_auto(GwCaseData) data = { 0 };
  const Rule *rule = find_rule (action);
  GwEscalation *escalation;

  g_return_val_if_fail (GW_IS_CASE (current), NULL);
  g_return_val_if_fail (rule != NULL, NULL);

  if (!(rule->roles & (1u << role)))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN,
                   _("A %s may not %s"), gw_role_to_string (role), action);
      return NULL;
    }
  if (!gw_escalation_rules_allows (gw_case_get_data (current), action, context ? context->now : NULL))
    {
      GwEscalation *e = gw_case_data_get_escalation (gw_case_get_data (current));

      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL,
                   _("Case %s is %s and its escalation %s; “%s” is not possible now"), gw_case_get_id (current),
                   gw_case_status_to_string (gw_case_get_status (current)),
                   e ? gw_escalation_state_to_string (e->state) : "none", action);
      return NULL;
    }

  /* A department reports only what it was called for. */
  escalation = gw_case_data_get_escalation (gw_case_get_data (current));
  if (g_str_equal (action, "report") && !gw_escalation_rules_may_report (escalation, context ? context->user : NULL))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN,
                   _("Case %s: %s blew this whistle; only the party it calls reports"), gw_case_get_id (current),
                   escalation->whistled_by);
      return NULL;
    }
  if (role == GW_ROLE_DEPARTMENT && g_str_equal (action, "report") &&
      g_strcmp0 (escalation->called, context ? context->user : NULL) != 0)
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN,
                   _("Case %s's escalation calls %s, not %s"), gw_case_get_id (current),
                   escalation->called ? escalation->called : "?", context && context->user ? context->user : "?");
      return NULL;
    }

  gw_case_data_copy (gw_case_get_data (current), &data);
  escalation = gw_case_data_get_escalation (&data);
  /* Rules that start from "no open escalation" start a new one, except a
   * whistle taking up the server's proposal. */
  if ((rule->escalation_states & NONE_OPEN) &&
      !(escalation && escalation->state == GW_ESCALATION_PROPOSED))
    {
      escalation = gw_escalation_new ();
      gw_case_data_add_escalation (&data, escalation);
    }
  if (rule->apply && !rule->apply (escalation, &data, params, context, error))
    return NULL;
  if (rule->to != APPLY_DECIDES)
    escalation->state = rule->to;

  return gw_case_new (&data);
}

/* What the server should do to a case by itself now, if anything: mark a
 * report overdue, or propose a whistle for a case overdue by the margin
 * or returned twice (once: a case that had any escalation gets no
 * proposal). */
const char *
gw_escalation_rules_due (const GwCaseData  *data,
                         gint64             now_unix,
                         gint64             overdue_margin_seconds,
                         JsonObject       **params)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (now_unix);
  g_autoptr(GDateTime) deadline = data->deadline ? g_date_time_new_from_iso8601 (data->deadline, NULL) : NULL;
  const GwWhistleItem *item;
  const char *reason = NULL;

  *params = NULL;
  if (gw_escalation_rules_allows (data, "mark_report_overdue", now))
    return "mark_report_overdue";
  if (data->escalations && data->escalations->len > 0)
    return NULL;
  if (!gw_escalation_rules_allows (data, "propose_whistle", now))
    return NULL;

  if (data->returns >= 2)
    reason = GW_ESCALATION_REASON_RETURNED;
  else if (deadline && gw_case_status_is_running (data->status) &&
           g_date_time_to_unix (deadline) + overdue_margin_seconds < now_unix)
    reason = GW_ESCALATION_REASON_OVERDUE;
  if (reason == NULL)
    return NULL;

  *params = json_object_new ();
  json_object_set_string_member (*params, "reason", reason);
  json_object_set_string_member (*params, "to_level", "community");
  if ((item = gw_whistle_list_suggest (gw_whistle_list_get_default (), data->category)))
    json_object_set_string_member (*params, "item", item->code);
  return "propose_whistle";
}
