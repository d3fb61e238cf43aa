/* gw-case-list-row.h: one case in the live case list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_LIST_ROW (gw_case_list_row_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseListRow, gw_case_list_row, GW, CASE_LIST_ROW, GtkWidget)

void    gw_case_list_row_show     (GwCaseListRow *self,
                                   GwCase        *kase,
                                   const char    *category_name,
                                   const char    *grid_name,
                                   gboolean       can_act);
GwCase *gw_case_list_row_get_case (GwCaseListRow *self);

G_END_DECLS
