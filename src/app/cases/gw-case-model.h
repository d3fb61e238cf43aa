/* gw-case-model.h: every cached case, as one list that only grows (a wall folds its closed ones)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-case.h"
#include "gw-case-facts.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_MODEL (gw_case_model_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseModel, gw_case_model, GW, CASE_MODEL, GObject)

/* Updates of more cases than this are better taken in slices. */
#define GW_CASE_MODEL_SLICE 5000
/* The main thread's time a slice of a large update takes while the
 * window is in use. */
#define GW_CASE_MODEL_SLICE_US 5000

GwCaseModel *gw_case_model_new      (void);
void         gw_case_model_update   (GwCaseModel *self,
                                     GPtrArray   *cases);
void         gw_case_model_update_async  (GwCaseModel         *self,
                                          GPtrArray           *cases,
                                          gint64               slice_us,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean     gw_case_model_update_finish (GwCaseModel         *self,
                                          GAsyncResult        *result,
                                          GError             **error);
GwCase      *gw_case_model_get      (GwCaseModel *self,
                                     guint        position);
GwCase      *gw_case_model_lookup   (GwCaseModel *self,
                                     const char  *id,
                                     guint       *position);
guint        gw_case_model_get_size (GwCaseModel *self);
gboolean     gw_case_model_get_filling (GwCaseModel *self);
/* Every case now, for the figures computed over all of them (in a
 * thread too): shared, so read it and never change it. The model keeps
 * it as it is and changes a copy of its own. */
GPtrArray   *gw_case_model_ref_cases (GwCaseModel *self);
guint        gw_case_model_fold_closed (GwCaseModel *self);
const GwCaseFacts *gw_case_model_get_folded (GwCaseModel *self,
                                             guint       *n_folded);

G_END_DECLS
