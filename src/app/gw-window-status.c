/* gw-window-status.c: the window says how the connection is
 *
 * The header's subtitle is always current (live, connecting, offline
 * with the next attempt counted down, actions queued); a banner explains
 * when the town server cannot be reached and offers the way out; the
 * empty map says why it is empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-window-private.h"

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

/* The connection in the title and the banner; a timeout while offline. */
gboolean
gw_window_update_status (gpointer user_data)
{
  GwWindow *self = user_data;
  GwSession *session = gw_window_get_session (self);
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
      /* Held for the user: nothing is counted down. */
      if (gw_session_get_hold (session) == GW_SESSION_HOLD_CERTIFICATE)
        {
          subtitle = g_strdup (_("Offline · the server’s certificate was refused"));
          gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
          break;
        }
      if (gw_session_get_hold (session) == GW_SESSION_HOLD_TOKEN)
        {
          subtitle = g_strdup (_("Offline · the server refused this computer’s token"));
          show_banner (self, gw_session_get_last_error (session), _("Connect…"), "win.connect");
          break;
        }
      if (gw_session_get_hold (session) == GW_SESSION_HOLD_PLAIN_HTTP)
        {
          subtitle = g_strdup (_("Offline · waiting for your answer"));
          show_banner (self, _("Not connected: the access token would cross the network unencrypted."),
                       _("Review…"), "win.confirm-plain-http");
          break;
        }
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

  /* Beside the pages, and under the title where the pages go to the
   * bottom bar: the connection is always in sight. */
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
  gtk_label_set_text (self->status_label, subtitle);
  return G_SOURCE_CONTINUE;
}

void
gw_window_update_empty_text (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);
  GwConnectionState state = session ? gw_session_get_state (session) : GW_CONNECTION_NO_SERVER;

  if (self->bare != (state == GW_CONNECTION_NO_SERVER))
    {
      self->bare = state == GW_CONNECTION_NO_SERVER;
      gw_window_follow_page (self);
    }

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

