/* test-app-window.c: the real window, on a real town server, under Xvfb:
 * the map and lists from the server then from the cache, no server at
 * all, a dispatcher's keyboard, a leader who can change nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "gw-application.h"
#include "gw-case-labels.h"
#include "gw-case-list.h"
#include "gw-case-list-row.h"
#include "gw-map-transform.h"
#include "gw-app-test-util.h"
#include "gw-test-util.h"
#include "gw-assign-popover.h"
#include "gw-assignment.h"
#include "gw-case-photo.h"
#include "gw-media.h"
#include "gw-bar-chart.h"
#include "gw-dispatch-page.h"
#include "gw-queue-text.h"
#include "gw-cache-schema.h"
#include "gw-store-cases.h"
#include "gw-window.h"
#include "gw-bar-chart.h"
#include "gw-server-schema.h"

#include <gdk/x11/gdkx.h>

typedef struct
{
  guint8 r, g, b;
} Pixel;

static char *fixture_path;

static gboolean
grids_shown (gpointer data)
{
  GwMapView *map_view = gw_window_get_map_view (data);
  return gw_grid_layer_get_n_grids (gw_map_view_get_grid_layer (map_view)) == 3 &&
         gtk_widget_get_width (GTK_WIDGET (gw_map_view_get_map (map_view))) > 100;
}

/* The fixture's two towns both on screen: the map has fitted the county. */
static gboolean
county_in_view (gpointer data)
{
  ShumateMap *map = gw_map_view_get_map (gw_window_get_map_view (data));
  const double points[][2] = { { 35.34, 116.93 }, { 35.46, 117.07 } };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double x, y;

      shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                                  points[i][0], points[i][1], &x, &y);
      if (x < 0 || y < 0 || x >= gtk_widget_get_width (GTK_WIDGET (map)) || y >= gtk_widget_get_height (GTK_WIDGET (map)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
grid_tiles_drawn (gpointer data)
{
  return gw_grid_layer_is_complete (data);
}

static GdkTexture *
render_map (GwWindow   *window,
            const char *png_name)
{
  GtkWidget *map = GTK_WIDGET (gw_map_view_get_map (gw_window_get_map_view (window)));
  GwGridLayer *layer = gw_map_view_get_grid_layer (gw_window_get_map_view (window));
  g_autoptr(GskRenderNode) node = NULL;
  g_autofree char *png = gw_test_tmp_path (png_name);
  GdkTexture *texture;

  gw_app_test_wait_drawn (map);
  /* The first sight of a county is drawn over several frames. A widget's
   * paintable takes the widget's last picture, or paints it afresh when a
   * redraw is pending, and on a slow (sanitized) build that paint can run
   * out of its time budget and leave tiles for later frames: the picture
   * counts only when the paint it shows left none. */
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gw_test_wait_for (grid_tiles_drawn, layer, 20000, "every grid tile of the view drawn");
      paintable = gtk_widget_paintable_new (map);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                              gtk_widget_get_width (map), gtk_widget_get_height (map));
      node = gtk_snapshot_to_node (snapshot);
      if (gw_grid_layer_is_complete (layer))
        break;
      g_assert_cmpuint (attempt, <, 50);
      g_clear_pointer (&node, gsk_render_node_unref);
      gw_app_test_wait_frames (map, 1);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (map)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("rendered %s", png);

  return texture;
}

static Pixel
pixel_at (GdkTexture *texture,
          double      x,
          double      y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc (width * height * 4);
  int px = (int) x, py = (int) y;
  guint8 *p;

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, width);
  g_assert_cmpint (py, <, height);

  /* GDK_MEMORY_DEFAULT: B, G, R, A, premultiplied; the map is opaque. */
  gdk_texture_download (texture, data, width * 4);
  p = data + (py * width + px) * 4;
  return (Pixel) { p[2], p[1], p[0] };
}

static void
location_to_pixel (GwWindow *window,
                   double    lat,
                   double    lon,
                   double   *x,
                   double   *y)
{
  ShumateMap *map = gw_map_view_get_map (gw_window_get_map_view (window));
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  GwMapTransform t;
  double mx, my;

  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), lat, lon, x, y);

  /* Our layer's own projection must agree with libshumate's. */
  g_assert_true (gw_map_transform_init (&t, viewport, GTK_WIDGET (map)));
  gw_map_transform_to_screen_rotated (&t, gw_mercator_x_from_lon (lon), gw_mercator_y_from_lat (lat), &mx, &my);
  g_assert_cmpfloat_with_epsilon (mx, *x, 0.01);
  g_assert_cmpfloat_with_epsilon (my, *y, 0.01);
}

