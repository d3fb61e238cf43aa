/* test-map-view.c: the map's own layers in a real window under Xvfb
 *
 * Clicks and keys are real X events sent with xdotool (XTest), so they go
 * through the same gestures and bindings as a user's. Pictures are
 * rendered with the window's renderer, saved as PNG and read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <math.h>

#include "gw-app-test-util.h"
#include "gw-case-symbols.h"
#include "gw-class-breaks.h"
#include "gw-geo.h"
#include "gw-geojson.h"
#include "gw-grid-labels.h"
#include "gw-map-tiles.h"
#include "gw-map-view.h"
#include "gw-test-util.h"

#define WEST   "990001001001"
#define EAST   "990001001002"
#define NORTH  "990001001003"

typedef struct
{
  guint8 r, g, b;
} Pixel;

typedef struct
{
  GtkWidget *window;
  GwMapView *view;
  GwCaseModel *model;
  GwCaseFilter *filter;
  GwCasePoints *points;
  char *activated;
  guint selection_changes;
} Scene;

static GwCase *
make_case (const char  *id,
           GwCaseStatus status,
           double       lat,
           double       lon,
           gboolean     urgent,
           const char  *grid,
           gint64       version)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autofree char *reported = g_date_time_format_iso8601 (now);
  g_autofree char *deadline = g_date_time_format_iso8601 (later);
  GwCaseData d = {
    .id = (char *) id,
    .status = status,
    .category = (char *) "E0101",
    .source = GW_CASE_SOURCE_PATROL,
    .lat = lat,
    .lon = lon,
    .grid = (char *) grid,
    .urgent = urgent,
    .description = (char *) "test",
    .reported_at = reported,
    .deadline = deadline,
    .version = version,
  };

  return gw_case_new (&d);
}

static GwGrid *
square_grid (const char *code,
             double      west,
             double      south,
             double      east,
             double      north)
{
  double pts[] = { west, south, east, south, east, north, west, north, west, south };
  guint ring[] = { 5 };
  guint polygons[] = { 1 };
  g_autoptr(GwGeometry) geometry = gw_geometry_new (pts, 5, ring, 1, polygons, 1);

  return gw_grid_new (code, code, GW_GRID_LEVEL_GRID, NULL, geometry);
}

static void
on_case_activated (Scene      *scene,
                   const char *id)
{
  g_free (scene->activated);
  scene->activated = g_strdup (id);
}

static void
on_selection_changed (Scene *scene)
{
  scene->selection_changes++;
}

static gboolean
map_allocated (gpointer data)
{
  Scene *scene = data;

  return gtk_widget_get_width (GTK_WIDGET (gw_map_view_get_map (scene->view))) > 100 &&
         gtk_widget_get_mapped (scene->window);
}

/* Two unit grids side by side with cases, a third above without any. */
static Scene *
scene_new (void)
{
  Scene *scene = g_new0 (Scene, 1);
  g_autoptr(GPtrArray) grids = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (grids, square_grid (WEST, 116.90, 35.36, 116.97, 35.44));
  g_ptr_array_add (grids, square_grid (EAST, 116.97, 35.36, 117.04, 35.44));
  g_ptr_array_add (grids, square_grid (NORTH, 116.90, 35.44, 117.04, 35.47));
  /* Staff: three in the west (a leader and two workers), one in the east,
   * none in the north. */
  gw_grid_set_staff (g_ptr_array_index (grids, 0), "w-lead", (const char *[]) { "w-1", "w-2", NULL });
  gw_grid_set_staff (g_ptr_array_index (grids, 1), NULL, (const char *[]) { "w-3", NULL });

  /* Twelve cases within a few metres in the west: one cluster. */
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("GW-WEST-%02u", i);

      g_ptr_array_add (cases, make_case (id, GW_CASE_STATUS_DISPATCHED, 35.3901 + i * 1e-5, 116.9301 + i * 1e-5,
                                         FALSE, WEST, 1));
    }
  g_ptr_array_add (cases, make_case ("GW-EAST-NEW", GW_CASE_STATUS_REPORTED, 35.38, 117.02, FALSE, EAST, 1));
  g_ptr_array_add (cases, make_case ("GW-EAST-URGENT", GW_CASE_STATUS_DISPATCHED, 35.42, 117.02, TRUE, EAST, 1));

  scene->model = gw_case_model_new ();
  gw_case_model_update (scene->model, cases);
  scene->filter = gw_case_filter_new ();
  scene->points = gw_case_points_new (scene->model, scene->filter);

  scene->window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (scene->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (scene->window), 900, 700);
  scene->view = g_object_new (GW_TYPE_MAP_VIEW, "legend-visible", FALSE, NULL);
  gtk_window_set_child (GTK_WINDOW (scene->window), GTK_WIDGET (scene->view));
  g_signal_connect_swapped (scene->view, "case-activated", G_CALLBACK (on_case_activated), scene);
  g_signal_connect_swapped (scene->view, "selection-changed", G_CALLBACK (on_selection_changed), scene);

  gw_map_view_set_grids (scene->view, grids);
  gw_map_view_set_case_points (scene->view, scene->points);
  gtk_window_present (GTK_WINDOW (scene->window));
  g_assert_true (gw_test_wait_until (map_allocated, scene, 10000));

  /* As a position kept from an earlier run: the view does not fit the
   * grids later on its own, whenever its idle comes. */
  gw_map_view_set_position (scene->view, 35.405, 116.97, 12);
  /* On screen where it was put, so that X events land where the
   * layers say their cases are. */
  gw_app_test_wait_drawn (GTK_WIDGET (gw_map_view_get_map (scene->view)));
  return scene;
}

static void
scene_free (Scene *scene)
{
  gtk_window_destroy (GTK_WINDOW (scene->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&scene->points);
  g_clear_object (&scene->filter);
  g_clear_object (&scene->model);
  g_free (scene->activated);
  g_free (scene);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scene, scene_free)

static guint
position_of (Scene      *scene,
             const char *id)
{
  guint position = G_MAXUINT;

  g_assert_nonnull (gw_case_model_lookup (scene->model, id, &position));
  return position;
}

static GwCaseLayerHit
locate (Scene      *scene,
        const char *id)
{
  GwCaseLayerHit hit = { 0 };

  g_assert_true (gw_case_layer_locate (gw_map_view_get_case_layer (scene->view), position_of (scene, id), &hit));
  return hit;
}

static gulong
window_xid (Scene *scene)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (scene->window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return (gulong) gdk_x11_surface_get_xid (surface);
}

static void
run_xdotool (const char *commands)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", commands);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (status != 0)
    g_error ("%s failed: %s", command, err);
}

