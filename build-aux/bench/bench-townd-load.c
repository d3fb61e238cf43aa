/* bench-townd-load.c: a town server under a working day's load, and after it
 *
 * Prints:
 *   bench townd-load seconds=… clients=32 requests=… rps=… p50_ms=… p99_ms=…
 *         errors_5xx=… lost=… doubled=… fds_start=… fds_end=… fds_settle_s=…
 *         server_cpu_us_per_request=…
 *         target_rps=1000 target_p99_ms=50
 *   bench townd-load-errors STATUS=COUNT … transport=… unverified=…
 *         connect_failed=… idle_dropped=…/200 trickle_dropped=…/50
 *         checked_cases=… checked_writes=… bad_json=…
 *
 * A real gridwatch-townd (GW_TOWND) serves the demo county on 127.0.0.1
 * while, for 60 seconds (BENCH_TOWND_SECONDS):
 *
 * - 16 writers, each on its own kept-alive connection, drive cases through
 *   the whole lifecycle: a dispatcher reports, accepts, files and assigns
 *   to the very worker or department whose token the writer then uses to
 *   start and handle; the dispatcher verifies and closes. Every write has
 *   a fresh Idempotency-Key and the version the last answer gave; a
 *   transport error or a 5xx is retried under the same key.
 * - 16 readers, as a wall or a desk does, follow /changes from last_seq
 *   and list /cases.
 * - 200 connections sit idle, and 50 send a request line and then one
 *   header byte a second, never finishing (slowloris).
 *
 * The clients speak HTTP/1.1 on plain sockets (gw-bench-http.c), as wrk
 * or ab do: a libsoup session per client cost more processor per request
 * than the server's answer, on the same two cores.
 *
 * requests, rps, p50/p99 and the statuses count the 32 clients' requests
 * (a retry is a request of its own), not the checks afterwards.
 *
 * Lost and doubled updates are found in the server's own audit trail.
 * For every case a writer reported, it remembers the Idempotency-Key of
 * each write the server answered 2xx. Afterwards the case's history is
 * read: each entry applied with a 2xx that is not a "replay" is matched to
 * its key. A remembered key with no applied entry is lost; a key applied
 * more than once, or an applied key no writer was answered for, is
 * doubled. The case's version must then be the count of remembered
 * actions + 1 (the report is version 1): a version short of that counts
 * as lost, one beyond it as doubled, whichever of the two ways finds more.
 * A case whose history cannot be read counts as unverified.
 *
 * fds_start is the server's open descriptors (/proc/PID/fd) once it
 * listens, before any load; after the load every connection is closed and
 * the count is taken each second until it is back within 2 of the start,
 * for at most 40 s: fds_end is that count (or the last one) and
 * fds_settle_s how long it took. A server that leaves closed connections
 * in CLOSE-WAIT, or never times out idle ones, does not come back.
 *
 * The bench reports; it does not assert.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-bench-http.h"
#include "gw-bench-util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gw-json.h"

#define DEFAULT_SECONDS 60
#define WRITERS 16
#define READERS 16
#define CLIENTS (WRITERS + READERS)
#define IDLE_CONNECTIONS 200
#define TRICKLE_CONNECTIONS 50
#define SEED_CASES "200"
#define CONNECT_PAUSE_US 2000
#define RETRIES 3
#define FD_SETTLE_MAX_S 40
#define FD_SLACK 2
#define MAX_STATUS 600

typedef struct
{
  GSubprocess *process;
  GPid pid;
  char *url;
  guint16 port;
  char *desk_token;                     /* dispatcher */
  char *wall_token;                     /* leader: reads only */
  char *field_names[WRITERS];           /* worker or department ids */
  char *field_tokens[WRITERS];
} Town;

/* A case one writer drives, and the keys of the writes answered 2xx. */
typedef struct
{
  char *id;
  gint64 version;
  GPtrArray *keys;
} Drive;

typedef struct
{
  const Town *town;
  guint index;
  gint64 deadline;
  gboolean measuring;
  GwBenchHttp *http;
  GArray *latencies;                    /* ms */
  guint statuses[MAX_STATUS];           /* [0]: no answer */
  guint64 requests;
  gint64 last_seq;                      /* readers */
  GPtrArray *drives;                    /* writers: Drive */
  guint lost;
  guint doubled;
  guint unverified;
  guint checked_cases;
  guint checked_writes;
  guint bad_json;
} Client;