/* The fixture: west town filled blue, east town green, nothing outside. */
static void
assert_fixture_drawn (GwWindow   *window,
                      const char *png_name)
{
  g_autoptr(GdkTexture) texture = render_map (window, png_name);
  double x, y;
  Pixel west, east, outside;

  /* Off the centres, where the town names are written. */
  location_to_pixel (window, 35.34, 116.93, &x, &y);
  west = pixel_at (texture, x, y);
  location_to_pixel (window, 35.46, 117.07, &x, &y);
  east = pixel_at (texture, x, y);
  location_to_pixel (window, 35.40, 117.30, &x, &y);
  outside = pixel_at (texture, MIN (x, gdk_texture_get_width (texture) - 2), y);

  g_test_message ("west %u,%u,%u east %u,%u,%u outside %u,%u,%u",
                  west.r, west.g, west.b, east.r, east.g, east.b, outside.r, outside.g, outside.b);

  g_assert_cmpint (west.b, >, west.r + 20);
  g_assert_cmpint (west.b, >, west.g + 5);
  g_assert_cmpint (east.g, >, east.r + 20);
  g_assert_cmpint (east.g, >, east.b + 10);
  g_assert_cmpint (ABS (outside.r - outside.g), <, 8);
  g_assert_cmpint (ABS (outside.g - outside.b), <, 8);
}

static void
post_case (GwTestServer *server)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autofree char *bearer = g_strconcat ("Bearer ", server->token, NULL);
  const char *body = "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.95,\"priority\":\"urgent\",\"description\":\"test\"}";
  g_autoptr(GBytes) request = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
}

static gboolean
case_shown (gpointer data)
{
  GwWindow *window = data;

  return gw_case_list_get_n_cases (gw_window_get_case_list (window)) == 1 &&
         gw_case_points_get_n_shown (gw_case_layer_get_points (gw_map_view_get_case_layer (gw_window_get_map_view (window)))) == 1;
}

static gboolean
centred_on_east_town (gpointer data)
{
  return G_APPROX_VALUE (shumate_location_get_longitude (SHUMATE_LOCATION (data)), 117.05, 0.001);
}

static gboolean
cases_from_cache (gpointer data)
{
  return gw_case_list_get_n_cases (gw_window_get_case_list (data)) == 1;
}

static GwCaseListRow *
case_list_row (GwWindow *window)
{
  return (GwCaseListRow *) gw_app_test_find_widget (GTK_WIDGET (gw_window_get_case_list (window)), GW_TYPE_CASE_LIST_ROW);
}

static gboolean
row_offers_accept (gpointer data)
{
  GwCaseListRow *row = case_list_row (data);

  return row && gw_case_list_row_offers_accept (row);
}

typedef struct
{
  GwWindow *window;
  GwCaseListRow *row;
} RowIn;

/* The case was taken in at the server and the row says so, wherever the
 * row is. */
static gboolean
row_shows_accepted (gpointer data)
{
  RowIn *in = data;
  GwCaseListRow *row = case_list_row (in->window);
  GwCase *kase = gw_case_model_get (gw_window_get_cases (in->window), 0);

  in->row = row;
  return row && gw_case_get_status (kase) == GW_CASE_STATUS_ACCEPTED && !gw_case_get_pending (kase) &&
         g_strcmp0 (gw_case_list_row_get_status_text (row), gw_case_status_label (GW_CASE_STATUS_ACCEPTED)) == 0;
}

/* A new version of the case changes its row's text, not its row: the
 * row widget and the item it shows stay, the labels follow by binding. */
/* Showing a case shows its whole grid around it, not a street corner. */
static gboolean
case_grid_in_view (gpointer data)
{
  GwMapView *view = gw_window_get_map_view (data);
  ShumateMap *map = gw_map_view_get_map (view);
  GwCase *kase = gw_case_model_get (gw_window_get_cases (data), 0);
  GwGrid *grid = gw_grid_layer_lookup (gw_map_view_get_grid_layer (view), gw_case_get_data (kase)->grid);
  const GwBounds *b = grid ? gw_geometry_get_bounds (gw_grid_get_geometry (grid)) : NULL;
  const double corners[][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };

  if (b == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      double x, y;

      shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                                  corners[i][0] ? b->max_lat : b->min_lat,
                                                  corners[i][1] ? b->max_lon : b->min_lon, &x, &y);
      if (x < 0 || y < 0 || x >= gtk_widget_get_width (GTK_WIDGET (map)) || y >= gtk_widget_get_height (GTK_WIDGET (map)))
        return FALSE;
    }
  return TRUE;
}

