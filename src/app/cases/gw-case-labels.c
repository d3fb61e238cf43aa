/* gw-case-labels.c: how cases are named to people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-case-labels.h"

const char *
gw_case_status_label (GwCaseStatus status)
{
  switch (status)
    {
    case GW_CASE_STATUS_REPORTED: return C_("case status", "New");
    case GW_CASE_STATUS_ACCEPTED: return C_("case status", "Accepted");
    case GW_CASE_STATUS_REJECTED: return C_("case status", "Rejected");
    case GW_CASE_STATUS_FILED: return C_("case status", "Filed");
    case GW_CASE_STATUS_DISPATCHED: return C_("case status", "Dispatched");
    case GW_CASE_STATUS_IN_PROGRESS: return C_("case status", "In progress");
    case GW_CASE_STATUS_HANDLED: return C_("case status", "Handled");
    case GW_CASE_STATUS_VERIFIED: return C_("case status", "Verified");
    case GW_CASE_STATUS_CLOSED: return C_("case status", "Closed");
    case GW_CASE_STATUS_RETURNED: return C_("case status", "Returned");
    case GW_CASE_STATUS_SUSPENDED: return C_("case status", "Suspended");
    case GW_CASE_STATUS_REGISTERED: return C_("case status", "On the register");
    default: return "";
    }
}

const char *
gw_case_source_label (GwCaseSource source)
{
  switch (source)
    {
    case GW_CASE_SOURCE_PATROL: return C_("case source", "Patrol");
    case GW_CASE_SOURCE_HOTLINE_12345: return C_("case source", "12345 hotline");
    case GW_CASE_SOURCE_PETITION: return C_("case source", "Petition");
    case GW_CASE_SOURCE_MAILBOX: return C_("case source", "Mayor's mailbox");
    case GW_CASE_SOURCE_SENSOR: return C_("case source", "Sensor");
    case GW_CASE_SOURCE_OPEN311: return C_("case source", "Open311");
    case GW_CASE_SOURCE_WALK_IN: return C_("case source", "Walk-in");
    case GW_CASE_SOURCE_OTHER: return C_("case source", "Other");
    default: return "";
    }
}

/* Where the case came from, as the desk needs it to call back there: the
 * source, and for a case taken in from another system that system's
 * address and its number for the case; then whether its place is known. */
