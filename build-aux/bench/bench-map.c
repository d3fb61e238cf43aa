/* bench-map.c: map frame times at county scale, ours against libshumate's
 *
 * A 1920×1080 ShumateMap (and a 3840×2160 one at county scale) in a
 * window under Xvfb runs a scripted sequence of pans and zooms. Each
 * frame is the window's own: the viewport changes, and the window's frame
 * clock lays it out, snapshots it and renders it into its X window, as
 * for anyone looking at the map. The frame is timed from the clock's
 * before-paint to its after-paint; the wait for the frame's turn is left
 * out. That is the honest measure: rendering a snapshot of the map to a
 * texture, as this bench did before, timed a frame no window draws. GTK
 * 4.8's cairo renderer on X11 paints each frame into a new image of the
 * damaged area (gdk_x11_cairo_context_begin_frame), draws the window's
 * background into it first, so the map's cairo node is replayed into an
 * image of its own and composited (a texture starts empty: the map's
 * node was replayed straight into it), and copies the result to the
 * window through a shared-memory segment that cairo 1.16 creates and
 * drops again every frame. perf shows all three in the window's frame;
 * none of them was in the texture's. Three implementations are measured
 * in one run (and, after them, the issue's scenes again with the map's
 * snapshot rendered to a texture, frame=texture: the figures measured
 * that way before, which leave out GTK's own cost per frame):
 *   ours      GwGridLayer (tiles drawn once and cached) + GwCaseLayer
 *             (plain arrays, clusters, one node each)
 *   uncached  the same case layer, with one layer that traces every
 *             grid's path in every frame: what the tile cache wins
 *   baseline  a ShumatePathLayer per grid and a ShumatePoint per case in a
 *             ShumateMarkerLayer: what arrays and clusters win on top
 * Prints, per scenario:
 *   bench map-frame impl=… renderer=… width=… height=… cases=… grids=…
 *         frames=… median_ms=… p95_ms=… snapshot_ms=… render_ms=…
 *         cpu_ms=… process_cpu_ms=… page_faults=… incomplete_frames=…
 * (snapshot_ms: layout and snapshot; render_ms: the renderer, into the
 * window; cpu_ms: the frame's CPU time on its thread, which a loaded
 * machine's waits for the CPU do not inflate; process_cpu_ms: the same
 * in all of the process's threads, where GL's software rasteriser
 * works; page_faults: the pages the frame's thread touched for the
 * first time, each a trap into the kernel (where that is slow, in a
 * virtual machine, much of the frame); medians; incomplete_frames:
 * frames that left grid tiles for later ones, stood in for by another
 * level or empty), then the ratios, and the resident memory with 100,000
 * cases and 5,000 grids loaded and drawn, measured in a process of its
 * own: what the app holds, not what the other scenarios left behind. For
 * ours, before the timed frames:
 *   bench map-first-draw … frames=… longest_ms=… total_ms=…
 * the frames until every grid tile of the first view is drawn, and the
 * longest of them: one main-loop iteration of a window showing the map.
 * Last, the issue's scenes in the window again with GTK's GL renderer
 * (renderer=gl, a second figure; cairo stays the reference), after
 *   bench map-gl available=yes gl=… (the driver) or available=no reason=…
 * when this display has no GL for GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <epoxy/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gw-basemap.h"
#include "gw-bench-util.h"
#include "gw-case-layer.h"
#include "gw-grid-layer.h"
#include "gw-map-transform.h"
#include "gw-process.h"

/* This process measures the memory of one scene and nothing else. */
static gboolean memory_only;
/* Frames rendered to a texture, as this bench timed them before it timed
 * the window's: printed beside the window's figures (frame=texture), so
 * they compare with the figures measured that way, which leave out what
 * GTK costs per frame whatever is drawn. */
static gboolean texture_frames;
/* The renderer of the last scene measured, for the ratio lines. */
static char last_renderer[32];

#define CENTER_LAT 35.40
#define CENTER_LON 116.97