static void
assert_row_updates_in_place (GwWindow *window)
{
  GwCase *kase = gw_case_model_get (gw_window_get_cases (window), 0);
  g_autofree char *id = g_strdup (gw_case_get_id (kase));
  g_autofree char *title = NULL;
  RowIn in = { window, NULL };
  GwCaseListRow *row;
  GwCaseListItem *item;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-case", "s", id);
  gw_test_wait_for (case_grid_in_view, window, 20000, "the map to show the case's whole grid");
  gw_test_wait_for (row_offers_accept, window, 20000, "the case's row to offer Accept");
  row = case_list_row (window);
  item = gw_case_list_row_get_item (row);
  title = g_strdup (gw_case_list_row_get_title_text (row));
  g_assert_cmpstr (gw_case_list_row_get_status_text (row), ==, gw_case_status_label (GW_CASE_STATUS_REPORTED));
  g_assert_true (g_str_has_prefix (title, "[Urgent] "));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.accept-case", "s", id);
  gw_test_wait_for (row_shows_accepted, &in, 20000, "the row to show the accepted case");
  g_assert_true (in.row == row);
  g_assert_true (gw_case_list_row_get_item (row) == item);
  g_assert_true (gw_case_list_item_get_case (item) == gw_window_lookup_case (window, id));
  g_assert_false (gw_case_list_row_offers_accept (row));
  g_assert_cmpstr (gw_case_list_row_get_title_text (row), ==, title);
}

/* A case found by its ID (Ctrl+J) is shown on the map, and the map has
 * the keys: −, + and Home act on it at once, not on the case list. */
static void
assert_find_case_gives_keys_to_map (GwWindow *window)
{
  /* Not the case shown last: finding it changes the list's selection. */
  GwCaseModel *cases = gw_window_get_cases (window);
  GwCase *kase = gw_case_model_get (cases, gw_case_model_get_size (cases) - 1);
  GtkWidget *map = GTK_WIDGET (gw_window_get_map_view (window));
  GtkWidget *focus;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-case", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), gw_case_get_id (kase));
  /* Enter in the entry: its text's "activate" is the search entry's. */
  g_assert_true (GTK_IS_SEARCH_ENTRY (gtk_widget_get_parent (focus)));
  g_signal_emit_by_name (gtk_widget_get_parent (focus), "activate");
  gw_app_test_wait_frames (map, 10);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == map || (focus && gtk_widget_is_ancestor (focus, map)));
}

/* The county fitted: its east town in the right half of the map. */
static gboolean
east_town_on_the_right (gpointer data)
{
  GwGridLayer *layer = gw_map_view_get_grid_layer (gw_window_get_map_view (data));
  GwGrid *grid = gw_grid_layer_get_grid_at (layer, gtk_widget_get_width (GTK_WIDGET (layer)) * 0.75,
                                            gtk_widget_get_height (GTK_WIDGET (layer)) / 2.0);

  return county_in_view (data) && grid && g_strcmp0 (gw_grid_get_code (grid), "990001002") == 0;
}

#define CLOSED_LONG_AGO "GW20240105-000007"

/* A case closed two years ago, in the cache as a pull left it. */
static void
put_case_closed_long_ago (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "cache.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) cache = gw_cache_open (path, &error);
  g_autoptr(GwCase) kase = NULL;
  GwCaseData d = { 0 };

  g_assert_no_error (error);
  d.id = (char *) CLOSED_LONG_AGO;
  d.status = GW_CASE_STATUS_CLOSED;
  d.source = GW_CASE_SOURCE_PATROL;
  d.category = (char *) "E0101";
  d.lat = 35.40;
  d.lon = 117.00;
  d.reported_at = (char *) "2024-01-05T09:00:00+08:00";
  d.closed_at = (char *) "2024-01-08T17:00:00+08:00";
  d.updated_at = d.closed_at;
  d.version = 6;
  kase = gw_case_new (&d);
  g_assert_true (gw_store_put_case (cache, kase, &error));
  g_assert_no_error (error);
}

static gboolean
old_case_in_model (gpointer data)
{
  return gw_window_lookup_case (data, CLOSED_LONG_AGO) != NULL;
}

/* Closed before the review's horizon: left in the cache, not read into
 * the window's cases, and read back when asked for by its number. */
