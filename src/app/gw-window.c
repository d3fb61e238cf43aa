/* gw-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-application.h"
#include "gw-basemap.h"
#include "gw-window.h"

struct _GwWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkButton *banner_button;
  AdwFlap *flap;
  GwGridSidebar *sidebar;
  GwMapView *map_view;

  GSettings *settings;
  GSignalGroup *session_signals;
  GCancellable *cancellable;
  guint countdown_id;
  gboolean store_error_shown;
};

G_DEFINE_FINAL_TYPE (GwWindow, gw_window, ADW_TYPE_APPLICATION_WINDOW)

static GwSession *
get_session (GwWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app ? gw_application_get_session (GW_APPLICATION (app)) : NULL;
}

static void
on_grids_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GPtrArray) grids = NULL;
  g_autoptr(GError) error = NULL;
  GwWindow *self;

  grids = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = GW_WINDOW (user_data);
  if (grids == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the saved grids: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  gw_map_view_set_grids (self->map_view, grids);
  gw_grid_sidebar_set_grids (self->sidebar, grids);
}

static void
list_grids_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *grids = gw_store_list_grids (task_data, &error);

  if (grids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, grids, (GDestroyNotify) g_ptr_array_unref);
}

static void
reload_grids (GwWindow *self)
{
  GwSession *session = get_session (self);
  g_autoptr(GTask) task = NULL;

  if (session == NULL)
    return;

  /* Decoding thousands of polygons must not stall the first frame. */
  task = g_task_new (NULL, self->cancellable, on_grids_loaded, self);
  g_task_set_source_tag (task, reload_grids);
  g_task_set_task_data (task, g_object_ref (gw_session_get_store (session)), g_object_unref);
  g_task_run_in_thread (task, list_grids_in_thread);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  if (g_date_time_get_year (now) == g_date_time_get_year (local) &&
      g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (local))
    return g_date_time_format (local, "%H:%M");

  /* Translators: a date and time, as strftime() formats it */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static void
show_banner (GwWindow   *self,
             const char *text,
             const char *button_label,
             const char *action)
{
  gtk_label_set_text (self->banner_label, text);
  gtk_button_set_label (self->banner_button, button_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_button), action);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static gboolean
