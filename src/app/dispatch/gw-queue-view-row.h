/* gw-queue-view-row.h: one saved view of the queue, with its count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_QUEUE_VIEW_ROW (gw_queue_view_row_get_type ())

G_DECLARE_FINAL_TYPE (GwQueueViewRow, gw_queue_view_row, GW, QUEUE_VIEW_ROW, GtkListBoxRow)

GtkWidget  *gw_queue_view_row_new            (const char     *name,
                                              const char     *department_id);
const char *gw_queue_view_row_get_department (GwQueueViewRow *self);
void        gw_queue_view_row_set_count      (GwQueueViewRow *self,
                                              guint           count);

G_END_DECLS