static void
assert_old_case_found_when_asked (GwWindow *window)
{
  GtkWidget *focus;

  g_assert_null (gw_window_lookup_case (window, CLOSED_LONG_AGO));
  g_assert_cmpuint (gw_case_model_get_size (gw_window_get_cases (window)), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-case", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  gtk_editable_set_text (GTK_EDITABLE (focus), CLOSED_LONG_AGO);
  g_signal_emit_by_name (gtk_widget_get_parent (focus), "activate");
  gw_test_wait_for (old_case_in_model, window, 20000, "the old case to be read back from the cache");
  g_assert_cmpint (gw_case_get_status (gw_window_lookup_case (window, CLOSED_LONG_AGO)), ==, GW_CASE_STATUS_CLOSED);
  g_assert_cmpuint (gw_case_model_get_size (gw_window_get_cases (window)), ==, 2);
}

static void
test_window_on_server_then_from_cache (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("app-data");
  g_autoptr(GwTestServer) server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  GwApplication *app;
  GwWindow *window;
  GwGridLayer *layer;
  ShumateViewport *viewport;
  GwGrid *east_town;
  double zoom_before;
  double left_lat, left_lon, left_zoom;
  const char *banner;

  g_assert_cmpint (gw_test_run_townd (&out, NULL, "--db", server_db, "--import-grids", fixture_path, NULL), ==, 0);
  server = gw_test_server_start (server_db, NULL);
  url = g_strdup (server->url);

  /* On the server. The fixture's towns are told apart by colour. */
  window = gw_app_test_open_window (url, server->token, data_dir, &app);
  g_settings_set_string (gw_application_get_settings (app), "map-fill", "town");
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  g_assert_true (gw_test_wait_until (grids_shown, window, 20000));
  gw_test_wait_for (county_in_view, window, 20000, "the map to fit the county");
  g_assert_null (gw_window_get_banner_text (window));
  g_assert_nonnull (strstr (gw_window_get_status_text (window), "Live"));
  g_assert_nonnull (strstr (gw_window_get_status_text (window), url));
  assert_fixture_drawn (window, "online.png");

  /* A case reported at the server shows up live, in the list and on the map. */
  post_case (server);
  g_assert_true (gw_test_wait_until (case_shown, window, 20000));
  assert_row_updates_in_place (window);
  assert_find_case_gives_keys_to_map (window);

  /* Choosing a grid in the list zooms to it and highlights it; first the
   * whole county again (showing the case moved the map). */
  gw_map_view_fit_grids (gw_window_get_map_view (window), FALSE);
  gw_test_wait_for (east_town_on_the_right, window, 20000, "the map to fit the county again");
  layer = gw_map_view_get_grid_layer (gw_window_get_map_view (window));
  viewport = shumate_map_get_viewport (gw_map_view_get_map (gw_window_get_map_view (window)));
  zoom_before = shumate_viewport_get_zoom_level (viewport);
  east_town = gw_grid_layer_get_grid_at (layer, gtk_widget_get_width (GTK_WIDGET (layer)) * 0.75,
                                         gtk_widget_get_height (GTK_WIDGET (layer)) / 2.0);
  g_assert_nonnull (east_town);
  g_assert_cmpstr (gw_grid_get_code (east_town), ==, "990001002");
  g_signal_emit_by_name (gw_window_get_sidebar (window), "grid-selected", east_town);
  g_assert_cmpstr (gw_grid_layer_get_selected (layer), ==, "990001002");
  /* The east town is as tall as the county: the view centres on it. */
  gw_test_wait_for (centred_on_east_town, viewport, 20000, "the map to centre on the east town");
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), >=, zoom_before - 0.01);

  /* The map opens next time where it was left: here, a little off the
   * county's centre. */
  gw_map_view_fit_grids (gw_window_get_map_view (window), FALSE);
  shumate_map_center_on (gw_map_view_get_map (gw_window_get_map_view (window)), 35.41, 117.01);
  gw_map_view_get_position (gw_window_get_map_view (window), &left_lat, &left_lon, &left_zoom);
  gw_app_test_close_window (window, app);

  /* Server gone: the app starts from its cache and says so. */
  g_clear_pointer (&server, gw_test_server_stop);
  put_case_closed_long_ago (data_dir);
  /* No token given: the one kept from the first start is used. */
  window = gw_app_test_open_window (url, NULL, data_dir, &app);
  g_assert_true (gw_test_wait_until (grids_shown, window, 20000));
  gw_app_test_wait_for_state (window, GW_CONNECTION_OFFLINE);
  gw_test_wait_for (cases_from_cache, window, 20000, "the case list to read the cache");
  /* Laid out: a fit to the county would have happened by now. */
  gw_app_test_wait_drawn (GTK_WIDGET (gw_map_view_get_map (gw_window_get_map_view (window))));
  {
    double lat, lon, zoom;

    gw_map_view_get_position (gw_window_get_map_view (window), &lat, &lon, &zoom);
    g_assert_cmpfloat_with_epsilon (lat, left_lat, 1e-6);
    g_assert_cmpfloat_with_epsilon (lon, left_lon, 1e-6);
    g_assert_cmpfloat_with_epsilon (zoom, left_zoom, 1e-6);
  }
  banner = gw_window_get_banner_text (window);
  g_assert_nonnull (banner);
  g_test_message ("banner: %s", banner);
  g_assert_nonnull (strstr (banner, "saved copy"));
  g_assert_nonnull (strstr (gw_window_get_status_text (window), "Offline since"));
  g_assert_nonnull (strstr (gw_window_get_status_text (window), "reconnecting in"));
  /* The case is still there, from the cache. */
  g_assert_cmpuint (gw_case_list_get_n_cases (gw_window_get_case_list (window)), ==, 1);
  assert_fixture_drawn (window, "offline.png");
  assert_old_case_found_when_asked (window);
  gw_app_test_close_window (window, app);
}

