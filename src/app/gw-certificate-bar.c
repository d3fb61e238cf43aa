/* gw-certificate-bar.c: says why the town server's certificate was refused
 *
 * When the session holds on a refused certificate, this bar under the
 * header says why in words (an authority this computer does not trust,
 * another host's name, a date) and shows the certificate's SHA-256
 * fingerprint, for the user to compare with what the county's IT office
 * gives them. Trusting the county's CA file pins it to this server only
 * (gw-server-trust.c); the application then starts a new session. There
 * is no retry behind the user's back: Retry is a button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-certificate-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-certificate-bar.h"
#include "gw-certificate.h"
#include "gw-server-trust.h"

struct _GwCertificateBar
{
  GtkWidget parent_instance;
  GtkWidget *revealer;
  GtkLabel *label;
  GwSession *session;
  GSignalGroup *session_signals;
  GSettings *settings;
  GtkNativeDialog *chooser;
  char *problem;            /* the last CA file that could not be used */
};

G_DEFINE_FINAL_TYPE (GwCertificateBar, gw_certificate_bar, GTK_TYPE_WIDGET)

static void
update (GwCertificateBar *self)
{
  GwTownClient *client = self->session ? gw_session_get_client (self->session) : NULL;
  gboolean held = self->session && gw_session_get_hold (self->session) == GW_SESSION_HOLD_CERTIFICATE;
  GTlsCertificate *certificate = NULL;
  GTlsCertificateFlags errors = 0;
  g_autofree char *reason = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *text = NULL;

  if (held && client)
    certificate = gw_town_client_get_refused_certificate (client, &errors);
  if (certificate == NULL)
    {
      g_clear_pointer (&self->problem, g_free);
      gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
      return;
    }

  reason = gw_certificate_describe_errors (errors);
  fingerprint = gw_certificate_get_fingerprint (certificate);
  text = g_strdup_printf (_("The town server’s certificate was refused: %s. Nothing is sent to %s until you decide.\n"
                            "SHA-256 fingerprint: %s\n"
                            "Trust its certificate authority only if your county’s IT office confirms this fingerprint."),
                          reason, gw_town_client_get_base_url (client), fingerprint ? fingerprint : "?");
  if (self->problem)
    {
      g_autofree char *with_problem = g_strconcat (text, "\n", self->problem, NULL);
      g_free (text);
      text = g_steal_pointer (&with_problem);
    }
  gtk_label_set_text (self->label, text);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
}

/* @file's authorities, for the session's server only; FALSE if the file
 * is no CA, which the bar then says. */
gboolean
gw_certificate_bar_trust_file (GwCertificateBar *self,
                               GFile            *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GwTownClient *client;

  g_return_val_if_fail (GW_IS_CERTIFICATE_BAR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  client = self->session ? gw_session_get_client (self->session) : NULL;
  if (client == NULL || self->settings == NULL)
    return FALSE;

  g_clear_pointer (&self->problem, g_free);
  if (!(path = g_file_get_path (file)))
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Choose a file on this computer"));
  else
    gw_server_trust_set_ca_file (self->settings, gw_town_client_get_base_url (client), path, &error);

  if (error)
    {
      self->problem = g_strdup (error->message);
      update (self);
      return FALSE;
    }
  return TRUE;
}

static void
on_chooser_response (GwCertificateBar *self,
                     int               response,
                     GtkNativeDialog  *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    gw_certificate_bar_trust_file (self, file);
  g_clear_object (&self->chooser);
}

static void
on_trust (GwCertificateBar *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the County’s Certificate Authority"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Trust"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_set_object (&self->chooser, GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_retry (GwCertificateBar *self)
{
  g_clear_pointer (&self->problem, g_free);
  if (self->session)
    gw_session_refresh (self->session);
}

static void
gw_certificate_bar_dispose (GObject *object)
{
  GwCertificateBar *self = GW_CERTIFICATE_BAR (object);

  if (self->chooser)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->session_signals)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_certificate_bar_parent_class)->dispose (object);
}

static void
gw_certificate_bar_class_init (GwCertificateBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_certificate_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkWidget *
button (const char *label,
        GCallback   callback,
        gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static void
gw_certificate_bar_init (GwCertificateBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("channel-insecure-symbolic");

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  /* The fingerprint is read out or pasted into a message. */
  gtk_label_set_selectable (self->label, TRUE);

  gtk_widget_add_css_class (box, "gw-banner");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), button (_("_Trust a CA File…"), G_CALLBACK (on_trust), self));
  gtk_box_append (GTK_BOX (box), button (_("_Retry"), G_CALLBACK (on_retry), self));

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (GW_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::hold", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}

void
gw_certificate_bar_set_session (GwCertificateBar *self,
                                GwSession        *session)
{
  g_return_if_fail (GW_IS_CERTIFICATE_BAR (self));
  g_return_if_fail (session == NULL || GW_IS_SESSION (session));

  g_clear_pointer (&self->problem, g_free);
  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  update (self);
}

void
gw_certificate_bar_set_settings (GwCertificateBar *self,
                                 GSettings        *settings)
{
  g_return_if_fail (GW_IS_CERTIFICATE_BAR (self));
  g_set_object (&self->settings, settings);
}

gboolean
gw_certificate_bar_is_shown (GwCertificateBar *self)
{
  g_return_val_if_fail (GW_IS_CERTIFICATE_BAR (self), FALSE);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

const char *
gw_certificate_bar_get_text (GwCertificateBar *self)
{
  g_return_val_if_fail (GW_IS_CERTIFICATE_BAR (self), NULL);
  return gtk_label_get_text (self->label);
}