/* Widget coordinates of the map to X window coordinates. */
static void
map_to_window (Scene  *scene,
               double  x,
               double  y,
               int    *wx,
               int    *wy)
{
  graphene_point_t out;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (gw_map_view_get_map (scene->view)), scene->window,
                                           &GRAPHENE_POINT_INIT (x, y), &out));
  *wx = (int) round (out.x);
  *wy = (int) round (out.y);
}

static void
click_at (Scene  *scene,
          double  x,
          double  y)
{
  g_autofree char *commands = NULL;
  int wx, wy;

  map_to_window (scene, x, y, &wx, &wy);
  commands = g_strdup_printf ("mousemove --window %lu %d %d click 1", window_xid (scene), wx, wy);
  run_xdotool (commands);
}

static gboolean
activated_is_set (gpointer data)
{
  return ((Scene *) data)->activated != NULL;
}

static void
test_click_selects_case (void)
{
  g_autoptr(Scene) scene = scene_new ();
  GwCaseLayerHit hit = locate (scene, "GW-EAST-NEW");
  g_autoptr(GArray) selection = NULL;

  g_assert_cmpuint (hit.count, ==, 1);
  click_at (scene, hit.x, hit.y);
  g_assert_true (gw_test_wait_until (activated_is_set, scene, 5000));
  g_assert_cmpstr (scene->activated, ==, "GW-EAST-NEW");

  selection = gw_case_layer_get_selection (gw_map_view_get_case_layer (scene->view));
  g_assert_cmpuint (selection->len, ==, 1);
  g_assert_cmpuint (g_array_index (selection, guint, 0), ==, position_of (scene, "GW-EAST-NEW"));
}

static gboolean
zoomed_past (gpointer data)
{
  Scene *scene = data;
  ShumateViewport *viewport = shumate_map_get_viewport (gw_map_view_get_map (scene->view));

  return shumate_viewport_get_zoom_level (viewport) > 15;
}

static gboolean
cluster_split (gpointer data)
{
  Scene *scene = data;
  GwCaseLayerHit hit;

  return gw_case_layer_locate (gw_map_view_get_case_layer (scene->view), position_of (scene, "GW-WEST-00"), &hit) &&
         hit.count < 12;
}

static void
test_click_on_cluster_zooms_in (void)
{
  g_autoptr(Scene) scene = scene_new ();
  GwCaseLayerHit hit = locate (scene, "GW-WEST-00");
  GwCaseLayerHit after;

  g_assert_cmpuint (hit.count, ==, 12);
  click_at (scene, hit.x, hit.y);
  g_assert_true (gw_test_wait_until (zoomed_past, scene, 5000));
  gw_test_wait_for (cluster_split, scene, 20000, "the cluster to split as the map zooms in");

  /* Nothing was selected: a cluster is a place, not a case. */
  g_assert_null (scene->activated);
  /* Its cases are in view, and no longer all in one bubble. */
  after = locate (scene, "GW-WEST-00");
  g_assert_cmpfloat (after.x, >, 0);
  g_assert_cmpfloat (after.y, >, 0);
  g_assert_cmpfloat (after.x, <, gtk_widget_get_width (GTK_WIDGET (gw_map_view_get_map (scene->view))));
  g_assert_cmpfloat (after.y, <, gtk_widget_get_height (GTK_WIDGET (gw_map_view_get_map (scene->view))));
  g_assert_cmpuint (after.count, <, 12);
}

typedef struct
{
  ShumateViewport *viewport;
  double zoom, lon;
} ViewportWait;

static gboolean
zoomed_to (gpointer data)
{
  ViewportWait *w = data;

  return G_APPROX_VALUE (shumate_viewport_get_zoom_level (w->viewport), w->zoom, 0.01);
}

static gboolean
panned_east (gpointer data)
{
  ViewportWait *w = data;

  return shumate_location_get_longitude (SHUMATE_LOCATION (w->viewport)) > w->lon;
}

static void
test_keyboard_zoom_and_pan (void)
{
  g_autoptr(Scene) scene = scene_new ();
  ShumateViewport *viewport = shumate_map_get_viewport (gw_map_view_get_map (scene->view));
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  g_autofree char *keys = NULL;
  ViewportWait w;

  gtk_widget_grab_focus (GTK_WIDGET (scene->view));
  keys = g_strdup_printf ("windowfocus --sync %1$lu key --window %1$lu plus", window_xid (scene));
  run_xdotool (keys);
  /* One whole level in. */
  w = (ViewportWait) { viewport, floor (zoom) + 1, lon };
  gw_test_wait_for (zoomed_to, &w, 20000, "plus to zoom in one whole level");

  g_free (keys);
  keys = g_strdup_printf ("key --window %lu Right", window_xid (scene));
  run_xdotool (keys);
  gw_test_wait_for (panned_east, &w, 20000, "Right to pan east");
}

/* The legend's own title folds and unfolds it. */
static GtkWidget *
legend_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "map.legend-visible") == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = legend_toggle (child);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
legend_laid_out (gpointer data)
{
  GtkWidget *card = gtk_widget_get_parent (gtk_widget_get_parent (legend_toggle (data)));

  return gtk_widget_get_width (card) > 100;
}

static gboolean
map_is_wide (gpointer data)
{
  return gtk_widget_get_width (data) > 1400;
}

/* Folded on its title and unfolded again; "fit county" puts the grids
 * beside the unfolded legend and the buttons, not under them. */
static void
test_legend_folds_and_fit_leaves_it_free (void)
{
  g_autoptr(Scene) scene = scene_new ();
  GtkWidget *toggle = legend_toggle (GTK_WIDGET (scene->view));
  ShumateMap *map = gw_map_view_get_map (scene->view);
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  GtkWidget *card;
  graphene_rect_t bounds;
  double west_x, east_x, y;
  gboolean visible;

  g_assert_nonnull (toggle);
  /* Room for the legend beside the grids, as on a desk's screen. */
  gtk_window_set_default_size (GTK_WINDOW (scene->window), 1600, 800);
  gw_test_wait_for (map_is_wide, map, 10000, "the window to widen");
  g_signal_emit_by_name (toggle, "clicked");
  g_object_get (scene->view, "legend-visible", &visible, NULL);
  g_assert_true (visible);
  gw_test_wait_for (legend_laid_out, scene->view, 10000, "the legend to unfold");

  gw_map_view_fit_grids (scene->view, FALSE);
  gw_app_test_wait_drawn (GTK_WIDGET (map));
  card = gtk_widget_get_parent (gtk_widget_get_parent (toggle));
  g_assert_true (gtk_widget_compute_bounds (card, GTK_WIDGET (map), &bounds));
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), 35.40, 116.90, &west_x, &y);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), 35.40, 117.04, &east_x, &y);
  g_assert_cmpfloat (west_x, >=, bounds.origin.x + bounds.size.width);
  /* The zoom buttons are about 40 px wide, 12 px from the edge. */
  g_assert_cmpfloat (east_x, <=, gtk_widget_get_width (GTK_WIDGET (map)) - 40);

  g_signal_emit_by_name (toggle, "clicked");
  g_object_get (scene->view, "legend-visible", &visible, NULL);
  g_assert_false (visible);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* "Fit county" while a flight to a grid is under way: the map stays on
 * the county, not carried on to the grid once the flight's time is up. */