static gboolean
sidebar_has_rows (gpointer data)
{
  return gw_grid_sidebar_get_n_visible (data) > 0;
}

static void
press (GwWindow   *window,
       const char *keys)
{
  g_autofree char *command = g_strdup_printf ("key --clearmodifiers %s", keys);

  gw_app_test_keys (GTK_WINDOW (window), command);
}

typedef struct
{
  GwWindow *window;
  const char *case_id;
} CaseIn;

static gboolean
panel_shows (gpointer data)
{
  CaseIn *in = data;
  GwCase *shown = gw_case_panel_get_case (gw_dispatch_page_get_panel (gw_window_get_dispatch_page (in->window)));

  return shown && g_str_equal (gw_case_get_id (shown), in->case_id);
}

/* A generated 8×8 PNG, uploaded as a grid worker's phone would. */
static char *
post_photo (GwTestServer *server)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 8, 8);
  g_autofree char *png = NULL;
  gsize size = 0;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->url, "/api/v1/media", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autofree char *bearer = g_strconcat ("Bearer ", server->token, NULL);
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) root = NULL;

  gdk_pixbuf_fill (pixbuf, 0x3080c0ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", NULL, NULL));
  request = g_bytes_new (png, size);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (msg, "image/png", request);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  root = gw_test_json_from_bytes (reply);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "url"));
}

static gboolean
photo_shown (gpointer data)
{
  GtkWidget *photo = gw_app_test_find_widget (GTK_WIDGET (gw_dispatch_page_get_panel (gw_window_get_dispatch_page (data))), GW_TYPE_CASE_PHOTO);

  return photo && gw_case_photo_get_state (GW_CASE_PHOTO (photo)) == GW_CASE_PHOTO_SHOWN;
}

typedef struct
{
  GtkWidget *popover;
  const char *assignee;
} Override;

static gboolean
first_row_is (gpointer data)
{
  Override *o = data;
  GtkWidget *row = gw_app_test_find_widget (o->popover, ADW_TYPE_ACTION_ROW);
  GVariant *target = row ? gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)) : NULL;
  const char *assignee = NULL;

  if (target)
    g_variant_get (target, "(&s&s)", NULL, &assignee);
  return g_strcmp0 (assignee, o->assignee) == 0;
}

static gboolean
queue_has_focus (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (data));

  return focus && (focus == data || gtk_widget_is_ancestor (focus, data));
}

