/* gw-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-points.h"
#include "gw-case-snapshot.h"
#include "gw-certificate-bar.h"
#include "gw-dispatch-page.h"
#include "gw-escalation-board.h"
#include "gw-filter-popover.h"
#include "gw-planning-page.h"
#include "gw-quarantine-bar.h"
#include "gw-review-page.h"
#include "gw-urgent-toasts.h"
#include "gw-window.h"
#include "gw-wall-view.h"

G_BEGIN_DECLS

struct _GwWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GwUrgentToasts *urgent_toasts;
  AdwViewSwitcherTitle *window_title;
  AdwViewSwitcherBar *switcher_bar;
  GtkLabel *status_label;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkButton *banner_button;
  GwQuarantineBar *quarantine_bar;
  GwCertificateBar *certificate_bar;
  AdwFlap *flap;
  AdwViewStack *view_stack;
  GwCaseList *case_list;
  GwGridSidebar *sidebar;
  GwMapView *map_view;
  AdwViewStack *main_stack;
  GwDispatchPage *dispatch_page;
  GwEscalationBoard *escalation_board;
  GwPlanningPage *planning_page;
  GtkStack *mode_stack;
  GwWallView *wall_view;
  GwReviewPage *review_page;
  GtkMenuButton *filter_button;
  GtkSearchEntry *find_case_entry;
  GtkRevealer *selection_revealer;
  GtkLabel *selection_label;
  GwFilterPopover *filter_popover;

  /* Every cached case, the filter the map and the list share, and the
   * map's arrays over both. */
  GwCaseModel *cases;
  GwCaseFilter *filter;
  GwCasePoints *points;
  gint64 cases_touched;
  GwCaseSnapshotEarly *early_read;  /* the first read, begun before the window was built */
  gboolean reading_early;           /* the read is that one: the window's start */
  guint clock_id;

  GSettings *settings;
  GSignalGroup *session_signals;
  GSignalGroup *reference_signals;  /* the session's reference data */
  GCancellable *cancellable;
  guint countdown_id;
  gboolean loading_cases;
  gboolean cases_dirty;
  gboolean read_all_cases;   /* the next read takes every case, not the changed */
  /* Opened as a wall and the desk never shown yet: its case list and
   * queue follow no model until it is (gw-window-wall.c). */
  gboolean desk_idle;
  gboolean store_error_shown;
  gboolean asked_to_connect;
  gboolean following_page;   /* the sidebar shown or hidden for a page, not by the user */
  gboolean bare;             /* no town server yet: the map's empty state alone, no pages */
  GtkWidget *sidebar_button;
  GCancellable *track_cancellable;  /* the worker's track being fetched */
  char *track_worker;
  GtkWidget *new_case_button;   /* for the roles that report cases */
  gconstpointer asked_plain_http;   /* the session last asked about */
};

GwSession *gw_window_get_session       (GwWindow *self);
gboolean   gw_window_update_status     (gpointer  user_data);
void       gw_window_update_empty_text (GwWindow *self);
void       gw_window_setup_escalations (GwWindow *self);
void       gw_window_update_escalations (GwWindow *self);

/* gw-window-trust.c */
void       gw_window_update_trust      (GwWindow *self);
void       gw_window_confirm_plain_http_action (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *param);

/* gw-window-map-cards.c */
void       gw_window_class_add_map_card_actions (GtkWidgetClass *widget_class);
void       gw_window_setup_map_cards   (GwWindow   *self);
void       gw_window_show_case_card    (GwWindow   *self,
                                        const char *case_id);
void       gw_window_update_workers    (GwWindow   *self);
void       gw_window_update_workloads  (GwWindow   *self);
/* gw-window-new-case.c */
void       gw_window_class_setup_new_case (GtkWidgetClass *widget_class);
void       gw_window_update_new_case   (GwWindow *self);
gboolean   gw_window_new_case_refused  (GwWindow   *self,
                                        const char *action);

/* gw-window-wall.c */
void       gw_window_setup_wall        (GwWindow *self);
void       gw_window_update_wall       (GwWindow *self);
gboolean   gw_window_is_wall           (GwWindow *self);

void gw_window_follow_page (GwWindow *self);
void gw_window_show_map_and_sidebar (GwWindow *self);

/* gw-window-cases.c */
void       gw_window_setup_cases       (GwWindow    *self);
void       gw_window_follow_cases_on_desk (GwWindow *self);
void       gw_window_set_case_model    (GwWindow    *self,
                                        GwCaseModel *model);
void       gw_window_reload_cases      (GwWindow    *self);
void       gw_window_reload_all_cases  (GwWindow    *self);

/* gw-window-find.c */
void       gw_window_class_add_case_actions (GtkWidgetClass *widget_class);

G_END_DECLS