static void
test_fit_stops_a_flight (void)
{
  g_autoptr(Scene) scene = scene_new ();
  ShumateViewport *viewport = shumate_map_get_viewport (gw_map_view_get_map (scene->view));
  g_autoptr(GwGrid) west = square_grid (WEST, 116.90, 35.36, 116.97, 35.44);
  gboolean flights_over = FALSE;
  double lat, lon, zoom;

  gw_map_view_show_grid (scene->view, west);
  gw_map_view_fit_grids (scene->view, FALSE);
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  zoom = shumate_viewport_get_zoom_level (viewport);
  /* Twice a flight's length (400 ms), frames drawn all the while. */
  g_timeout_add (800, set_flag, &flights_over);
  gw_test_wait_for (gw_test_flag_is_set, &flights_over, 10000, "two flights' time");
  gw_app_test_wait_drawn (GTK_WIDGET (gw_map_view_get_map (scene->view)));
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), lat, 1e-9);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (shumate_viewport_get_zoom_level (viewport), zoom, 1e-9);
}

/* The selection is told once, when the band is let go. */
static gboolean
band_released (gpointer data)
{
  return ((Scene *) data)->selection_changes > 0;
}

static void
test_band_selects_cases_inside (void)
{
  g_autoptr(Scene) scene = scene_new ();
  GwCaseLayerHit east_new = locate (scene, "GW-EAST-NEW");
  GwCaseLayerHit east_urgent = locate (scene, "GW-EAST-URGENT");
  g_autoptr(GArray) selection = NULL;
  g_autofree char *commands = NULL;
  int x0, y0, x1, y1;

  /* A band around both eastern cases and nothing of the west. */
  map_to_window (scene, east_new.x - 30, east_urgent.y - 30, &x0, &y0);
  map_to_window (scene, east_new.x + 30, east_new.y + 30, &x1, &y1);
  commands = g_strdup_printf ("mousemove --window %1$lu %2$d %3$d keydown shift mousedown 1 "
                              "mousemove --window %1$lu %4$d %5$d mousemove --window %1$lu %6$d %7$d "
                              "mouseup 1 keyup shift",
                              window_xid (scene), x0, y0, (x0 + x1) / 2, (y0 + y1) / 2, x1, y1);
  run_xdotool (commands);
  gw_test_wait_for (band_released, scene, 20000, "the band to end and select");

  selection = gw_case_layer_get_selection (gw_map_view_get_case_layer (scene->view));
  g_assert_cmpuint (selection->len, ==, 2);
  g_assert_cmpuint (g_array_index (selection, guint, 0), ==, position_of (scene, "GW-EAST-NEW"));
  g_assert_cmpuint (g_array_index (selection, guint, 1), ==, position_of (scene, "GW-EAST-URGENT"));
  g_assert_cmpuint (scene->selection_changes, >=, 1);
  /* The map did not pan while the band was drawn. */
  g_assert_cmpfloat_with_epsilon (locate (scene, "GW-EAST-NEW").x, east_new.x, 0.5);
}

static void
test_incoming_change_touches_one_marker (void)
{
  g_autoptr(Scene) scene = scene_new ();
  GwCaseLayer *layer = gw_map_view_get_case_layer (scene->view);
  GwCaseLayerHit urgent_before = locate (scene, "GW-EAST-URGENT");
  GwCaseLayerHit new_before = locate (scene, "GW-EAST-NEW");
  GwCaseLayerHit west_before = locate (scene, "GW-WEST-00");
  guint drawn_before = gw_case_layer_get_n_drawn (layer);
  g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
  GwCaseLayerHit moved;

  /* The new case moves two kilometres south-west. */
  g_ptr_array_add (update, make_case ("GW-EAST-NEW", GW_CASE_STATUS_REPORTED, 35.37, 117.00, FALSE, EAST, 2));
  gw_case_model_update (scene->model, update);
  moved = locate (scene, "GW-EAST-NEW");
  g_assert_cmpfloat (moved.x, <, new_before.x - 20);
  g_assert_cmpfloat (moved.y, >, new_before.y + 10);
  g_assert_cmpfloat_with_epsilon (locate (scene, "GW-EAST-URGENT").x, urgent_before.x, 1e-6);
  g_assert_cmpfloat_with_epsilon (locate (scene, "GW-WEST-00").x, west_before.x, 1e-6);
  g_assert_cmpuint (gw_case_layer_get_n_drawn (layer), ==, drawn_before);

  /* The urgent one is closed: it leaves the map, nothing else does. */
  g_ptr_array_set_size (update, 0);
  g_ptr_array_add (update, make_case ("GW-EAST-URGENT", GW_CASE_STATUS_CLOSED, 35.42, 117.02, TRUE, EAST, 2));
  gw_case_model_update (scene->model, update);
  {
    GwCaseLayerHit gone;

    g_assert_false (gw_case_layer_locate (layer, position_of (scene, "GW-EAST-URGENT"), &gone));
  }
  g_assert_cmpuint (gw_case_layer_get_n_drawn (layer), ==, drawn_before - 1);
  g_assert_cmpfloat_with_epsilon (locate (scene, "GW-EAST-NEW").x, moved.x, 1e-6);
  g_assert_cmpuint (locate (scene, "GW-WEST-00").count, ==, 12);
}

static gboolean
grid_tiles_drawn (gpointer data)
{
  return gw_grid_layer_is_complete (data);
}

static GdkTexture *
render_to_png (Scene      *scene,
               const char *name)
{
  GtkWidget *map = GTK_WIDGET (gw_map_view_get_map (scene->view));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = gw_test_tmp_path (name);
  GdkTexture *read_back;

  gw_app_test_wait_drawn (map);
  /* The first sight of a county is drawn over several frames. */
  gw_test_wait_for (grid_tiles_drawn, gw_map_view_get_grid_layer (scene->view), 20000, "every grid tile of the view drawn");
  GTK_WIDGET_GET_CLASS (map)->snapshot (map, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (map)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (map), gtk_widget_get_height (map)));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered %s", path);
  /* To look at them: GW_TEST_PICTURES=/some/dir meson test map-view */
  if (g_getenv ("GW_TEST_PICTURES"))
    {
      g_autofree char *copy = g_build_filename (g_getenv ("GW_TEST_PICTURES"), name, NULL);

      g_assert_true (gdk_texture_save_to_png (texture, copy));
    }

  /* What is checked is the file, as anyone would look at it. */
  read_back = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  return read_back;
}

