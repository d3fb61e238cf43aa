/* test-map-workers.c: the map's workers and cards in the real window, under Xvfb
 *
 * Against a real gridwatch-townd on 127.0.0.1: a grid worker's phone
 * reports with PUT /me/status and the window's workers layer has them
 * there, drawn, within one pull of the feed (the per-minute status pull
 * is not waited for); the day's track comes from the track endpoint and
 * is drawn; a click on the worker opens their card. A click on a case
 * symbol (a real X event) opens its card with the category and the
 * assignee by name, and Enter opens the case in the queue's panel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "gw-app-test-util.h"
#include "gw-case-card.h"
#include "gw-dispatch-page.h"
#include "gw-map-view.h"
#include "gw-test-util.h"
#include "gw-window.h"
#include "gw-worker-card.h"

#define WORKER "w0001"
#define A_LAT 35.4013
#define A_LON 116.9712
#define B_LAT 35.4031
#define B_LON 116.9745

/* The legend lies over the map's top left: out of the way of clicks,
 * before anything is looked at. */
static GwWindow *
open_window (GwTestServer   *server,
             const char     *data_dir,
             GwApplication **app)
{
  GwWindow *window = gw_app_test_open_window (server->url, server->token, data_dir, app);

  g_object_set (gw_window_get_map_view (window), "legend-visible", FALSE, NULL);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  return window;
}

static GwReferenceData *
reference_of (GwApplication *app)
{
  return gw_session_get_reference_data (gw_application_get_session (app));
}

static void
put_status (GwTestServer *server,
            const char   *token,
            double        lat,
            double        lon)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/me/status", NULL);
  g_autofree char *body = g_strdup_printf ("{\"on_duty\":true,\"lat\":%.6f,\"lon\":%.6f}", lat, lon);
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  answer = gw_test_http_send ("PUT", url, token, body, &status);
  g_assert_cmpuint (status, ==, 200);
}

typedef struct
{
  GwWorkerLayer *layer;
  double lat, lon;
} WorkerAt;

static gboolean
worker_at (gpointer data)
{
  WorkerAt *w = data;
  int index = gw_worker_layer_find (w->layer, WORKER);
  double lat, lon;

  if (index < 0)
    return FALSE;
  gw_worker_layer_get_worker (w->layer, index, &lat, &lon, NULL);
  return G_APPROX_VALUE (lat, w->lat, 1e-6) && G_APPROX_VALUE (lon, w->lon, 1e-6);
}

/* The map as the window draws it. */
static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
}

/* The pixel at @x, @y is the workers' teal, give or take. */
static gboolean
is_teal_at (GdkTexture *texture,
            double      x,
            double      y)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  const guchar *p;
  GdkRGBA teal;

  g_assert_true (x >= 0 && y >= 0 && x < width && y < height);
  gdk_texture_download (texture, pixels, width * 4);
  p = pixels + ((gsize) (int) y * width + (int) x) * 4;   /* B, G, R, A */
  gw_worker_layer_get_color (&teal);
  g_test_message ("pixel at %.0f,%.0f: R %d G %d B %d", x, y, p[2], p[1], p[0]);
  return ABS (p[2] - teal.red * 255) < 40 && ABS (p[1] - teal.green * 255) < 40 && ABS (p[0] - teal.blue * 255) < 40;
}

static gboolean
track_drawn (gpointer data)
{
  return gw_worker_layer_get_track_length (data) == 2;
}

/* The card's button for the track: the last one. */
static GtkWidget *
track_button (GtkPopover *card)
{
  GtkWidget *found = NULL;

  for (GtkWidget *w = gw_app_test_find_widget (GTK_WIDGET (card), GTK_TYPE_BUTTON); w; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BUTTON (w))
      found = w;
  g_assert_nonnull (found);
  return found;
}

static gboolean
card_is_up (gpointer data)
{
  GtkPopover *card = gw_map_view_get_card (data);

  return card && gtk_widget_get_mapped (GTK_WIDGET (card));
}