typedef struct
{
  guint16 port;
  int fds[TRICKLE_CONNECTIONS];
  guint dropped;
  int stop;
} Trickle;

static const char * const departments[] = {
  "urban", "housing", "resources", "ecology", "market", "transport", "traffic", "water",
};

/* Writers take turns: a grid worker, then a county department. */
static char *
field_name (guint writer)
{
  if (writer % 2 == 0)
    return g_strdup_printf ("w%04u", writer / 2 + 1);
  return g_strdup (departments[(writer / 2) % G_N_ELEMENTS (departments)]);
}

static char *
run_townd (const char * const *argv)
{
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
  char *out = NULL;

  if (p == NULL || !g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, NULL) || out == NULL)
    g_error ("gridwatch-townd %s did not run", argv[1]);
  return g_strstrip (out);
}

static char *
add_user (const char *townd,
          const char *db,
          const char *name,
          const char *role)
{
  const char *argv[] = { townd, "--db", db, "--add-user", name, "--role", role, NULL };

  return run_townd (argv);
}

static Town *
start_town (const char *townd,
            const char *db)
{
  const char *serve[] = { townd, "--db", db, "--listen", "127.0.0.1:0", "--demo", "--seed-cases", SEED_CASES, NULL };
  g_autoptr(GUri) uri = NULL;
  Town *town = g_new0 (Town, 1);

  town->desk_token = add_user (townd, db, "bench-desk", "dispatcher");
  town->wall_token = add_user (townd, db, "bench-wall", "leader");
  for (guint i = 0; i < WRITERS; i++)
    {
      town->field_names[i] = field_name (i);
      town->field_tokens[i] = add_user (townd, db, town->field_names[i], i % 2 == 0 ? "worker" : "department");
    }

  town->process = gw_bench_start_townd (serve, &town->url);
  uri = g_uri_parse (town->url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_port (uri) <= 0)
    g_error ("gridwatch-townd listens on %s", town->url);
  town->port = g_uri_get_port (uri);
  town->pid = atoi (g_subprocess_get_identifier (town->process));
  return town;
}

static void
stop_town (Town *town)
{
  g_subprocess_send_signal (town->process, SIGTERM);
  g_subprocess_wait (town->process, NULL, NULL);
  g_object_unref (town->process);
  g_free (town->url);
  g_free (town->desk_token);
  g_free (town->wall_token);
  for (guint i = 0; i < WRITERS; i++)
    {
      g_free (town->field_names[i]);
      g_free (town->field_tokens[i]);
    }
  g_free (town);
}

static int
count_fds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  int n = 0;

  if (dir == NULL)
    return -1;
  while (g_dir_read_name (dir))
    n++;
  return n;
}

/* Connections that do nothing ------------------------------------------- */

