/* gw-case-rules.c: who may do what to a case, and what it does
 *
 * One table serves the town server, which enforces it, and the app, which
 * applies an action optimistically and offers only the legal ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-case-rules.h"
#include "gw-desk-rules.h"
#include "gw-escalation-rules.h"
#include "gw-field.h"
#include "gw-json.h"

G_DEFINE_QUARK (gw-case-rules-error-quark, gw_case_rules_error)

#define ROLE(r) (1u << GW_ROLE_##r)
#define FROM(s) (1u << GW_CASE_STATUS_##s)
#define ANY_STATUS ((1u << GW_CASE_N_STATUSES) - 1)
#define KEEP_STATUS (-1)
#define MAX_COMMENT GW_FIELD_TEXT_CHARS

typedef gboolean (*ApplyParams) (GwCaseData          *data,
                                 JsonObject          *params,
                                 const GwCaseContext *context,
                                 GError             **error);

typedef struct
{
  const char *name;
  guint roles;
  guint from;
  int to;
  ApplyParams apply;
} Rule;

static const char * const role_names[GW_N_ROLES] = {
  "dispatcher", "leader", "planner", "worker", "admin", "department", "head", "intake",
};

const char *
gw_role_to_string (GwRole role)
{
  g_return_val_if_fail (role < GW_N_ROLES, "leader");
  return role_names[role];
}

gboolean
gw_role_from_string (const char *name,
                     GwRole     *role)
{
  for (guint i = 0; name && i < GW_N_ROLES; i++)
    if (g_str_equal (name, role_names[i]))
      {
        *role = i;
        return TRUE;
      }
  return FALSE;
}

/* Sets @error in the rules' domain; FALSE, for returning. */
gboolean
gw_case_rules_fail (GError           **error,
                    GwCaseRulesError   code,
                    const char        *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GW_CASE_RULES_ERROR, code, message);
  return FALSE;
}

#define invalid(error, ...) gw_case_rules_fail ((error), GW_CASE_RULES_ERROR_INVALID_PARAMS, __VA_ARGS__)

/* A text the action takes: a reason, a result, a note. The one check for
 * every text of the case and escalation rules: UTF-8, no control
 * characters but line breaks, 1 to 2,000 characters. */
const char *
gw_case_rules_text_param (JsonObject    *params,
                          const char    *member,
                          const char    *action,
                          gboolean       required,
                          GError       **error)
{
  g_autoptr(GError) field_error = NULL;
  const char *text = NULL;
  GwFieldFlags flags = GW_FIELD_MULTILINE | GW_FIELD_NOT_BLANK | (required ? GW_FIELD_REQUIRED : 0);

  if (!gw_field_text (params, member, flags, MAX_COMMENT, &text, &field_error))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS,
                   _("“%s” needs a “%s” of 1 to %d characters: %s"), action, member, MAX_COMMENT,
                   field_error->message);
      return NULL;
    }
  return text;
}

static const char *
required_text (JsonObject  *params,
               const char  *member,
               const char  *action,
               GError     **error)
{
  return gw_case_rules_text_param (params, member, action, TRUE, error);
}

static void
set_note (GwCaseData *data,
          const char *text)
{
  g_free (data->note);
  data->note = g_strdup (text);
}

GDateTime *
gw_case_context_now (const GwCaseContext *context)
{
  return context && context->now ? g_date_time_ref (context->now) : g_date_time_new_now_utc ();
}

char *
gw_case_context_now_text (const GwCaseContext *context)
{
  g_autoptr(GDateTime) now = gw_case_context_now (context);
  g_autoptr(GDateTime) local = context && context->calendar ?
                               g_date_time_to_timezone (now, gw_work_calendar_get_timezone (context->calendar)) :
                               g_date_time_ref (now);

  return gw_format_rfc3339 (local);
}

static gboolean
apply_reason (GwCaseData          *data,
              JsonObject          *params,
              const GwCaseContext *context,
              GError             **error)
{
  const char *reason = required_text (params, "reason", gw_case_status_to_string (data->status), error);

  if (reason == NULL)
    return FALSE;
  set_note (data, reason);
  return TRUE;
}

