/* gw-queue-cell.h: one cell of the case queue, for one column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-queue-row.h"

G_BEGIN_DECLS

typedef enum
{
  GW_QUEUE_COLUMN_ID,
  GW_QUEUE_COLUMN_PROBLEM,
  GW_QUEUE_COLUMN_GRID,
  GW_QUEUE_COLUMN_STATE,
  GW_QUEUE_COLUMN_TIME_LEFT,
  GW_QUEUE_COLUMN_REPORTED,
} GwQueueColumn;

/* What a cell of @column shows of @kase: the text, and in @tone "error",
 * "warning" or NULL. */
typedef char *(*GwQueueDescribe) (GwQueueColumn   column,
                                  GwCase         *kase,
                                  const char    **tone,
                                  gpointer        user_data);

#define GW_TYPE_QUEUE_CELL (gw_queue_cell_get_type ())

G_DECLARE_FINAL_TYPE (GwQueueCell, gw_queue_cell, GW, QUEUE_CELL, GtkWidget)

GtkWidget  *gw_queue_cell_new      (GwQueueColumn    column,
                                    GwQueueDescribe  describe,
                                    gpointer         user_data);
GwQueueRow *gw_queue_cell_get_row  (GwQueueCell     *self);
void        gw_queue_cell_set_row  (GwQueueCell     *self,
                                    GwQueueRow      *row);
const char *gw_queue_cell_get_text (GwQueueCell     *self);

G_END_DECLS
