/* gw-queue-model.h: the queue's rows, sorted, filtered and selected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-model.h"
#include "gw-queue-row.h"

G_BEGIN_DECLS

/* Sets matches[from, from + n): whether the cases at those positions in
 * the GwCaseModel (which never change) are shown. */
typedef void (*GwQueueMatch) (guint8   *matches,
                              guint     from,
                              guint     n,
                              gpointer  user_data);

#define GW_TYPE_QUEUE_MODEL (gw_queue_model_get_type ())

G_DECLARE_FINAL_TYPE (GwQueueModel, gw_queue_model, GW, QUEUE_MODEL, GObject)

GwQueueModel *gw_queue_model_new        (GwQueueMatch  match,
                                         gpointer      user_data);
void          gw_queue_model_set_base   (GwQueueModel *self,
                                         GwCaseModel  *base);
void          gw_queue_model_set_sorter (GwQueueModel *self,
                                         GtkSorter    *sorter);
void          gw_queue_model_refilter   (GwQueueModel *self);
void          gw_queue_model_refilter_positions (GwQueueModel *self,
                                                 GtkBitset    *positions);
void          gw_queue_model_flush      (GwQueueModel *self);
void          gw_queue_model_rebind     (GwQueueModel *self);
guint         gw_queue_model_get_n_shown (GwQueueModel *self);
GwCase       *gw_queue_model_get_case   (GwQueueModel *self,
                                         guint         position);

G_END_DECLS