static Pixel
pixel_at (GdkTexture *texture,
          double      x,
          double      y)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  int px = (int) round (x), py = (int) round (y);
  guint8 *p;

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, width);
  g_assert_cmpint (py, <, height);
  gdk_texture_download (texture, data, width * 4);
  p = data + ((gsize) py * width + px) * 4;
  /* Premultiplied BGRA over nothing: undo the premultiplication. */
  if (p[3] == 0)
    return (Pixel) { 0, 0, 0 };
  return (Pixel) { p[2] * 255 / p[3], p[1] * 255 / p[3], p[0] * 255 / p[3] };
}

/* The largest difference of any colour channel between @a and @b in the
 * square of @radius around @x, @y. */
static int
largest_difference (GdkTexture *a,
                    GdkTexture *b,
                    double      x,
                    double      y,
                    int         radius)
{
  int largest = 0;

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        Pixel p = pixel_at (a, x + dx, y + dy), q = pixel_at (b, x + dx, y + dy);

        largest = MAX (largest, MAX (ABS (p.r - q.r), MAX (ABS (p.g - q.g), ABS (p.b - q.b))));
      }
  return largest;
}

static void
location_to_map (Scene  *scene,
                 double  lat,
                 double  lon,
                 double *x,
                 double *y)
{
  ShumateMap *map = gw_map_view_get_map (scene->view);

  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map), lat, lon, x, y);
}

static void
test_rendered_scene_colours (void)
{
  g_autoptr(Scene) scene = scene_new ();
  g_autoptr(GdkTexture) png = NULL;
  GwCaseLayerHit new_case = locate (scene, "GW-EAST-NEW");
  GwCaseLayerHit urgent = locate (scene, "GW-EAST-URGENT");
  GdkRGBA new_blue, urgent_red;
  Pixel p, west, east;
  double x, y;

  g_object_set (scene->view, "fill", "cases", NULL);
  png = render_to_png (scene, "scene.png");
  gw_case_symbols_get_rgba (GW_CASE_STATUS_REPORTED, FALSE, &new_blue);
  gw_case_symbols_get_rgba (GW_CASE_STATUS_DISPATCHED, TRUE, &urgent_red);

  /* The new case's symbol is blue at its centre, the urgent one red. */
  p = pixel_at (png, new_case.x, new_case.y);
  g_test_message ("new case %u,%u,%u", p.r, p.g, p.b);
  g_assert_cmpint (ABS (p.r - (int) (new_blue.red * 255)), <, 12);
  g_assert_cmpint (ABS (p.g - (int) (new_blue.green * 255)), <, 12);
  g_assert_cmpint (ABS (p.b - (int) (new_blue.blue * 255)), <, 12);
  p = pixel_at (png, urgent.x, urgent.y);
  g_test_message ("urgent case %u,%u,%u", p.r, p.g, p.b);
  g_assert_cmpint (ABS (p.r - (int) (urgent_red.red * 255)), <, 12);
  g_assert_cmpint (p.g, <, 60);
  g_assert_cmpint (p.b, <, 60);

  /* The grid layer painted the symbols into its own node; with a layer
   * shown between the two, the case layer paints them itself, over that
   * layer, and they look the same: once each, halos and all. */
  {
    GwCaseLayer *cases = gw_map_view_get_case_layer (scene->view);
    g_autoptr(GdkTexture) own = NULL;

    g_assert_true (gw_case_layer_is_hosted (cases));
    g_object_set (scene->view, "workers-visible", TRUE, NULL);
    g_assert_false (gw_case_layer_is_hosted (cases));
    own = render_to_png (scene, "scene-own-node.png");
    g_assert_cmpint (largest_difference (png, own, new_case.x, new_case.y, 14), <=, 2);
    g_assert_cmpint (largest_difference (png, own, urgent.x, urgent.y, 14), <=, 2);
    g_object_set (scene->view, "workers-visible", FALSE, NULL);
    g_assert_true (gw_case_layer_is_hosted (cases));
  }

  /* Twelve cases make the west a darker class than the east's two; the
   * north has none and stays nearly clear. */
  location_to_map (scene, 35.37, 116.91, &x, &y);
  west = pixel_at (png, x, y);
  location_to_map (scene, 35.43, 116.99, &x, &y);
  east = pixel_at (png, x, y);
  g_test_message ("west %u,%u,%u east %u,%u,%u", west.r, west.g, west.b, east.r, east.g, east.b);
  g_assert_cmpint (west.r, >, west.b + 60);
  g_assert_cmpint (east.r, >, east.b + 60);
  g_assert_cmpint (west.g, <, east.g - 40);
  location_to_map (scene, 35.455, 116.97, &x, &y);
  p = pixel_at (png, x, y);
  g_test_message ("north %u,%u,%u", p.r, p.g, p.b);
  g_assert_cmpint (ABS (p.r - p.g), <, 15);
  g_assert_cmpint (ABS (p.g - p.b), <, 15);

  /* Overdue cases are ringed: the same case, seen three days later. */
  gw_case_points_set_now (scene->points, g_get_real_time () / G_USEC_PER_SEC + 3 * 86400);
  g_clear_object (&png);
  png = render_to_png (scene, "scene-overdue.png");
  urgent = locate (scene, "GW-WEST-00");
  g_assert_cmpuint (urgent.count, ==, 12);
  /* The bubble's ring: red somewhere to the right of its centre. */
  {
    gboolean ring = FALSE;

    for (double r = 14; r < 30 && !ring; r += 0.5)
      {
        Pixel q = pixel_at (png, urgent.x + r, urgent.y);

        ring = q.r > 180 && q.g < 70 && q.b < 70;
      }
    g_assert_true (ring);
  }
}

