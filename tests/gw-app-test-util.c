/* gw-app-test-util.c: what the tests of real windows share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "gw-app-test-util.h"
#include "gw-assign-popover.h"
#include "gw-case-queue.h"
#include "gw-dispatch-page.h"
#include "gw-map-view.h"
#include "gw-test-util.h"

static GwWindow *
open_window (const char     *url,
             const char     *token,
             const char     *data_dir,
             gboolean        wall,
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
  gw_application_set_start_as_wall (app, wall);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (GW_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1000, 700);

  *app_out = app;
  return GW_WINDOW (window);
}

GwWindow *
gw_app_test_open_window (const char     *url,
                         const char     *token,
                         const char     *data_dir,
                         GwApplication **app_out)
{
  return open_window (url, token, data_dir, FALSE, app_out);
}

/* As `gridwatch --wall`: the window is a wall before it is shown. */
GwWindow *
gw_app_test_open_wall (const char     *url,
                       const char     *token,
                       const char     *data_dir,
                       GwApplication **app_out)
{
  return open_window (url, token, data_dir, TRUE, app_out);
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
  gw_test_wait_for (session_in_state, window, 20000, "the session's connection state");
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
  gw_test_wait_for (frames_done, &left, 30000, "frames of the widget's frame clock");
}

/* Mapped, in a surface the display server has mapped too: an unmapped
 * widget paints nothing. */
static gboolean
is_shown (gpointer data)
{
  GtkNative *native = gtk_widget_get_native (data);

  return gtk_widget_get_mapped (data) && native && gdk_surface_get_mapped (gtk_native_get_surface (native));
}

void
gw_app_test_wait_drawn (GtkWidget *widget)
{
  gw_test_wait_for (is_shown, widget, 20000, "the widget to be shown");
  /* The first lays out what changed, the second paints its result. */
  gw_app_test_wait_frames (widget, 2);
}

typedef struct
{
  GTestFunc test;
} XTest;

static void
run_with_xdotool (gconstpointer data)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  if (path == NULL)
    {
      g_test_skip ("xdotool is not installed: this test sends real X events with it "
                   "(Debian package xdotool, which build-aux/run installs)");
      return;
    }
  ((const XTest *) data)->test ();
}

void
gw_app_test_add_with_xdotool (const char *path,
                              GTestFunc   test)
{
  XTest *x = g_new (XTest, 1);

  x->test = test;
  g_test_add_data_func_full (path, x, run_with_xdotool, g_free);
}

typedef struct
{
  GwWindow *window;
  guint n_cases;
} CasesWait;

static gboolean
holds_cases (gpointer data)
{
  CasesWait *w = data;

  return gw_case_model_get_size (gw_window_get_cases (w->window)) >= w->n_cases;
}

void
gw_app_test_wait_for_cases (GwWindow *window,
                            guint     n_cases)
{
  CasesWait w = { window, n_cases };

  gw_test_wait_for (holds_cases, &w, 60000, "the window to hold every case of the server");
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

typedef struct
{
  GtkWidget *window;
  ShumateMap *map;
  double lat, lon;
  graphene_point_t at;
  GtkWidget *picked;
} MapPick;

/* Where the place is now, in the window: the map may still be moving. */
static gboolean
map_is_on_top (gpointer data)
{
  MapPick *pick = data;
  GtkWidget *map = GTK_WIDGET (pick->map);
  double x, y;

  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (pick->map), map, pick->lat, pick->lon, &x, &y);
  g_assert_true (gtk_widget_compute_point (map, pick->window, &GRAPHENE_POINT_INIT (x, y), &pick->at));
  pick->picked = gtk_widget_pick (pick->window, pick->at.x, pick->at.y, GTK_PICK_DEFAULT);
  return pick->picked == map || gtk_widget_is_ancestor (pick->picked, map);
}

