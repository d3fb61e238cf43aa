/* bench-workers.c: the map's workers layer with a county's grid workers
 *
 * A 1920×1080 ShumateMap under Xvfb with only a GwWorkerLayer, fed 1,000
 * and 3,000 on-duty workers spread over a county (a few with a day's
 * track), pans and zooms as bench-map does. Timed per frame: the layer's
 * snapshot and its rendering with the cairo renderer — what the layer
 * adds to a map frame. And the cost of a new generation of statuses (a
 * pull's worth), which runs on the main thread.
 *   bench map-workers workers=… frames=… median_ms=… p95_ms=… update_ms=…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "gw-basemap.h"
#include "gw-process.h"
#include "gw-worker-layer.h"
#include "gw-worker-status.h"

#define CENTER_LAT 35.40
#define CENTER_LON 116.97
#define FRAMES 60

static GPtrArray *
statuses_around (guint  n,
                 gint64 now,
                 GRand *rand)
{
  GPtrArray *statuses = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("w%05u", i);
      /* Reports from now to five hours ago: some faded, some hidden. */
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (now - g_rand_int_range (rand, 0, 5 * 3600));
      g_autofree char *at_text = g_date_time_format_iso8601 (at);

      g_ptr_array_add (statuses, gw_worker_status_new (id, TRUE, TRUE, CENTER_LAT + g_rand_double_range (rand, -0.25, 0.25),
                                                       CENTER_LON + g_rand_double_range (rand, -0.3, 0.3), at_text));
    }
  return statuses;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
measure (guint n_workers)
{
  g_autoptr(ShumateMapSource) reference = gw_basemap_new_reference ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (n_workers);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GPtrArray) track = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, start;
  GtkWidget *window = gtk_window_new ();
  ShumateMap *map = shumate_map_new ();
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  GwWorkerLayer *layer = gw_worker_layer_new (viewport);
  GskRenderer *renderer;
  double update_ms, *t;

  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  shumate_viewport_set_reference_map_source (viewport, reference);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (map));
  shumate_map_add_layer (map, SHUMATE_LAYER (layer));

  for (guint i = 0; i < n_workers; i++)
    g_hash_table_insert (open, g_strdup_printf ("w%05u", i), GUINT_TO_POINTER (g_rand_int_range (rand, 0, 10)));
  statuses = statuses_around (n_workers, now, rand);
  start = g_get_monotonic_time ();
  gw_worker_layer_set_open_cases (layer, open);
  gw_worker_layer_set_statuses (layer, statuses, now);
  update_ms = (g_get_monotonic_time () - start) / 1000.0;
  /* A phone reporting every ten seconds for eight hours. */
  for (guint i = 0; i < 2880; i++)
    g_ptr_array_add (track, gw_worker_status_new ("w00000", TRUE, TRUE, CENTER_LAT + 0.02 * sin (i / 300.0),
                                                  CENTER_LON + 0.03 * cos (i / 200.0), NULL));
  gw_worker_layer_set_track (layer, "w00000", track);

  shumate_viewport_set_zoom_level (viewport, 11.5);
  shumate_map_center_on (map, CENTER_LAT, CENTER_LON);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (GTK_WIDGET (map)) < 1920)
    g_main_context_iteration (NULL, TRUE);
  renderer = gsk_cairo_renderer_new ();
  gsk_renderer_realize (renderer, NULL, NULL);

  for (guint f = 0; f <= FRAMES; f++)
    {
      double phase = (double) f / FRAMES;
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      double ms;

      shumate_viewport_set_zoom_level (viewport, phase < 0.5 ? 11.5 + phase * 6 : 14.5 - (phase - 0.5) * 6);
      shumate_map_center_on (map, CENTER_LAT + 0.06 * sin (phase * 4 * G_PI), CENTER_LON + 0.08 * sin (phase * 2 * G_PI));
      start = g_get_monotonic_time ();
      gtk_widget_allocate (GTK_WIDGET (map), 1920, 1080, -1, NULL);
      GTK_WIDGET_GET_CLASS (layer)->snapshot (GTK_WIDGET (layer), snapshot);
      node = gtk_snapshot_to_node (snapshot);
      if (node != NULL)
        texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 1920, 1080));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      /* The first frame draws the atlas: not timed. */
      if (f > 0)
        g_array_append_val (times, ms);
    }

  g_array_sort (times, compare);
  t = (double *) times->data;
  g_print ("bench map-workers workers=%u shown=%u frames=%u median_ms=%.2f p95_ms=%.2f update_ms=%.2f\n",
           n_workers, gw_worker_layer_get_n_workers (layer), times->len, t[times->len / 2],
           t[MIN (times->len - 1, (guint) (times->len * 0.95))], update_ms);

  gsk_renderer_unrealize (renderer);
  g_object_unref (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  gw_process_init ();   /* the app's malloc and GDK settings, as its main() makes them */
  gtk_init ();
  adw_init ();
  measure (1000);
  measure (3000);
  return 0;
}
