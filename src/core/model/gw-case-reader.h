/* gw-case-reader.h: a case read from JSON text without a tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"
#include "gw-json-reader.h"

G_BEGIN_DECLS

GwCase   *gw_case_read              (GwJsonReader *r);
gboolean  gw_case_read_lifecycle    (GwJsonReader *r,
                                     GwCaseData   *data);
gboolean  gw_case_lifecycle_from_text (GwCaseData  *data,
                                       const char  *text,
                                       GError     **error);

G_END_DECLS