char *
gw_case_origin_label (const GwCaseData *d)
{
  g_autoptr(GString) text = g_string_new (gw_case_source_label (d->source));
  g_autoptr(GUri) uri = d->origin_endpoint ? g_uri_parse (d->origin_endpoint, G_URI_FLAGS_NONE, NULL) : NULL;

  if (d->origin_id)
    {
      /* TRANSLATORS: the source's address (a host name) and its number for the case */
      g_string_append_printf (text, _(" · %s, no. %s"), uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : "?",
                              d->origin_id);
    }
  if (d->location == GW_CASE_LOCATION_UNKNOWN)
    g_string_append_printf (text, "\n%s", _("Location unknown: not on the map until it is placed"));
  else if (d->location == GW_CASE_LOCATION_OUTSIDE)
    g_string_append_printf (text, "\n%s", _("Reported outside the county"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
gw_case_action_label (const char *action)
{
  static const struct { const char *action; const char *label; } labels[] = {
    { "create", NC_("case action", "Reported") },
    { "accept", NC_("case action", "_Accept") },
    { "reject", NC_("case action", "_Reject…") },
    { "file", NC_("case action", "_File") },
    { "assign", NC_("case action", "A_ssign…") },
    { "start", NC_("case action", "Start") },
    { "handle", NC_("case action", "Report Handled…") },
    { "return", NC_("case action", "Return…") },
    { "verify", NC_("case action", "_Verify") },
    { "rework", NC_("case action", "Send Back for _Rework…") },
    { "close", NC_("case action", "_Close") },
    { "request_extension", NC_("case action", "Request Extension…") },
    { "approve_extension", NC_("case action", "Approve _Extension") },
    { "deny_extension", NC_("case action", "Deny Extension…") },
    { "suspend", NC_("case action", "S_uspend…") },
    { "resume", NC_("case action", "Resume") },
    { "register", NC_("case action", "Put on the _Register…") },
    { "comment", NC_("case action", "Co_mment…") },
    { "whistle", NC_("case action", "_Whistle…") },
    { "approve_whistle", NC_("case action", "A_pprove Whistle") },
    { "deny_whistle", NC_("case action", "Do _Not Approve…") },
    { "report", NC_("case action", "Re_port to the Whistle…") },
    { "resolve_escalation", NC_("case action", "Escalation Res_olved…") },
    { "rate", NC_("case action", "Ra_te the Response…") },
    { "propose_whistle", NC_("case action", "Whistle proposed") },
    { "mark_report_overdue", NC_("case action", "Report overdue") },
    { "dispatch", NC_("case action", "_Dispatch…") },
    { "mark_duplicate", NC_("case action", "Mark as Dup_licate…") },
    { "unmark_duplicate", NC_("case action", "_Unmark Duplicate…") },
    { "recategorise", NC_("case action", "Change Cate_gory…") },
    { "return_visit", NC_("case action", "Return _Visit…") },
    { "locate", NC_("case action", "Pla_ce…") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].action, action) == 0)
      return g_dpgettext2 (NULL, "case action", labels[i].label);
  return action;
}

/* An action's name in a sentence or a history: its label without the
 * mnemonic ("_Accept", "受理(_A)") or the ellipsis of a button that asks
 * first. */
char *
gw_case_action_name (const char *action)
{
  const char *label = gw_case_action_label (action);
  g_autoptr(GString) name = g_string_new (NULL);

  for (const char *p = label; *p; p++)
    {
      if (p[0] == '(' && p[1] == '_' && p[2] && p[3] == ')')
        p += 3;
      else if (*p != '_')
        g_string_append_c (name, *p);
    }
  if (g_str_has_suffix (name->str, "…"))
    g_string_truncate (name, name->len - strlen ("…"));
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* What to tell a person whose action the server refused, in their own
 * language, from the refusal's code and the case as the server has it:
 * never the server's English message or its code. */
char *
gw_case_refusal_text (const char *code,
                      GwCase     *server_case,
                      const char *action)
{
  g_autofree char *name = gw_case_action_name (action);

  if (g_strcmp0 (code, "illegal_action") == 0 && server_case)
    /* Translators: the case's status, then the action, e.g. 案卷当前为“新上报”，不能“派遣” */
    return g_strdup_printf (_("The case is now “%s”; “%s” is not possible"),
                            gw_case_status_label (gw_case_get_status (server_case)), name);
  if (g_strcmp0 (code, "conflict") == 0 && server_case)
    return g_strdup_printf (_("Someone changed the case first; it is now “%s”"),
                            gw_case_status_label (gw_case_get_status (server_case)));
  if (g_strcmp0 (code, "forbidden") == 0)
    return g_strdup_printf (_("Your role may not “%s” this case"), name);
  if (g_strcmp0 (code, "not_found") == 0)
    return g_strdup (_("The town server does not know this case"));
  return g_strdup_printf (_("The town server refused “%s”"), name);
}

/* Where the case stands among its duplicates: the case it repeats, the
 * cases that repeat it, or those it may repeat; NULL for none. */
char *
gw_case_duplicate_label (const GwCaseData *d)
{
  g_autofree char *ids = NULL;

  if (d->duplicate_of)
    return g_strdup_printf (_("Closed as a duplicate of %s"), d->duplicate_of);
  if (d->duplicates && d->duplicates[0])
    {
      ids = g_strjoinv (_(", "), d->duplicates);
      return g_strdup_printf (_("Repeated by %s"), ids);
    }
  if (d->possible_duplicates && d->possible_duplicates[0] && gw_case_status_is_open (d->status))
    {
      ids = g_strjoinv (_(", "), d->possible_duplicates);
      return g_strdup_printf (_("May repeat %s"), ids);
    }
  return NULL;
}

/* The resident's verdict at the return visit, with what they said and
 * whether it reopened the case; NULL before any visit. */
char *
gw_case_visit_label (const GwCaseData *d)
{
  const char *result;
  g_autoptr(GString) text = NULL;

  switch (d->visit_result)
    {
    case GW_VISIT_SATISFIED: result = C_("visit result", "Satisfied"); break;
    case GW_VISIT_BASICALLY_SATISFIED: result = C_("visit result", "Basically satisfied"); break;
    case GW_VISIT_UNSATISFIED: result = C_("visit result", "Unsatisfied"); break;
    case GW_VISIT_NONE:
    default: return NULL;
    }
  text = g_string_new (result);
  if (d->visit_note)
    g_string_append_printf (text, " · %s", d->visit_note);
  if (d->visit_kept_closed)
    g_string_append_printf (text, "\n%s", _("Kept closed by a head: "));
  if (d->visit_kept_closed)
    g_string_append (text, d->visit_kept_closed);
  else if (d->visit_result == GW_VISIT_UNSATISFIED)
    g_string_append_printf (text, "\n%s", _("Reopened for rework"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A length of time as a dispatcher reads it at a glance. */
char *
gw_span_label (gint64 seconds)
{
  gint64 minutes = ABS (seconds) / 60;

  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (_("%d days"), (int) (minutes / (24 * 60)));
}

/* What a dispatcher wants to know of a deadline at a glance. */
char *
gw_case_time_left_label (GwCase *kase,
                         gint64  now)
{
  gint64 deadline = gw_case_get_deadline_unix (kase);
  gint64 left = deadline - now;
  g_autofree char *span = NULL;

  if (deadline == 0 || !gw_case_status_is_running (gw_case_get_status (kase)))
    return g_strdup ("—");

  span = gw_span_label (left);
  /* Translators: a time span, for example "overdue by 3 h 20 min" */
  return left < 0 ? g_strdup_printf (_("overdue by %s"), span) : g_strdup_printf (_("%s left"), span);
}
