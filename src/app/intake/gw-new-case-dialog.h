/* gw-new-case-dialog.h: the New Case form: a call taken at the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-inspection-data.h"
#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_NEW_CASE_DIALOG (gw_new_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GwNewCaseDialog, gw_new_case_dialog, GW, NEW_CASE_DIALOG, AdwWindow)

/* @targets may be NULL: the places are then grids and earlier cases. */
GwNewCaseDialog *gw_new_case_dialog_new              (GtkWindow        *parent,
                                                      GwSession        *session,
                                                      GwInspectionData *targets);
/* What a click on the form's map does. */
void             gw_new_case_dialog_set_location     (GwNewCaseDialog  *self,
                                                      double            lat,
                                                      double            lon);
/* What choosing a file under Add Photos… does. */
void             gw_new_case_dialog_add_photo        (GwNewCaseDialog  *self,
                                                      GFile            *file);
/* For tests: what the form holds and shows. */
const char      *gw_new_case_dialog_get_category     (GwNewCaseDialog  *self);
gboolean         gw_new_case_dialog_get_location     (GwNewCaseDialog  *self,
                                                      double           *lat,
                                                      double           *lon);
/* The open cases nearby as listed (GwDuplicate), NULL while none were
 * looked for. */
GPtrArray       *gw_new_case_dialog_get_duplicates   (GwNewCaseDialog  *self);
GtkWidget       *gw_new_case_dialog_get_duplicate_row (GwNewCaseDialog *self,
                                                      guint             index);

G_END_DECLS
