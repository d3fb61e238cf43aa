/* gw-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-application.h"
#include "gw-basemap.h"
#include "gw-case-labels.h"
#include "gw-case-list.h"
#include "gw-connect-dialog.h"
#include "gw-dispatch-page.h"
#include "gw-filter-popover.h"
#include "gw-window-private.h"

/* Overdue states and time windows are looked at again this often. */
#define CLOCK_SECONDS 30

G_DEFINE_FINAL_TYPE (GwWindow, gw_window, ADW_TYPE_APPLICATION_WINDOW)

GwSession *
gw_window_get_session (GwWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app ? gw_application_get_session (GW_APPLICATION (app)) : NULL;
}

/* The town's grids, departments and categories, read again: the pages
 * that name them follow the reference data themselves; the map, its
 * sidebar and the filter are told here. */
static void
on_reference_data_changed (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);
  GwReferenceData *reference;

  if (session == NULL)
    return;
  reference = gw_session_get_reference_data (session);
  gw_map_view_set_grids (self->map_view, gw_reference_data_get_grids (reference));
  gw_grid_sidebar_set_grids (self->sidebar, gw_reference_data_get_grids (reference));
  gw_filter_popover_set_categories (self->filter_popover, gw_reference_data_get_categories (reference));
  gw_window_update_workers (self);
}

static void
on_session_state_changed (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);

  gw_window_update_status (self);
  gw_window_update_empty_text (self);
  gw_window_update_trust (self);

  if (session != NULL)
    {
      GwRole role;
      gw_case_list_set_can_act (self->case_list,
                                gw_session_get_role (session, &role) && gw_case_rules_role_may (role, "accept"));
    }
  /* The role and the user name arrive with /me. */
  gw_dispatch_page_set_session (self->dispatch_page, session);
  gw_window_update_escalations (self);
  gw_window_update_new_case (self);
  gw_planning_page_set_session (self->planning_page, session);
  gw_review_page_set_session (self->review_page, session);
  gw_window_update_wall (self);

  /* Count down to the next attempt only while there is one to count. */
  if (session && gw_session_get_state (session) == GW_CONNECTION_OFFLINE)
    {
      if (self->countdown_id == 0)
        self->countdown_id = g_timeout_add_seconds (1, gw_window_update_status, self);
    }
  else
    g_clear_handle_id (&self->countdown_id, g_source_remove);
}

/* "Data as of" on the status line and on the wall: a pull that finishes
 * after the connection dropped moves it on. */
static void
on_last_sync_changed (GwWindow *self)
{
  gw_window_update_status (self);
  gw_window_update_wall (self);
}

static void
on_session_changed (GwWindow *self)
{
  g_autoptr(GwCaseModel) fresh = gw_case_model_new ();
  GwReferenceData *reference;

  /* Another session is another cache: start the cases afresh. */
  if (gw_case_model_get_size (self->cases) > 0)
    {
      gw_window_set_case_model (self, fresh);
      self->cases_touched = 0;
    }
  g_signal_group_set_target (self->session_signals, gw_window_get_session (self));
  reference = gw_window_get_session (self) ? gw_session_get_reference_data (gw_window_get_session (self)) : NULL;
  g_signal_group_set_target (self->reference_signals, reference);
  gw_case_list_set_reference_data (self->case_list, reference);
  gw_wall_view_set_reference_data (self->wall_view, reference);
  gw_quarantine_bar_set_session (self->quarantine_bar, gw_window_get_session (self));
  gw_certificate_bar_set_session (self->certificate_bar, gw_window_get_session (self));
  on_session_state_changed (self);
  if (gw_window_get_session (self) &&
      gw_reference_data_is_loaded (gw_session_get_reference_data (gw_window_get_session (self))))
    on_reference_data_changed (self);
  gw_window_reload_cases (self);
}

static void
on_urgent_case (GwWindow *self,
                GwCase   *kase)
{
  const GwCaseData *d = gw_case_get_data (kase);
  g_autofree char *text = g_strdup_printf (_("Urgent case %s: %s"), d->id, d->description ? d->description : "");
  GwSession *session = gw_window_get_session (self);
  GwRole role;

  /* A wall shows it its own way, large. */
  if (gw_window_is_wall (self))
    {
      gw_wall_view_show_urgent (self->wall_view, kase);
      return;
    }
  /* Only to those who act on it: a leader or a planner reads the figures. */
  if (session == NULL || !gw_session_get_role (session, &role) || !gw_case_rules_role_may (role, "accept"))
    return;
  /* On a desk the map may follow each new urgent case by itself. */
  if (g_settings_get_boolean (self->settings, "follow-urgent"))
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      /* It may not be in the model yet: the feed's read is still on its way. */
      g_ptr_array_add (one, kase);
      gw_case_model_update (self->cases, one);
      gw_map_view_show_case (self->map_view, gw_case_get_id (kase));
    }

  gw_urgent_toasts_add (self->urgent_toasts, kase);

  /* A dispatcher may be looking at another window. */
  if (!gtk_window_is_active (GTK_WINDOW (self)))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Urgent case"));
      g_autofree char *id = g_strdup_printf ("urgent-%s", d->id);

      g_notification_set_body (notification, text);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
      g_notification_set_default_action_and_target (notification, "app.show-case", "s", d->id);
      g_application_send_notification (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), id, notification);
    }
}

