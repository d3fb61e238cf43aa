/* gw-queue-cell.h: what one cell of the case queue shows, kept up to date
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
  GW_QUEUE_COLUMN_ASSIGNEE,
} GwQueueColumn;

/* What a cell of @column shows of @kase: the text, and in @tone "error",
 * "warning" or NULL. */
typedef char *(*GwQueueDescribe) (GwQueueColumn   column,
                                  GwCase         *kase,
                                  const char    **tone,
                                  gpointer        user_data);

#define GW_TYPE_QUEUE_CELL (gw_queue_cell_get_type ())

G_DECLARE_FINAL_TYPE (GwQueueCell, gw_queue_cell, GW, QUEUE_CELL, GObject)

void gw_queue_cell_attach (GtkListItem     *item,
                           GwQueueColumn    column,
                           GwQueueDescribe  describe,
                           gpointer         user_data);

G_END_DECLS