typedef struct
{
  GtkWidget *window;
  GtkWidget *probe;           /* snapshotted after the map */
  ShumateMap *map;
  GskRenderer *renderer;
  GwGridLayer *grid_layer;
  int width, height;
  gboolean armed;             /* a frame is asked for and not begun */
  gboolean begun, painted;
  gboolean filling;           /* the first frames, before the timed ones */
  gint64 start, snapshot_end, end;
  double cpu_start, process_cpu_start;
  double faults_start;
  double snapshot_ms;         /* of the last frame */
  double cpu_ms;              /* of the last frame, on this thread */
  double process_cpu_ms;      /* of the last frame, in every thread (with GL, llvmpipe rasterises in its own) */
  double faults;              /* of the last frame, on this thread */
} Stage;

/* An empty widget over the map: the window snapshots it last, so its
 * snapshot marks where the renderer takes over. */
#define BENCH_TYPE_PROBE (bench_probe_get_type ())
G_DECLARE_FINAL_TYPE (BenchProbe, bench_probe, BENCH, PROBE, GtkWidget)

struct _BenchProbe
{
  GtkWidget parent_instance;
  Stage *stage;
};

G_DEFINE_FINAL_TYPE (BenchProbe, bench_probe, GTK_TYPE_WIDGET)

static void
bench_probe_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  BENCH_PROBE (widget)->stage->snapshot_end = g_get_monotonic_time ();
}

static void
bench_probe_class_init (BenchProbeClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = bench_probe_snapshot;
}

static void
bench_probe_init (BenchProbe *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

static void
on_before_paint (GdkFrameClock *clock,
                 Stage         *stage)
{
  if (!stage->armed)
    return;
  stage->armed = FALSE;
  stage->begun = TRUE;
  stage->snapshot_end = 0;
  stage->start = g_get_monotonic_time ();
  stage->cpu_start = gw_bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID);
  stage->process_cpu_start = gw_bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
  stage->faults_start = gw_bench_page_faults (TRUE);
}

static void
on_after_paint (GdkFrameClock *clock,
                Stage         *stage)
{
  if (!stage->begun)
    return;
  stage->begun = FALSE;
  stage->painted = TRUE;
  stage->end = g_get_monotonic_time ();
  stage->cpu_ms = gw_bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID) - stage->cpu_start;
  stage->process_cpu_ms = gw_bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID) - stage->process_cpu_start;
  stage->faults = gw_bench_page_faults (TRUE) - stage->faults_start;
}

/* Layout, snapshot of the map alone, and its rendering to a texture. */
static double
run_texture_frame (Stage *stage)
{
  GtkWidget *map = GTK_WIDGET (stage->map);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gint64 start;
  double cpu_start, process_cpu_start, faults_start;

  /* What the window does between the first frames: it waits for the
   * grid tiles' thread to draw what the last frame lacked (the layer
   * asks for a frame once it has), and runs what else is due. Not
   * between the timed ones, where the window would paint the new view
   * itself, untimed, first; those take what the thread drew meanwhile. */
  if (stage->filling && stage->grid_layer && !gw_grid_layer_is_complete (stage->grid_layer))
    g_main_context_iteration (NULL, TRUE);
  while (stage->filling && g_main_context_iteration (NULL, FALSE))
    ;
  start = g_get_monotonic_time ();
  cpu_start = gw_bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID);
  process_cpu_start = gw_bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
  faults_start = gw_bench_page_faults (TRUE);
  gtk_widget_allocate (map, stage->width, stage->height, -1, NULL);
  GTK_WIDGET_GET_CLASS (map)->snapshot (map, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  stage->snapshot_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (node != NULL)
    texture = gsk_renderer_render_texture (stage->renderer, node,
                                           &GRAPHENE_RECT_INIT (0, 0, stage->width, stage->height));
  stage->cpu_ms = gw_bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  stage->process_cpu_ms = gw_bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID) - process_cpu_start;
  stage->faults = gw_bench_page_faults (TRUE) - faults_start;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* One frame of the window, as its frame clock runs it: layout, snapshot,
 * and the renderer drawing into the window. Returns its length in ms. */
