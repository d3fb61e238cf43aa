/* gw-case-names.h: people, departments and towns by name, never by id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-reference-data.h"

G_BEGIN_DECLS

char *gw_case_assignee_label (GwReferenceData *reference,
                              const char      *assignee);
char *gw_case_actor_label    (GwReferenceData *reference,
                              const char      *user,
                              const char      *display_name);

G_END_DECLS
