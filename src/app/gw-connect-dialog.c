/* gw-connect-dialog.c: the first-run question: which server, which token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-application.h"
#include "gw-connect-dialog.h"

struct _GwConnectDialog
{
  AdwWindow parent_instance;
  AdwEntryRow *server_row;
  AdwPasswordEntryRow *token_row;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (GwConnectDialog, gw_connect_dialog, ADW_TYPE_WINDOW)

static void
on_connect (GwConnectDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = parent ? gtk_window_get_application (parent) : NULL;
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  g_autoptr(GError) error = NULL;

  if (*token == '\0')
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The access token is missing"));
  else if (GW_IS_APPLICATION (app))
    gw_application_connect (GW_APPLICATION (app), url, token, &error);

  if (error != NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_work_offline (GwConnectDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
gw_connect_dialog_class_init (GwConnectDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_connect);
  gtk_widget_class_bind_template_callback (widget_class, on_work_offline);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_connect_dialog_init (GwConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GwConnectDialog *
gw_connect_dialog_new (GtkWindow *parent)
{
  GwConnectDialog *self = g_object_new (GW_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);
  GtkApplication *app = parent ? gtk_window_get_application (parent) : NULL;

  if (GW_IS_APPLICATION (app))
    {
      g_autofree char *url = g_settings_get_string (gw_application_get_settings (GW_APPLICATION (app)), "server-url");
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
    }
  return self;
}
