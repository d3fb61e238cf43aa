/* gw-queue-row.h: one row of the case queue, whichever case it shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"

G_BEGIN_DECLS

#define GW_TYPE_QUEUE_ROW (gw_queue_row_get_type ())

G_DECLARE_FINAL_TYPE (GwQueueRow, gw_queue_row, GW, QUEUE_ROW, GObject)

GwQueueRow *gw_queue_row_new      (GwCase     *kase);
GwCase     *gw_queue_row_get_case (GwQueueRow *self);
GtkWidget  *gw_queue_row_get_widget (GwQueueRow *self);
void        gw_queue_row_set_widget (GwQueueRow *self,
                                     GtkWidget  *widget);
void        gw_queue_row_set_case (GwQueueRow *self,
                                   GwCase     *kase,
                                   gboolean    force);
guint       gw_queue_row_get_serial (GwQueueRow *self);

G_END_DECLS
