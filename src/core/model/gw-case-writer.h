/* gw-case-writer.h: a case's lifecycle written as text without a tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"

G_BEGIN_DECLS

void      gw_case_lifecycle_write     (const GwCaseData *data,
                                       GString          *out);

G_END_DECLS
