/* gw-case-labels.c: how cases are named to people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

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
    { "suspend", NC_("case action", "_Suspend…") },
    { "resume", NC_("case action", "Res_ume") },
    { "register", NC_("case action", "Put on the _Register…") },
    { "comment", NC_("case action", "Co_mment…") },
    { "whistle", NC_("case action", "_Whistle…") },
    { "approve_whistle", NC_("case action", "A_pprove Whistle") },
    { "deny_whistle", NC_("case action", "Do _Not Approve…") },
    { "report", NC_("case action", "Re_port to the Whistle…") },
    { "resolve_escalation", NC_("case action", "Escalation Resol_ved…") },
    { "rate", NC_("case action", "Ra_te the Response…") },
    { "propose_whistle", NC_("case action", "Whistle proposed") },
    { "mark_report_overdue", NC_("case action", "Report overdue") },
    { "dispatch", NC_("case action", "Dispatch") },
    { "mark_duplicate", NC_("case action", "Marked as a duplicate") },
    { "unmark_duplicate", NC_("case action", "No longer a duplicate") },
    { "recategorise", NC_("case action", "Category corrected") },
    { "return_visit", NC_("case action", "Return visit") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].action, action) == 0)
      return g_dpgettext2 (NULL, "case action", labels[i].label);
  return action;
}

/* The desk's actions of issue 17 the app records in the history but does
 * not offer as buttons yet: each needs a dialog of its own. */
gboolean
gw_case_action_is_desk_only (const char *action)
{
  static const char * const desk[] = { "dispatch", "mark_duplicate", "unmark_duplicate", "recategorise",
                                       "return_visit", NULL };

  return action && g_strv_contains (desk, action);
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
