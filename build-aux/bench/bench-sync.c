/* bench-sync.c: live cases, measured against a real gridwatch-townd
 *
 * Prints:
 *   bench pull-100k cases=… ms=… cpu_ms=… server_cpu_ms=… faults=… indexed_ms=… target_ms=1500 ratio_to_target=…
 * (ms: until the pull answers, every case stored; indexed_ms: until the
 * cases' indexes, built after it answers, are there too.)
 *   bench live-latency rate_per_s=50 changes=… p50_ms=… p99_ms=… max_ms=… target_p99_ms=20
 *   bench live-latency rate_per_s=500 …
 * achieved_per_s says what pace the server kept up; post_p99_ms how long
 * its answers to the POSTs took, the part of the latency before the feed;
 * post_late_p99_ms how far behind their due time the POSTs went out (the
 * posters waiting on a slow server); refused how many were not 201.
 *
 * Latency runs from just before the POST that creates a case to the
 * moment the client's cache holds it: an upper bound on commit-to-model.
 * The cases are posted as a busy county's many reporters would: a few
 * kept-alive connections, each in a thread of its own, each case sent at
 * its due time on an even pace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-bench-http.h"
#include "gw-bench-util.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdlib.h>

#include "gw-case-pull.h"
#include "gw-json.h"
#include "gw-malloc.h"
#include "gw-session.h"
#include "gw-store-cases.h"
#include "gw-cache-schema.h"

#define PULL_CASES 100000
#define LATENCY_TARGET_MS 20.0

typedef struct
{
  GSubprocess *process;
  char *url;
  char *token;
} Server;

static char *
run_townd (const char * const *argv)
{
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
  char *out = NULL;

  g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, NULL);
  return g_strstrip (out);
}

static Server *
start_server (const char *db,
              const char *seed)
{
  const char *townd = g_getenv ("GW_TOWND");
  const char *add[] = { townd, "--db", db, "--add-user", "bench", "--role", "dispatcher", NULL };
  const char *serve[] = { townd, "--db", db, "--listen", "127.0.0.1:0", "--demo", "--seed-cases", seed, NULL };
  Server *server = g_new0 (Server, 1);

  server->token = run_townd (add);
  server->process = gw_bench_start_townd (serve, &server->url);
  return server;
}

static void
stop_server (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->url);
  g_free (server->token);
  g_free (server);
}

typedef struct
{
  gboolean done;
  GwCasePullResult *result;
  GError *error;
} PullWait;

static void
on_pulled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PullWait *w = user_data;

  w->result = gw_case_pull_finish (result, &w->error);
  w->done = TRUE;
}

static void
bench_pull (const char *tmpdir)
{
  g_autofree char *server_db = g_build_filename (tmpdir, "pull-server.sqlite", NULL);
  g_autofree char *cache_db = g_build_filename (tmpdir, "pull-cache.sqlite", NULL);
  g_autofree char *seed = g_strdup_printf ("%d", PULL_CASES);
  Server *server = start_server (server_db, seed);
  g_autoptr(GwTownClient) client = gw_town_client_new (server->url, NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  GPid server_pid = atoi (g_subprocess_get_identifier (server->process));
  PullWait w = { 0 };
  double cpu0, server_cpu0, cpu1, server_cpu1;
  double faults0, faults1;
  gint64 t0, t1, t2;

  gw_town_client_set_token (client, server->token);
  cpu0 = gw_bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
  server_cpu0 = gw_bench_process_cpu_ms (server_pid);
  faults0 = gw_bench_page_faults (FALSE);
  t0 = g_get_monotonic_time ();
  gw_case_pull_async (client, cache, 5000, NULL, on_pulled, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  cpu1 = gw_bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
  server_cpu1 = gw_bench_process_cpu_ms (server_pid);
  faults1 = gw_bench_page_faults (FALSE);

  if (w.error)
    g_error ("pull failed: %s", w.error->message);
  /* What follows the answer: the indexes and the WAL's copy, in a thread. */
  while (!gw_cache_has_case_indexes (cache))
    g_usleep (2000);
  t2 = g_get_monotonic_time ();

  g_print ("bench pull-100k cases=%u ms=%.0f cpu_ms=%.0f server_cpu_ms=%.0f faults=%.0f indexed_ms=%.0f "
           "target_ms=1500 ratio_to_target=%.2f\n",
           gw_store_count_cases (cache), (t1 - t0) / 1000.0, cpu1 - cpu0, server_cpu1 - server_cpu0, faults1 - faults0,
           (t2 - t0) / 1000.0, (t1 - t0) / 1000.0 / 1500.0);
  gw_case_pull_result_free (w.result);
  stop_server (server);
}

