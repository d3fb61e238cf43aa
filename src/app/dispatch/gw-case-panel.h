/* gw-case-panel.h: one case, everything about it, and what may be done now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-history.h"
#include "gw-case-rules.h"
#include "gw-store.h"
#include "gw-reference-data.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_PANEL (gw_case_panel_get_type ())

G_DECLARE_FINAL_TYPE (GwCasePanel, gw_case_panel, GW, CASE_PANEL, GtkWidget)

void        gw_case_panel_set_case    (GwCasePanel  *self,
                                       GwCase       *kase,
                                       const char   *category_name,
                                       const char   *grid_name);
GwCase     *gw_case_panel_get_case    (GwCasePanel  *self);
/* Who uses the panel: their role decides the actions offered, their
 * name that they do not report to their own whistle. */
void        gw_case_panel_set_role    (GwCasePanel  *self,
                                       gboolean      known,
                                       GwRole        role,
                                       const char   *user);
void        gw_case_panel_set_return_visit_days (GwCasePanel *self,
                                                 guint        days);
void        gw_case_panel_set_client  (GwCasePanel  *self,
                                       GwTownClient *client,
                                       GwStore      *store);
void        gw_case_panel_set_reference_data (GwCasePanel     *self,
                                              GwReferenceData *reference);
void        gw_case_panel_set_history (GwCasePanel  *self,
                                       GPtrArray    *entries,
                                       gboolean      failed);
guint       gw_case_panel_get_n_history (GwCasePanel *self);
const char *gw_case_panel_get_dispatch_action (GwCasePanel *self);

G_END_DECLS