static int
connect_raw (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

/* Whether the server closed its end; whatever it answered is drained. */
static gboolean
peer_closed (int fd)
{
  char buf[512];

  for (;;)
    {
      ssize_t n = recv (fd, buf, sizeof buf, MSG_DONTWAIT);

      if (n == 0)
        return TRUE;
      if (n < 0)
        return errno != EAGAIN && errno != EINTR;
    }
}

static void
open_idle (guint16  port,
           int     *fds,
           guint    n,
           guint   *failed)
{
  /* The server listens with a short backlog: connections opened faster
   * than it accepts them lose their SYN and wait a second for the retry. */
  for (guint i = 0; i < n; i++)
    {
      if ((fds[i] = connect_raw (port)) < 0)
        (*failed)++;
      g_usleep (CONNECT_PAUSE_US);
    }
}

static guint
close_all (int   *fds,
           guint  n)
{
  guint dropped = 0;

  for (guint i = 0; i < n; i++)
    if (fds[i] >= 0)
      {
        dropped += peer_closed (fds[i]);
        close (fds[i]);
        fds[i] = -1;
      }
  return dropped;
}

static void
open_trickle (Trickle *t,
              guint   *failed)
{
  static const char request_line[] = "GET /api/v1/health HTTP/1.1\r\n";

  open_idle (t->port, t->fds, TRICKLE_CONNECTIONS, failed);
  for (guint i = 0; i < TRICKLE_CONNECTIONS; i++)
    if (t->fds[i] >= 0 &&
        send (t->fds[i], request_line, strlen (request_line), MSG_NOSIGNAL) != (ssize_t) strlen (request_line))
      {
        close (t->fds[i]);
        t->fds[i] = -1;
        (*failed)++;
      }
}

/* One header byte a second on each connection, the headers never ending. */
static gpointer
trickle_run (gpointer data)
{
  static const char headers[] = "Host: 127.0.0.1\r\nX-Bench-Trickle: ";
  Trickle *t = data;

  for (guint sent = 0; !g_atomic_int_get (&t->stop); sent++)
    {
      char byte = sent < strlen (headers) ? headers[sent] : 'a';

      for (guint i = 0; i < TRICKLE_CONNECTIONS; i++)
        if (t->fds[i] >= 0 &&
            (peer_closed (t->fds[i]) || send (t->fds[i], &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1))
          {
            close (t->fds[i]);
            t->fds[i] = -1;
            t->dropped++;
          }
      for (guint tick = 0; tick < 10 && !g_atomic_int_get (&t->stop); tick++)
        g_usleep (G_USEC_PER_SEC / 10);
    }
  return NULL;
}

/* Requests --------------------------------------------------------------- */

/* One request on the client's kept-alive connection; while measuring, its
 * latency and status are counted. Returns the body of a 2xx answer. */
static GBytes *
client_send_raw (Client     *c,
                 const char *method,
                 const char *path,
                 const char *token,
                 const char *key,
                 const char *json,
                 guint      *status)
{
  g_autoptr(GBytes) body = NULL;
  gint64 t0;
  double ms;

  t0 = g_get_monotonic_time ();
  body = gw_bench_http_request (c->http, method, path, token, key, json, status);
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  *status = MIN (*status, MAX_STATUS - 1);

  if (c->measuring)
    {
      g_array_append_val (c->latencies, ms);
      c->statuses[*status]++;
      c->requests++;
    }
  return *status >= 200 && *status < 300 ? g_steal_pointer (&body) : NULL;
}

static JsonNode *
client_send (Client     *c,
             const char *method,
             const char *path,
             const char *token,
             const char *key,
             const char *json,
             guint      *status)
{
  g_autoptr(GBytes) body = client_send_raw (c, method, path, token, key, json, status);

  return body ? gw_json_parse_bytes (body, NULL) : NULL;
}

/* A write: a transport error or a 5xx is tried again under the same key,
 * and a replay answers what was done the first time. */
static JsonObject *
client_write (Client     *c,
              const char *path,
              const char *token,
              const char *key,
              const char *json,
              guint      *status)
{
  for (guint attempt = 0; attempt < RETRIES; attempt++)
    {
      g_autoptr(JsonNode) node = client_send (c, "POST", path, token, key, json, status);
      JsonObject *obj = gw_json_node_get_object (node);

      if (obj)
        return json_object_ref (obj);
      if (*status != 0 && *status < 500)
        return NULL;
    }
  return NULL;
}


static gboolean
past (gint64 deadline)
{
  return g_get_monotonic_time () >= deadline;
}

/* Writers ---------------------------------------------------------------- */

static void
drive_free (gpointer data)
{
  Drive *d = data;

  g_free (d->id);
  g_ptr_array_unref (d->keys);
  g_free (d);
}

typedef struct
{
  const char *action;
  gboolean field;                       /* by the assignee, not the desk */
  const char *params;                   /* NULL: the assignee */
} Step;

static const Step lifecycle[] = {
  { "accept", FALSE, "{}" },
  { "file", FALSE, "{}" },
  { "assign", FALSE, NULL },
  { "start", TRUE, "{}" },
  { "handle", TRUE, "{\"result\":\"bench: cleared\"}" },
  { "verify", FALSE, "{\"comment\":\"bench: checked\"}" },
  { "close", FALSE, "{}" },
};

static Drive *
report_case (Client *c)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *json = g_strdup_printf ("{\"source\":\"patrol\",\"lat\":%.5f,\"lon\":%.5f,\"category\":\"E0101\","
                                           "\"priority\":\"normal\",\"description\":\"bench townd-load %u\"}",
                                           35.38 + g_random_double_range (0, 0.06),
                                           116.93 + g_random_double_range (0, 0.08), c->index);
  g_autoptr(JsonObject) answer = NULL;
  const char *id;
  Drive *d;
  guint status;

  answer = client_write (c, "/api/v1/cases", c->town->desk_token, key, json, &status);
  if (answer == NULL || status != 201 || (id = gw_json_object_get_string (answer, "id")) == NULL)
    return NULL;

  d = g_new0 (Drive, 1);
  d->id = g_strdup (id);
  d->version = gw_json_object_get_int (answer, "version", 1);
  d->keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (d->keys, g_steal_pointer (&key));
  g_ptr_array_add (c->drives, d);
  return d;
}

static gboolean
take_step (Client     *c,
           Drive      *d,
           const Step *step)
{
  const char *assignee_kind = c->index % 2 == 0 ? "worker" : "department";
  const char *token = step->field ? c->town->field_tokens[c->index] : c->town->desk_token;
  g_autofree char *assign = g_strdup_printf ("{\"assignee\":\"%s:%s\"}", assignee_kind, c->town->field_names[c->index]);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/actions", d->id);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *json = g_strdup_printf ("{\"action\":\"%s\",\"params\":%s,\"base_version\":%" G_GINT64_FORMAT "}",
                                           step->action, step->params ? step->params : assign, d->version);
  g_autoptr(JsonObject) answer = NULL;
  guint status;

  answer = client_write (c, path, token, key, json, &status);
  if (answer == NULL)
    return FALSE;
  d->version = gw_json_object_get_int (answer, "version", d->version + 1);
  g_ptr_array_add (d->keys, g_steal_pointer (&key));
  return TRUE;
}

/* Report a case and take it as far as the clock allows; a refusal ends it. */
static void
drive_one_case (Client *c)
{
  Drive *d = report_case (c);

  for (guint i = 0; d && i < G_N_ELEMENTS (lifecycle) && !past (c->deadline); i++)
    if (!take_step (c, d, &lifecycle[i]))
      break;
}

/* Readers ---------------------------------------------------------------- */

static void
read_changes (Client *c)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=500", c->last_seq);
  guint status;
  g_autoptr(JsonNode) node = client_send (c, "GET", path, c->town->wall_token, NULL, NULL, &status);

  c->last_seq = gw_json_object_get_int (gw_json_node_get_object (node), "last_seq", c->last_seq);
}

