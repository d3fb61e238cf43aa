/* test-grid-levels.c: a five-level county in the real window, under Xvfb
 *
 * County > town > management area (管区) > community > unit grid, from
 * tests/data/five-level-grids.geojson imported with gridwatch-townd: the
 * grid tree opens one level at a time and each choice brings its grid
 * into view on the map; a click on the map (a real X event) opens the
 * tree down to the unit grid under the pointer, through every level.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "gw-app-test-util.h"
#include "gw-grid-layer.h"
#include "gw-grid-sidebar.h"
#include "gw-map-view.h"
#include "gw-test-util.h"
#include "gw-window.h"

typedef struct
{
  GwWindow *window;
  GwGrid *grid;
} GridInView;

static gboolean
grids_shown (gpointer data)
{
  GwMapView *map_view = gw_window_get_map_view (data);

  return gw_grid_layer_get_n_grids (gw_map_view_get_grid_layer (map_view)) == 20 &&
         gtk_widget_get_width (GTK_WIDGET (gw_map_view_get_map (map_view))) > 100;
}

/* The grid whole on the map, and the map's centre inside it. */
static gboolean
grid_in_view (gpointer data)
{
  GridInView *w = data;
  ShumateMap *map = gw_map_view_get_map (gw_window_get_map_view (w->window));
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  const GwBounds *b = gw_geometry_get_bounds (gw_grid_get_geometry (w->grid));
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  double x0, y0, x1, y1;

  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), b->min_lat, b->min_lon, &x0, &y0);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), b->max_lat, b->max_lon, &x1, &y1);
  return gw_bounds_contains (b, lon, lat) &&
         x0 >= -1 && y1 >= -1 &&
         x1 <= gtk_widget_get_width (GTK_WIDGET (map)) + 1 &&
         y0 <= gtk_widget_get_height (GTK_WIDGET (map)) + 1;
}

static GtkSingleSelection *
tree_selection (GwWindow *window)
{
  GtkWidget *list = gw_app_test_find_widget (GTK_WIDGET (gw_window_get_sidebar (window)), GTK_TYPE_LIST_VIEW);

  g_assert_nonnull (list);
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

/* The visible row of the tree that shows @code, or NULL. */
static GtkTreeListRow *
tree_row (GwWindow   *window,
          const char *code)
{
  GListModel *rows = G_LIST_MODEL (tree_selection (window));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GwGrid) grid = gtk_tree_list_row_get_item (row);

      if (g_str_equal (gw_grid_get_code (grid), code))
        return g_steal_pointer (&row);
    }
  return NULL;
}

typedef struct
{
  GwWindow *window;
  const char *code;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *w = data;
  g_autoptr(GtkTreeListRow) row = tree_row (w->window, w->code);

  return row != NULL;
}

/* The click arrives through the X server: its row shows some time after. */
static GtkTreeListRow *
tree_row_waited (GwWindow   *window,
                 const char *code)
{
  RowWait w = { window, code };

  gw_test_wait_for (row_shown, &w, 20000, "the clicked grid's row in the tree");
  return tree_row (window, code);
}

static gboolean
sidebar_selected_is (gpointer data)
{
  GridInView *w = data;
  GwGrid *selected = gw_grid_sidebar_get_selected (gw_window_get_sidebar (w->window));

  return selected != NULL && g_str_equal (gw_grid_get_code (selected), gw_grid_get_code (w->grid));
}

/* Down the tree, one level at a time, as a dispatcher opens it: each
 * level's row shows only once its parent is open, and choosing it brings
 * the grid into view, nearer each time. */