static void
test_heatmap (void)
{
  g_autoptr(Scene) scene = scene_new ();
  g_autoptr(GdkTexture) png = NULL;
  g_autoptr(GdkTexture) plain = NULL;
  GwCaseLayerHit cluster = locate (scene, "GW-WEST-00");
  GwCaseLayerHit lone = locate (scene, "GW-EAST-NEW");
  Pixel hot, warm, cold, cold_before;
  double x, y;

  g_object_set (scene->view, "fill", "town", NULL);
  location_to_map (scene, 35.455, 116.93, &x, &y);
  plain = render_to_png (scene, "heatmap-off.png");
  cold_before = pixel_at (plain, x, y);
  g_object_set (scene->view, "heatmap", TRUE, NULL);
  g_assert_cmpint (gw_case_layer_get_mode (gw_map_view_get_case_layer (scene->view)), ==, GW_CASE_LAYER_HEATMAP);
  png = render_to_png (scene, "heatmap.png");

  /* Twelve cases in one spot are the hottest place, red; one case is a
   * faint yellow; far from any case the grid shows through unchanged. */
  hot = pixel_at (png, cluster.x, cluster.y);
  warm = pixel_at (png, lone.x, lone.y);
  cold = pixel_at (png, x, y);
  g_test_message ("hot %u,%u,%u warm %u,%u,%u cold %u,%u,%u", hot.r, hot.g, hot.b, warm.r, warm.g, warm.b,
                  cold.r, cold.g, cold.b);
  g_assert_cmpint (hot.r, >, 150);
  g_assert_cmpint (hot.g, <, 110);
  g_assert_cmpint (warm.g, >, hot.g + 60);
  g_assert_cmpint (ABS (cold.r - cold_before.r), <=, 2);
  g_assert_cmpint (ABS (cold.g - cold_before.g), <=, 2);
  g_assert_cmpint (ABS (cold.b - cold_before.b), <=, 2);

  /* In a heatmap there is nothing to click. */
  {
    GwCaseLayerHit none;

    g_assert_false (gw_case_layer_pick (gw_map_view_get_case_layer (scene->view), cluster.x, cluster.y, &none));
  }
}

/* Cases per worker: a grid's staff are its leader and its workers. */
static void
test_fill_per_worker (void)
{
  g_autoptr(Scene) scene = scene_new ();
  GwGridLayer *layer = gw_map_view_get_grid_layer (scene->view);

  gw_grid_layer_set_fill (layer, GW_GRID_FILL_PER_WORKER);
  g_assert_cmpfloat_with_epsilon (gw_grid_layer_get_value (layer, WEST), 12.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_grid_layer_get_value (layer, EAST), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_grid_layer_get_value (layer, NORTH), 0.0, 1e-9);
}

/* A first pull's worth is taken into the model in slices, and the grids
 * are counted once the last slice is in rather than after each: when it
 * is in, the counts, the class breaks and the legend are those of every
 * case, without waiting for anything else to happen. */
typedef struct
{
  GwGridLayer *layer;
  char **expected;          /* the legend's labels */
} LegendWait;