static double
run_frame (Stage *stage)
{
  if (texture_frames)
    return run_texture_frame (stage);
  stage->armed = TRUE;
  stage->painted = FALSE;
  /* The map's layers asked for their own redraw if the view changed. */
  gtk_widget_queue_draw (stage->probe);
  while (!stage->painted)
    g_main_context_iteration (NULL, TRUE);

  stage->snapshot_ms = (MAX (stage->snapshot_end, stage->start) - stage->start) / 1000.0;
  return (stage->end - stage->start) / 1000.0;
}

/* Every grid's outline traced and filled in every frame, into one node,
 * from outlines projected to Mercator once: a custom layer without the
 * tile cache. */
#define BENCH_TYPE_PATH_LAYER (bench_path_layer_get_type ())
G_DECLARE_FINAL_TYPE (BenchPathLayer, bench_path_layer, BENCH, PATH_LAYER, ShumateLayer)

struct _BenchPathLayer
{
  ShumateLayer parent_instance;
  GArray *rings;              /* of GArray of double: x, y in Mercator */
};

G_DEFINE_FINAL_TYPE (BenchPathLayer, bench_path_layer, SHUMATE_TYPE_LAYER)

static void
bench_path_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  BenchPathLayer *self = BENCH_PATH_LAYER (widget);
  GwMapTransform t;
  cairo_t *cr;

  if (!gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), widget))
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, 2 * t.half_width, 2 * t.half_height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 0.7);
  for (guint i = 0; i < self->rings->len; i++)
    {
      GArray *ring = g_array_index (self->rings, GArray *, i);
      const double *xy = (const double *) ring->data;

      for (guint k = 0; k < ring->len / 2; k++)
        {
          double x, y;

          gw_map_transform_to_screen (&t, xy[2 * k], xy[2 * k + 1], &x, &y);
          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.28);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.2, 0.2, 0.2, 0.35);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
bench_path_layer_finalize (GObject *object)
{
  g_array_unref (BENCH_PATH_LAYER (object)->rings);
  G_OBJECT_CLASS (bench_path_layer_parent_class)->finalize (object);
}

static void
bench_path_layer_class_init (BenchPathLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_path_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = bench_path_layer_snapshot;
}

/* A clear function gets the element's address, not the element. */
static void
ring_clear (GArray **ring)
{
  g_clear_pointer (ring, g_array_unref);
}

static void
bench_path_layer_init (BenchPathLayer *self)
{
  self->rings = g_array_new (FALSE, FALSE, sizeof (GArray *));
  g_array_set_clear_func (self->rings, (GDestroyNotify) ring_clear);
}

static ShumateLayer *
bench_path_layer_new (ShumateViewport *viewport,
                      GPtrArray       *grids)
{
  BenchPathLayer *self = g_object_new (BENCH_TYPE_PATH_LAYER, "viewport", viewport, NULL);

  for (guint i = 0; i < grids->len; i++)
    {
      GwGeometry *g = gw_grid_get_geometry (g_ptr_array_index (grids, i));
      GArray *ring = g_array_new (FALSE, FALSE, sizeof (double));
      guint n;
      const double *pts = gw_geometry_get_ring (g, 0, 0, &n);

      for (guint k = 0; k < n; k++)
        {
          double xy[2] = { gw_mercator_x_from_lon (pts[2 * k]), gw_mercator_y_from_lat (pts[2 * k + 1]) };

          g_array_append_vals (ring, xy, 2);
        }
      g_array_append_val (self->rings, ring);
    }
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  return SHUMATE_LAYER (self);
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

static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static gboolean
skipped (const char *variable,
         guint       value)
{
  const char *only = g_getenv (variable);

  return only != NULL && (guint) atoi (only) != value;
}

static void
add_ours (Stage     *stage,
          GPtrArray *grids,
          GPtrArray *cases,
          gboolean   cached)
{
  ShumateViewport *viewport = shumate_map_get_viewport (stage->map);
  GwCaseLayer *case_layer = gw_case_layer_new (viewport);
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GwCasePoints) points = NULL;

  gw_case_model_update (model, cases);
  points = gw_case_points_new (model, filter);
  gw_case_layer_set_points (case_layer, points);
  if (cached)
    {
      GwGridLayer *grid_layer = gw_grid_layer_new (viewport);

      gw_grid_layer_set_grids (grid_layer, grids);
      gw_grid_layer_set_case_points (grid_layer, points);
      stage->grid_layer = grid_layer;
      shumate_map_add_layer (stage->map, SHUMATE_LAYER (grid_layer));
      shumate_map_add_layer (stage->map, SHUMATE_LAYER (case_layer));
      /* As GwMapView stacks them. */
      gw_case_layer_set_host (case_layer, grid_layer);
    }
  else
    {
      shumate_map_add_layer (stage->map, bench_path_layer_new (viewport, grids));
      shumate_map_add_layer (stage->map, SHUMATE_LAYER (case_layer));
    }
}

