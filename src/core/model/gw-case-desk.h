/* gw-case-desk.h: the desk's part of a case's lifecycle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"

G_BEGIN_DECLS

/* At most this many cases are named as a case's duplicates, either way. */
#define GW_CASE_MAX_DUPLICATES 50

const char *gw_visit_result_to_string   (GwVisitResult  result);
gboolean    gw_visit_result_from_string (const char    *name,
                                         GwVisitResult *result);

void     gw_case_desk_clear   (GwCaseData       *data);
void     gw_case_desk_copy    (const GwCaseData *src,
                               GwCaseData       *dest);
gboolean gw_case_desk_has_any (const GwCaseData *data);
void     gw_case_desk_to_json (const GwCaseData *data,
                               JsonBuilder      *builder);
gboolean gw_case_desk_from_json (GwCaseData     *data,
                                 JsonObject     *lifecycle,
                                 GError        **error);

gboolean gw_case_data_has_id      (char * const     *ids,
                                   const char       *id);
void     gw_case_data_add_id      (char           ***ids,
                                   const char       *id);
void     gw_case_data_remove_id   (char           ***ids,
                                   const char       *id);

G_END_DECLS
