/* gw-app-test-util.c: what the tests of real windows share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-app-test-util.h"
#include "gw-case-queue.h"
#include "gw-test-util.h"

GwWindow *
gw_app_test_open_window (const char *url,
             const char *token,
             const char *data_dir,
             GwApplication **app_out)
{
  static guint instance;
  g_autofree char *id = g_strdup_printf ("org.gridwatch.Gridwatch.Test%u", ++instance);
  g_autoptr(GError) error = NULL;
  GwApplication *app;
  GtkWindow *window;

  /* Each instance in this process exports its own paths on the bus. */
  app = g_object_new (GW_TYPE_APPLICATION,
                      "application-id", id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/gridwatch/Gridwatch",
                      NULL);
  gw_application_configure (app, url, token, data_dir);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (GW_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1000, 700);

  *app_out = app;
  return GW_WINDOW (window);
}

void
gw_app_test_close_window (GwWindow      *window,
              GwApplication *app)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (app);
}

static gboolean
session_in_state (gpointer data)
{
  GwWindow *window = data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  GwSession *session = gw_application_get_session (GW_APPLICATION (app));
  GwConnectionState wanted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), "wanted-state"));

  return gw_session_get_state (session) == wanted;
}

void
gw_app_test_wait_for_state (GwWindow          *window,
                GwConnectionState  state)
{
  g_object_set_data (G_OBJECT (window), "wanted-state", GUINT_TO_POINTER (state));
  g_assert_true (gw_test_wait_until (session_in_state, window, 20000));
}

void
gw_app_test_settle (void)
{
  /* Let the idle fit, the frame clock and the tile threads run. */
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  guint *frames = data;

  if (*frames > 0)
    --*frames;
  return *frames > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
frames_done (gpointer data)
{
  return *(guint *) data == 0;
}

/* Frames, not time: a loaded machine may take a second for one frame
 * of a 4K window, and each frame lays out what changed before it. */
void
gw_app_test_wait_frames (GtkWidget *widget,
                         guint      frames)
{
  guint left = frames;

  gtk_widget_add_tick_callback (widget, count_frame, &left, NULL);
  g_assert_true (gw_test_wait_until (frames_done, &left, 30000));
}

gboolean
gw_app_test_has_cases (gpointer data)
{
  return gw_case_queue_get_n_shown (data) > 2;
}

GtkWidget *
gw_app_test_find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gw_app_test_find_widget (child, type);

      if (found)
        return found;
    }
  return NULL;
}