/* Real key presses into the window, which hands them to its card. */
static void
press (GwWindow   *window,
       const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *command = g_strdup_printf ("xdotool windowfocus --sync %lu key %s",
                                              (gulong) gdk_x11_surface_get_xid (surface), keys);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

/* The map at @lat, @lon close in, and drawn there. */
static void
look_at (GwMapView *map_view,
         double     lat,
         double     lon)
{
  gw_map_view_set_position (map_view, lat, lon, 16);
  gw_app_test_wait_drawn (GTK_WIDGET (gw_map_view_get_map (map_view)));
}

/* The report is in the server's change feed, as the worker's. */
static void
assert_in_feed (GwTestServer *server)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/changes?since=0&limit=5000", NULL);
  guint status = 0;
  g_autoptr(GBytes) body = gw_test_http_get (url, server->token, NULL, &status, NULL);
  g_autoptr(JsonNode) root = gw_test_json_from_bytes (body);
  JsonArray *changes = json_object_get_array_member (json_node_get_object (root), "changes");
  guint found = 0;

  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "worker_status") &&
          g_str_equal (json_object_get_string_member (change, "id"), WORKER))
        found++;
    }
  /* Compacted: one change however many reports. */
  g_assert_cmpuint (found, ==, 1);
}

static guint
track_points_on_server (GwTestServer *server)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/workers/" WORKER "/track", NULL);
  guint status = 0;
  g_autoptr(GBytes) body = gw_test_http_get (url, server->token, NULL, &status, NULL);
  g_autoptr(JsonNode) root = gw_test_json_from_bytes (body);

  g_assert_cmpuint (status, ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (root), "items"));
}

static void
test_workers_live (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("workers-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("workers-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *phone = gw_test_add_user (server_db, WORKER, "worker");
  g_autoptr(GdkTexture) drawn = NULL;
  GwMapView *map_view;
  GwWorkerLayer *layer;
  GwApplication *app;
  GwWindow *window;
  GwWorker *worker;
  WorkerAt at;
  double x, y, ax, ay, bx, by;
  int index;

  window = open_window (server, data_dir, &app);
  map_view = gw_window_get_map_view (window);
  layer = gw_map_view_get_worker_layer (map_view);
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.workers", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (layer)));

  /* The phone reports; the feed brings it, well before the minute's
   * status pull would. */
  put_status (server, phone, A_LAT, A_LON);
  at = (WorkerAt) { layer, A_LAT, A_LON };
  gw_test_wait_for (worker_at, &at, 20000, "the worker where the phone put them");
  assert_in_feed (server);

  /* Drawn there, in the workers' colour. */
  look_at (map_view, A_LAT, A_LON);
  index = gw_worker_layer_find (layer, WORKER);
  g_assert_cmpuint (gw_worker_layer_get_n_drawn (layer), >=, 1);
  g_assert_true (gw_worker_layer_get_screen_position (layer, index, &x, &y));
  drawn = render (GTK_WIDGET (gw_map_view_get_map (map_view)));
  /* Beside its white eye, inside the dot. */
  g_assert_true (is_teal_at (drawn, x + 4, y));
  g_clear_object (&drawn);

  /* They walk on; the map follows, and their day is a line through both. */
  put_status (server, phone, B_LAT, B_LON);
  at = (WorkerAt) { layer, B_LAT, B_LON };
  gw_test_wait_for (worker_at, &at, 20000, "the worker where the phone went next");
  g_assert_cmpuint (track_points_on_server (server), ==, 2);

  /* A click on them: their card, by name, with the phone for the desk. */
  look_at (map_view, B_LAT, B_LON);
  gw_app_test_click_map_at (window, B_LAT, B_LON);
  gw_test_wait_for (card_is_up, map_view, 10000, "the worker's card");
  g_assert_true (GW_IS_WORKER_CARD (gw_map_view_get_card (map_view)));
  worker = gw_reference_data_lookup_worker (reference_of (app), WORKER);
  g_assert_nonnull (worker);
  {
    g_autofree char *text = gw_worker_card_get_text (GW_WORKER_CARD (gw_map_view_get_card (map_view)));

    g_test_message ("worker card: %s", text);
    g_assert_nonnull (strstr (text, gw_worker_get_name (worker)));
    g_assert_nonnull (strstr (text, gw_worker_get_phone (worker)));
  }

  /* Its "Show today's track": the day is a line through both places. */
  g_signal_emit_by_name (track_button (gw_map_view_get_card (map_view)), "clicked");
  gw_test_wait_for (track_drawn, layer, 20000, "today's track on the map");
  look_at (map_view, (A_LAT + B_LAT) / 2, (A_LON + B_LON) / 2);
  g_assert_true (gw_worker_layer_get_track_point (layer, 0, &ax, &ay));
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (gw_map_view_get_map (map_view)),
                                              GTK_WIDGET (gw_map_view_get_map (map_view)), A_LAT, A_LON, &x, &y);
  g_assert_cmpfloat_with_epsilon (ax, x, 1);
  g_assert_cmpfloat_with_epsilon (ay, y, 1);
  g_assert_true (gw_worker_layer_get_track_point (layer, 1, &bx, &by));
  drawn = render (GTK_WIDGET (gw_map_view_get_map (map_view)));
  /* A third of the way along, away from both dots. */
  g_assert_true (is_teal_at (drawn, ax + (bx - ax) / 3, ay + (by - ay) / 3));
  gw_app_test_close_window (window, app);
}

