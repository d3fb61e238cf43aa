/* gw-case-card.h: a case at a glance, at its symbol on the map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_CARD (gw_case_card_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseCard, gw_case_card, GW, CASE_CARD, GtkPopover)

GtkWidget  *gw_case_card_new         (GwCase             *kase,
                                      const char         *category_name,
                                      const char         *place,
                                      const char         *assignee_name,
                                      const char * const *actions);
const char *gw_case_card_get_case_id (GwCaseCard         *self);
char       *gw_case_card_get_text    (GwCaseCard         *self);

G_END_DECLS