/* The queue's cell, on screen, that shows @text. */
static GtkWidget *
find_queue_cell (GtkWidget  *widget,
                 const char *text)
{
  if (GW_IS_QUEUE_TEXT (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gw_queue_text_get_text (GW_QUEUE_TEXT (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_queue_cell (child, text);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget *queue;
  GtkWidget *cell;
} CellShows;

static gboolean
cell_shows_dispatched (gpointer data)
{
  CellShows *shows = data;

  shows->cell = find_queue_cell (shows->queue, gw_case_status_label (GW_CASE_STATUS_DISPATCHED));
  return shows->cell != NULL;
}

static gboolean
photo_done (gpointer data)
{
  return gw_case_photo_get_state (data) != GW_CASE_PHOTO_LOADING;
}

/* The photo came through the sync layer's media fetch, which keeps what
 * it fetched: the same photo, with no server to ask, is read from the
 * app's cache. */
static void
assert_photo_kept (GwWindow   *window,
                   const char *url)
{
  GwStore *store = gw_session_get_store (gw_application_get_session (GW_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)))));
  /* The test looks through a connection of its own: the app forbids its
   * main thread in the cache's. */
  g_autoptr(GwStore) own = gw_store_open_reader (store, NULL);
  g_autoptr(GBytes) kept = gw_store_get_media (own, gw_media_id_from_url (url), NULL);
  GtkWidget *offline = g_object_ref_sink (gw_case_photo_new (NULL, store, url));

  g_assert_nonnull (kept);
  gw_test_wait_for (photo_done, offline, 10000, "the photo to load from the cache");
  g_assert_cmpint (gw_case_photo_get_state (GW_CASE_PHOTO (offline)), ==, GW_CASE_PHOTO_SHOWN);
  g_object_unref (offline);
}

static void
test_dispatch_by_keyboard (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("dispatch-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("dispatch-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GwStore) truth = NULL;
  g_autoptr(GwCase) final = NULL;
  g_autofree char *id = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *case_body = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(JsonNode) assigned = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *second_actions = NULL;
  g_autofree char *assign_body = NULL;
  const char *department;
  GwCaseQueue *queue;
  GtkWidget *state_cell;
  GwApplication *app;
  GwWindow *window;
  CaseIn in;

  /* A case with a photo, taken in and filed at the desk, waits to be
   * dispatched. */
  photo = post_photo (server);
  case_body = g_strdup_printf ("{\"source\":\"hotline_12345\",\"lat\":35.40,\"lon\":116.97,\"category\":\"E0101\","
                               "\"priority\":\"normal\",\"description\":\"小区门口暴露垃圾\",\"media\":[\"%s\"]}", photo);
  id = gw_app_test_post_filed_case (server, case_body);

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_app_test_wait_for_case_state (window, id, GW_CASE_STATUS_FILED);
  in = (CaseIn) { window, id };

  /* To the queue (which takes the focus), and the first case with j. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "queue");
  queue = gw_dispatch_page_get_queue (gw_window_get_dispatch_page (window));
  gw_test_wait_for (queue_has_focus, queue, 20000, "the queue to take the focus");
  gw_app_test_wait_drawn (GTK_WIDGET (queue));
  g_assert_cmpuint (gw_case_queue_get_n_shown (queue), ==, 1);
  state_cell = find_queue_cell (GTK_WIDGET (queue), gw_case_status_label (GW_CASE_STATUS_FILED));
  g_assert_nonnull (state_cell);
  press (window, "j");
  g_assert_true (gw_test_wait_until (panel_shows, &in, 5000));
  /* Its photo comes in the background into its frame. */
  g_assert_true (gw_test_wait_until (photo_shown, window, 10000));
  assert_photo_kept (window, photo);

  /* "a" opens the suggestions, ranked; the first is a worker of the
   * case's own grid. */
  suggestions = gw_dispatch_page_suggest (gw_window_get_dispatch_page (window), id);
  g_assert_cmpuint (suggestions->len, >, 1);
  wanted = g_strdup (((GwSuggestion *) g_ptr_array_index (suggestions, 0))->assignee);
  g_test_message ("first suggestion %s: %s", wanted, ((GwSuggestion *) g_ptr_array_index (suggestions, 0))->reasons);
  g_assert_true (g_str_has_prefix (wanted, "worker:"));
  press (window, "a");
  g_assert_true (gw_test_wait_until (gw_app_test_suggestions_shown, window, 5000));

  /* Someone far down the ranking is one search away (an override). */
  {
    GtkWidget *popover = gw_app_test_assign_popover (window);
    GwSuggestion *far = g_ptr_array_index (suggestions, suggestions->len - 1);
    Override o = { popover, far->assignee };

    g_assert_cmpuint (suggestions->len, >, 8);
    gtk_editable_set_text (GTK_EDITABLE (gw_app_test_find_widget (popover, GTK_TYPE_SEARCH_ENTRY)), strchr (far->assignee, ':') + 1);
    g_assert_true (gw_test_wait_until (first_row_is, &o, 5000));
    gtk_editable_set_text (GTK_EDITABLE (gw_app_test_find_widget (popover, GTK_TYPE_SEARCH_ENTRY)), "");
    o.assignee = wanted;
    g_assert_true (gw_test_wait_until (first_row_is, &o, 5000));
  }

  /* Choosing it assigns through the outbox; the server and the queue agree. */
  g_signal_emit_by_name (gw_app_test_find_widget (gw_app_test_assign_popover (window), ADW_TYPE_ACTION_ROW), "activate");
  gw_app_test_wait_for_case_state (window, id, GW_CASE_STATUS_DISPATCHED);
  truth = gw_server_store_open (server_db, NULL);
  final = gw_store_get_case (truth, id);
  g_assert_cmpint (gw_case_get_status (final), ==, GW_CASE_STATUS_DISPATCHED);
  g_assert_cmpstr (gw_case_get_data (final)->assignee, ==, wanted);
  g_assert_false (gw_case_get_pending (gw_window_lookup_case (window, id)));
  /* The queue's row followed the case: the same cell, with the new state. */
  {
    CellShows shows = { GTK_WIDGET (queue), NULL };

    gw_test_wait_for (cell_shows_dispatched, &shows, 20000, "the queue to show the case dispatched");
    g_assert_true (shows.cell == state_cell);
  }
  /* The choice closed the suggestions. */
  g_assert_null (gw_app_test_find_widget (GTK_WIDGET (gw_dispatch_page_get_panel (gw_window_get_dispatch_page (window))),
                                         ADW_TYPE_ACTION_ROW));

  /* A case given to a department: that department's view counts it and
   * shows only it. */
  departments = gw_store_list_departments (truth, NULL);
  department = gw_department_get_id (g_ptr_array_index (departments, 0));
  second_id = gw_app_test_post_filed_case (server, "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.97,\"category\":\"E0101\","
                                       "\"priority\":\"normal\",\"description\":\"占道经营\"}");
  second_actions = g_strdup_printf ("/api/v1/cases/%s/actions", second_id);
  assign_body = g_strdup_printf ("{\"action\":\"assign\",\"params\":{\"assignee\":\"department:%s\"},\"base_version\":3}",
                                 department);
  assigned = gw_app_test_post_json (server, server->token, second_actions, assign_body, 200);
  gw_app_test_wait_for_case_state (window, second_id, GW_CASE_STATUS_DISPATCHED);
  g_assert_cmpuint (gw_case_queue_get_department_count (queue, department), ==, 1);
  gw_case_queue_show_department (queue, department);
  g_assert_cmpint (gw_case_queue_get_view (queue), ==, GW_QUEUE_VIEW_DEPARTMENT);
  g_assert_cmpuint (gw_case_queue_get_n_shown (queue), ==, 1);
  g_assert_true (gw_case_queue_select (queue, second_id));
  g_assert_false (gw_case_queue_select (queue, id));
  gw_case_queue_set_view (queue, GW_QUEUE_VIEW_OPEN);
  g_assert_cmpuint (gw_case_queue_get_n_shown (queue), ==, 2);

  gw_app_test_close_window (window, app);
}

/* What writes: none of it may be on screen for a leader. */
static const char *write_actions[] = {
  "dispatch.accept-selected", "dispatch.act", "dispatch.assign-focused", "dispatch.assign-selected",
  "dispatch.assign-to", "dispatch.comment-selected", "dispatch.escalate-focused", "dispatch.whistle-to",
  "win.accept-case", "win.accept-selected", "planning.make", "planning.move", "planning.record",
};

static void
collect_write_widgets (GtkWidget *widget,
                       GString   *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_ACTIONABLE (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)))
    {
      const char *name = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));

      for (guint i = 0; i < G_N_ELEMENTS (write_actions); i++)
        if (g_str_equal (name, write_actions[i]))
          g_string_append_printf (found, "%s (%s) ", G_OBJECT_TYPE_NAME (widget), name);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_write_widgets (child, found);
}

