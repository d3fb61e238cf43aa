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
    case GW_CASE_SOURCE_OTHER: return C_("case source", "Other");
    default: return "";
    }
}