static char *
post_assigned_case (GwTestServer *server)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases", NULL);
  g_autoptr(GBytes) created = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *actions = NULL;
  char *id;
  guint status = 0;
  const char *steps[] = { "{\"action\":\"accept\",\"base_version\":1}", "{\"action\":\"file\",\"base_version\":2}",
                          "{\"action\":\"assign\",\"base_version\":3,\"params\":{\"assignee\":\"worker:" WORKER "\"}}" };

  created = gw_test_http_post_once (url, server->token,
                                    "{\"source\":\"hotline_12345\",\"lat\":35.4013,\"lon\":116.9712,"
                                    "\"category\":\"E0101\",\"description\":\"小区门口暴露垃圾\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  root = gw_test_json_from_bytes (created);
  id = g_strdup (json_object_get_string_member (json_node_get_object (root), "id"));
  actions = g_strdup_printf ("%s/api/v1/cases/%s/actions", server->url, id);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GBytes) answer = gw_test_http_post_once (actions, server->token, steps[i], &status);

      g_assert_cmpuint (status, ==, 200);
    }
  return id;
}

typedef struct
{
  GwWindow *window;
  const char *case_id;
} CaseWait;

static gboolean
case_dispatched (gpointer data)
{
  CaseWait *w = data;
  GwCase *kase = gw_window_lookup_case (w->window, w->case_id);

  return kase && gw_case_get_status (kase) == GW_CASE_STATUS_DISPATCHED && !gw_case_get_pending (kase);
}

static gboolean
panel_shows (gpointer data)
{
  CaseWait *w = data;
  GwCase *shown = gw_case_panel_get_case (gw_dispatch_page_get_panel (gw_window_get_dispatch_page (w->window)));

  return shown && g_str_equal (gw_case_get_id (shown), w->case_id) &&
         g_strcmp0 (gw_window_get_visible_page (w->window), "queue") == 0;
}

static void
on_case_activated (GwMapView *map_view, const char *id)
{
  g_test_message ("activated %s card %p", id, gw_map_view_get_card (map_view));
}