static gboolean
apply_assign (GwCaseData          *data,
              JsonObject          *params,
              const GwCaseContext *context,
              GError             **error)
{
  const char *assignee = NULL;

  if (!gw_field_text (params, "assignee", GW_FIELD_REQUIRED, GW_FIELD_NAME_CHARS, &assignee, NULL) ||
      gw_assignee_parse (assignee, NULL) == GW_ASSIGNEE_INVALID)
    return invalid (error, _("“assign” needs an assignee such as worker:ID, department:ID or town:CODE"));

  g_free (data->assignee);
  data->assignee = g_strdup (assignee);
  return TRUE;
}

static gboolean
apply_handle (GwCaseData          *data,
              JsonObject          *params,
              const GwCaseContext *context,
              GError             **error)
{
  const char *result = required_text (params, "result", "handle", error);
  g_auto(GStrv) photos = NULL;
  g_autoptr(GError) field_error = NULL;

  if (result == NULL)
    return FALSE;
  if (!gw_field_media (params, "photos", &photos, &field_error))
    return invalid (error, "%s", field_error->message);
  if (g_strv_length (data->media) + g_strv_length (photos) > GW_FIELD_MAX_MEDIA)
    return invalid (error, _("A case may have at most %d photos"), GW_FIELD_MAX_MEDIA);
  set_note (data, result);

  /* Photos of the work done join the report's own. */
  if (photos && photos[0])
    {
      g_autoptr(GStrvBuilder) media = g_strv_builder_new ();

      g_strv_builder_addv (media, (const char **) data->media);
      g_strv_builder_addv (media, (const char **) photos);
      g_strfreev (data->media);
      data->media = g_strv_builder_end (media);
    }
  return TRUE;
}

static gboolean
apply_return (GwCaseData          *data,
              JsonObject          *params,
              const GwCaseContext *context,
              GError             **error)
{
  if (!apply_reason (data, params, context, error))
    return FALSE;
  /* Back to the dispatcher, who finds the one responsible. */
  data->returns++;
  g_clear_pointer (&data->assignee, g_free);
  return TRUE;
}

static gboolean
apply_verify (GwCaseData          *data,
              JsonObject          *params,
              const GwCaseContext *context,
              GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *comment = gw_case_rules_text_param (params, "comment", "verify", FALSE, &local_error);

  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (comment)
    set_note (data, comment);
  return TRUE;
}

static gboolean
apply_rework (GwCaseData          *data,
              JsonObject          *params,
              const GwCaseContext *context,
              GError             **error)
{
  if (!apply_reason (data, params, context, error))
    return FALSE;
  data->reworks++;
  return TRUE;
}

static gboolean
apply_close (GwCaseData          *data,
             JsonObject          *params,
             const GwCaseContext *context,
             GError             **error)
{
  g_free (data->closed_at);
  data->closed_at = gw_case_context_now_text (context);
  return TRUE;
}

static gboolean
apply_request_extension (GwCaseData          *data,
                         JsonObject          *params,
                         const GwCaseContext *context,
                         GError             **error)
{
  g_autoptr(GDateTime) requested = NULL;
  g_autoptr(GDateTime) current = data->deadline ? g_date_time_new_from_iso8601 (data->deadline, NULL) : NULL;

  if (data->requested_deadline)
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL,
                   _("Case %s already waits for an extension to %s"), data->id, data->requested_deadline);
      return FALSE;
    }
  if (!gw_field_time (params, "deadline", GW_FIELD_REQUIRED, &requested, NULL) ||
      (current && g_date_time_compare (requested, current) <= 0))
    return invalid (error, _("“request_extension” needs a “deadline” later than the present one"));
  if (!apply_reason (data, params, context, error))
    return FALSE;

  data->requested_deadline = gw_format_rfc3339 (requested);
  return TRUE;
}

