/* gw-queue-views.h: the queue's saved views, with how many cases each holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  GW_QUEUE_VIEW_OPEN,
  GW_QUEUE_VIEW_NEW,
  GW_QUEUE_VIEW_OVERDUE,
  GW_QUEUE_VIEW_DUE_SOON,
  GW_QUEUE_VIEW_RETURNED,
  GW_QUEUE_VIEW_EXTENSIONS,
  GW_QUEUE_VIEW_HELD,
  GW_QUEUE_VIEW_MINE,
  GW_QUEUE_VIEW_UNPLACED,     /* taken in without a location: the desk places them */
  GW_QUEUE_VIEW_TOWNS,        /* handled by the towns themselves; a town's user: its own */
  GW_QUEUE_VIEW_VISITS,       /* closed, the resident still to be called back */
  GW_QUEUE_VIEW_DEPARTMENT,   /* what one department owes; not a fixed row */
} GwQueueView;

#define GW_QUEUE_N_VIEWS GW_QUEUE_VIEW_DEPARTMENT

#define GW_TYPE_QUEUE_VIEWS (gw_queue_views_get_type ())

G_DECLARE_FINAL_TYPE (GwQueueViews, gw_queue_views, GW, QUEUE_VIEWS, GtkWidget)

void gw_queue_views_set_departments (GwQueueViews *self,
                                     GPtrArray    *departments);
void gw_queue_views_set_counts      (GwQueueViews *self,
                                     const guint  *counts,
                                     GHashTable   *department_counts);
void gw_queue_views_select          (GwQueueViews *self,
                                     GwQueueView   view,
                                     const char   *department_id);

G_END_DECLS