/* Reporters posting at once, each on its own kept-alive connection and
 * in a thread of its own, as a hotline's and the grid workers' clients
 * are other programs: the client under test does not pay for them. */
#define POSTERS 4

typedef struct
{
  Server *server;
  guint16 port;
  GwStore *reader;          /* the cache, read beside the session's writes */
  GHashTable *pending;      /* case id -> sent time, answered, not arrived */
  GArray *latencies;        /* ms */
  GArray *answers;          /* ms from the POST to its answer */
  GArray *lags;             /* ms a POST went out after its due time */
  guint answered;
  guint refused;
  guint to_send;
  guint rate;               /* per second */
  gint claimed;             /* the posters' next case: atomic */
  gint sent;                /* atomic */
  gint stop;                /* atomic: the round's time is up */
  gint64 started;
  gint64 last_arrival;
} Latency;

static void
check_arrivals (Latency *l)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, l->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GwCase) kase = gw_store_get_case (l->reader, key);

      if (kase != NULL)
        {
          double ms = (now - *(gint64 *) value) / 1000.0;
          g_array_append_val (l->latencies, ms);
          l->last_arrival = now;
          g_hash_table_iter_remove (&iter);
        }
    }
}

static void
on_cases_changed (GwSession *session,
                  guint      n,
                  Latency   *l)
{
  check_arrivals (l);
}

typedef struct
{
  Latency *l;
  char *id;                 /* NULL: refused or failed */
  gint64 due;
  gint64 sent_at;
  gint64 answered_at;
} Answer;

/* On the main thread, where the session runs. */
static gboolean
on_answer (gpointer user_data)
{
  Answer *a = user_data;
  Latency *l = a->l;
  double ms = (a->answered_at - a->sent_at) / 1000.0, lag = (a->sent_at - a->due) / 1000.0;

  l->answered++;
  g_array_append_val (l->answers, ms);
  g_array_append_val (l->lags, lag);
  if (a->id == NULL)
    l->refused++;
  else
    {
      gint64 *sent = g_new (gint64, 1);

      *sent = a->sent_at;
      g_hash_table_insert (l->pending, g_steal_pointer (&a->id), sent);
      /* It may have arrived by the live path before this answer did. */
      check_arrivals (l);
    }
  g_free (a->id);
  g_free (a);
  return G_SOURCE_REMOVE;
}

static void
post_one (Latency     *l,
          GwBenchHttp *http,
          guint        k,
          gint64       due)
{
  g_autofree char *json = g_strdup_printf ("{\"source\":\"sensor\",\"lat\":35.4,\"lon\":%.5f,"
                                           "\"category\":\"E0103\",\"description\":\"bench %u\"}",
                                           116.95 + (k % 100) * 0.0004, k);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  Answer *a = g_new0 (Answer, 1);
  guint status;

  a->l = l;
  a->due = due;
  a->sent_at = g_get_monotonic_time ();
  body = gw_bench_http_request (http, "POST", "/api/v1/cases", l->server->token, NULL, json, &status);
  a->answered_at = g_get_monotonic_time ();
  if (body && status == 201 && (root = gw_json_parse_bytes (body, NULL)))
    a->id = g_strdup (gw_json_object_get_string (gw_json_node_get_object (root), "id"));
  g_main_context_invoke (NULL, on_answer, a);
}

/* Case k is due k / rate seconds after the start, by this thread's own
 * clock: a slow answer delays the next post of this connection only, and
 * how late each went out is counted. */
static gpointer
post_in_thread (gpointer user_data)
{
  Latency *l = user_data;
  g_autoptr(GwBenchHttp) http = gw_bench_http_new (l->port);
  guint k;

  while (!g_atomic_int_get (&l->stop) && (k = g_atomic_int_add (&l->claimed, 1)) < l->to_send)
    {
      gint64 due = l->started + (gint64) k * G_USEC_PER_SEC / l->rate;
      gint64 now = g_get_monotonic_time ();

      if (due > now)
        g_usleep (due - now);
      g_atomic_int_inc (&l->sent);
      post_one (l, http, k, due);
    }
  return NULL;
}

