/* gw-window-trust.c: the window asks before a token goes in clear
 *
 * When the session holds because its token would cross the network
 * unencrypted, the window asks once per session, at once; the banner
 * keeps a button to ask again. (A refused certificate has its own bar,
 * gw-certificate-bar.c.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include "gw-plain-http-dialog.h"
#include "gw-window-private.h"

static void
ask (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);
  GwTownClient *client = session ? gw_session_get_client (session) : NULL;

  if (client == NULL || self->settings == NULL)
    return;
  gtk_window_present (GTK_WINDOW (gw_plain_http_dialog_new (GTK_WINDOW (self), self->settings, client)));
}

void
gw_window_update_trust (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);

  if (session == NULL || gw_session_get_hold (session) != GW_SESSION_HOLD_PLAIN_HTTP)
    return;
  /* Compared, never dereferenced: a new session asks again. */
  if (self->asked_plain_http == (gpointer) session)
    return;
  self->asked_plain_http = session;
  ask (self);
}

void
gw_window_confirm_plain_http_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  ask (GW_WINDOW (widget));
}
