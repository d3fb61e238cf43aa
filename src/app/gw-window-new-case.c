/* gw-window-new-case.c: taking a case in at the window
 *
 * win.new-case (Ctrl+N, and the header's button) opens the New Case
 * form for the roles that report cases; win.place-case places a case
 * that came without a point. Both use the session the window follows,
 * and the inspection targets the planning page holds, if any, as places.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-queue.h"
#include "gw-new-case-dialog.h"
#include "gw-place-dialog.h"
#include "gw-ui-language.h"
#include "gw-window-private.h"

static gboolean
role_may (GwWindow   *self,
          const char *action)
{
  GwSession *session = gw_window_get_session (self);
  GwRole role;

  return session && gw_session_get_role (session, &role) && gw_case_rules_role_may (role, action);
}

/* Only those who take calls see the button; the shortcut follows. */
void
gw_window_update_new_case (GwWindow *self)
{
  gboolean may = role_may (self, "create") && !gw_window_is_wall (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case", may);
  gtk_widget_set_visible (self->new_case_button, may);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.place-case", role_may (self, "locate"));
}

/* The enterprises the planning page loaded with the catalogue, if any. */
static GwInspectionData *
targets_of (GwWindow *self)
{
  return gw_planning_page_get_data (self->planning_page);
}

static void
on_reported (GwWindow   *self,
             const char *local_id)
{
  GwSession *session = gw_window_get_session (self);
  gboolean online = session && gw_session_get_state (session) == GW_CONNECTION_ONLINE;
  AdwToast *toast = adw_toast_new (online ? _("Case reported; the town server gives it its number, grid and deadline")
                                          : _("Case saved; it is sent to the town server as soon as it can be reached"));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A report the server would not take is gone from the outbox: said
 * plainly, without the stand-in's number, which no one will see again. */
gboolean
gw_window_new_case_refused (GwWindow   *self,
                            const char *action)
{
  AdwToast *toast;

  if (g_strcmp0 (action, "create") != 0)
    return FALSE;
  toast = adw_toast_new (_("The town server did not take a new case; please report it again"));
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  return TRUE;
}

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  GwSession *session = gw_window_get_session (self);
  GwNewCaseDialog *dialog;

  if (session == NULL || !role_may (self, "create"))
    return;
  dialog = gw_new_case_dialog_new (GTK_WINDOW (self), session, targets_of (self));
  g_signal_connect_object (dialog, "reported", G_CALLBACK (on_reported), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
place_case_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  GwSession *session = gw_window_get_session (self);
  GwCase *kase = gw_window_lookup_case (self, g_variant_get_string (param, NULL));
  const char *code = kase ? gw_case_get_data (kase)->category : NULL;
  GwCategory *category = NULL;
  const char *name = NULL;

  if (session == NULL || kase == NULL)
    return;
  if (code && (category = gw_reference_data_lookup_category (gw_session_get_reference_data (session), code)))
    name = gw_ui_language_is_chinese (NULL) ? gw_category_get_info (category)->name
                                            : gw_category_get_info (category)->name_en;
  gtk_window_present (GTK_WINDOW (gw_place_dialog_new (GTK_WINDOW (self), session, kase, name, targets_of (self))));
}

/* The earlier report a caller repeats, in the queue with its panel. */
static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GwCaseQueue *queue = gw_dispatch_page_get_queue (GW_WINDOW (widget)->dispatch_page);

  gtk_widget_activate_action (widget, "win.show-page", "s", "queue");
  gw_case_queue_set_view (queue, GW_QUEUE_VIEW_OPEN);
  gw_case_queue_select (queue, g_variant_get_string (param, NULL));
}

void
gw_window_class_setup_new_case (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "win.place-case", "s", place_case_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", "s", open_case_action);
}