static gboolean
needs_request (GwCaseData  *data,
               const char  *action,
               GError     **error)
{
  if (data->requested_deadline == NULL)
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL,
                   _("Case %s has no extension waiting; “%s” is not possible now"), data->id, action);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_approve_extension (GwCaseData          *data,
                         JsonObject          *params,
                         const GwCaseContext *context,
                         GError             **error)
{
  if (!needs_request (data, "approve_extension", error))
    return FALSE;
  g_free (data->deadline);
  data->deadline = g_steal_pointer (&data->requested_deadline);
  data->extensions++;
  return TRUE;
}

static gboolean
apply_deny_extension (GwCaseData          *data,
                      JsonObject          *params,
                      const GwCaseContext *context,
                      GError             **error)
{
  if (!needs_request (data, "deny_extension", error) || !apply_reason (data, params, context, error))
    return FALSE;
  g_clear_pointer (&data->requested_deadline, g_free);
  return TRUE;
}

static gboolean
apply_suspend (GwCaseData          *data,
               JsonObject          *params,
               const GwCaseContext *context,
               GError             **error)
{
  if (!apply_reason (data, params, context, error))
    return FALSE;
  data->held_from = data->status;
  g_free (data->held_at);
  data->held_at = gw_case_context_now_text (context);
  return TRUE;
}

static gboolean
apply_resume (GwCaseData          *data,
              JsonObject          *params,
              const GwCaseContext *context,
              GError             **error)
{
  g_autoptr(GDateTime) now = gw_case_context_now (context);
  g_autoptr(GDateTime) held = data->held_at ? g_date_time_new_from_iso8601 (data->held_at, NULL) : NULL;
  g_autoptr(GDateTime) deadline = data->deadline ? g_date_time_new_from_iso8601 (data->deadline, NULL) : NULL;

  /* The clock stood still while the case was suspended: the deadline
   * moves by the working time that passed. */
  if (held && deadline)
    {
      g_autoptr(GDateTime) moved = NULL;

      if (context && context->calendar)
        moved = gw_work_calendar_add_minutes (context->calendar, deadline,
                                              gw_work_calendar_minutes_between (context->calendar, held, now));
      else
        moved = g_date_time_add (deadline, MAX (0, g_date_time_difference (now, held)));
      g_free (data->deadline);
      data->deadline = gw_format_rfc3339 (moved);
    }

  data->status = held ? data->held_from : GW_CASE_STATUS_DISPATCHED;
  g_clear_pointer (&data->held_at, g_free);
  return TRUE;
}

static gboolean
apply_comment (GwCaseData          *data,
               JsonObject          *params,
               const GwCaseContext *context,
               GError             **error)
{
  return required_text (params, "text", "comment", error) != NULL;
}

#define RUNNING (FROM (DISPATCHED) | FROM (IN_PROGRESS))
#define FIELD (ROLE (WORKER) | ROLE (DEPARTMENT) | ROLE (ADMIN))
#define DESK (ROLE (DISPATCHER) | ROLE (ADMIN))
#define NOT_YET_HANDLED (FROM (REPORTED) | FROM (ACCEPTED) | FROM (FILED) | RUNNING | FROM (RETURNED) | FROM (SUSPENDED))

/* The lifecycle after GB/T 30428 and DOMAIN.md: report, accept (or
 * reject), file, dispatch, handle, verify (or rework), close; returns,
 * extensions, suspension and the problem register on the side. */