static gboolean
legend_is (gpointer data)
{
  LegendWait *wait = data;
  g_autoptr(GPtrArray) legend = gw_grid_layer_get_legend (wait->layer);

  if (legend->len != g_strv_length (wait->expected))
    return FALSE;
  for (guint i = 0; i < legend->len; i++)
    if (g_strcmp0 (((GwGridLegendClass *) g_ptr_array_index (legend, i))->label, wait->expected[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
on_taken (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (gw_case_model_update_finish (GW_CASE_MODEL (object), result, NULL));
  *done = TRUE;
}

static void
test_counts_after_sliced_fill (void)
{
  g_autoptr(Scene) scene = scene_new ();
  GwGridLayer *layer = gw_map_view_get_grid_layer (scene->view);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  /* The scene's own cases, then the pull's: west 12 + 1,000, east 2 +
   * 3,000, north 0 + 7,000, in three slices and more. */
  const guint west = 1000, east = 3000, north = 7000;
  double values[] = { 12 + west, 2 + east, north };
  GwClassBreaks breaks;
  gboolean done = FALSE;
  LegendWait wait;

  g_assert_cmpuint (west + east + north, >, 2 * GW_CASE_MODEL_SLICE);
  for (guint i = 0; i < west + east + north; i++)
    {
      g_autofree char *id = g_strdup_printf ("GW-PULL-%05u", i);
      gboolean in_east = i >= west && i < west + east, in_north = i >= west + east;
      const char *grid = in_north ? NORTH : in_east ? EAST : WEST;
      double lat = in_north ? 35.455 : 35.40, lon = in_east ? 117.00 : 116.93;

      g_ptr_array_add (cases, make_case (id, GW_CASE_STATUS_DISPATCHED, lat + (i % 100) * 1e-5, lon, FALSE, grid, 1));
    }
  gw_grid_layer_set_fill (layer, GW_GRID_FILL_CASES);
  gw_case_model_update_async (scene->model, cases, GW_CASE_MODEL_SLICE_US, NULL, on_taken, &done);
  g_assert_true (gw_case_model_get_filling (scene->model));
  gw_test_wait_for (gw_test_flag_is_set, &done, 30000, "the slices to be taken in");
  g_assert_false (gw_case_model_get_filling (scene->model));

  gw_class_breaks_compute (&breaks, values, G_N_ELEMENTS (values), TRUE);
  g_ptr_array_add (expected, g_strdup ("0"));
  for (guint k = 0; k <= breaks.n_breaks; k++)
    g_ptr_array_add (expected, gw_class_breaks_label (&breaks, k));
  g_ptr_array_add (expected, NULL);
  wait = (LegendWait) { layer, (char **) expected->pdata };
  gw_test_wait_for (legend_is, &wait, 10000, "the legend of every case");
  g_assert_cmpfloat (gw_grid_layer_get_value (layer, WEST), ==, 12 + west);
  g_assert_cmpfloat (gw_grid_layer_get_value (layer, EAST), ==, 2 + east);
  g_assert_cmpfloat (gw_grid_layer_get_value (layer, NORTH), ==, north);
}

static void
test_berlin_renders (void)
{
  g_autofree char *path = gw_test_realdata_path ("geo/city_grids/berlin-lor-planning-areas-until-2020.geojson");
  g_autoptr(GPtrArray) grids = NULL;
  g_autoptr(GdkTexture) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Scene) scene = NULL;
  GwGridLayer *layer;
  g_autofree guint8 *data = NULL;
  GwGeojsonOptions options = GW_GEOJSON_OPTIONS_INIT;
  guint covered = 0, dark = 0, width, height;
  char *contents;
  gsize length;

  if (path == NULL)
    {
      g_test_skip ("../shared/realdata/geo/city_grids/berlin-lor-planning-areas-until-2020.geojson is not here "
                   "(fresh clone without the shared corpus)");
      return;
    }

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (contents, length);

    grids = gw_geojson_read_grids (bytes, &options, NULL, &error);
  }
  g_assert_no_error (error);

  scene = scene_new ();
  layer = gw_map_view_get_grid_layer (scene->view);
  g_object_set (scene->view, "fill", "town", NULL);
  gw_map_view_set_grids (scene->view, grids);
  g_assert_cmpuint (gw_grid_layer_get_n_grids (layer), ==, 448);
  gw_map_view_fit_grids (scene->view, FALSE);
  png = render_to_png (scene, "berlin.png");
  g_assert_cmpuint (gw_grid_layer_get_n_cached_tiles (layer), >, 0);

  /* Most of the view is Berlin, filled, and its borders are drawn. */
  width = gdk_texture_get_width (png);
  height = gdk_texture_get_height (png);
  data = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (png, data, width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint8 *p = data + 4 * i;

      covered += p[3] > 40;
      dark += p[3] > 100 && p[0] < 110 && p[1] < 110 && p[2] < 110;
    }
  g_test_message ("Berlin covers %u of %u pixels, %u of them outlines", covered, width * height, dark);
  g_assert_cmpuint (covered, >, width * height / 3);
  g_assert_cmpuint (dark, >, width * height / 100);
}

/* @side × @side unit grids of 0.01°, from 116° E, 35° N. */
static GPtrArray *
lattice_grids (guint side)
{
  GPtrArray *grids = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint row = 0; row < side; row++)
    for (guint col = 0; col < side; col++)
      {
        g_autofree char *code = g_strdup_printf ("990001%06u", row * side + col);

        g_ptr_array_add (grids, square_grid (code, 116.0 + col * 0.01, 35.0 + row * 0.01,
                                             116.0 + (col + 1) * 0.01, 35.0 + (row + 1) * 0.01));
      }
  return grids;
}

/* A wall touring a county for weeks comes to see every grid's name: those
 * out of view are not all kept drawn. */
static void
test_names_out_of_view_are_let_go (void)
{
  g_autoptr(Scene) scene = scene_new ();
  g_autoptr(GPtrArray) grids = lattice_grids (20);
  GtkWidget *map = GTK_WIDGET (gw_map_view_get_map (scene->view));
  GwGridLayer *layer = gw_map_view_get_grid_layer (scene->view);
  const gsize budget = 64 * 1024;
  gsize one_name, most = 0;
  guint side = 20;

  gw_map_view_set_grids (scene->view, grids);
  gw_grid_layer_set_max_label_bytes (layer, budget);

  /* One name as the layer draws it: the bound below allows a screenful. */
  {
    GdkRGBA black = { 0, 0, 0, 1 }, white = { 1, 1, 1, 1 };
    cairo_surface_t *name = gw_grid_label_render (map, "990001000000", 10, FALSE, &black, &white);

    one_name = gw_map_tiles_surface_bytes (name);
    cairo_surface_destroy (name);
  }

  /* Two grids across the view at a time, every one of them in turn. */
  for (guint row = 0; row < side; row++)
    for (guint col = 0; col < side; col++)
      {
        g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
        g_autoptr(GskRenderNode) node = NULL;

        gw_map_view_set_position (scene->view, 35.005 + row * 0.01, 116.005 + col * 0.01, 15);
        GTK_WIDGET_GET_CLASS (map)->snapshot (map, snapshot);
        node = gtk_snapshot_to_node (snapshot);
        most = MAX (most, gw_grid_layer_get_label_bytes (layer));
      }
  g_test_message ("names kept: at most %" G_GSIZE_FORMAT " bytes, one name %" G_GSIZE_FORMAT,
                  most, one_name);
  g_assert_cmpuint (most, >, 0);
  g_assert_cmpuint (most, <=, budget + 30 * one_name);
}

static gboolean
tiles_complete (gpointer data)
{
  return gw_grid_layer_is_complete (data);
}

/* A wall goes round views that no cache holds all of: it keeps the grid
 * tiles in sight and little more, wherever it has been before. */
static void
test_wall_keeps_the_tiles_in_view (void)
{
  g_autoptr(Scene) scene = scene_new ();
  g_autoptr(GPtrArray) grids = lattice_grids (30);
  GtkWidget *map = GTK_WIDGET (gw_map_view_get_map (scene->view));
  GwGridLayer *layer = gw_map_view_get_grid_layer (scene->view);
  const double views[][3] = { { 35.05, 116.05, 13.6 }, { 35.25, 116.25, 14.3 }, { 35.1, 116.2, 12.8 },
                              { 35.2, 116.1, 13.1 }, { 35.15, 116.15, 14.0 } };
  guint in_view = (gtk_widget_get_width (map) / GW_MAP_TILE_SIZE + 2) * (gtk_widget_get_height (map) / GW_MAP_TILE_SIZE + 2);

  gw_map_view_set_grids (scene->view, grids);
  gw_map_view_set_wall_mode (scene->view, 24);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      gw_map_view_set_position (scene->view, views[v][0], views[v][1], views[v][2]);
      /* The first frame at a new place is drawn at a whole zoom level, the
       * next ones at the view's own, until every tile is there. */
      gw_app_test_wait_drawn (map);
      gw_test_wait_for (tiles_complete, layer, 20000, "every tile in view drawn");
      g_test_message ("view %u: %u tiles kept, at most %u in sight", v, gw_grid_layer_get_n_cached_tiles (layer), in_view);
      g_assert_cmpuint (gw_grid_layer_get_n_cached_tiles (layer), <=, in_view + 4);
    }
}

/* Cluster counts change as cases come: pictures of counts no longer shown
 * are let go after a while, not only when the cache is full. */
static void
test_symbols_of_counts_gone_are_let_go (void)
{
  double size;
  gsize drawn;

  /* From an empty cache: an earlier test's scene may have drawn the
   * counts asked for below, and a picture found is no new generation. */
  gw_case_symbols_forget ();
  gw_case_symbols_set_generation_time (G_TIME_SPAN_HOUR);
  for (guint count = 2; count < 200; count++)
    gw_case_symbols_get_cluster (count, 0, 0, 1, &size);
  drawn = gw_case_symbols_get_cached_bytes ();

  /* Two generations later, what was not asked for since is gone. */
  gw_case_symbols_set_generation_time (G_TIME_SPAN_MILLISECOND);
  for (guint turn = 0; turn < 2; turn++)
    {
      g_usleep (2 * G_TIME_SPAN_MILLISECOND);
      gw_case_symbols_get_cluster (100000 + turn, 0, 0, 1, &size);
    }
  g_test_message ("%" G_GSIZE_FORMAT " bytes drawn, %" G_GSIZE_FORMAT " kept", drawn, gw_case_symbols_get_cached_bytes ());
  g_assert_cmpuint (gw_case_symbols_get_cached_bytes (), <, drawn / 10);
  gw_case_symbols_set_generation_time (0);
}

/* A wall's round ends with every picture let go; a picture held from
 * before stays whole. */