static gboolean
dispatcher_has_actions (gpointer data)
{
  g_autoptr(GString) found = g_string_new (NULL);

  collect_write_widgets (data, found);
  return found->len > 0;
}

static void
assert_no_write_on_screen (GwWindow   *window,
                           const char *where)
{
  g_autoptr(GString) found = g_string_new (NULL);

  gw_app_test_wait_drawn (GTK_WIDGET (window));
  collect_write_widgets (GTK_WIDGET (window), found);
  if (found->len > 0)
    g_test_message ("%s: %s", where, found->str);
  g_assert_cmpuint (found->len, ==, 0);
}

static gboolean
panel_has_case (gpointer data)
{
  return gw_case_panel_get_case (gw_dispatch_page_get_panel (gw_window_get_dispatch_page (data))) != NULL;
}

static gboolean
several_selected (gpointer data)
{
  g_auto(GStrv) selected = gw_case_queue_get_selected (data);

  return g_strv_length (selected) > 1;
}

/* A leader reads everything and can change nothing: no action on any
 * page, a case open or several selected; a dispatcher on the same
 * screens does see them, so the walk finds what it looks for. */
typedef struct
{
  GwWindow *window;
  guint cases;
} CasesAbove;

static gboolean
more_cases (gpointer data)
{
  CasesAbove *above = data;

  return g_list_model_get_n_items (G_LIST_MODEL (gw_window_get_cases (above->window))) > above->cases;
}

static gboolean
urgent_toasts_gathered (gpointer data)
{
  GwUrgentToasts *toasts = gw_window_get_urgent_toasts (data);

  return gw_urgent_toasts_get_count (toasts) >= 2 &&
         strstr (gw_urgent_toasts_get_title (toasts), "new urgent cases, the latest: test");
}

/* Urgent cases arriving together make one toast, not a stack, and only
 * for a role that acts on them. */
static void
assert_urgent_toasts (GwWindow     *window,
                      GwTestServer *server,
                      gboolean      acts)
{
  CasesAbove above = { window, g_list_model_get_n_items (G_LIST_MODEL (gw_window_get_cases (window))) + 1 };

  post_case (server);
  post_case (server);
  if (acts)
    {
      gw_test_wait_for (urgent_toasts_gathered, window, 20000, "two urgent cases in one toast");
      return;
    }
  gw_test_wait_for (more_cases, &above, 20000, "both urgent cases in the leader's window");
  g_assert_cmpuint (gw_urgent_toasts_get_count (gw_window_get_urgent_toasts (window)), ==, 0);
}