static void
read_cases (Client *c)
{
  guint status;
  g_autoptr(GBytes) body = client_send_raw (c, "GET", "/api/v1/cases?limit=50", c->town->wall_token, NULL, NULL,
                                            &status);
  gsize len;
  g_autofree char *text = body ? g_memdup2 (g_bytes_get_data (body, &len), g_bytes_get_size (body)) : NULL;

  /* Counted and timed, and checked to be JSON a client can read, but not
   * built into a tree: on a machine shared with the server, the load's
   * own parsing would take the server's processor. */
  if (body && c->measuring && !gw_json_scan (text, len, &(GwJsonScan) { 0 }, NULL))
    c->bad_json++;
}

/* Clients ---------------------------------------------------------------- */

static gboolean
is_writer (const Client *c)
{
  return c->index < WRITERS;
}

static gpointer
client_run (gpointer data)
{
  Client *c = data;

  c->http = gw_bench_http_new (c->town->port);
  while (!past (c->deadline))
    {
      if (is_writer (c))
        drive_one_case (c);
      else
        {
          read_changes (c);
          if (!past (c->deadline))
            read_cases (c);
        }
    }
  /* Its connection closes with it. */
  g_clear_pointer (&c->http, gw_bench_http_free);
  return NULL;
}

/* Checks afterwards ------------------------------------------------------ */

static GHashTable *
count_applied (JsonArray *items)
{
  GHashTable *applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonObject *e = json_array_get_object_element (items, i);
      const char *key = gw_json_object_get_string (e, "idempotency_key");
      const char *action = gw_json_object_get_string (e, "action");
      gint64 status = gw_json_object_get_int (e, "status", 0);

      if (key == NULL || g_strcmp0 (action, "replay") == 0 || status < 200 || status >= 300)
        continue;
      g_hash_table_insert (applied, g_strdup (key),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (applied, key)) + 1));
    }
  return applied;
}

static guint
sum_counts (GHashTable *applied)
{
  GHashTableIter iter;
  gpointer count;
  guint sum = 0;

  g_hash_table_iter_init (&iter, applied);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    sum += GPOINTER_TO_UINT (count);
  return sum;
}

