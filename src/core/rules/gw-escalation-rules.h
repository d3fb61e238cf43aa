/* gw-escalation-rules.h: who may whistle, approve, report, resolve, rate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-rules.h"

G_BEGIN_DECLS

const char * const *gw_escalation_rules_list_actions (void);
gboolean    gw_escalation_rules_knows          (const char          *action);
gboolean    gw_escalation_rules_role_may       (GwRole               role,
                                                const char          *action);
gboolean    gw_escalation_rules_may_report     (const GwEscalation  *escalation,
                                                const char          *user);
gboolean    gw_escalation_rules_allows         (const GwCaseData    *data,
                                                const char          *action,
                                                GDateTime           *now);
gboolean    gw_escalation_rules_needs_approval (GwLevel              to_level);
GwCase     *gw_escalation_rules_apply          (GwCase              *current,
                                                GwRole               role,
                                                const char          *action,
                                                JsonObject          *params,
                                                const GwCaseContext *context,
                                                GError             **error);
const char *gw_escalation_rules_due            (const GwCaseData    *data,
                                                gint64               now_unix,
                                                gint64               overdue_margin_seconds,
                                                JsonObject         **params);

/* Reasons the server gives its own proposals. */
#define GW_ESCALATION_REASON_OVERDUE "auto:overdue"
#define GW_ESCALATION_REASON_RETURNED "auto:returned_twice"

G_END_DECLS