static void
apply_basemap (GwWindow *self)
{
  g_autoptr(ShumateMapSource) source = NULL;
  g_autoptr(GError) error = NULL;

  source = gw_basemap_new_from_settings (self->settings, &error);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Basemap not shown: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  gw_map_view_set_basemap (self->map_view, source);
}

static void
on_sidebar_grid_selected (GwWindow *self,
                          GwGrid   *grid)
{
  gw_map_view_show_grid (self->map_view, grid);
  gw_filter_popover_set_grid (self->filter_popover, gw_grid_get_code (grid), gw_grid_get_name (grid));
}

static void
on_map_grid_activated (GwWindow *self,
                       GwGrid   *grid)
{
  gw_grid_sidebar_select (self->sidebar, gw_grid_get_code (grid));
  gw_filter_popover_set_grid (self->filter_popover, gw_grid_get_code (grid), gw_grid_get_name (grid));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  GwSession *session = gw_window_get_session (GW_WINDOW (widget));

  if (session)
    gw_session_refresh (session);
}

/* The case and grid lists belong with the map: the queue, the board,
 * planning and the review have lists of their own, and a leader's review
 * needs the room. The user's choice on the map page is remembered. */
static gboolean
on_map_page (GwWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->main_stack), "map") == 0;
}

static void
on_page_shown (GwWindow *self)
{
  gboolean map = on_map_page (self) && !self->bare;

  gtk_widget_set_visible (self->sidebar_button, map);
  self->following_page = TRUE;
  adw_flap_set_reveal_flap (self->flap, map && g_settings_get_boolean (self->settings, "sidebar-visible"));
  self->following_page = FALSE;
}

/* The pages' switcher goes to the bottom bar where the title has no
 * room for it, and nowhere while there is no town server: a first-run
 * window shows the way to connect, not empty pages. */
static void
on_title_visible (GwWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_view_switcher_title_get_title_visible (self->window_title) && !self->bare);
}

void
gw_window_follow_page (GwWindow *self)
{
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, !self->bare);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", !self->bare);
  if (self->bare)
    adw_view_stack_set_visible_child_name (self->main_stack, "map");
  on_title_visible (self);
  on_page_shown (self);
}

static void
on_sidebar_revealed (GwWindow *self)
{
  if (!self->following_page && on_map_page (self))
    g_settings_set_boolean (self->settings, "sidebar-visible", adw_flap_get_reveal_flap (self->flap));
}

