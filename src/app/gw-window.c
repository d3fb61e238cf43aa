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
#include "gw-store-cases.h"
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
  AdwViewStack *view_stack;
  GwCaseList *case_list;
  GwGridSidebar *sidebar;
  GwMapView *map_view;

  GSettings *settings;
  GSignalGroup *session_signals;
  GCancellable *cancellable;
  guint countdown_id;
  gboolean loading_cases;
  gboolean cases_dirty;
  gboolean store_error_shown;
  gboolean asked_to_connect;
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

/* What the case list and the map need, read in one go off the main thread. */
typedef struct
{
  GPtrArray *cases;
  GPtrArray *open_cases;
  GHashTable *category_names;
  GHashTable *grid_names;
} CaseSnapshot;

static void
case_snapshot_free (CaseSnapshot *snap)
{
  g_clear_pointer (&snap->cases, g_ptr_array_unref);
  g_clear_pointer (&snap->open_cases, g_ptr_array_unref);
  g_clear_pointer (&snap->category_names, g_hash_table_unref);
  g_clear_pointer (&snap->grid_names, g_hash_table_unref);
  g_free (snap);
}

#define LIST_LIMIT 1000

static void
read_cases_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GwStore *store = task_data;
  CaseSnapshot *snap = g_new0 (CaseSnapshot, 1);
  g_autoptr(GPtrArray) all = gw_store_list_cases (store, NULL, NULL);
  g_autoptr(GPtrArray) categories = gw_store_list_categories (store, NULL);
  g_autoptr(GPtrArray) grids = gw_store_list_grids (store, NULL);
  gboolean chinese = g_str_has_prefix (g_get_language_names ()[0], "zh");

  /* One read, newest first: the list takes the head of it, the map every
   * case still being worked on. */
  snap->cases = g_ptr_array_new_with_free_func (g_object_unref);
  snap->open_cases = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; all && i < all->len; i++)
    {
      GwCase *kase = g_ptr_array_index (all, i);

      if (i < LIST_LIMIT)
        g_ptr_array_add (snap->cases, g_object_ref (kase));
      if (gw_case_status_is_open (gw_case_get_status (kase)))
        g_ptr_array_add (snap->open_cases, g_object_ref (kase));
    }

  snap->category_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; categories && i < categories->len; i++)
    {
      const GwCategoryInfo *info = gw_category_get_info (g_ptr_array_index (categories, i));
      g_hash_table_insert (snap->category_names, g_strdup (info->code),
                           g_strdup (chinese ? info->name : info->name_en));
    }
  snap->grid_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; grids && i < grids->len; i++)
    g_hash_table_insert (snap->grid_names, g_strdup (gw_grid_get_code (g_ptr_array_index (grids, i))),
                         g_strdup (gw_grid_get_name (g_ptr_array_index (grids, i))));

  g_task_return_pointer (task, snap, (GDestroyNotify) case_snapshot_free);
}

static void reload_cases (GwWindow *self);

static void
on_cases_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CaseSnapshot *snap;
  g_autoptr(GError) error = NULL;
  GwWindow *self;

  snap = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = GW_WINDOW (user_data);
  self->loading_cases = FALSE;
  if (snap != NULL)
    {
      gw_case_list_set_cases (self->case_list, snap->cases, snap->category_names, snap->grid_names);
      gw_map_view_set_cases (self->map_view, snap->open_cases);
      case_snapshot_free (snap);
    }

  /* Changes that came while reading: read again, once. */
  if (self->cases_dirty)
    reload_cases (self);
}

