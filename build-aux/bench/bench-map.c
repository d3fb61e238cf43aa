/* bench-map.c: map frame times at county scale, ours against libshumate's
 *
 * A 1920×1080 ShumateMap in a window under Xvfb runs a scripted sequence
 * of pans and zooms. A frame is timed from the viewport change through
 * layout (markers are measured and allocated there), the snapshot of the
 * map, and its rendering to a texture with the cairo renderer; presenting
 * to the X server is left out. Two implementations are measured in one run:
 *   ours      GwGridLayer + GwCaseLayer (plain arrays, one node each)
 *   baseline  a ShumatePathLayer per grid and a ShumatePoint per case in a
 *             ShumateMarkerLayer
 * Prints, per scenario:
 *   bench map-frame impl=… cases=… grids=… frames=… median_ms=… p95_ms=…
 * then the ratios baseline/ours, and the resident memory with 100,000
 * cases and 5,000 grids loaded and drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gw-basemap.h"
#include "gw-bench-util.h"
#include "gw-case-layer.h"
#include "gw-grid-layer.h"
#include "gw-process.h"

#define CENTER_LAT 35.40
#define CENTER_LON 116.97

typedef struct
{
  GtkWidget *window;
  ShumateMap *map;
  GskRenderer *renderer;
  GwGridLayer *grid_layer;
} Stage;

static double
run_frame (Stage *stage)
{
  GtkWidget *map = GTK_WIDGET (stage->map);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Layout, as the frame clock would run it before painting. */
  gtk_widget_allocate (map, 1920, 1080, -1, NULL);
  /* The map's own snapshot builds every layer's node afresh; a widget
   * paintable would only hand back what the last real paint drew. */
  GTK_WIDGET_GET_CLASS (map)->snapshot (map, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  if (node != NULL)
    texture = gsk_renderer_render_texture (stage->renderer, node, &GRAPHENE_RECT_INIT (0, 0, 1920, 1080));

  return (g_get_monotonic_time () - start) / 1000.0;
}

static GPtrArray *
lattice_grids (guint n)
{
  GPtrArray *grids = g_ptr_array_new_with_free_func (g_object_unref);
  guint cols = (guint) ceil (sqrt (n * 1.6));
  guint rows = (n + cols - 1) / cols;
  double width = 0.42, height = 0.36;

  /* Towns as the first rows of parents, so fills get their colours. */
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < cols && grids->len < n; c++)
      {
        g_autofree char *code = g_strdup_printf ("370883%03u%03u%03u", r % 999 + 1, c / 10 + 1, c % 10 + 1);
        double x0 = CENTER_LON - width / 2 + c * width / cols;
        double y0 = CENTER_LAT - height / 2 + r * height / rows;
        double pts[] = {
          x0, y0, x0 + width / cols, y0, x0 + width / cols, y0 + height / rows, x0, y0 + height / rows,
          x0 + width / cols * 0.5, y0 + height / rows * 1.02, x0, y0,
        };
        guint ring[] = { 6 };
        guint polygons[] = { 1 };
        g_autoptr(GwGeometry) g = gw_geometry_new (pts, 6, ring, 1, polygons, 1);

        g_ptr_array_add (grids, gw_grid_new (code, code, GW_GRID_LEVEL_GRID, NULL, g));
      }
  return grids;
}

static GPtrArray *
random_cases (guint n)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (370883);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("GW-BENCH-%06u", i);
      GwCaseData d = {
        .id = id,
        .status = g_rand_int_range (rand, 0, 6),
        .source = GW_CASE_SOURCE_PATROL,
        .lat = CENTER_LAT + g_rand_double_range (rand, -0.18, 0.18),
        .lon = CENTER_LON + g_rand_double_range (rand, -0.21, 0.21),
        .urgent = g_rand_double (rand) < 0.05,
        .reported_at = (char *) "2026-11-23T09:00:00+08:00",
        .deadline = (char *) "2026-11-24T09:00:00+08:00",
        .version = 1,
      };
      g_ptr_array_add (cases, gw_case_new (&d));
    }
  return cases;
}

static void
add_baseline_layers (ShumateMap *map,
                     GPtrArray  *grids,
                     GPtrArray  *cases)
{
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  ShumateMarkerLayer *markers = shumate_marker_layer_new (viewport);

  for (guint i = 0; i < grids->len; i++)
    {
      GwGeometry *g = gw_grid_get_geometry (g_ptr_array_index (grids, i));
      ShumatePathLayer *path = shumate_path_layer_new (viewport);
      guint n;
      const double *pts = gw_geometry_get_ring (g, 0, 0, &n);

      shumate_path_layer_set_closed (path, TRUE);
      shumate_path_layer_set_fill (path, TRUE);
      for (guint k = 0; k < n; k++)
        shumate_path_layer_add_node (path, SHUMATE_LOCATION (shumate_coordinate_new_full (pts[2 * k + 1], pts[2 * k])));
      shumate_map_add_layer (map, SHUMATE_LAYER (path));
    }

  for (guint i = 0; i < cases->len; i++)
    {
      const GwCaseData *d = gw_case_get_data (g_ptr_array_index (cases, i));
      ShumateMarker *point = SHUMATE_MARKER (shumate_point_new ());

      shumate_location_set_location (SHUMATE_LOCATION (point), d->lat, d->lon);
      shumate_marker_layer_add_marker (markers, point);
    }
  shumate_map_add_layer (map, SHUMATE_LAYER (markers));
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  return gw_bench_compare_doubles (a, b);
}

