/* gw-plain-http-dialog.c: asks before a token goes unencrypted to the network
 *
 * The town client sends nothing with a token over plain http:// to a host
 * that is not this computer until the user agrees, once per server
 * (gw-server-trust.c keeps the answer). This is the question: what is at
 * stake, and what to ask the server's keepers for instead. Staying
 * offline is the default answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-plain-http-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-plain-http-dialog.h"
#include "gw-server-trust.h"

/* What the answer is about: the server that would get the token. */
typedef struct
{
  GSettings *settings;
  char *url;
} Question;

static void
question_free (gpointer  data,
               GClosure *closure)
{
  Question *question = data;

  g_object_unref (question->settings);
  g_free (question->url);
  g_free (question);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             Question         *question)
{
  if (g_str_equal (response, "send"))
    gw_server_trust_allow_plain_http (question->settings, question->url);
}

GtkWidget *
gw_plain_http_dialog_new (GtkWindow    *parent,
                          GSettings    *settings,
                          GwTownClient *client)
{
  const char *url = gw_town_client_get_base_url (client);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  Question *question;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (client), NULL);

  body = g_strdup_printf (_("%s is not on this computer and does not use encryption (http://, not https://). "
                            "Anyone on the network between here and the server could read your access token, "
                            "then act as you and read every case.\n\n"
                            "Ask the server’s keepers for an https:// address. Send the token this way only "
                            "on a network you trust."), url);
  dialog = adw_message_dialog_new (parent, _("Send the Access Token Unencrypted?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Stay Offline"),
                                    "send", _("_Send Unencrypted"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  question = g_new0 (Question, 1);
  question->settings = g_object_ref (settings);
  question->url = g_strdup (url);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), question, question_free, 0);
  return dialog;
}