static void
verify_drive (Client *c,
              Drive  *d)
{
  g_autofree char *history_path = g_strdup_printf ("/api/v1/cases/%s/history", d->id);
  g_autofree char *case_path = g_strdup_printf ("/api/v1/cases/%s", d->id);
  guint status;
  g_autoptr(JsonNode) history = client_send (c, "GET", history_path, c->town->desk_token, NULL, NULL, &status);
  g_autoptr(JsonNode) kase = client_send (c, "GET", case_path, c->town->desk_token, NULL, NULL, &status);
  gint64 version = gw_json_object_get_int (gw_json_node_get_object (kase), "version", -1);
  gint64 expected = d->keys->len;       /* the report's version 1, one more per action */
  g_autoptr(GHashTable) applied = NULL;
  guint lost = 0, doubled = 0, answered = 0;

  if (history == NULL || version < 0)
    {
      c->unverified++;
      return;
    }

  applied = count_applied (gw_json_object_get_array (gw_json_node_get_object (history), "items"));
  for (guint i = 0; i < d->keys->len; i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (applied, g_ptr_array_index (d->keys, i)));

      lost += n == 0;
      doubled += n > 1 ? n - 1 : 0;
      answered += n;
    }
  /* Applied under a key no writer was answered for. */
  doubled += sum_counts (applied) - answered;

  c->checked_cases++;
  c->checked_writes += d->keys->len;
  c->lost += MAX (lost, version < expected ? (guint) (expected - version) : 0);
  c->doubled += MAX (doubled, version > expected ? (guint) (version - expected) : 0);
}

static gpointer
verify_run (gpointer data)
{
  Client *c = data;

  c->http = gw_bench_http_new (c->town->port);
  for (guint i = 0; i < c->drives->len; i++)
    verify_drive (c, g_ptr_array_index (c->drives, i));
  g_clear_pointer (&c->http, gw_bench_http_free);
  return NULL;
}

/* The run ---------------------------------------------------------------- */

static guint
load_seconds (void)
{
  const char *env = g_getenv ("BENCH_TOWND_SECONDS");
  guint64 n;

  if (env && g_ascii_string_to_unsigned (env, 10, 1, 24 * 3600, &n, NULL))
    return n;
  return DEFAULT_SECONDS;
}

static void
run_clients (const Town *town,
             Client     *clients,
             gint64      deadline)
{
  GThread *threads[CLIENTS];

  for (guint i = 0; i < CLIENTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("client-%u", i);

      clients[i] = (Client) { .town = town, .index = i, .deadline = deadline, .measuring = TRUE };
      clients[i].latencies = g_array_new (FALSE, FALSE, sizeof (double));
      clients[i].drives = g_ptr_array_new_with_free_func (drive_free);
      threads[i] = g_thread_new (name, client_run, &clients[i]);
    }
  for (guint i = 0; i < CLIENTS; i++)
    g_thread_join (threads[i]);
}

static void
verify_writers (Client *clients)
{
  GThread *threads[WRITERS];

  for (guint i = 0; i < WRITERS; i++)
    {
      clients[i].measuring = FALSE;
      threads[i] = g_thread_new ("verify", verify_run, &clients[i]);
    }
  for (guint i = 0; i < WRITERS; i++)
    g_thread_join (threads[i]);
}

/* Every second until the count is back near the start, for at most 40 s. */
static int
wait_fds_settle (GPid    pid,
                 int     start,
                 double *seconds)
{
  gint64 t0 = g_get_monotonic_time ();
  int n;

  for (;;)
    {
      n = count_fds (pid);
      *seconds = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
      if (n <= start + FD_SLACK || *seconds >= FD_SETTLE_MAX_S)
        return n;
      g_usleep (G_USEC_PER_SEC);
    }
}

typedef struct
{
  guint seconds;
  double elapsed;
  guint64 requests;
  GArray *latencies;
  guint statuses[MAX_STATUS];
  guint lost;
  guint doubled;
  guint unverified;
  guint checked_cases;
  guint checked_writes;
  int fds_start;
  int fds_end;
  double fds_settle_s;
  double server_cpu_ms;
  guint connect_failed;
  guint idle_dropped;
  guint trickle_dropped;
  guint bad_json;
} Totals;