static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static void
measure (const char *impl,
         guint       n_cases,
         guint       n_grids,
         guint       frames,
         double     *median_out)
{
  g_autoptr(GPtrArray) grids = lattice_grids (n_grids);
  g_autoptr(GPtrArray) cases = random_cases (n_cases);
  g_autoptr(ShumateMapSource) reference = gw_basemap_new_reference ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  ShumateViewport *viewport;
  Stage stage = { 0 };
  guint grid_tiles_cached;
  double *t;

  stage.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (stage.window), 1920, 1080);
  gtk_window_set_decorated (GTK_WINDOW (stage.window), FALSE);
  stage.map = shumate_map_new ();
  viewport = shumate_map_get_viewport (stage.map);
  shumate_viewport_set_reference_map_source (viewport, reference);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  gtk_window_set_child (GTK_WINDOW (stage.window), GTK_WIDGET (stage.map));

  if (g_str_equal (impl, "ours"))
    {
      GwGridLayer *grid_layer = gw_grid_layer_new (viewport);
      GwCaseLayer *case_layer = gw_case_layer_new (viewport);
      g_autoptr(GwCaseModel) model = gw_case_model_new ();
      g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
      g_autoptr(GwCasePoints) points = NULL;

      gw_case_model_update (model, cases);
      points = gw_case_points_new (model, filter);
      gw_grid_layer_set_grids (grid_layer, grids);
      gw_grid_layer_set_case_points (grid_layer, points);
      gw_case_layer_set_points (case_layer, points);
      stage.grid_layer = grid_layer;
      shumate_map_add_layer (stage.map, SHUMATE_LAYER (grid_layer));
      shumate_map_add_layer (stage.map, SHUMATE_LAYER (case_layer));
    }
  else
    add_baseline_layers (stage.map, grids, cases);

  shumate_viewport_set_zoom_level (viewport, 11.5);
  shumate_map_center_on (stage.map, CENTER_LAT, CENTER_LON);
  gtk_window_present (GTK_WINDOW (stage.window));
  while (gtk_widget_get_width (GTK_WIDGET (stage.map)) < 1920)
    g_main_context_iteration (NULL, TRUE);

  stage.renderer = gsk_cairo_renderer_new ();
  gsk_renderer_realize (stage.renderer, NULL, NULL);
  run_frame (&stage);   /* the first frame builds caches; not timed */

  /* Pans east, zooms in, pans south, zooms out: what a dispatcher does. */
  for (guint f = 0; f < frames; f++)
    {
      double phase = (double) f / frames;
      double zoom = phase < 0.25 ? 11.5 : phase < 0.5 ? 11.5 + (phase - 0.25) * 12 : phase < 0.75 ? 14.5 : 14.5 - (phase - 0.75) * 12;
      double lon = CENTER_LON + 0.08 * sin (phase * 2 * G_PI);
      double lat = CENTER_LAT + 0.06 * sin (phase * 4 * G_PI);
      double ms;

      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_map_center_on (stage.map, lat, lon);
      ms = run_frame (&stage);
      g_array_append_val (times, ms);
    }

  g_array_sort (times, compare);
  t = (double *) times->data;
  grid_tiles_cached = stage.grid_layer ? gw_grid_layer_get_n_cached_tiles (stage.grid_layer) : 0;
  g_print ("bench map-frame impl=%s cases=%u grids=%u frames=%u median_ms=%.2f p95_ms=%.2f\n",
           impl, n_cases, n_grids, times->len, t[times->len / 2], t[MIN (times->len - 1, (guint) (times->len * 0.95))]);
  fflush (stdout);
  if (median_out)
    *median_out = t[times->len / 2];

  /* The resident size of a county's wall screen: everything loaded, and
   * the tile caches as full as the sequence made them. */
  if (g_str_equal (impl, "ours") && n_cases == 100000 && n_grids == 5000)
    {
      g_print ("bench map-memory cases=%u grids=%u cached_tiles=%u rss_mb=%.0f target_mb=160 ratio_to_target=%.2f\n",
               n_cases, n_grids, grid_tiles_cached, rss_mb (), rss_mb () / 160.0);
      fflush (stdout);
    }

  gsk_renderer_unrealize (stage.renderer);
  g_object_unref (stage.renderer);
  gtk_window_destroy (GTK_WINDOW (stage.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  static const guint case_counts[] = { 1000, 10000, 100000 };
  static const guint grid_counts[] = { 300, 5000 };
  double ours[3][2] = { { 0 } }, baseline[3][2] = { { 0 } };

  gw_process_init ();   /* the app's malloc and GDK settings */
  gtk_init ();
  adw_init ();
  for (guint g = 0; g < G_N_ELEMENTS (grid_counts); g++)
    for (guint c = 0; c < G_N_ELEMENTS (case_counts); c++)
      {
        /* For profiling one scenario. */
        if ((g_getenv ("GW_BENCH_ONLY_CASES") && (guint) atoi (g_getenv ("GW_BENCH_ONLY_CASES")) != case_counts[c]) ||
            (g_getenv ("GW_BENCH_ONLY_GRIDS") && (guint) atoi (g_getenv ("GW_BENCH_ONLY_GRIDS")) != grid_counts[g]))
          continue;
        measure ("ours", case_counts[c], grid_counts[g], 60, &ours[c][g]);

        /* The baseline is measured where it finishes in reasonable time:
         * a widget per marker and a surface per path do not scale. */
        if (case_counts[c] <= 10000 && g_getenv ("GW_BENCH_OURS_ONLY") == NULL)
          {
            /* The same frames as ours: at 5,000 grids this takes minutes. */
            measure ("baseline", case_counts[c], grid_counts[g], 60, &baseline[c][g]);
            g_print ("bench map-ratio cases=%u grids=%u baseline_over_ours=%.1f\n",
                     case_counts[c], grid_counts[g], baseline[c][g] / MAX (ours[c][g], 0.01));
          }
      }

  return 0;
}