static const Rule rules[] = {
  { "accept", DESK, FROM (REPORTED), GW_CASE_STATUS_ACCEPTED, NULL },
  { "reject", DESK, FROM (REPORTED), GW_CASE_STATUS_REJECTED, apply_reason },
  { "file", DESK, FROM (ACCEPTED), GW_CASE_STATUS_FILED, NULL },
  { "assign", DESK, FROM (FILED) | FROM (DISPATCHED) | FROM (RETURNED), GW_CASE_STATUS_DISPATCHED, apply_assign },
  { "start", FIELD, FROM (DISPATCHED), GW_CASE_STATUS_IN_PROGRESS, NULL },
  { "handle", FIELD, FROM (IN_PROGRESS), GW_CASE_STATUS_HANDLED, apply_handle },
  { "return", FIELD, RUNNING, GW_CASE_STATUS_RETURNED, apply_return },
  { "verify", DESK, FROM (HANDLED), GW_CASE_STATUS_VERIFIED, apply_verify },
  { "rework", DESK, FROM (HANDLED), GW_CASE_STATUS_DISPATCHED, apply_rework },
  { "close", DESK, FROM (VERIFIED), GW_CASE_STATUS_CLOSED, apply_close },
  { "request_extension", FIELD | ROLE (DISPATCHER), RUNNING, KEEP_STATUS, apply_request_extension },
  /* Heads approve, as they approve whistles; leaders only read. */
  { "approve_extension", DESK | ROLE (HEAD), RUNNING, KEEP_STATUS, apply_approve_extension },
  { "deny_extension", DESK | ROLE (HEAD), RUNNING, KEEP_STATUS, apply_deny_extension },
  { "suspend", DESK, FROM (FILED) | RUNNING | FROM (RETURNED), GW_CASE_STATUS_SUSPENDED, apply_suspend },
  { "resume", DESK, FROM (SUSPENDED), KEEP_STATUS, apply_resume },
  { "register", DESK, FROM (FILED) | RUNNING | FROM (RETURNED) | FROM (SUSPENDED), GW_CASE_STATUS_REGISTERED, apply_reason },
  { "comment", DESK | FIELD | ROLE (PLANNER) | ROLE (HEAD), ANY_STATUS, KEEP_STATUS, apply_comment },
  /* The desk (gw-desk-rules.c): accept, file and assign as one action;
   * duplicates closed onto their first report, and opened again by a
   * head; a corrected category; the call back to the resident. */
  { "dispatch", DESK, FROM (REPORTED) | FROM (ACCEPTED) | FROM (FILED), GW_CASE_STATUS_DISPATCHED, apply_assign },
  { "mark_duplicate", DESK, NOT_YET_HANDLED, GW_CASE_STATUS_CLOSED, gw_desk_rules_mark_duplicate },
  { "unmark_duplicate", ROLE (HEAD) | ROLE (ADMIN), FROM (CLOSED), KEEP_STATUS, gw_desk_rules_unmark_duplicate },
  { "recategorise", DESK, NOT_YET_HANDLED | FROM (REGISTERED), KEEP_STATUS, gw_desk_rules_recategorise },
  { "return_visit", DESK | ROLE (HEAD), FROM (CLOSED), KEEP_STATUS, gw_desk_rules_return_visit },
  /* Placing a case that came without a point (issue 18). */
  { "locate", DESK, NOT_YET_HANDLED | FROM (REGISTERED), KEEP_STATUS, gw_desk_rules_locate },
};

const char * const *
gw_case_rules_list_actions (void)
{
  static const char *names[G_N_ELEMENTS (rules) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
      names[i] = rules[i].name;
  return names;
}

static const Rule *
find_rule (const char *action)
{
  for (guint i = 0; action && i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rules[i].name, action))
      return &rules[i];
  return NULL;
}

gboolean
gw_case_rules_role_may (GwRole      role,
                        const char *action)
{
  const Rule *rule = find_rule (action);

  /* Reporting a case is not an action on one, but it is a write too. */
  if (g_strcmp0 (action, "create") == 0)
    return role == GW_ROLE_DISPATCHER || role == GW_ROLE_WORKER || role == GW_ROLE_DEPARTMENT || role == GW_ROLE_ADMIN ||
           role == GW_ROLE_INTAKE;

  if (gw_escalation_rules_knows (action))
    return gw_escalation_rules_role_may (role, action);
  return rule != NULL && (rule->roles & (1u << role)) != 0;
}

gboolean
gw_case_rules_is_legal (GwCaseStatus  status,
                        const char   *action)
{
  const Rule *rule = find_rule (action);

  return rule != NULL && (rule->from & (1u << status)) != 0;
}

/* Legal for this case now: its status and, for escalation actions, the
 * state of its escalation. */
gboolean
gw_case_rules_is_legal_now (GwCase     *kase,
                            const char *action)
{
  g_return_val_if_fail (GW_IS_CASE (kase), FALSE);

  if (gw_escalation_rules_knows (action))
    return gw_escalation_rules_allows (gw_case_get_data (kase), action, NULL);
  return gw_case_rules_is_legal (gw_case_get_status (kase), action);
}