void
gw_window_show_map_and_sidebar (GwWindow *self)
{
  adw_view_stack_set_visible_child_name (self->main_stack, "map");
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
update_filter_button (GwWindow *self)
{
  guint active = gw_filter_popover_count_active (self->filter);
  g_autofree char *label = active ? g_strdup_printf (_("Filter (%u)"), active) : g_strdup (_("Filter"));

  gtk_menu_button_set_label (self->filter_button, label);
}

static gboolean
clock_tick (gpointer user_data)
{
  GwWindow *self = user_data;

  /* Cases go overdue and fall out of time windows without any change. */
  if (self->points)
    gw_case_points_refresh_time (self->points);
  gw_case_list_refilter (self->case_list);
  gw_dispatch_page_refresh_time (self->dispatch_page);
  gw_escalation_board_refresh (self->escalation_board);
  return G_SOURCE_CONTINUE;
}

static void
on_dispatch_show_on_map (GwWindow   *self,
                         const char *case_id)
{
  adw_view_stack_set_visible_child_name (self->main_stack, "map");
  gw_map_view_show_case (self->map_view, case_id);
}

static void
on_dispatch_message (GwWindow   *self,
                     const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The map's enterprises follow the plan the planning page holds. */
static void
on_plan_changed (GwWindow *self)
{
  gw_target_layer_set_plan (gw_map_view_get_target_layer (self->map_view), gw_planning_page_get_data (self->planning_page),
                            gw_planning_page_get_plan (self->planning_page), gw_planning_page_get_today (self->planning_page));
}

static void
on_plan_show_target (GwWindow *self,
                     guint     target)
{
  adw_view_stack_set_visible_child_name (self->main_stack, "map");
  gw_map_view_show_target (self->map_view, target);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
}

/* A click on an enterprise opens its visit's task sheet. */
static void
on_map_target_activated (GwWindow *self,
                         guint     target)
{
  guint visit = gw_target_layer_get_next_visit (gw_map_view_get_target_layer (self->map_view), target);

  if (visit == 0)
    {
      on_dispatch_message (self, _("This enterprise has no visit in the plan"));
      return;
    }
  adw_view_stack_set_visible_child_name (self->main_stack, "inspections");
  gw_planning_page_select_visit (self->planning_page, visit);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  const char *page = g_variant_get_string (param, NULL);

  adw_view_stack_set_visible_child_name (self->main_stack, page);
  /* The keys go where the eyes went. */
  if (g_str_equal (page, "queue"))
    gtk_widget_grab_focus (GTK_WIDGET (gw_dispatch_page_get_queue (self->dispatch_page)));
  else if (g_str_equal (page, "escalations"))
    gtk_widget_grab_focus (GTK_WIDGET (self->escalation_board));
  else if (g_str_equal (page, "inspections"))
    gw_planning_page_reload (self->planning_page);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
}

/* The case actions of the dispatch page from anywhere in the window (the
 * map's card): win.case-act (case, action) asks what the action needs,
 * win.case-perform (case, action, params as JSON) sends it. */
static void
case_act_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  const char *case_id, *action;

  /* Whom to give it to is asked beside the panel: the case there first. */
  g_variant_get_child (param, 0, "&s", &case_id);
  g_variant_get_child (param, 1, "&s", &action);
  if (g_str_equal (action_name, "win.case-act") && (g_str_equal (action, "assign") || g_str_equal (action, "dispatch")))
    gtk_widget_activate_action (widget, "win.open-case", "s", case_id);
  gtk_widget_activate_action_variant (GTK_WIDGET (self->dispatch_page),
                                      g_str_equal (action_name, "win.case-act") ? "dispatch.act" : "dispatch.perform",
                                      param);
}

/* From a toast about an escalation: the board, with the case open. */
static void
show_escalation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);

  gtk_widget_activate_action (widget, "win.show-page", "s", "queue");
  gw_case_queue_select (gw_dispatch_page_get_queue (self->dispatch_page), g_variant_get_string (param, NULL));
}

static void
on_map_case_activated (GwWindow   *self,
                       const char *case_id)
{
  gw_window_show_map_and_sidebar (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "cases");
  gw_case_list_select (self->case_list, case_id);
  gw_window_show_case_card (self, case_id);
}

static void
on_map_case_tooltip (GwWindow   *self,
                     const char *case_id,
                     GtkTooltip *tooltip)
{
  GwCase *kase = gw_case_model_lookup (self->cases, case_id, NULL);
  g_autofree char *markup = NULL;

  if (kase == NULL)
    return;
  markup = g_markup_printf_escaped ("<b>%s</b>%s\n%s\n%s", case_id,
                                    gw_case_get_data (kase)->urgent ? _(" · urgent") : "",
                                    gw_case_get_data (kase)->description ? gw_case_get_data (kase)->description : "",
                                    gw_case_status_label (gw_case_get_status (kase)));
  gtk_tooltip_set_markup (tooltip, markup);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  gtk_window_present (GTK_WINDOW (gw_connect_dialog_new (GTK_WINDOW (widget))));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);

  gw_window_show_map_and_sidebar (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "grids");
  gw_grid_sidebar_focus_search (self->sidebar);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);

  if (on_map_page (self))
    adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  gw_map_view_fit_grids (GW_WINDOW (widget)->map_view, TRUE);
}

/* GtkWindow:application is not a construct property, so this runs from
 * gw_window_new() once the window knows its application. */
