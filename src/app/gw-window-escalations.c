/* gw-window-escalations.c: the window's escalation board page
 *
 * The board follows the window's cases, names and user; a card opens its
 * case in the queue; news from the board becomes a toast, and a desktop
 * notification when the window is not the one in use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-queue.h"
#include "gw-window-private.h"

static void
on_board_case_activated (GwWindow   *self,
                         const char *case_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "queue");
  gw_case_queue_set_view (gw_dispatch_page_get_queue (self->dispatch_page), GW_QUEUE_VIEW_OPEN);
  gw_case_queue_select (gw_dispatch_page_get_queue (self->dispatch_page), case_id);
}

static void
on_board_news (GwWindow   *self,
               const char *title,
               const char *body,
               const char *case_id)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* A wall has its own figures for escalations; a desk's news is not its. */
  if (gw_window_is_wall (self))
    return;
  /* Translators: a toast: what happened to a whistle, then about what;
   * Chinese puts a full-width colon between them */
  text = g_strdup_printf (_("%s: %s"), title, body);
  toast = adw_toast_new (text);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("Show"));
  adw_toast_set_action_name (toast, "win.show-escalation");
  adw_toast_set_action_target_value (toast, g_variant_new_string (case_id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  if (!gtk_window_is_active (GTK_WINDOW (self)) && gtk_window_get_application (GTK_WINDOW (self)))
    {
      g_autoptr(GNotification) notification = g_notification_new (title);
      g_autofree char *id = g_strdup_printf ("escalation-%s", case_id);

      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_notification_set_default_action_and_target (notification, "app.show-case", "s", case_id);
      g_application_send_notification (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), id, notification);
    }
}

void
gw_window_setup_escalations (GwWindow *self)
{
  g_signal_connect_swapped (self->escalation_board, "case-activated", G_CALLBACK (on_board_case_activated), self);
  g_signal_connect_swapped (self->escalation_board, "news", G_CALLBACK (on_board_news), self);
}

/* Who the user is, and where the grids' and departments' names are. */
void
gw_window_update_escalations (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);
  GwRole role = GW_ROLE_DISPATCHER;
  gboolean known;

  if (session == NULL)
    return;
  known = gw_session_get_role (session, &role);
  gw_escalation_board_set_user (self->escalation_board, known, role, gw_session_get_user (session));
  gw_escalation_board_set_reference_data (self->escalation_board, gw_session_get_reference_data (session));
}
