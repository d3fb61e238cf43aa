/* gw-desk-rules.h: the desk's actions: dispatch in one step, duplicates,
 * recategorising and the return visit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-rules.h"

G_BEGIN_DECLS

const char * const *gw_desk_rules_dispatch_steps (GwCaseStatus         status);
gboolean gw_desk_rules_mark_duplicate   (GwCaseData          *data,
                                         JsonObject          *params,
                                         const GwCaseContext *context,
                                         GError             **error);
gboolean gw_desk_rules_unmark_duplicate (GwCaseData          *data,
                                         JsonObject          *params,
                                         const GwCaseContext *context,
                                         GError             **error);
gboolean gw_desk_rules_recategorise     (GwCaseData          *data,
                                         JsonObject          *params,
                                         const GwCaseContext *context,
                                         GError             **error);
gboolean gw_desk_rules_return_visit     (GwCaseData          *data,
                                         JsonObject          *params,
                                         const GwCaseContext *context,
                                         GError             **error);
gboolean gw_desk_rules_locate           (GwCaseData          *data,
                                         JsonObject          *params,
                                         const GwCaseContext *context,
                                         GError             **error);
gboolean gw_desk_rules_may_keep_closed  (GwRole               role,
                                         const char          *action,
                                         JsonObject          *params);
gboolean gw_desk_rules_may_see_phones   (GwRole               role);
GwCase  *gw_desk_rules_link_duplicate   (GwCase              *head,
                                         const char          *duplicate,
                                         gboolean             link,
                                         GError             **error);

gboolean gw_desk_rules_visit_is_open    (const GwCaseData    *data,
                                         const GwCaseContext *context);
gboolean gw_desk_rules_may_offer        (const GwCaseData    *data,
                                         const char          *action);

G_END_DECLS