static void
drill_down_the_tree (GwWindow *window)
{
  static const char * const path[] = {
    "990100", "990100002", "990100002-GQ1", "990100002-GQ1-02", "990100002-GQ1-02-01",
  };
  static const guint n_children[] = { 2, 2, 2, 2, 0 };
  static const GwGridLevel levels[] = {
    GW_GRID_LEVEL_COUNTY, GW_GRID_LEVEL_TOWN, GW_GRID_LEVEL_AREA, GW_GRID_LEVEL_COMMUNITY, GW_GRID_LEVEL_GRID,
  };
  ShumateViewport *viewport = shumate_map_get_viewport (gw_map_view_get_map (gw_window_get_map_view (window)));
  GwGridLayer *layer = gw_map_view_get_grid_layer (gw_window_get_map_view (window));
  double zoom = 0;

  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    {
      g_autoptr(GtkTreeListRow) row = tree_row (window, path[i]);
      g_autoptr(GwGrid) grid = NULL;
      guint shown;
      GridInView w = { window, NULL };

      g_assert_nonnull (row);
      grid = gtk_tree_list_row_get_item (row);
      g_assert_cmpint (gw_grid_get_level (grid), ==, levels[i]);
      if (i + 1 < G_N_ELEMENTS (path) && i > 0)
        g_assert_null (tree_row (window, path[i + 1]));

      /* Chosen in the tree: highlighted and fitted on the map. */
      gtk_single_selection_set_selected (tree_selection (window), gtk_tree_list_row_get_position (row));
      g_assert_cmpstr (gw_grid_layer_get_selected (layer), ==, path[i]);
      w.grid = grid;
      gw_test_wait_for (grid_in_view, &w, 20000, "the chosen grid to fill the map");
      g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), >=, zoom - 0.01);
      zoom = shumate_viewport_get_zoom_level (viewport);

      /* Opened: its children show beneath it. */
      shown = g_list_model_get_n_items (G_LIST_MODEL (tree_selection (window)));
      gtk_tree_list_row_set_expanded (row, TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tree_selection (window))), ==,
                        shown + (gtk_tree_list_row_get_expanded (row) && i > 0 ? n_children[i] : 0));
      g_assert_cmpuint (gtk_tree_list_row_get_depth (row), ==, i);
    }
}

/* A click on a unit grid opens the tree down to it through every level
 * above it: four in the town without management areas, five in the
 * other. */
static void
click_down_the_map (GwWindow *window)
{
  static const struct { double lat, lon; const char *chain[5]; } clicks[] = {
    { 35.005, 117.03, { "990100", "990100001", "990100001-02", "990100001-02-01", NULL } },
    { 35.005, 117.07, { "990100", "990100002", "990100002-GQ2", "990100002-GQ2-01", "990100002-GQ2-01-01" } },
  };
  GwMapView *map_view = gw_window_get_map_view (window);

  for (guint i = 0; i < G_N_ELEMENTS (clicks); i++)
    {
      g_autoptr(GtkTreeListRow) row = NULL;
      g_autoptr(GwGrid) grid = NULL;
      GridInView w = { window, NULL };
      guint depth = 0;

      /* The whole county, once the last choice's flight has landed. */
      row = tree_row (window, "990100");
      w.grid = gtk_tree_list_row_get_item (row);
      gw_map_view_fit_grids (map_view, FALSE);
      gw_test_wait_for (grid_in_view, &w, 20000, "the county on the map");
      gw_app_test_wait_drawn (GTK_WIDGET (gw_map_view_get_map (map_view)));
      g_clear_object (&w.grid);
      g_clear_object (&row);
      while (depth + 1 < G_N_ELEMENTS (clicks[i].chain) && clicks[i].chain[depth + 1])
        depth++;
      g_assert_null (tree_row (window, clicks[i].chain[depth]));

      gw_app_test_click_map_at (window, clicks[i].lat, clicks[i].lon);
      row = tree_row_waited (window, clicks[i].chain[depth]);
      grid = gtk_tree_list_row_get_item (row);
      w.grid = grid;
      gw_test_wait_for (sidebar_selected_is, &w, 20000, "the clicked unit grid chosen in the tree");
      g_assert_cmpint (gw_grid_get_level (grid), ==, GW_GRID_LEVEL_GRID);
      g_assert_cmpstr (gw_grid_layer_get_selected (gw_map_view_get_grid_layer (map_view)), ==, clicks[i].chain[depth]);
      g_assert_cmpuint (gtk_tree_list_row_get_depth (row), ==, depth);
      for (guint j = 0; j < depth; j++)
        {
          g_autoptr(GtkTreeListRow) up = tree_row (window, clicks[i].chain[j]);

          g_assert_nonnull (up);
          g_assert_true (gtk_tree_list_row_get_expanded (up));
        }
    }
}

static void
test_five_levels_drill_down (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("five-levels.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("five-levels-app");
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "five-level-grids.geojson", NULL);
  g_autoptr(GwTestServer) server = NULL;
  GwApplication *app;
  GwWindow *window;

  g_assert_cmpint (gw_test_run_townd (NULL, NULL, "--db", server_db, "--import", "grids", fixture,
                                      "--strict", NULL), ==, 0);
  server = gw_test_server_start (server_db, NULL);
  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_test_wait_for (grids_shown, window, 20000, "the five levels' 20 grids on the map");
  /* The grid tree, as Ctrl+F shows it; the search left empty. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  gw_app_test_wait_drawn (GTK_WIDGET (gw_window_get_sidebar (window)));

  drill_down_the_tree (window);
  click_down_the_map (window);

  gw_app_test_close_window (window, app);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);
  gw_app_test_add_with_xdotool ("/grid-levels/five-levels-drill-down", test_five_levels_drill_down);

  return g_test_run ();
}