static void
add_up (Totals *t,
        Client *clients)
{
  t->latencies = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < CLIENTS; i++)
    {
      Client *c = &clients[i];

      t->requests += c->requests;
      g_array_append_vals (t->latencies, c->latencies->data, c->latencies->len);
      for (guint s = 0; s < MAX_STATUS; s++)
        t->statuses[s] += c->statuses[s];
      t->lost += c->lost;
      t->doubled += c->doubled;
      t->unverified += c->unverified;
      t->checked_cases += c->checked_cases;
      t->checked_writes += c->checked_writes;
      t->bad_json += c->bad_json;
      g_array_unref (c->latencies);
      g_ptr_array_unref (c->drives);
    }
}

static void
print_totals (const Totals *t)
{
  g_autoptr(GString) errors = g_string_new ("bench townd-load-errors");
  guint errors_5xx = 0;

  for (guint s = 500; s < MAX_STATUS; s++)
    errors_5xx += t->statuses[s];
  g_print ("bench townd-load seconds=%u clients=%d requests=%" G_GUINT64_FORMAT " rps=%.0f p50_ms=%.1f p99_ms=%.1f "
           "errors_5xx=%u lost=%u doubled=%u fds_start=%d fds_end=%d fds_settle_s=%.0f "
           "server_cpu_us_per_request=%.0f target_rps=1000 target_p99_ms=50\n",
           t->seconds, CLIENTS, t->requests, t->requests / MAX (t->elapsed, 0.001),
           gw_bench_percentile (t->latencies, 0.5), gw_bench_percentile (t->latencies, 0.99),
           errors_5xx, t->lost, t->doubled, t->fds_start, t->fds_end, t->fds_settle_s,
           t->server_cpu_ms * 1000 / MAX (t->requests, 1));

  for (guint s = 1; s < MAX_STATUS; s++)
    if (t->statuses[s] > 0 && (s < 200 || s >= 300))
      g_string_append_printf (errors, " %u=%u", s, t->statuses[s]);
  g_print ("%s transport=%u unverified=%u connect_failed=%u idle_dropped=%u/%d trickle_dropped=%u/%d "
           "checked_cases=%u checked_writes=%u bad_json=%u\n",
           errors->str, t->statuses[0], t->unverified, t->connect_failed,
           t->idle_dropped, IDLE_CONNECTIONS, t->trickle_dropped, TRICKLE_CONNECTIONS,
           t->checked_cases, t->checked_writes, t->bad_json);
}

int
main (int   argc,
      char *argv[])
{
  const char *townd = g_getenv ("GW_TOWND");
  g_autofree char *tmpdir = NULL;
  g_autofree char *db = NULL;
  Client *clients = g_new0 (Client, CLIENTS);
  int idle[IDLE_CONNECTIONS];
  Trickle trickle = { 0 };
  Totals totals = { .seconds = load_seconds () };
  GThread *trickler;
  Town *town;
  gint64 t0;

  if (townd == NULL)
    {
      g_printerr ("bench-townd-load: set GW_TOWND to a gridwatch-townd\n");
      return 1;
    }
  tmpdir = g_dir_make_tmp ("gw-bench-townd-load-XXXXXX", NULL);
  db = g_build_filename (tmpdir, "town.sqlite", NULL);
  town = start_town (townd, db);
  totals.fds_start = count_fds (town->pid);

  open_idle (town->port, idle, IDLE_CONNECTIONS, &totals.connect_failed);
  trickle.port = town->port;
  open_trickle (&trickle, &totals.connect_failed);
  trickler = g_thread_new ("trickle", trickle_run, &trickle);

  t0 = g_get_monotonic_time ();
  totals.server_cpu_ms = -gw_bench_process_cpu_ms (town->pid);
  run_clients (town, clients, t0 + totals.seconds * G_USEC_PER_SEC);
  totals.elapsed = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
  totals.server_cpu_ms += gw_bench_process_cpu_ms (town->pid);

  g_atomic_int_set (&trickle.stop, 1);
  g_thread_join (trickler);
  totals.idle_dropped = close_all (idle, IDLE_CONNECTIONS);
  totals.trickle_dropped = trickle.dropped + close_all (trickle.fds, TRICKLE_CONNECTIONS);
  totals.fds_end = wait_fds_settle (town->pid, totals.fds_start, &totals.fds_settle_s);

  verify_writers (clients);
  add_up (&totals, clients);
  print_totals (&totals);

  g_array_unref (totals.latencies);
  g_free (clients);
  stop_town (town);
  gw_bench_remove_tree (tmpdir);
  return 0;
}
