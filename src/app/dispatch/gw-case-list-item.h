/* gw-case-list-item.h: one case of the live case list, whichever version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gw-case.h"

#include "gw-reference-data.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_LIST_ITEM (gw_case_list_item_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseListItem, gw_case_list_item, GW, CASE_LIST_ITEM, GObject)

GwCaseListItem *gw_case_list_item_new            (GwCase         *kase);
GwCase         *gw_case_list_item_get_case       (GwCaseListItem *self);
void            gw_case_list_item_set_case       (GwCaseListItem *self,
                                                  GwCase         *kase);
void            gw_case_list_item_set_reference_data (GwCaseListItem  *self,
                                                      GwReferenceData *reference);
void            gw_case_list_item_names_changed      (GwCaseListItem  *self);
char           *gw_case_list_item_dup_title      (GwCaseListItem *self);
char           *gw_case_list_item_dup_subtitle   (GwCaseListItem *self);
char           *gw_case_list_item_dup_status     (GwCaseListItem *self);
gboolean        gw_case_list_item_get_acceptable (GwCaseListItem *self);

G_END_DECLS