static void
test_symbols_forgotten_at_a_round_end (void)
{
  double size;
  cairo_surface_t *held;

  for (guint count = 2; count < 50; count++)
    gw_case_symbols_get_cluster (count, 0, 0, 1, &size);
  held = cairo_surface_reference (gw_case_symbols_get_cluster (7, 1, 0, 1, &size));
  g_assert_cmpuint (gw_case_symbols_get_cached_bytes (), >, 0);

  gw_case_symbols_forget ();
  g_assert_cmpuint (gw_case_symbols_get_cached_bytes (), ==, 0);
  g_assert_cmpint (cairo_surface_status (held), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (held), >, 0);
  cairo_surface_destroy (held);

  /* Drawn again when asked. */
  g_assert_nonnull (gw_case_symbols_get_cluster (7, 1, 0, 1, &size));
  g_assert_cmpuint (gw_case_symbols_get_cached_bytes (), >, 0);
}

/* Clusters are found for more than the view and kept while it pans:
 * after a pan the cluster is where its cases are, and a case arriving
 * in it is counted. */
static void
test_clusters_follow_pans_and_changes (void)
{
  g_autoptr(Scene) scene = scene_new ();
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
  GwCaseLayerHit before = locate (scene, "GW-WEST-00"), after;
  double x0, y0, x1, y1;

  g_assert_cmpuint (before.count, ==, 12);
  location_to_map (scene, 35.39, 116.93, &x0, &y0);
  gw_map_view_set_position (scene->view, 35.406, 116.975, 12);
  location_to_map (scene, 35.39, 116.93, &x1, &y1);
  after = locate (scene, "GW-WEST-00");
  g_assert_cmpuint (after.count, ==, 12);
  g_assert_cmpfloat (fabs (after.x - (before.x + x1 - x0)), <, 0.5);
  g_assert_cmpfloat (fabs (after.y - (before.y + y1 - y0)), <, 0.5);

  g_ptr_array_add (more, make_case ("GW-WEST-12", GW_CASE_STATUS_DISPATCHED, 35.39015, 116.93015, FALSE, WEST, 1));
  gw_case_model_update (scene->model, more);
  g_assert_cmpuint (locate (scene, "GW-WEST-00").count, ==, 13);
  g_assert_cmpuint (locate (scene, "GW-WEST-12").count, ==, 13);
}

/* Every tile opaque: see test_scaled_tiles_meet_on_whole_pixels. */
static cairo_surface_t *
opaque_tile (gpointer user_data,
             double   world,
             int      zoom,
             double   origin_x,
             double   origin_y,
             int      scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GW_MAP_TILE_SIZE * scale,
                                                         GW_MAP_TILE_SIZE * scale);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.5, 0.6, 0.7);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

static void
on_tiles_drawn (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* While the zoom moves, tiles of the nearest level are painted scaled:
 * they meet on whole pixels, so a view of opaque tiles has no pixel
 * between two tiles that shows through. */
static void
test_scaled_tiles_meet_on_whole_pixels (void)
{
  gboolean drawn = FALSE;
  GwMapTiles *tiles = gw_map_tiles_new (opaque_tile, on_tiles_drawn, &drawn);
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
  GwMapTransform t = { .half_width = 320, .half_height = 240, .cos_r = 1 };
  const guint8 *data;
  int stride;
  guint seams = 0;

  /* Two zooms in turn, so that no frame rests and draws exact tiles. */
  for (guint i = 0; i < 100 && (i < 2 || !gw_map_tiles_is_complete (tiles)); i++)
    {
      cairo_t *cr = cairo_create (frame);

      t.zoom = i % 2 ? 12.37 : 12.38;
      t.world = 256 * exp2 (t.zoom);
      t.center_x = 0.8237 * t.world + 0.31;
      t.center_y = 0.4121 * t.world + 0.77;
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_destroy (cr);
      cr = cairo_create (frame);
      gw_map_tiles_paint (tiles, cr, &t, 1);
      cairo_destroy (cr);
      /* The tiles' thread draws what the frame lacked, and says so. */
      if (!gw_map_tiles_is_complete (tiles))
        {
          gw_test_wait_for (flag_set, &drawn, 20000, "tiles drawn");
          drawn = FALSE;
        }
    }
  g_assert_true (gw_map_tiles_is_complete (tiles));

  cairo_surface_flush (frame);
  data = cairo_image_surface_get_data (frame);
  stride = cairo_image_surface_get_stride (frame);
  for (int y = 0; y < 480; y++)
    for (int x = 0; x < 640; x++)
      seams += ((const guint32 *) (data + y * stride))[x] >> 24 != 0xff;
  g_assert_cmpuint (seams, ==, 0);

  cairo_surface_destroy (frame);
  gw_map_tiles_free (tiles);
}

/* The tiles' thread is held inside a tile's drawing until let go. */
typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean hold;
  gboolean waiting;
} Gate;

typedef struct
{
  double red, green, blue;
  Gate *gate;               /* NULL: draws at once */
} Paint;

static cairo_surface_t *
painted_tile (gpointer scene,
              double   world,
              int      zoom,
              double   origin_x,
              double   origin_y,
              int      scale)
{
  Paint *paint = scene;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GW_MAP_TILE_SIZE * scale,
                                                         GW_MAP_TILE_SIZE * scale);
  cairo_t *cr = cairo_create (surface);

  if (paint->gate)
    {
      g_mutex_lock (&paint->gate->lock);
      paint->gate->waiting = TRUE;
      g_cond_broadcast (&paint->gate->cond);
      while (paint->gate->hold)
        g_cond_wait (&paint->gate->cond, &paint->gate->lock);
      g_mutex_unlock (&paint->gate->lock);
    }
  cairo_set_source_rgb (cr, paint->red, paint->green, paint->blue);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

/* Paints the view until every tile is there, waiting for the thread;
 * at two zooms in turn, so that no frame rests and every frame paints
 * the tiles of the nearest whole level. */
static void
paint_until_complete (GwMapTiles     *tiles,
                      cairo_surface_t *frame,
                      GwMapTransform  *t,
                      gboolean        *drawn)
{
  for (guint i = 0; i < 100 && (i < 2 || !gw_map_tiles_is_complete (tiles)); i++)
    {
      cairo_t *cr = cairo_create (frame);

      t->zoom = i % 2 ? 12.37 : 12.38;
      t->world = 256 * exp2 (t->zoom);
      t->center_x = 0.8237 * t->world;
      t->center_y = 0.4121 * t->world;

      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      gw_map_tiles_paint (tiles, cr, t, 1);
      cairo_destroy (cr);
      if (!gw_map_tiles_is_complete (tiles))
        {
          gw_test_wait_for (flag_set, drawn, 20000, "tiles drawn");
          *drawn = FALSE;
        }
    }
  g_assert_true (gw_map_tiles_is_complete (tiles));
}

/* Tiles are drawn on a thread of their own from the scene they were
 * asked for: what a new scene makes out of date never reaches the view,
 * even when it was being drawn as the scene changed. */
