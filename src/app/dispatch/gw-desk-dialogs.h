/* gw-desk-dialogs.h: what the desk's own actions ask before they are sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-model.h"

#include "gw-reference-data.h"

G_BEGIN_DECLS

/* Each asks in a dialog over @page's window and, when applied, activates
 * "dispatch.perform" (case id, action, params as JSON) on @page. */
void gw_desk_dialog_recategorise     (GtkWidget   *page,
                                      GwCase      *kase,
                                      GPtrArray   *categories);
void gw_desk_dialog_mark_duplicate   (GtkWidget       *page,
                                      GwCase          *kase,
                                      GwCaseModel     *model,
                                      GwReferenceData *reference);
void gw_desk_dialog_unmark_duplicate (GtkWidget   *page,
                                      GwCase      *kase);
void gw_desk_dialog_return_visit     (GtkWidget   *page,
                                      GwCase      *kase,
                                      gboolean     may_keep_closed);

G_END_DECLS