static void
gw_window_setup (GwWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_return_if_fail (GW_IS_APPLICATION (app));

  self->settings = g_object_ref (gw_application_get_settings (GW_APPLICATION (app)));
  gw_certificate_bar_set_settings (self->certificate_bar, self->settings);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->main_stack, "notify::visible-child-name", G_CALLBACK (on_page_shown), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->window_title, "notify::title-visible", G_CALLBACK (on_title_visible), self,
                           G_CONNECT_SWAPPED);
  on_title_visible (self);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (on_sidebar_revealed), self,
                           G_CONNECT_SWAPPED);
  on_page_shown (self);
  g_signal_connect_object (self->settings, "changed::basemap", G_CALLBACK (apply_basemap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::basemap-xyz-url", G_CALLBACK (apply_basemap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::basemap-mbtiles-path", G_CALLBACK (apply_basemap), self, G_CONNECT_SWAPPED);
  apply_basemap (self);

  g_settings_bind (self->settings, "map-fill", self->map_view, "fill", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "map-heatmap", self->map_view, "heatmap", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "map-legend", self->map_view, "legend-visible", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "map-targets", self->map_view, "targets-visible", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "map-workers", self->map_view, "workers-visible", G_SETTINGS_BIND_DEFAULT);
  {
    g_autoptr(GAction) basemap = g_settings_create_action (self->settings, "basemap");
    g_autoptr(GAction) follow = g_settings_create_action (self->settings, "follow-urgent");

    g_action_map_add_action (G_ACTION_MAP (self), basemap);
    g_action_map_add_action (G_ACTION_MAP (self), follow);
  }
  gw_window_setup_wall (self);
  gw_map_view_set_position (self->map_view, g_settings_get_double (self->settings, "map-latitude"),
                            g_settings_get_double (self->settings, "map-longitude"),
                            g_settings_get_double (self->settings, "map-zoom"));

  g_signal_connect_object (app, "notify::session", G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
  on_session_changed (self);
}

static void
save_map_position (GwWindow *self)
{
  double lat, lon, zoom;

  /* Where the map was is where it opens next time. */
  gw_map_view_get_position (self->map_view, &lat, &lon, &zoom);
  if (self->settings && gw_grid_layer_get_n_grids (gw_map_view_get_grid_layer (self->map_view)) > 0)
    {
      g_settings_set_double (self->settings, "map-latitude", lat);
      g_settings_set_double (self->settings, "map-longitude", lon);
      g_settings_set_double (self->settings, "map-zoom", zoom);
    }
}

static gboolean
ask_to_connect (gpointer user_data)
{
  /* After the window is up, so the question stands in front of it. */
  gtk_widget_activate_action (GTK_WIDGET (user_data), "win.connect", NULL);
  return G_SOURCE_REMOVE;
}

static void
gw_window_map (GtkWidget *widget)
{
  GwWindow *self = GW_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *store_error = app ? gw_application_get_store_error (GW_APPLICATION (app)) : NULL;

  GTK_WIDGET_CLASS (gw_window_parent_class)->map (widget);

  /* First run: ask where to connect, rather than show an empty map. */
  if (app && !self->asked_to_connect)
    {
      g_autofree char *url = g_settings_get_string (self->settings, "server-url");

      self->asked_to_connect = TRUE;
      if (*url == '\0')
        g_idle_add_full (G_PRIORITY_LOW, ask_to_connect, g_object_ref (self), g_object_unref);
    }

  if (store_error != NULL && !self->store_error_shown)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Local Copy Cannot Be Used"), NULL);

      self->store_error_shown = TRUE;
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("%s\n\nGridwatch keeps working with what the town server sends, "
                                        "but it will not be saved for use without the network."), store_error);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
gw_window_dispose (GObject *object)
{
  GwWindow *self = (GwWindow *) object;

  if (self->map_view)
    save_map_position (self);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->track_cancellable);
  g_clear_object (&self->track_cancellable);
  g_clear_pointer (&self->track_worker, g_free);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_pointer (&self->early_read, gw_case_snapshot_early_free);
  if (self->session_signals)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  if (self->reference_signals)
    g_signal_group_set_target (self->reference_signals, NULL);
  g_clear_object (&self->reference_signals);
  g_clear_object (&self->settings);
  g_clear_object (&self->urgent_toasts);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_WINDOW);
  self->map_view = NULL;
  if (self->filter)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->points);
  g_clear_object (&self->cases);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (gw_window_parent_class)->dispose (object);
}