static void
test_tiles_of_a_scene_gone_are_let_go (void)
{
  Gate gate = { .hold = TRUE };
  Paint *red = g_new0 (Paint, 1), *blue = g_new0 (Paint, 1);
  gboolean drawn = FALSE;
  GwMapTiles *tiles = gw_map_tiles_new (painted_tile, on_tiles_drawn, &drawn);
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
  GwMapTransform t = { .half_width = 320, .half_height = 240, .cos_r = 1, .zoom = 12.37 };
  cairo_t *cr;
  const guint8 *data;
  int stride;
  guint wrong = 0;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  *red = (Paint) { 1, 0, 0, &gate };
  *blue = (Paint) { 0, 0, 1, NULL };
  t.world = 256 * exp2 (t.zoom);
  t.center_x = 0.8237 * t.world;
  t.center_y = 0.4121 * t.world;

  gw_map_tiles_set_scene (tiles, red, g_free);
  cr = cairo_create (frame);
  gw_map_tiles_paint (tiles, cr, &t, 1);
  cairo_destroy (cr);
  g_assert_false (gw_map_tiles_is_complete (tiles));

  /* The thread is inside a red tile when the scene turns blue. */
  g_mutex_lock (&gate.lock);
  while (!gate.waiting)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);
  gw_map_tiles_set_scene (tiles, blue, g_free);
  gw_map_tiles_clear (tiles);
  g_mutex_lock (&gate.lock);
  gate.hold = FALSE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);

  paint_until_complete (tiles, frame, &t, &drawn);
  cairo_surface_flush (frame);
  data = cairo_image_surface_get_data (frame);
  stride = cairo_image_surface_get_stride (frame);
  for (int y = 0; y < 480; y++)
    for (int x = 0; x < 640; x++)
      wrong += ((const guint32 *) (data + y * stride))[x] != 0xff0000ff;
  g_assert_cmpuint (wrong, ==, 0);

  cairo_surface_destroy (frame);
  gw_map_tiles_free (tiles);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
}

/* A layer that paints itself one colour: what lies under the grids. */
#define TEST_TYPE_GROUND (test_ground_get_type ())
G_DECLARE_FINAL_TYPE (TestGround, test_ground, TEST, GROUND, ShumateLayer)

struct _TestGround
{
  ShumateLayer parent_instance;
};

G_DEFINE_FINAL_TYPE (TestGround, test_ground, SHUMATE_TYPE_LAYER)

static void
test_ground_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 0, 1, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
}

static void
test_ground_class_init (TestGroundClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = test_ground_snapshot;
}

static void
test_ground_init (TestGround *self)
{
}

/* The grid tiles are copied, not blended, into the grid layer's node:
 * what lies under that node still shows through the fills. */
static void
test_grids_let_the_ground_through (void)
{
  g_autoptr(Scene) scene = scene_new ();
  g_autoptr(GdkTexture) bare = NULL, png = NULL;
  ShumateMap *map = gw_map_view_get_map (scene->view);
  ShumateLayer *ground = g_object_new (TEST_TYPE_GROUND, "viewport", shumate_map_get_viewport (map), NULL);
  Pixel north, west, bare_north, bare_west;
  double nx, ny, wx, wy;

  location_to_map (scene, 35.455, 116.97, &nx, &ny);
  location_to_map (scene, 35.37, 116.91, &wx, &wy);
  bare = render_to_png (scene, "no-ground.png");
  bare_north = pixel_at (bare, nx, ny);
  bare_west = pixel_at (bare, wx, wy);

  shumate_map_insert_layer_behind (map, ground, SHUMATE_LAYER (gw_map_view_get_grid_layer (scene->view)));
  png = render_to_png (scene, "ground.png");
  north = pixel_at (png, nx, ny);
  west = pixel_at (png, wx, wy);
  g_test_message ("north %u,%u,%u west %u,%u,%u; without the ground north %u,%u,%u west %u,%u,%u",
                  north.r, north.g, north.b, west.r, west.g, west.b,
                  bare_north.r, bare_north.g, bare_north.b, bare_west.r, bare_west.g, bare_west.b);
  /* Magenta shows through both fills: the pale north's and the west's. */
  g_assert_cmpint (north.g, <, bare_north.g - 12);
  g_assert_cmpint (north.r, >, north.g + 15);
  g_assert_cmpint (north.b, >, north.g + 15);
  g_assert_cmpint (west.g, <, bare_west.g - 30);
  g_assert_cmpint (west.b, >, bare_west.b + 30);
}

int
main (int   argc,
      char *argv[])
{
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  gw_app_test_add_with_xdotool ("/map-view/click-selects-case", test_click_selects_case);
  gw_app_test_add_with_xdotool ("/map-view/click-on-cluster-zooms-in", test_click_on_cluster_zooms_in);
  gw_app_test_add_with_xdotool ("/map-view/keyboard-zoom-and-pan", test_keyboard_zoom_and_pan);
  gw_app_test_add_with_xdotool ("/map-view/band-selects-cases-inside", test_band_selects_cases_inside);
  g_test_add_func ("/map-view/incoming-change-touches-one-marker", test_incoming_change_touches_one_marker);
  g_test_add_func ("/map-view/rendered-scene-colours", test_rendered_scene_colours);
  g_test_add_func ("/map-view/heatmap", test_heatmap);
  g_test_add_func ("/map-view/legend-folds-and-fit-leaves-it-free", test_legend_folds_and_fit_leaves_it_free);
  g_test_add_func ("/map-view/fit-stops-a-flight", test_fit_stops_a_flight);
  g_test_add_func ("/map-view/fill-per-worker", test_fill_per_worker);
  g_test_add_func ("/map-view/counts-after-sliced-fill", test_counts_after_sliced_fill);
  g_test_add_func ("/map-view/berlin-renders", test_berlin_renders);
  g_test_add_func ("/map-view/names-out-of-view-are-let-go", test_names_out_of_view_are_let_go);
  g_test_add_func ("/map-view/wall-keeps-the-tiles-in-view", test_wall_keeps_the_tiles_in_view);
  g_test_add_func ("/map-view/symbols-of-counts-gone-are-let-go", test_symbols_of_counts_gone_are_let_go);
  g_test_add_func ("/map-view/symbols-forgotten-at-a-round-end", test_symbols_forgotten_at_a_round_end);
  g_test_add_func ("/map-view/clusters-follow-pans-and-changes", test_clusters_follow_pans_and_changes);
  g_test_add_func ("/map-view/scaled-tiles-meet-on-whole-pixels", test_scaled_tiles_meet_on_whole_pixels);
  g_test_add_func ("/map-view/tiles-of-a-scene-gone-are-let-go", test_tiles_of_a_scene_gone_are_let_go);
  g_test_add_func ("/map-view/grids-let-the-ground-through", test_grids_let_the_ground_through);

  return g_test_run ();
}