static void
measure_rate (Latency *l,
              guint    rate,
              guint    seconds)
{
  GThread *posters[POSTERS];
  gint64 deadline;
  double p99, seconds_taken;
  guint n;

  l->rate = rate;
  l->answered = l->refused = 0;
  l->claimed = l->sent = l->stop = 0;
  l->to_send = rate * seconds;
  g_array_set_size (l->latencies, 0);
  g_array_set_size (l->answers, 0);
  g_array_set_size (l->lags, 0);
  l->started = g_get_monotonic_time ();
  for (guint i = 0; i < POSTERS; i++)
    posters[i] = g_thread_new ("poster", post_in_thread, l);
  deadline = g_get_monotonic_time () + (seconds + 10) * G_USEC_PER_SEC;
  while ((l->answered < l->to_send || g_hash_table_size (l->pending) > 0) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_atomic_int_set (&l->stop, TRUE);
  for (guint i = 0; i < POSTERS; i++)
    g_thread_join (posters[i]);
  /* Answers that came after the deadline belong to no round. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_hash_table_remove_all (l->pending);

  seconds_taken = (l->last_arrival - l->started) / (double) G_USEC_PER_SEC;
  n = l->latencies->len;
  if (n == 0)
    g_error ("no change arrived");
  p99 = gw_bench_percentile (l->latencies, 0.99);
  g_print ("bench live-latency rate_per_s=%u achieved_per_s=%.0f changes=%u arrived=%u refused=%u p50_ms=%.1f p99_ms=%.1f "
           "max_ms=%.1f post_p99_ms=%.1f post_late_p99_ms=%.1f target_p99_ms=%.0f ratio_to_target=%.2f\n",
           rate, n / MAX (seconds_taken, 0.001), l->sent, n, l->refused, gw_bench_percentile (l->latencies, 0.5), p99,
           gw_bench_percentile (l->latencies, 1), gw_bench_percentile (l->answers, 0.99), gw_bench_percentile (l->lags, 0.99),
           LATENCY_TARGET_MS, p99 / LATENCY_TARGET_MS);
}

static void
bench_latency (const char *tmpdir)
{
  g_autofree char *server_db = g_build_filename (tmpdir, "live-server.sqlite", NULL);
  g_autofree char *cache_db = g_build_filename (tmpdir, "live-cache.sqlite", NULL);
  Server *server = start_server (server_db, "1000");
  g_autoptr(GwTownClient) client = gw_town_client_new (server->url, NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GwSession) session = NULL;
  Latency l = { 0 };

  gw_town_client_set_token (client, server->token);
  session = gw_session_new (cache, client);
  gw_session_start (session);
  while (gw_session_get_state (session) != GW_CONNECTION_ONLINE || gw_store_count_cases (cache) < 1000)
    g_main_context_iteration (NULL, TRUE);

  l.server = server;
  l.port = g_uri_get_port (uri);
  /* The app reads its cache on a connection of its own, too. */
  l.reader = gw_store_open_reader (cache, NULL);
  l.pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  l.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  l.answers = g_array_new (FALSE, FALSE, sizeof (double));
  l.lags = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (session, "cases-changed", G_CALLBACK (on_cases_changed), &l);

  /* A quiet afternoon, then a storm's worth of sensors reporting. */
  measure_rate (&l, 50, 20);
  measure_rate (&l, 500, 10);

  gw_session_stop (session);
  g_object_unref (l.reader);
  g_hash_table_unref (l.pending);
  g_array_unref (l.latencies);
  g_array_unref (l.answers);
  g_array_unref (l.lags);
  stop_server (server);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = NULL;

  /* The app's malloc, so that the pull's figure is the app's
   * (GW_BENCH_DEFAULT_MALLOC=1: glibc's defaults, to see what they cost). */
  if (g_getenv ("GW_BENCH_DEFAULT_MALLOC") == NULL)
    gw_malloc_tune ();
  tmpdir = g_dir_make_tmp ("gw-bench-sync-XXXXXX", NULL);
  /* GW_BENCH_ONLY=pull or live: one part, for profiling. */
  if (g_strcmp0 (g_getenv ("GW_BENCH_ONLY"), "live") != 0)
    bench_pull (tmpdir);
  if (g_strcmp0 (g_getenv ("GW_BENCH_ONLY"), "pull") != 0)
    bench_latency (tmpdir);
  gw_bench_remove_tree (tmpdir);
  return 0;
}
