/* bench-sync.c: live cases, measured against a real gridwatch-townd
 *
 * Prints:
 *   bench pull-100k cases=… ms=… cpu_ms=… server_cpu_ms=… target_ms=1500 ratio_to_target=…
 *   bench live-latency rate_per_s=50 changes=… p50_ms=… p99_ms=… max_ms=… target_p99_ms=20
 *   bench live-latency rate_per_s=500 …
 * achieved_per_s says what pace the server kept up; post_p99_ms how long
 * its answers to the POSTs took, the part of the latency before the feed.
 *
 * Latency runs from just before the POST that creates a case to the
 * moment the client's cache holds it: an upper bound on commit-to-model.
 * The cases are posted as a busy county's many reporters would, on many
 * connections, at an even pace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-bench-util.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gw-case-pull.h"
#include "gw-json.h"
#include "gw-session.h"
#include "gw-store-cases.h"
#include "gw-cache-schema.h"

#define PULL_CASES 100000
#define LATENCY_TARGET_MS 20.0
/* Reporters each waiting for their answer: libsoup's queue is walked per
 * message, and thousands queued in one session would measure that. */
#define MAX_IN_FLIGHT 32

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

/* CPU time in ms, user and system, of this process or of @pid's. On a
 * machine shared with other work the wall clock says how busy it was;
 * this says what the pull itself cost. */