static void
measure (const char *impl,
         guint       n_cases,
         guint       n_grids,
         int         width,
         int         height,
         guint       frames,
         double     *median_out)
{
  g_autoptr(GPtrArray) grids = lattice_grids (n_grids);
  g_autoptr(GPtrArray) cases = random_cases (n_cases);
  g_autoptr(ShumateMapSource) reference = gw_basemap_new_reference ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snapshots = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) renders = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) process_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) faults = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *renderer_name = NULL;
  ShumateViewport *viewport;
  Stage stage = { .width = width, .height = height };
  GtkWidget *overlay;
  GdkFrameClock *clock;
  guint grid_tiles_cached, incomplete = 0, n_first;
  double snapshot_ms, render_ms, first_ms, longest_first_ms;

  /* For profiling one screen size. */
  if (skipped ("GW_BENCH_ONLY_WIDTH", width))
    return;
  stage.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (stage.window), width, height);
  gtk_window_set_decorated (GTK_WINDOW (stage.window), FALSE);
  stage.map = shumate_map_new ();
  viewport = shumate_map_get_viewport (stage.map);
  shumate_viewport_set_reference_map_source (viewport, reference);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (stage.map));
  stage.probe = g_object_new (BENCH_TYPE_PROBE, NULL);
  BENCH_PROBE (stage.probe)->stage = &stage;
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), stage.probe);
  /* GTK keeps a window's default size within the screen's; a wall's 4K
   * window is larger than Xvfb's screen. */
  gtk_widget_set_size_request (overlay, width, height);
  gtk_window_set_child (GTK_WINDOW (stage.window), overlay);

  if (g_str_equal (impl, "baseline"))
    add_baseline_layers (stage.map, grids, cases);
  else
    add_ours (&stage, grids, cases, g_str_equal (impl, "ours"));
  gw_process_end_start ();

  shumate_viewport_set_zoom_level (viewport, 11.5);
  shumate_map_center_on (stage.map, CENTER_LAT, CENTER_LON);
  gtk_window_present (GTK_WINDOW (stage.window));
  while (gtk_widget_get_width (GTK_WIDGET (stage.map)) < width)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (stage.window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &stage);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &stage);

  /* The window's own renderer: cairo, or what GSK_RENDERER asked for if
   * the display has it (it falls back to cairo where it does not). */
  stage.renderer = g_object_ref (gtk_native_get_renderer (GTK_NATIVE (stage.window)));
  renderer_name = g_ascii_strdown (G_OBJECT_TYPE_NAME (stage.renderer) + strlen ("Gsk"), -1);
  if (g_str_has_suffix (renderer_name, "renderer"))
    renderer_name[strlen (renderer_name) - strlen ("renderer")] = '\0';
  g_strlcpy (last_renderer, renderer_name, sizeof last_renderer);
  /* The first frames fill the caches (the grid tiles drawn by their
   * thread meanwhile); not timed. */
  stage.filling = TRUE;
  first_ms = longest_first_ms = run_frame (&stage);
  for (n_first = 1; n_first < 1000 && stage.grid_layer && !gw_grid_layer_is_complete (stage.grid_layer); n_first++)
    {
      double ms;

      /* The layer asks for the next frame once its tiles' thread has
       * drawn some of what the last one lacked. */
      ms = run_frame (&stage);

      first_ms += ms;
      longest_first_ms = MAX (longest_first_ms, ms);
    }
  stage.filling = FALSE;
  /* A window must never stall long: the first sight of the county is
   * the longest frame there is. */
  if (g_str_equal (impl, "ours") && !memory_only)
    {
      g_print ("bench map-first-draw frame=%s renderer=%s width=%d height=%d cases=%u grids=%u frames=%u longest_ms=%.2f total_ms=%.2f\n",
               texture_frames ? "texture" : "window", renderer_name, width, height, n_cases, n_grids, n_first,
               longest_first_ms, first_ms);
      fflush (stdout);
    }

  /* Pans east, zooms in, pans south, zooms out: what a dispatcher does. */
  for (guint f = 0; f < frames; f++)
    {
      double phase = (double) f / frames;
      double zoom = phase < 0.25 ? 11.5 : phase < 0.5 ? 11.5 + (phase - 0.25) * 12 : phase < 0.75 ? 14.5 : 14.5 - (phase - 0.75) * 12;
      double lon = CENTER_LON + 0.08 * sin (phase * 2 * G_PI);
      double lat = CENTER_LAT + 0.06 * sin (phase * 4 * G_PI);
      double ms, rest;

      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_map_center_on (stage.map, lat, lon);
      ms = run_frame (&stage);
      rest = ms - stage.snapshot_ms;
      g_array_append_val (times, ms);
      g_array_append_val (snapshots, stage.snapshot_ms);
      g_array_append_val (renders, rest);
      g_array_append_val (cpus, stage.cpu_ms);
      g_array_append_val (process_cpus, stage.process_cpu_ms);
      g_array_append_val (faults, stage.faults);
      if (stage.grid_layer && !gw_grid_layer_is_complete (stage.grid_layer))
        incomplete++;
    }

  snapshot_ms = gw_bench_percentile (snapshots, 0.5);
  render_ms = gw_bench_percentile (renders, 0.5);
  grid_tiles_cached = stage.grid_layer ? gw_grid_layer_get_n_cached_tiles (stage.grid_layer) : 0;
  if (!memory_only)
    g_print ("bench map-frame frame=%s impl=%s renderer=%s width=%d height=%d cases=%u grids=%u frames=%u "
           "median_ms=%.2f p95_ms=%.2f snapshot_ms=%.2f render_ms=%.2f cpu_ms=%.2f process_cpu_ms=%.2f page_faults=%.0f incomplete_frames=%u\n",
             texture_frames ? "texture" : "window", impl, renderer_name, width, height, n_cases, n_grids, times->len,
             gw_bench_percentile (times, 0.5), gw_bench_percentile (times, 0.95), snapshot_ms, render_ms,
             gw_bench_percentile (cpus, 0.5), gw_bench_percentile (process_cpus, 0.5),
             gw_bench_percentile (faults, 0.5), incomplete);
  fflush (stdout);
  if (median_out)
    *median_out = gw_bench_percentile (times, 0.5);

  /* The resident size of a county's wall screen: everything loaded, and
   * the tile caches as full as the sequence made them, the last view's
   * tiles all drawn. */
  if (memory_only)
    {
      stage.filling = TRUE;
      for (guint i = 0; i < 1000 && stage.grid_layer && !gw_grid_layer_is_complete (stage.grid_layer); i++)
        run_frame (&stage);
      grid_tiles_cached = stage.grid_layer ? gw_grid_layer_get_n_cached_tiles (stage.grid_layer) : 0;
      g_print ("bench map-memory cases=%u grids=%u cached_tiles=%u rss_mb=%.0f target_mb=160 ratio_to_target=%.2f\n",
               n_cases, n_grids, grid_tiles_cached, rss_mb (), rss_mb () / 160.0);
      fflush (stdout);
    }

  g_signal_handlers_disconnect_by_data (clock, &stage);
  g_object_unref (stage.renderer);
  gtk_window_destroy (GTK_WINDOW (stage.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The memory of the 100,000-case scene, from a process of this program
 * that runs that scene alone. */
static void
measure_memory_apart (void)
{
  const char *argv[] = { "/proc/self/exe", NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "GW_BENCH_MAP_MEMORY", "1", TRUE);
  g_autoptr(GError) error = NULL;
  int status = 0;

  fflush (stdout);
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_printerr ("bench-map: the memory scene failed: %s\n", error->message);
}

/* The issue's scenes: 100,000 cases and 5,000
 * grids at 1080p and 4K, and the three implementations at 10,000 cases
 * and 300 grids, with their ratios. @baseline_frames: libshumate's
 * layers take seconds a frame where each path's window-sized surface is
 * uploaded to a software GL; fewer frames spread over the same
 * sequence. */
static void
measure_issue_scenes (guint baseline_frames)
{
  double t_ours = 0, t_uncached = 0, t_baseline = 0;

  if (!skipped ("GW_BENCH_ONLY_CASES", 100000) && !skipped ("GW_BENCH_ONLY_GRIDS", 5000))
    {
      measure ("ours", 100000, 5000, 1920, 1080, 60, NULL);
      measure ("ours", 100000, 5000, 3840, 2160, 60, NULL);
    }
  if (skipped ("GW_BENCH_ONLY_CASES", 10000) || skipped ("GW_BENCH_ONLY_GRIDS", 300))
    return;
  measure ("ours", 10000, 300, 1920, 1080, 60, &t_ours);
  if (g_getenv ("GW_BENCH_OURS_ONLY"))
    return;
  measure ("uncached", 10000, 300, 1920, 1080, 60, &t_uncached);
  measure ("baseline", 10000, 300, 1920, 1080, baseline_frames, &t_baseline);
  g_print ("bench map-ratio frame=%s renderer=%s cases=10000 grids=300 baseline_over_ours=%.1f "
           "baseline_over_uncached=%.1f uncached_over_ours=%.1f\n",
           texture_frames ? "texture" : "window", last_renderer, t_baseline / MAX (t_ours, 0.01), t_baseline / MAX (t_uncached, 0.01),
           t_uncached / MAX (t_ours, 0.01));
}

/* In the process that measures GL: whether this display gives GTK a GL
 * context, and which. GTK falls back to cairo without one, and says so
 * only on its debug builds. */
static gboolean
gl_available (char **what)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  context = gdk_display_create_gl_context (gdk_display_get_default (), &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      *what = g_strdup (error->message);
      return FALSE;
    }
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  *what = g_strdup_printf ("%s-%s", gdk_gl_context_get_use_es (context) ? "gles" : "gl",
                           name ? name : "unknown");
  gdk_gl_context_clear_current ();
  return TRUE;
}

/* Keys take no spaces. */
static char *
bench_value (const char *text)
{
  char *value = g_strdup (text);

  g_strdelimit (value, " \t\n=", '_');
  return value;
}

static void
measure_gl (void)
{
  g_autofree char *what = NULL, *value = NULL;

  if (!gl_available (&what))
    {
      value = bench_value (what);
      g_print ("bench map-gl available=no reason=%s\n", value);
      return;
    }
  value = bench_value (what);
  g_print ("bench map-gl available=yes gl=%s\n", value);
  fflush (stdout);
  measure_issue_scenes (12);
}

/* The issue's scenes again with GTK's GL renderer, in a process of its
 * own: GTK picks its renderer once per display, and this process asked
 * for cairo, which stays the reference (a wall without a GPU runs it).
 * GTK 4.8 calls that renderer "gl"; the releases before 4.6 called it
 * "ngl", a name 4.8 ignores with a warning. Without a GPU, GL here is
 * Mesa's llvmpipe, drawing on the same cores. */
static void
measure_gl_apart (const char *gdk_debug)
{
  const char *argv[] = { "/proc/self/exe", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  envp = g_environ_setenv (envp, "GSK_RENDERER", "gl", TRUE);
  envp = g_environ_setenv (envp, "GW_BENCH_MAP_GL", "1", TRUE);
  /* gw_process_init() kept GL from loading in this process. */
  envp = gdk_debug ? g_environ_setenv (envp, "GDK_DEBUG", gdk_debug, TRUE) : g_environ_unsetenv (envp, "GDK_DEBUG");
  fflush (stdout);
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_print ("bench map-gl available=no reason=%s\n", error->message);
}

/* Every scene in the window, with cairo or what GSK_RENDERER asked for. */
static void
measure_window_scenes (void)
{
  static const guint case_counts[] = { 1000, 10000, 100000 };
  static const guint grid_counts[] = { 300, 5000 };
  double ours[3][2] = { { 0 } }, baseline[3][2] = { { 0 } }, uncached[3][2] = { { 0 } };

  for (guint g = 0; g < G_N_ELEMENTS (grid_counts); g++)
    for (guint c = 0; c < G_N_ELEMENTS (case_counts); c++)
      {
        /* For profiling one scenario. */
        if (skipped ("GW_BENCH_ONLY_CASES", case_counts[c]) || skipped ("GW_BENCH_ONLY_GRIDS", grid_counts[g]))
          continue;
        measure ("ours", case_counts[c], grid_counts[g], 1920, 1080, 60, &ours[c][g]);
        if (case_counts[c] == 100000 && grid_counts[g] == 5000)
          measure_memory_apart ();

        /* A wall screen at 4K, at county scale. */
        if (case_counts[c] == 100000 && grid_counts[g] == 5000)
          measure ("ours", case_counts[c], grid_counts[g], 3840, 2160, 60, NULL);

        /* The others are measured where they finish in reasonable time:
         * a widget per marker and a surface per path do not scale. */
        if (case_counts[c] <= 10000 && g_getenv ("GW_BENCH_OURS_ONLY") == NULL)
          {
            measure ("uncached", case_counts[c], grid_counts[g], 1920, 1080, 60, &uncached[c][g]);
            /* The same frames as ours: at 5,000 grids this takes minutes. */
            measure ("baseline", case_counts[c], grid_counts[g], 1920, 1080, 60, &baseline[c][g]);
            g_print ("bench map-ratio frame=window renderer=%s cases=%u grids=%u baseline_over_ours=%.1f "
                     "baseline_over_uncached=%.1f uncached_over_ours=%.1f\n",
                     last_renderer, case_counts[c], grid_counts[g], baseline[c][g] / MAX (ours[c][g], 0.01),
                     baseline[c][g] / MAX (uncached[c][g], 0.01), uncached[c][g] / MAX (ours[c][g], 0.01));
          }
      }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *gdk_debug = g_strdup (g_getenv ("GDK_DEBUG"));
  /* For profiling one kind of frame: window or texture. */
  const char *only_frame = g_getenv ("GW_BENCH_ONLY_FRAME");

  /* The app's malloc and GDK settings; its start on huge pages too where
   * the memory is measured (ended once the cases are in, as the app's). */
  if (g_getenv ("GW_BENCH_MAP_MEMORY"))
    gw_process_start_on_huge_pages (argv);
  gw_process_init ();
  gtk_init ();
  adw_init ();
  if (g_getenv ("GW_BENCH_MAP_MEMORY"))
    {
      memory_only = TRUE;
      measure ("ours", 100000, 5000, 1920, 1080, 60, NULL);
      return 0;
    }
  if (g_getenv ("GW_BENCH_MAP_GL"))
    {
      measure_gl ();
      return 0;
    }
  if (g_strcmp0 (only_frame, "texture") != 0)
    measure_window_scenes ();

  /* The issue's scenes again, timed as before (see texture_frames). */
  if (g_strcmp0 (only_frame, "window") != 0)
    {
      texture_frames = TRUE;
      measure_issue_scenes (60);
      texture_frames = FALSE;
    }

  if (only_frame == NULL && g_getenv ("GW_BENCH_MAP_NO_GL") == NULL && g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0)
    measure_gl_apart (gdk_debug);
  return 0;
}