update_status (gpointer user_data)
{
  GwWindow *self = user_data;
  GwSession *session = get_session (self);
  g_autoptr(GDateTime) last_sync = NULL;
  g_autofree char *since = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *banner = NULL;
  const char *error;
  gint64 next;
  guint seconds;

  if (session == NULL)
    return G_SOURCE_CONTINUE;

  last_sync = gw_session_dup_last_sync (session);
  since = last_sync ? format_time (last_sync) : NULL;
  error = gw_session_get_last_error (session);

  switch (gw_session_get_state (session))
    {
    case GW_CONNECTION_NO_SERVER:
      subtitle = g_strdup (_("No town server"));
      show_banner (self, _("No town server is set, so Gridwatch shows only its saved copy."),
                   _("Set Server…"), "app.preferences");
      break;

    case GW_CONNECTION_CONNECTING:
      subtitle = g_strdup_printf (_("Connecting to %s…"),
                                  gw_town_client_get_base_url (gw_session_get_client (session)));
      break;

    case GW_CONNECTION_ONLINE:
      subtitle = g_strdup_printf (_("Connected to %s"),
                                  gw_town_client_get_base_url (gw_session_get_client (session)));
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      break;

    case GW_CONNECTION_OFFLINE:
      next = gw_session_get_next_attempt (session);
      seconds = next > 0 ? (guint) MAX (0, (next - g_get_monotonic_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
      if (since)
        subtitle = g_strdup_printf (_("Offline, data as of %s · retrying in %u s"), since, seconds);
      else
        subtitle = g_strdup_printf (_("Offline · retrying in %u s"), seconds);

      if (since)
        banner = g_strdup_printf (_("Cannot reach the town server (%s). Showing the saved copy from %s."),
                                  error ? error : _("no answer"), since);
      else
        banner = g_strdup_printf (_("Cannot reach the town server (%s). There is no saved copy yet."),
                                  error ? error : _("no answer"));
      show_banner (self, banner, _("Retry Now"), "win.refresh");
      break;

    default:
      g_assert_not_reached ();
    }

  adw_window_title_set_subtitle (self->window_title, subtitle);
  return G_SOURCE_CONTINUE;
}

static void
update_empty_text (GwWindow *self)
{
  GwSession *session = get_session (self);
  GwConnectionState state = session ? gw_session_get_state (session) : GW_CONNECTION_NO_SERVER;

  switch (state)
    {
    case GW_CONNECTION_CONNECTING:
      gw_map_view_set_empty_text (self->map_view, _("Loading Grids…"),
                                  _("Fetching the county's grids from the town server."));
      break;

    case GW_CONNECTION_NO_SERVER:
      gw_map_view_set_empty_text (self->map_view, _("No Grids Yet"),
                                  _("Set a town server in Preferences to receive the county's grids."));
      break;

    case GW_CONNECTION_OFFLINE:
      gw_map_view_set_empty_text (self->map_view, _("No Grids Yet"),
                                  _("The town server cannot be reached and nothing was saved before."));
      break;

    case GW_CONNECTION_ONLINE:
      gw_map_view_set_empty_text (self->map_view, _("No Grids Yet"),
                                  _("The town server has no grids. Import them with gridwatch-townd --import-grids."));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_session_state_changed (GwWindow *self)
{
  GwSession *session = get_session (self);

  update_status (self);
  update_empty_text (self);

  /* Count down to the next attempt only while there is one to count. */
  if (session && gw_session_get_state (session) == GW_CONNECTION_OFFLINE)
    {
      if (self->countdown_id == 0)
        self->countdown_id = g_timeout_add_seconds (1, update_status, self);
    }
  else
    g_clear_handle_id (&self->countdown_id, g_source_remove);
}

static void
on_session_changed (GwWindow *self)
{
  g_signal_group_set_target (self->session_signals, get_session (self));
  on_session_state_changed (self);
  reload_grids (self);
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
}

static void
on_map_grid_activated (GwWindow *self,
                       GwGrid   *grid)
{
  gw_grid_sidebar_select (self->sidebar, gw_grid_get_code (grid));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  GwSession *session = get_session (GW_WINDOW (widget));

  if (session)
    gw_session_refresh (session);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gw_grid_sidebar_focus_search (self->sidebar);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);

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
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sidebar-visible", self->flap, "reveal-flap", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::basemap", G_CALLBACK (apply_basemap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::basemap-xyz-url", G_CALLBACK (apply_basemap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::basemap-mbtiles-path", G_CALLBACK (apply_basemap), self, G_CONNECT_SWAPPED);
  apply_basemap (self);

  g_signal_connect_object (app, "notify::session", G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
  on_session_changed (self);
}

static void
gw_window_map (GtkWidget *widget)
{
  GwWindow *self = GW_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *store_error = app ? gw_application_get_store_error (GW_APPLICATION (app)) : NULL;

  GTK_WIDGET_CLASS (gw_window_parent_class)->map (widget);

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

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->session_signals)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_WINDOW);

  G_OBJECT_CLASS (gw_window_parent_class)->dispose (object);
}

static void
gw_window_class_init (GwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_window_dispose;
  widget_class->map = gw_window_map;

  g_type_ensure (GW_TYPE_GRID_SIDEBAR);
  g_type_ensure (GW_TYPE_MAP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, map_view);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_grid_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_map_grid_activated);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, fit_action);
}

static void
gw_window_init (GwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->session_signals = g_signal_group_new (GW_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (on_session_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::last-error",
                                 G_CALLBACK (on_session_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "reference-changed",
                                 G_CALLBACK (reload_grids), self, G_CONNECT_SWAPPED);
}

GwWindow *
gw_window_new (AdwApplication *application)
{
  GwWindow *self = g_object_new (GW_TYPE_WINDOW, "application", application, NULL);

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
  return adw_window_title_get_subtitle (self->window_title);
}
