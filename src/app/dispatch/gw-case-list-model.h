/* gw-case-list-model.h: the cases as GwCaseListItems that keep their identity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-case-list-item.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_LIST_MODEL (gw_case_list_model_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseListModel, gw_case_list_model, GW, CASE_LIST_MODEL, GObject)

GwCaseListModel *gw_case_list_model_new       (void);
void             gw_case_list_model_set_cases (GwCaseListModel *self,
                                               GListModel      *cases);
void             gw_case_list_model_set_reference_data (GwCaseListModel *self,
                                                        GwReferenceData *reference);

G_END_DECLS
