/* gw-case-labels.h: how cases are named to people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"

G_BEGIN_DECLS

const char *gw_case_status_label (GwCaseStatus status);
const char *gw_case_source_label (GwCaseSource source);
const char *gw_case_action_label (const char  *action);
char       *gw_case_action_name  (const char  *action);
char       *gw_case_refusal_text (const char  *code,
                                  GwCase      *server_case,
                                  const char  *action);
char       *gw_case_origin_label (const GwCaseData *data);
char       *gw_case_duplicate_label (const GwCaseData *data);
char       *gw_case_visit_label     (const GwCaseData *data);
char       *gw_case_time_left_label (GwCase   *kase,
                                     gint64    now);
char       *gw_span_label           (gint64    seconds);

G_END_DECLS
