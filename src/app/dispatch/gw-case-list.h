/* gw-case-list.h: the live cases, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-filter.h"

#include "gw-reference-data.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_LIST (gw_case_list_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseList, gw_case_list, GW, CASE_LIST, GtkWidget)

void   gw_case_list_set_model   (GwCaseList   *self,
                                 GListModel   *cases,
                                 GwCaseFilter *filter);
void   gw_case_list_set_reference_data (GwCaseList      *self,
                                        GwReferenceData *reference);
void   gw_case_list_refilter    (GwCaseList *self);
void   gw_case_list_set_can_act (GwCaseList *self,
                                 gboolean    can_act);
void   gw_case_list_select      (GwCaseList *self,
                                 const char *case_id);
guint  gw_case_list_get_n_cases (GwCaseList *self);

G_END_DECLS
