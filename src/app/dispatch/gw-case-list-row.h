/* gw-case-list-row.h: one case in the live case list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-list-item.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_LIST_ROW (gw_case_list_row_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseListRow, gw_case_list_row, GW, CASE_LIST_ROW, GtkWidget)

GwCaseListItem *gw_case_list_row_get_item        (GwCaseListRow  *self);
void            gw_case_list_row_set_item        (GwCaseListRow  *self,
                                                  GwCaseListItem *item);
gboolean        gw_case_list_row_get_can_act     (GwCaseListRow  *self);
void            gw_case_list_row_set_can_act     (GwCaseListRow  *self,
                                                  gboolean        can_act);
/* What the row shows now: for tests that check it follows its case. */
const char     *gw_case_list_row_get_title_text  (GwCaseListRow  *self);
const char     *gw_case_list_row_get_status_text (GwCaseListRow  *self);
gboolean        gw_case_list_row_offers_accept   (GwCaseListRow  *self);

G_END_DECLS