static void
gw_window_class_init (GwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_window_dispose;
  widget_class->map = gw_window_map;

  g_type_ensure (GW_TYPE_CASE_LIST);
  g_type_ensure (GW_TYPE_GRID_SIDEBAR);
  g_type_ensure (GW_TYPE_MAP_VIEW);
  g_type_ensure (GW_TYPE_ESCALATION_BOARD);
  g_type_ensure (GW_TYPE_PLANNING_PAGE);
  g_type_ensure (GW_TYPE_REVIEW_PAGE);
  g_type_ensure (GW_TYPE_DISPATCH_PAGE);
  g_type_ensure (GW_TYPE_QUARANTINE_BAR);
  g_type_ensure (GW_TYPE_CERTIFICATE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, new_case_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, quarantine_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, certificate_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, case_list);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, dispatch_page);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, escalation_board);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, planning_page);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, wall_view);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, review_page);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, find_case_entry);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, selection_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, selection_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_grid_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_map_grid_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_map_case_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_map_case_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, on_dispatch_show_on_map);
  gtk_widget_class_bind_template_callback (widget_class, on_dispatch_message);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_show_target);
  gtk_widget_class_bind_template_callback (widget_class, on_map_target_activated);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.confirm-plain-http", NULL, gw_window_confirm_plain_http_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-escalation", "s", show_escalation_action);
  gtk_widget_class_install_action (widget_class, "win.case-act", "(ss)", case_act_action);
  gtk_widget_class_install_action (widget_class, "win.case-perform", "(sss)", case_act_action);
  gw_window_class_add_map_card_actions (widget_class);
  gw_window_class_add_case_actions (widget_class);
  gw_window_class_setup_new_case (widget_class);
}

static void
gw_window_init (GwWindow *self)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gw_window_setup_escalations (self);
  self->urgent_toasts = gw_urgent_toasts_new (self->toast_overlay);

  self->filter = gw_case_filter_new ();
  g_signal_connect_swapped (self->filter, "changed", G_CALLBACK (update_filter_button), self);
  self->filter_popover = GW_FILTER_POPOVER (gw_filter_popover_new (self->filter));
  gtk_menu_button_set_popover (self->filter_button, GTK_WIDGET (self->filter_popover));
  update_filter_button (self);
  gw_window_set_case_model (self, model);
  self->clock_id = g_timeout_add_seconds (CLOCK_SECONDS, clock_tick, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.accept-selected", FALSE);

  self->cancellable = g_cancellable_new ();
  self->session_signals = g_signal_group_new (GW_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (on_session_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::last-error",
                                 G_CALLBACK (on_session_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::hold",
                                 G_CALLBACK (on_session_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::last-sync",
                                 G_CALLBACK (on_last_sync_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::queued",
                                 G_CALLBACK (gw_window_update_status), self, G_CONNECT_SWAPPED);
  self->reference_signals = g_signal_group_new (GW_TYPE_REFERENCE_DATA);
  g_signal_group_connect_object (self->reference_signals, "changed",
                                 G_CALLBACK (on_reference_data_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "urgent-case",
                                 G_CALLBACK (on_urgent_case), self, G_CONNECT_SWAPPED);
  gw_window_setup_cases (self);
  gw_window_setup_map_cards (self);
}

GwWindow *
gw_window_new (AdwApplication *application)
{
  GwSession *session = gw_application_get_session (GW_APPLICATION (application));
  GwCaseSnapshotEarly *early = NULL;
  GwWindow *self;

  /* Reading the cache takes longer than building the window: begun
   * first (the first window's at the application's startup), the read
   * runs on the other core meanwhile. */
  early = gw_application_take_early_read (GW_APPLICATION (application));
  if (early == NULL && session != NULL)
    early = gw_case_snapshot_start (gw_session_get_store (session));
  self = g_object_new (GW_TYPE_WINDOW, "application", application, NULL);
  self->early_read = early;
  gw_window_setup (self);
  return self;
}

GwMapView *
gw_window_get_map_view (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->map_view;
}

GwGridSidebar *
gw_window_get_sidebar (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->sidebar;
}

/* The cases as the window sees them: for tests that read the cache. */
gboolean
gw_window_get_sidebar_shown (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  return adw_flap_get_reveal_flap (self->flap);
}

GwUrgentToasts *
gw_window_get_urgent_toasts (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->urgent_toasts;
}

GwCaseModel *
gw_window_get_cases (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->cases;
}

GwCaseList *
gw_window_get_case_list (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->case_list;
}

const char *
gw_window_get_banner_text (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

const char *
gw_window_get_status_text (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return adw_view_switcher_title_get_subtitle (self->window_title);
}

GwDispatchPage *
gw_window_get_dispatch_page (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->dispatch_page;
}

GwCase *
gw_window_lookup_case (GwWindow   *self,
                       const char *case_id)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return gw_case_model_lookup (self->cases, case_id, NULL);
}

GwEscalationBoard *
gw_window_get_escalation_board (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->escalation_board;
}

GwPlanningPage *
gw_window_get_planning_page (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->planning_page;
}

/* "map", "queue", "escalations" or "inspections". */
const char *
gw_window_get_visible_page (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->main_stack);
}

GwWallView *
gw_window_get_wall_view (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->wall_view;
}

GwReviewPage *
gw_window_get_review_page (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->review_page;
}