/* The case's symbol is on the map where the case is. */
static gboolean
symbol_drawn (gpointer data)
{
  GwMapView *map_view = data;
  ShumateMap *map = gw_map_view_get_map (map_view);
  GwCaseLayerHit hit;
  double x, y;

  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map), 35.4013, 116.9712,
                                              &x, &y);
  return gw_case_layer_pick (gw_map_view_get_case_layer (map_view), x, y, &hit) && hit.count == 1;
}

static void
test_case_card (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("card-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("card-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *phone = gw_test_add_user (server_db, WORKER, "worker");
  g_autofree char *id = post_assigned_case (server);
  g_autofree char *text = NULL;
  GwMapView *map_view;
  GwApplication *app;
  GwWindow *window;
  GwCategory *category;
  GwWorker *worker;
  CaseWait wait;

  window = open_window (server, data_dir, &app);
  wait = (CaseWait) { window, id };
  gw_test_wait_for (case_dispatched, &wait, 20000, "the case in the window");
  map_view = gw_window_get_map_view (window);
  look_at (map_view, 35.4013, 116.9712);

  gw_test_wait_for (symbol_drawn, map_view, 10000, "the case's symbol on the map");
  g_signal_connect (map_view, "case-activated", G_CALLBACK (on_case_activated), NULL);
  gw_app_test_click_map_at (window, 35.4013, 116.9712);
  gw_test_wait_for (card_is_up, map_view, 10000, "the case's card");
  g_assert_true (GW_IS_CASE_CARD (gw_map_view_get_card (map_view)));
  g_assert_cmpstr (gw_case_card_get_case_id (GW_CASE_CARD (gw_map_view_get_card (map_view))), ==, id);
  text = gw_case_card_get_text (GW_CASE_CARD (gw_map_view_get_card (map_view)));
  g_test_message ("case card: %s", text);
  category = gw_reference_data_lookup_category (reference_of (app), "E0101");
  worker = gw_reference_data_lookup_worker (reference_of (app), WORKER);
  g_assert_nonnull (strstr (text, gw_category_get_info (category)->name_en));
  g_assert_nonnull (strstr (text, gw_worker_get_name (worker)));
  g_assert_null (strstr (text, "worker:"));

  /* With the case selected, a worker's card offers it to them. */
  gw_map_view_close_card (map_view);
  g_object_set (map_view, "workers-visible", TRUE, NULL);
  put_status (server, phone, B_LAT, B_LON);
  {
    WorkerAt at = { gw_map_view_get_worker_layer (map_view), B_LAT, B_LON };
    g_autofree char *card_text = NULL;
    g_auto(GStrv) selected = gw_map_view_get_selected_cases (map_view);

    g_assert_cmpstrv (selected, ((const char *[]) { id, NULL }));
    gw_test_wait_for (worker_at, &at, 20000, "the worker on the map");
    gw_app_test_click_map_at (window, B_LAT, B_LON);
    gw_test_wait_for (card_is_up, map_view, 10000, "the worker's card");
    card_text = gw_worker_card_get_text (GW_WORKER_CARD (gw_map_view_get_card (map_view)));
    g_test_message ("worker card: %s", card_text);
    g_assert_nonnull (strstr (card_text, gw_category_get_info (gw_reference_data_lookup_category (reference_of (app),
                                                                                                  "E0101"))->name_en));
    g_assert_nonnull (strstr (card_text, "Assign to this worker"));
  }
  gw_map_view_close_card (map_view);
  gw_app_test_click_map_at (window, 35.4013, 116.9712);
  gw_test_wait_for (card_is_up, map_view, 10000, "the case's card again");

  /* Enter: the whole case, in the queue's panel. */
  press (window, "Return");
  gw_test_wait_for (panel_shows, &wait, 10000, "the case in the panel after Enter");
  gw_app_test_close_window (window, app);
}

int
main (int   argc,
      char *argv[])
{
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  gw_app_test_add_with_xdotool ("/map-workers/live-track-and-card", test_workers_live);
  gw_app_test_add_with_xdotool ("/map-workers/case-card", test_case_card);

  return g_test_run ();
}