void
gw_app_test_click_map_at (GwWindow *window,
                          double    lat,
                          double    lon)
{
  ShumateMap *map = gw_map_view_get_map (gw_window_get_map_view (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *command = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  double dx, dy;
  MapPick pick = { GTK_WIDGET (window), map, lat, lon, { 0, 0 }, NULL };
  int status = 0;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  /* Nothing above the map there (the legend lies over its top left); a
   * toast that came up meanwhile goes away by itself. */
  if (!gw_test_wait_until (map_is_on_top, &pick, 15000))
    g_error ("A %s lies over the map at %.0f,%.0f", pick.picked ? G_OBJECT_TYPE_NAME (pick.picked) : "nothing",
             pick.at.x, pick.at.y);
  /* The X window holds the window's resize borders too; the pointer comes
   * from elsewhere, since one already there brings the window no motion. */
  gtk_native_get_surface_transform (GTK_NATIVE (window), &dx, &dy);
  command = g_strdup_printf ("xdotool mousemove 0 0 mousemove --window %lu %d %d click 1",
                             (gulong) gdk_x11_surface_get_xid (surface), (int) (pick.at.x + dx), (int) (pick.at.y + dy));
  g_assert_true (g_spawn_command_line_sync (command, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (status != 0)
    g_error ("%s failed: %s", command, err);
}

void
gw_app_test_keys (GtkWindow  *window,
                  const char *command)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *line = g_strdup_printf ("xdotool windowfocus --sync %lu %s", (gulong) gdk_x11_surface_get_xid (surface),
                                           command);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (line, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

JsonNode *
gw_app_test_post_json (GwTestServer *server,
                       const char   *token,
                       const char   *path,
                       const char   *body,
                       guint         expected)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  guint status = 0;
  g_autoptr(GBytes) reply = gw_test_http_post_once (url, token, body, &status);

  if (status != expected)
    g_error ("POST %s %s: %u, not %u: %.*s", path, body, status, expected,
             reply ? (int) g_bytes_get_size (reply) : 0, reply ? (const char *) g_bytes_get_data (reply, NULL) : "");
  return gw_test_json_from_bytes (reply);
}

char *
gw_app_test_post_filed_case (GwTestServer *server,
                             const char   *body)
{
  g_autoptr(JsonNode) created = gw_app_test_post_json (server, server->token, "/api/v1/cases", body, 201);
  g_autoptr(JsonNode) accepted = NULL;
  g_autoptr(JsonNode) filed = NULL;
  char *id = g_strdup (json_object_get_string_member (json_node_get_object (created), "id"));
  g_autofree char *actions = g_strdup_printf ("/api/v1/cases/%s/actions", id);

  accepted = gw_app_test_post_json (server, server->token, actions, "{\"action\":\"accept\",\"base_version\":1}", 200);
  filed = gw_app_test_post_json (server, server->token, actions, "{\"action\":\"file\",\"base_version\":2}", 200);
  return id;
}

typedef struct
{
  GwWindow *window;
  const char *case_id;
  GwCaseStatus status;
} CaseIn;

static gboolean
case_in_state (gpointer data)
{
  CaseIn *in = data;
  GwCase *kase = gw_window_lookup_case (in->window, in->case_id);

  return kase && gw_case_get_status (kase) == in->status && !gw_case_get_pending (kase);
}

void
gw_app_test_wait_for_case_state (GwWindow     *window,
                                 const char   *id,
                                 GwCaseStatus  status)
{
  CaseIn in = { window, id, status };
  g_autofree char *what = g_strdup_printf ("case %s to be %s in the window", id, gw_case_status_to_string (status));

  gw_test_wait_for (case_in_state, &in, 20000, what);
}

GtkWidget *
gw_app_test_assign_popover (GwWindow *window)
{
  return gw_app_test_find_widget (GTK_WIDGET (gw_window_get_dispatch_page (window)), GW_TYPE_ASSIGN_POPOVER);
}

gboolean
gw_app_test_suggestions_shown (gpointer window)
{
  GtkWidget *popover = gw_app_test_assign_popover (window);

  return popover && gw_app_test_find_widget (popover, ADW_TYPE_ACTION_ROW) != NULL;
}
