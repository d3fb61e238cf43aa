/* gw-case-queue.h: the dispatcher's queue of cases, with saved views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-filter.h"
#include "gw-case-model.h"
#include "gw-queue-views.h"
#include "gw-reference-data.h"
#include "gw-work-calendar.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_QUEUE (gw_case_queue_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseQueue, gw_case_queue, GW, CASE_QUEUE, GtkWidget)

void         gw_case_queue_set_model      (GwCaseQueue  *self,
                                           GwCaseModel  *model,
                                           GwCaseFilter *filter);
void         gw_case_queue_set_departments (GwCaseQueue *self,
                                           GPtrArray    *departments);
void         gw_case_queue_set_user       (GwCaseQueue  *self,
                                           const char   *user);
void         gw_case_queue_set_search     (GwCaseQueue  *self,
                                           GPtrArray    *matching_ids);
void         gw_case_queue_set_view       (GwCaseQueue  *self,
                                           GwQueueView   view);
void         gw_case_queue_show_department (GwCaseQueue *self,
                                           const char   *department_id);
GwQueueView  gw_case_queue_get_view       (GwCaseQueue  *self);
guint        gw_case_queue_get_view_count (GwCaseQueue  *self,
                                           GwQueueView   view);
guint        gw_case_queue_get_department_count (GwCaseQueue *self,
                                           const char   *department_id);
guint        gw_case_queue_get_n_shown    (GwCaseQueue  *self);
char       **gw_case_queue_get_selected   (GwCaseQueue  *self);
gboolean     gw_case_queue_select         (GwCaseQueue  *self,
                                           const char   *case_id);
void         gw_case_queue_move           (GwCaseQueue  *self,
                                           int           step);
void         gw_case_queue_refresh_time   (GwCaseQueue  *self);
void         gw_case_queue_set_read_only  (GwCaseQueue  *self,
                                           gboolean      read_only);
void         gw_case_queue_set_reference_data (GwCaseQueue     *self,
                                               GwReferenceData *reference);
void         gw_case_queue_set_return_visit_days (GwCaseQueue *self,
                                                  guint        days);
gboolean     gw_case_queue_view_matches   (GwQueueView   view,
                                           GwCase       *kase,
                                           const char   *user,
                                           gint64        now);
gboolean     gw_case_queue_view_matches_full (GwQueueView     view,
                                              GwCase         *kase,
                                              const char     *user,
                                              gint64          now,
                                              GwWorkCalendar *calendar,
                                              guint           return_visit_days);

G_END_DECLS
