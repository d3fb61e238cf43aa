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
 *     cpu_ms=… main_cpu_ms=… page_faults=… frames=… main_ms=… app_ms=… window_ms=… first_frame_ms=… read_ms=… model_ms=…
 * cpu_ms is the app's CPU time (all its threads) by the full frame,
 * main_cpu_ms its main thread's (the rest is mostly the cache's read),
 * page_faults the pages it touched for the first time (on a virtual
 * machine where each costs 14 µs, a share of the start), frames
 * the frames painted before it, and the rest the median time from the
 * spawn to each phase of the start (see Phase).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "gw-bench-app.h"
#include "gw-bench-town.h"
#include "gw-bench-util.h"
#include "gw-case-layer.h"
#include "gw-case-model.h"
#include "gw-grid-layer.h"
#include "gw-map-view.h"
#include "gw-process.h"

#define SEED_CASES 2000
#define COPIES 50               /* 2,000 × 50 = 100,000 */
#define RUNS 5
#define LIMIT_SECONDS 300

/* ---- the child: one start of the app ---- */

/* The phases of a start, in milliseconds from the spawn: each printed
 * as its median beside the total, to say where the time goes. */
typedef enum
{
  PHASE_MAIN,                   /* the process reaches main() */
  PHASE_APP,                    /* GTK up, the cache opened, the session made */
  PHASE_WINDOW,                 /* the window built and presented */
  PHASE_FRAME,                  /* its first frame painted */
  PHASE_CASES,                  /* the first cases in the model: the read done */
  PHASE_MODEL,                  /* every case in the model */
  N_PHASES
} Phase;

static const char * const phase_names[N_PHASES] = {
  "main_ms", "app_ms", "window_ms", "first_frame_ms", "read_ms", "model_ms",
};

typedef struct
{
  GwWindow *window;
  guint expected;
  gint64 spawned;               /* the parent's monotonic clock, before the spawn */
  double phases[N_PHASES];      /* < 0 until reached */
  guint frames;                 /* painted before the full one */
  double ms;                    /* < 0 until the full frame */
  double cpu_ms;                /* the process's CPU time by then, every thread */
  double main_cpu_ms;           /* the main thread's share of it */
  double page_faults;           /* by then, every thread */
} Start;

static void
reach (Start *start,
       Phase  phase)
{
  if (start->phases[phase] < 0)
    start->phases[phase] = (g_get_monotonic_time () - start->spawned) / 1000.0;
}

static gboolean
is_full (Start *start)
{
  GwMapView *map = gw_window_get_map_view (start->window);
  guint size = gw_case_model_get_size (gw_window_get_cases (start->window));

  if (size > 0)
    reach (start, PHASE_CASES);
  if (size >= start->expected)
    reach (start, PHASE_MODEL);
  return size >= start->expected &&
         gw_grid_layer_get_n_grids (gw_map_view_get_grid_layer (map)) > 0 &&
         gw_case_layer_get_n_drawn (gw_map_view_get_case_layer (map)) > 0;
}

static void
on_items_changed (Start *start)
{
  is_full (start);
}

static void
on_after_paint (GdkFrameClock *clock,
                Start         *start)
{
  reach (start, PHASE_FRAME);
  if (start->ms >= 0)
    return;
  if (is_full (start))
    {
      start->ms = (g_get_monotonic_time () - start->spawned) / 1000.0;
      start->cpu_ms = gw_bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
      start->main_cpu_ms = gw_bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID);
      start->page_faults = gw_bench_page_faults (FALSE);
    }
  else
    start->frames++;
}

static void
print_start (Start *start)
{
  g_print ("ms=%.1f cpu_ms=%.1f main_cpu_ms=%.1f page_faults=%.0f frames=%u", start->ms, start->cpu_ms,
           start->main_cpu_ms, start->page_faults, start->frames);
  for (guint i = 0; i < N_PHASES; i++)
    g_print (" %s=%.1f", phase_names[i], start->phases[i]);
  g_print ("\n");
}

/* Prints the milliseconds to the first full frame and its phases, or
 * "pulled" once the cache holds every case when @spawned is 0 (the first,
 * filling run). */
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

  for (guint i = 0; i < N_PHASES; i++)
    start.phases[i] = -1;
  reach (&start, PHASE_MAIN);
  app = gw_bench_start_app ("org.gridwatch.Gridwatch.BenchColdStart", url, token, data_dir);
  reach (&start, PHASE_APP);
  start.window = gw_bench_activate (app);
  reach (&start, PHASE_WINDOW);
  /* The model the window has now is the one the cache is read into. */
  g_signal_connect_swapped (gw_window_get_cases (start.window), "items-changed", G_CALLBACK (on_items_changed), &start);
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
    print_start (&start);
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

/* The child's "key=value …", each value added to its key's runs. */
static void
add_figures (GHashTable *figures,
             const char *out)
{
  g_auto(GStrv) pairs = g_strsplit (out, " ", -1);

  for (guint i = 0; pairs[i]; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      GArray *runs;

      if (kv[0] == NULL || kv[1] == NULL)
        g_error ("the app said \"%s\"", out);
      if (!(runs = g_hash_table_lookup (figures, kv[0])))
        g_hash_table_insert (figures, g_strdup (kv[0]), (runs = g_array_new (FALSE, FALSE, sizeof (double))));
      g_array_append_vals (runs, (double[]) { g_ascii_strtod (kv[1], NULL) }, 1);
    }
}

static double
median (GHashTable *figures,
        const char *key)
{
  return gw_bench_percentile (g_hash_table_lookup (figures, key), 0.5);
}

static void
print_line (GHashTable *figures)
{
  GArray *ms = g_hash_table_lookup (figures, "ms");

  g_array_sort (ms, gw_bench_compare_doubles);
  g_print ("bench cold-start cases=%u runs=%u ms=%.1f best_ms=%.1f worst_ms=%.1f target_ms=1000 cpu_ms=%.1f main_cpu_ms=%.1f page_faults=%.0f frames=%.0f",
           SEED_CASES * COPIES, RUNS, median (figures, "ms"), g_array_index (ms, double, 0),
           g_array_index (ms, double, RUNS - 1), median (figures, "cpu_ms"), median (figures, "main_cpu_ms"),
           median (figures, "page_faults"), median (figures, "frames"));
  /* The phases' medians, each on its own: they need not add up. */
  for (guint i = 0; i < N_PHASES; i++)
    g_print (" %s=%.1f", phase_names[i], median (figures, phase_names[i]));
  g_print ("\n");
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
  g_autoptr(GHashTable) figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  const char *townd = g_getenv ("GW_TOWND");

  if (argc == 7 && g_str_equal (argv[1], "--child"))
    {
      /* The app's malloc and GDK settings, as its main() makes them. */
      gw_process_start_on_huge_pages (argv);
      gw_process_init ();
      return run_child (argv[2], argv[3], argv[4], atoi (argv[5]), g_ascii_strtoll (argv[6], NULL, 10));
    }

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

      g_printerr ("bench-cold-start: run %u: %s\n", i + 1, out);
      add_figures (figures, out);
    }
  print_line (figures);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  gw_bench_remove_tree (tmpdir);
  return 0;
}