static double
cpu_ms (GPid pid)
{
  g_autofree char *path = pid ? g_strdup_printf ("/proc/%d/stat", pid) : g_strdup ("/proc/self/stat");
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  /* Fields 14 and 15, utime and stime, after the command's parentheses. */
  if (!g_file_get_contents (path, &text, NULL, NULL) || !(end = strrchr (text, ')')))
    return 0;
  fields = g_strsplit (end + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 / sysconf (_SC_CLK_TCK);
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
  double cpu0, server_cpu0;
  gint64 t0, t1;

  gw_town_client_set_token (client, server->token);
  cpu0 = cpu_ms (0);
  server_cpu0 = cpu_ms (server_pid);
  t0 = g_get_monotonic_time ();
  gw_case_pull_async (client, cache, 5000, NULL, on_pulled, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();

  if (w.error)
    g_error ("pull failed: %s", w.error->message);

  g_print ("bench pull-100k cases=%u ms=%.0f cpu_ms=%.0f server_cpu_ms=%.0f target_ms=1500 ratio_to_target=%.2f\n",
           gw_store_count_cases (cache), (t1 - t0) / 1000.0, cpu_ms (0) - cpu0, cpu_ms (server_pid) - server_cpu0,
           (t1 - t0) / 1000.0 / 1500.0);
  gw_case_pull_result_free (w.result);
  stop_server (server);
}

typedef struct
{
  SoupSession *http;
  Server *server;
  GwStore *cache;
  GHashTable *pending;      /* case id -> sent time */
  GArray *latencies;        /* ms */
  GArray *answers;          /* ms from the POST to its answer */
  guint sent;
  guint answered;
  guint in_flight;
  guint to_send;
  guint rate;               /* per second */
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
      g_autoptr(GwCase) kase = gw_store_get_case (l->cache, key);

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
  gint64 sent_at;
  SoupMessage *msg;
} Post;

static void
on_posted (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Post *post = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  g_autoptr(JsonNode) root = body ? gw_json_parse_bytes (body, NULL) : NULL;
  const char *id = gw_json_object_get_string (gw_json_node_get_object (root), "id");

  post->l->answered++;
  {
    double ms = (g_get_monotonic_time () - post->sent_at) / 1000.0;
    g_array_append_val (post->l->answers, ms);
  }
  post->l->in_flight--;
  if (id != NULL)
    {
      gint64 *sent = g_new (gint64, 1);

      *sent = post->sent_at;
      g_hash_table_insert (post->l->pending, g_strdup (id), sent);
      /* It may have arrived by the live path before this answer did. */
      check_arrivals (post->l);
    }
  g_object_unref (post->msg);
  g_free (post);
}

static void
send_one (Latency *l)
{
  g_autofree char *url = g_strconcat (l->server->url, "/api/v1/cases", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", l->server->token, NULL);
  g_autofree char *json = g_strdup_printf ("{\"source\":\"sensor\",\"lat\":35.4,\"lon\":%.5f,"
                                           "\"category\":\"E0103\",\"description\":\"bench %u\"}",
                                           116.95 + (l->sent % 100) * 0.0004, l->sent);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  Post *post = g_new0 (Post, 1);

  post->l = l;
  post->msg = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_headers_append (soup_message_get_request_headers (post->msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (post->msg, "application/json", body);
  post->sent_at = g_get_monotonic_time ();
  soup_session_send_and_read_async (l->http, post->msg, G_PRIORITY_DEFAULT, NULL, on_posted, post);
  l->sent++;
  l->in_flight++;
}

/* Every case that is due by now, so that a late tick does not slow the
 * pace down. */
static gboolean
send_due (gpointer user_data)
{
  Latency *l = user_data;
  guint due = MIN (l->to_send, (g_get_monotonic_time () - l->started) * l->rate / G_USEC_PER_SEC + 1);

  while (l->sent < due && l->in_flight < MAX_IN_FLIGHT)
    send_one (l);
  return l->sent < l->to_send ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
measure_rate (Latency *l,
              guint    rate,
              guint    seconds)
{
  gint64 deadline;
  double *v, p99, seconds_taken;
  guint n;

  l->rate = rate;
  l->sent = l->answered = 0;
  l->to_send = rate * seconds;
  g_array_set_size (l->latencies, 0);
  g_array_set_size (l->answers, 0);
  l->started = g_get_monotonic_time ();
  g_timeout_add (MAX (1, 1000 / rate), send_due, l);
  deadline = g_get_monotonic_time () + (seconds + 10) * G_USEC_PER_SEC;
  while ((l->answered < l->to_send || g_hash_table_size (l->pending) > 0) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  seconds_taken = (l->last_arrival - l->started) / (double) G_USEC_PER_SEC;
  g_array_sort (l->latencies, gw_bench_compare_doubles);
  v = (double *) l->latencies->data;
  n = l->latencies->len;
  if (n == 0)
    g_error ("no change arrived");
  p99 = v[MIN (n - 1, (guint) (n * 0.99))];
  g_array_sort (l->answers, gw_bench_compare_doubles);
  g_print ("bench live-latency rate_per_s=%u achieved_per_s=%.0f changes=%u arrived=%u p50_ms=%.1f p99_ms=%.1f max_ms=%.1f "
           "post_p99_ms=%.1f target_p99_ms=%.0f ratio_to_target=%.2f\n",
           rate, n / MAX (seconds_taken, 0.001), l->sent, n, v[n / 2], p99, v[n - 1],
           l->answers->len ? g_array_index (l->answers, double, MIN (l->answers->len - 1, (guint) (l->answers->len * 0.99))) : 0,
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
  g_autoptr(GwSession) session = NULL;
  Latency l = { 0 };

  gw_town_client_set_token (client, server->token);
  session = gw_session_new (cache, client);
  gw_session_start (session);
  while (gw_session_get_state (session) != GW_CONNECTION_ONLINE || gw_store_count_cases (cache) < 1000)
    g_main_context_iteration (NULL, TRUE);

  l.http = soup_session_new_with_options ("max-conns-per-host", 32, "max-conns", 64, NULL);
  l.server = server;
  l.cache = cache;
  l.pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  l.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  l.answers = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (session, "cases-changed", G_CALLBACK (on_cases_changed), &l);

  /* A quiet afternoon, then a storm's worth of sensors reporting. */
  measure_rate (&l, 50, 20);
  measure_rate (&l, 500, 10);

  gw_session_stop (session);
  g_object_unref (l.http);
  g_hash_table_unref (l.pending);
  g_array_unref (l.latencies);
  g_array_unref (l.answers);
  stop_server (server);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = g_dir_make_tmp ("gw-bench-sync-XXXXXX", NULL);

  /* GW_BENCH_ONLY=pull or live: one part, for profiling. */
  if (g_strcmp0 (g_getenv ("GW_BENCH_ONLY"), "live") != 0)
    bench_pull (tmpdir);
  if (g_strcmp0 (g_getenv ("GW_BENCH_ONLY"), "pull") != 0)
    bench_latency (tmpdir);
  gw_bench_remove_tree (tmpdir);
  return 0;
}