/* The town a user works for: "NAME@CODE" is a user of the town whose
 * grid code is CODE; NULL for the county's own users. */
const char *
gw_user_town (const char *user)
{
  const char *at = user ? strrchr (user, '@') : NULL;

  return at && at[1] ? at + 1 : NULL;
}

/* Field roles act on their own cases only: a worker on what is assigned
 * to them, a department on what is assigned to it or what it was called
 * for by a whistle. A town's users ("NAME@CODE") act only on the cases
 * their town handles itself: its dispatcher and head on those it
 * handles, its officers (role department) on those given to the town.
 * Reporting a case is not acting on one. */
gboolean
gw_case_rules_may_act_on (GwCase     *kase,
                          GwRole      role,
                          const char *user)
{
  const GwCaseData *d;
  const char *town = gw_user_town (user);
  const char *id = NULL;
  GwAssigneeKind kind;

  g_return_val_if_fail (GW_IS_CASE (kase), FALSE);

  d = gw_case_get_data (kase);
  kind = gw_assignee_parse (d->assignee, &id);
  if (town && role != GW_ROLE_WORKER)
    return role == GW_ROLE_DEPARTMENT ? kind == GW_ASSIGNEE_TOWN && g_str_equal (id, town) : g_strcmp0 (gw_case_data_handling_town (d), town) == 0;
  if (role != GW_ROLE_WORKER && role != GW_ROLE_DEPARTMENT)
    return TRUE;
  if (user == NULL)
    return FALSE;

  if (kind == (role == GW_ROLE_WORKER ? GW_ASSIGNEE_WORKER : GW_ASSIGNEE_DEPARTMENT) && g_str_equal (id, user))
    return TRUE;
  for (guint i = 0; role == GW_ROLE_DEPARTMENT && d->escalations && i < d->escalations->len; i++)
    {
      const GwEscalation *e = g_ptr_array_index (d->escalations, i);

      if (g_strcmp0 (e->called, user) == 0)
        return TRUE;
    }
  return FALSE;
}

GwCase *
gw_case_rules_apply (GwCase              *current,
                     GwRole               role,
                     const char          *action,
                     JsonObject          *params,
                     const GwCaseContext *context,
                     GError             **error)
{
  g_auto(GwCaseData) data = { 0 };
  const Rule *rule = find_rule (action);

  g_return_val_if_fail (GW_IS_CASE (current), NULL);

  /* Who acts is known on the server; a what-if in the app names nobody. */
  if (context && context->user && (rule || gw_escalation_rules_knows (action)) &&
      gw_case_rules_role_may (role, action) && gw_case_rules_is_legal_now (current, action) &&
      !gw_case_rules_may_act_on (current, role, context->user))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN,
                   _("Case %s is not assigned to %s"), gw_case_get_id (current), context->user);
      return NULL;
    }

  if (gw_escalation_rules_knows (action))
    return gw_escalation_rules_apply (current, role, action, params, context, error);
  if (rule == NULL)
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_UNKNOWN_ACTION,
                   _("There is no action “%s”"), action ? action : "");
      return NULL;
    }
  if (!gw_case_rules_role_may (role, action))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN,
                   _("A %s may not %s a case"), gw_role_to_string (role), action);
      return NULL;
    }
  if (!gw_case_rules_is_legal (gw_case_get_status (current), action))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL,
                   _("Case %s is %s; “%s” is not possible now"), gw_case_get_id (current),
                   gw_case_status_to_string (gw_case_get_status (current)), action);
      return NULL;
    }

  if (!gw_desk_rules_may_keep_closed (role, action, params))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN,
                   _("Only a head keeps a case closed after an unsatisfied return visit"));
      return NULL;
    }

  gw_case_data_copy (gw_case_get_data (current), &data);
  if (rule->apply && !rule->apply (&data, params, context, error))
    return NULL;
  if (rule->to != KEEP_STATUS)
    data.status = rule->to;

  return gw_case_new (&data);
}