static void
reload_cases (GwWindow *self)
{
  GwSession *session = get_session (self);
  g_autoptr(GTask) task = NULL;

  if (session == NULL)
    return;
  if (self->loading_cases)
    {
      self->cases_dirty = TRUE;
      return;
    }

  self->loading_cases = TRUE;
  self->cases_dirty = FALSE;
  task = g_task_new (NULL, self->cancellable, on_cases_loaded, self);
  g_task_set_source_tag (task, reload_cases);
  g_task_set_task_data (task, g_object_ref (gw_session_get_store (session)), g_object_unref);
  g_task_run_in_thread (task, read_cases_in_thread);
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
                   _("Connect…"), "win.connect");
      break;

    case GW_CONNECTION_CONNECTING:
      subtitle = g_strdup_printf (_("Connecting to %s…"),
                                  gw_town_client_get_base_url (gw_session_get_client (session)));
      break;

    case GW_CONNECTION_ONLINE:
      subtitle = g_strdup_printf (_("Live · %s"), gw_town_client_get_base_url (gw_session_get_client (session)));
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      break;

    case GW_CONNECTION_OFFLINE:
      next = gw_session_get_next_attempt (session);
      seconds = next > 0 ? (guint) MAX (0, (next - g_get_monotonic_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
      {
        g_autoptr(GDateTime) offline = gw_session_dup_offline_since (session);
        g_autofree char *offline_at = offline ? g_date_time_format (offline, "%H:%M") : NULL;

        if (offline_at)
          subtitle = g_strdup_printf (_("Offline since %s · reconnecting in %u s"), offline_at, seconds);
        else
          subtitle = g_strdup_printf (_("Offline · reconnecting in %u s"), seconds);
      }

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

  {
    guint queued = gw_session_get_queued (session);

    if (queued > 0)
      {
        g_autofree char *with_queue =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u action queued", "%s · %u actions queued", queued),
                           subtitle, queued);
        g_free (subtitle);
        subtitle = g_steal_pointer (&with_queue);
      }
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
                                  _("Connect to a town server to receive the county's grids."));
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

  if (session != NULL)
    {
      GwRole role;
      gw_case_list_set_can_act (self->case_list,
                                gw_session_get_role (session, &role) && gw_case_rules_role_may (role, "accept"));
    }

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
  reload_cases (self);
}

static void
on_urgent_case (GwWindow *self,
                GwCase   *kase)
{
  const GwCaseData *d = gw_case_get_data (kase);
  g_autofree char *text = g_strdup_printf (_("Urgent case %s: %s"), d->id, d->description ? d->description : "");
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("Show"));
  adw_toast_set_action_name (toast, "win.show-case");
  adw_toast_set_action_target_value (toast, g_variant_new_string (d->id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

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
on_action_refused (GwWindow   *self,
                   const char *case_id,
                   const char *action,
                   guint       status,
                   const char *message,
                   GwCase     *server_case)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* Nothing is silently overwritten: say what happened and show the case
   * as it now is. */
  if (status == 409)
    text = g_strdup_printf (_("Case %s was changed by someone else first; your change was not applied. %s"),
                            case_id, message ? message : "");
  else
    text = g_strdup_printf (_("The town server refused the change to case %s: %s"), case_id, message ? message : "");

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("Show"));
  adw_toast_set_action_name (toast, "win.show-case");
  adw_toast_set_action_target_value (toast, g_variant_new_string (case_id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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
accept_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  GwSession *session = get_session (self);
  g_autoptr(GError) error = NULL;

  if (session && !gw_session_perform_action (session, g_variant_get_string (param, NULL), "accept", NULL, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
show_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  adw_view_stack_set_visible_child_name (self->view_stack, "cases");
  gw_case_list_select (self->case_list, g_variant_get_string (param, NULL));
}

static void
on_case_selected (GwWindow   *self,
                  const char *case_id)
{
  GwSession *session = get_session (self);
  g_autoptr(GwCase) kase = session ? gw_store_get_case (gw_session_get_store (session), case_id) : NULL;

  if (kase != NULL)
    gw_map_view_show_location (self->map_view, gw_case_get_data (kase)->lat, gw_case_get_data (kase)->lon);
}

static void
on_map_case_activated (GwWindow   *self,
                       const char *case_id)
{
  adw_flap_set_reveal_flap (self->flap, TRUE);
  adw_view_stack_set_visible_child_name (self->view_stack, "cases");
  gw_case_list_select (self->case_list, case_id);
}

static void
on_map_case_tooltip (GwWindow   *self,
                     const char *case_id,
                     GtkTooltip *tooltip)
{
  GwSession *session = get_session (self);
  g_autoptr(GwCase) kase = session ? gw_store_get_case (gw_session_get_store (session), case_id) : NULL;
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

  adw_flap_set_reveal_flap (self->flap, TRUE);
  adw_view_stack_set_visible_child_name (self->view_stack, "grids");
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

  g_type_ensure (GW_TYPE_CASE_LIST);
  g_type_ensure (GW_TYPE_GRID_SIDEBAR);
  g_type_ensure (GW_TYPE_MAP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, case_list);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, map_view);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_grid_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_map_grid_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_map_case_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_map_case_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, on_case_selected);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.accept-case", "s", accept_case_action);
  gtk_widget_class_install_action (widget_class, "win.show-case", "s", show_case_action);
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
  g_signal_group_connect_object (self->session_signals, "notify::queued",
                                 G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "reference-changed",
                                 G_CALLBACK (reload_grids), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "cases-changed",
                                 G_CALLBACK (reload_cases), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "urgent-case",
                                 G_CALLBACK (on_urgent_case), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "action-refused",
                                 G_CALLBACK (on_action_refused), self, G_CONNECT_SWAPPED);
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
  return adw_window_title_get_subtitle (self->window_title);
}
