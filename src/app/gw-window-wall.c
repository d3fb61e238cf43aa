/* gw-window-wall.c: the window as a wall screen
 *
 * win.wall (F11, and `gridwatch --wall`) turns the window into the wall:
 * full screen, dark, the desk's header and panels gone, the wall view
 * going round by itself. Esc or F11 again brings the desk back. The wall
 * is fed from the same cache as the desk, so it keeps the county on the
 * screen when the server is away, saying since when.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include "gw-window-private.h"

gboolean
gw_window_is_wall (GwWindow *self)
{
  return g_str_equal (gtk_stack_get_visible_child_name (self->mode_stack), "wall");
}

/* Whether the data is live, or as of when: the session says. */
void
gw_window_update_wall (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);
  g_autoptr(GDateTime) last = session ? gw_session_dup_last_sync (session) : NULL;
  gboolean live = session && gw_session_get_state (session) == GW_CONNECTION_ONLINE;

  gw_wall_view_set_data_time (self->wall_view, live, last);
}

static void
set_wall (GwWindow *self,
          gboolean  wall)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  /* A window opened as a wall (--wall) may never show the desk: a wall
   * left running for weeks kept the desk's case list and queue up to
   * date with every case, for nobody. They follow the cases from the
   * first time the desk is shown. */
  if (wall && !gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->desk_idle)
    {
      self->desk_idle = TRUE;
      gw_window_follow_cases_on_desk (self);
    }
  else if (!wall && self->desk_idle)
    {
      self->desk_idle = FALSE;
      gw_window_follow_cases_on_desk (self);
      /* The wall folded the closed cases: the desk reads them all again. */
      gw_window_reload_all_cases (self);
    }
  gw_wall_view_set_fold_closed (self->wall_view, self->desk_idle);
  gtk_stack_set_visible_child_name (self->mode_stack, wall ? "wall" : "desk");
  /* Light on a desk as the user likes it; always dark on a wall. */
  adw_style_manager_set_color_scheme (style, wall ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_DEFAULT);
  if (wall)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
  gw_window_update_wall (self);
  gw_wall_view_set_interval (self->wall_view, g_settings_get_uint (self->settings, "wall-interval"));
  gw_wall_view_set_running (self->wall_view, wall);
}

static void
on_wall_change_state (GSimpleAction *action,
                      GVariant      *state,
                      gpointer       user_data)
{
  g_simple_action_set_state (action, state);
  set_wall (GW_WINDOW (user_data), g_variant_get_boolean (state));
}

static void
on_wall_activate (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
}

static void
on_interval_changed (GwWindow *self)
{
  gw_wall_view_set_interval (self->wall_view, g_settings_get_uint (self->settings, "wall-interval"));
}

void
gw_window_setup_wall (GwWindow *self)
{
  g_autoptr(GSimpleAction) wall = g_simple_action_new_stateful ("wall", NULL, g_variant_new_boolean (FALSE));

  g_signal_connect (wall, "activate", G_CALLBACK (on_wall_activate), self);
  g_signal_connect (wall, "change-state", G_CALLBACK (on_wall_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (wall));
  g_signal_connect_object (self->settings, "changed::wall-interval", G_CALLBACK (on_interval_changed), self,
                           G_CONNECT_SWAPPED);
}
