/* bench-cold-start.c: from a new process to the first full frame, on a cache of 100,000 cases
 *
 * The town is seeded with SEED_CASES × COPIES cases (gw-bench-town.c) and
 * served; a first run of the app pulls it all into a cache and quits.
 * Then the app is started RUNS times more, each a new process of this
 * program on that cache (the town still serving, with nothing new): the
 * time runs from just before the process is spawned to the end of the
 * first frame painted with every cached case in the case model, the grids
 * on the map and case symbols drawn. The files are in the page cache by
 * then: this is the app's own start, not the disk's. Prints:
 *   bench cold-start cases=… runs=… ms=<median> best_ms=… worst_ms=… target_ms=1000
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>

#include "gw-bench-app.h"
#include "gw-bench-town.h"
#include "gw-bench-util.h"
#include "gw-case-layer.h"
#include "gw-case-model.h"
#include "gw-grid-layer.h"
#include "gw-map-view.h"

#define SEED_CASES 2000
#define COPIES 50               /* 2,000 × 50 = 100,000 */
#define RUNS 5
#define LIMIT_SECONDS 300

/* ---- the child: one start of the app ---- */

typedef struct
{
  GwWindow *window;
  guint expected;
  gint64 spawned;               /* the parent's monotonic clock, before the spawn */
  double ms;                    /* < 0 until the full frame */
} Start;

static gboolean
is_full (Start *start)
{
  GwMapView *map = gw_window_get_map_view (start->window);

  return gw_case_model_get_size (gw_window_get_cases (start->window)) >= start->expected &&
         gw_grid_layer_get_n_grids (gw_map_view_get_grid_layer (map)) > 0 &&
         gw_case_layer_get_n_drawn (gw_map_view_get_case_layer (map)) > 0;
}

static void
on_after_paint (GdkFrameClock *clock,
                Start         *start)
{
  if (start->ms < 0 && is_full (start))
    start->ms = (g_get_monotonic_time () - start->spawned) / 1000.0;
}

/* Prints the milliseconds to the first full frame, or "pulled" once the
 * cache holds every case when @spawned is 0 (the first, filling run). */
static int
run_child (const char *url,
           const char *token,
           const char *data_dir,
           guint       expected,
           gint64      spawned)
{
  Start start = { .expected = expected, .spawned = spawned, .ms = -1 };
  gint64 limit = g_get_monotonic_time () + LIMIT_SECONDS * G_USEC_PER_SEC;
  GdkFrameClock *clock = NULL;
  GwApplication *app;

  start.window = gw_bench_open_window ("org.gridwatch.Gridwatch.BenchColdStart", url, token, data_dir, &app);
  while (g_get_monotonic_time () < limit)
    {
      if (clock == NULL && gtk_widget_get_mapped (GTK_WIDGET (start.window)) &&
          (clock = gtk_widget_get_frame_clock (GTK_WIDGET (start.window))))
        g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &start);
      if (start.ms >= 0)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  if (spawned == 0)
    g_print ("%s\n", start.ms >= 0 ? "pulled" : "timeout");
  else
    g_print ("%.1f\n", start.ms);
  /* The cache is written by the app's own threads; leaving by the window
   * lets them finish. */
  gtk_window_destroy (GTK_WINDOW (start.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (app);
  return start.ms >= 0 ? 0 : 1;
}

/* ---- the parent ---- */

static char *
spawn_child (const char *self,
             const char *url,
             const char *token,
             const char *data_dir,
             gboolean    timed)
{
  g_autofree char *expected = g_strdup_printf ("%u", SEED_CASES * COPIES);
  g_autofree char *spawned = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  spawned = g_strdup_printf ("%" G_GINT64_FORMAT, timed ? g_get_monotonic_time () : 0);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self, "--child", url, token, data_dir,
                            expected, spawned, NULL);
  if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error))
    g_error ("the app did not run: %s", error ? error->message : "?");
  if (!g_subprocess_get_if_exited (child) || g_subprocess_get_exit_status (child) != 0)
    g_error ("the app did not reach a full frame in %d s", LIMIT_SECONDS);
  return g_strstrip (out);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pulled = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  const char *townd = g_getenv ("GW_TOWND");

  if (argc == 7 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argv[3], argv[4], atoi (argv[5]), g_ascii_strtoll (argv[6], NULL, 10));

  if (townd == NULL)
    g_error ("GW_TOWND is not set (build-aux/run bench sets it)");
  tmpdir = g_dir_make_tmp ("gw-bench-cold-start-XXXXXX", NULL);
  db = g_build_filename (tmpdir, "town.sqlite", NULL);
  data_dir = g_build_filename (tmpdir, "app", NULL);
  g_mkdir (data_dir, 0700);
  token = gw_bench_seed_town (townd, db, SEED_CASES, COPIES, "dispatcher");
  {
    const char *serve[] = { townd, "--db", db, "--listen", "127.0.0.1:0", "--demo", NULL };

    server = gw_bench_start_townd (serve, &url);
  }

  pulled = spawn_child (argv[0], url, token, data_dir, FALSE);
  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *out = spawn_child (argv[0], url, token, data_dir, TRUE);
      double v = g_ascii_strtod (out, NULL);

      g_printerr ("bench-cold-start: run %u: %.1f ms\n", i + 1, v);
      g_array_append_val (ms, v);
    }
  g_array_sort (ms, gw_bench_compare_doubles);
  g_print ("bench cold-start cases=%u runs=%u ms=%.1f best_ms=%.1f worst_ms=%.1f target_ms=1000\n",
           SEED_CASES * COPIES, RUNS, g_array_index (ms, double, RUNS / 2), g_array_index (ms, double, 0),
           g_array_index (ms, double, RUNS - 1));

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  gw_bench_remove_tree (tmpdir);
  return 0;
}