static void
test_leader_reads_only (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("leader-server.sqlite");
  g_autofree char *leader_data = gw_test_tmp_path ("leader-data");
  g_autofree char *desk_data = gw_test_tmp_path ("desk-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "60", NULL);
  g_autofree char *leader = gw_test_add_user (server_db, "lingdao", "leader");
  const char *roles[] = { "leader", "dispatcher" };
  /* A case waiting for dispatch, which a dispatcher can always act on: the
   * seeded ones are wherever the clock has taken them (at some hours the
   * queue's first is an overdue one with its whistle under way). */
  g_autofree char *waiting = gw_app_test_post_filed_case (server, "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.97,"
                                                                   "\"category\":\"E0101\",\"priority\":\"normal\","
                                                                   "\"description\":\"占道经营\"}");

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      gboolean is_leader = r == 0;
      GwApplication *app;
      GwWindow *window = gw_app_test_open_window (server->url, is_leader ? leader : server->token, is_leader ? leader_data : desk_data, &app);
      GwCaseQueue *queue = gw_dispatch_page_get_queue (gw_window_get_dispatch_page (window));
      g_auto(GStrv) shown = NULL;

      gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "queue");
      g_assert_true (gw_test_wait_until (gw_app_test_has_cases, queue, 20000));
      /* One case open in the panel. */
      gw_app_test_wait_for_case_state (window, waiting, GW_CASE_STATUS_FILED);
      g_assert_true (gw_case_queue_select (queue, waiting));
      gw_test_wait_for (panel_has_case, window, 20000, "the panel to open the case");
      assert_urgent_toasts (window, server, !is_leader);
      if (!is_leader)
        {
          g_assert_true (gw_test_wait_until (dispatcher_has_actions, window, 5000));
          gw_app_test_close_window (window, app);
          continue;
        }
      assert_no_write_on_screen (window, "queue, one case");
      /* Several selected: the bulk bar stays away. */
      press (window, "ctrl+a");
      gw_test_wait_for (several_selected, queue, 20000, "ctrl+a to select the queue's cases");
      assert_no_write_on_screen (window, "queue, all selected");
      for (guint p = 0; p < 5; p++)
        {
          const char *pages[] = { "map", "queue", "escalations", "inspections", "review" };

          gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[p]);
          assert_no_write_on_screen (window, pages[p]);
          /* The case and grid lists only beside the map. */
          g_assert_true (gw_window_get_sidebar_shown (window) == (p == 0));
        }
      gw_app_test_close_window (window, app);
    }
}

static gboolean
banner_shown (gpointer data)
{
  return gw_window_get_banner_text (data) != NULL;
}

static void
test_no_server (void)
{
  g_autofree char *data_dir = gw_test_tmp_path ("empty-data");
  GwApplication *app;
  GwWindow *window;
  GSettings *settings;

  window = gw_app_test_open_window (NULL, NULL, data_dir, &app);
  settings = gw_application_get_settings (app);
  g_settings_set_string (settings, "server-url", "");
  gw_app_test_wait_for_state (window, GW_CONNECTION_NO_SERVER);
  gw_test_wait_for (banner_shown, window, 20000, "the window's banner");
  g_assert_nonnull (strstr (gw_window_get_banner_text (window), "No town server"));
  g_assert_false (sidebar_has_rows (gw_window_get_sidebar (window)));
  /* No empty pages behind the connect dialog: no switcher, no sidebar,
   * and the pages' shortcuts lead nowhere. */
  g_assert_false (gw_window_get_sidebar_shown (window));
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (
    ADW_VIEW_SWITCHER_TITLE (gw_app_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE))));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "queue");
  g_assert_cmpstr (gw_window_get_visible_page (window), ==, "map");
  gw_app_test_close_window (window, app);
}

int
main (int   argc,
      char *argv[])
{
  /* Before any thread exists; GLib 2.74 logs to stdout, which breaks TAP. */
  g_log_writer_default_set_use_stderr (TRUE);
  /* gtk_test_init() would drop G_TEST_OPTION_ISOLATE_DIRS. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  fixture_path = g_test_build_filename (G_TEST_DIST, "data", "fixture-grids.geojson", NULL);

  g_test_add_func ("/app-window/on-server-then-from-cache", test_window_on_server_then_from_cache);
  g_test_add_func ("/app-window/no-server", test_no_server);
  gw_app_test_add_with_xdotool ("/app-window/dispatch-by-keyboard", test_dispatch_by_keyboard);
  gw_app_test_add_with_xdotool ("/app-window/leader-reads-only", test_leader_reads_only);

  return g_test_run ();
}
