/* gw-test-util.c: shared helpers for the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <string.h>

#include "gw-grid.h"
#include "gw-test-util.h"

void
gw_test_init (int    *argc,
              char ***argv)
{
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* GLib 2.74 logs to stdout, where it would corrupt the TAP stream. */
  g_log_writer_default_set_use_stderr (TRUE);
}

/* The shared corpus is beside the source tree in CI and absent in a
 * user's fresh clone; callers skip with a message when this is NULL. */
char *
gw_test_realdata_path (const char *relative)
{
  const char *dir = g_getenv ("GW_SHARED_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return NULL;

  path = g_build_filename (dir, "realdata", relative, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS) ? g_steal_pointer (&path) : NULL;
}

gint64
gw_test_query_int (const char *db_path,
                   const char *sql)
{
  sqlite3_stmt *stmt;
  sqlite3 *db;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
gw_test_tmp_path (const char *name)
{
  static char *outside_dir;
  g_autofree char *dir = NULL;

  /* G_TEST_OPTION_ISOLATE_DIRS gives every test case its own tree; outside
   * a test case (a server shared by the whole program) there is none. */
  if (g_test_get_path () != NULL && *g_test_get_path () != '\0')
    dir = g_build_filename (g_get_user_cache_dir (), "gw-test", NULL);
  else
    {
      if (outside_dir == NULL)
        outside_dir = g_dir_make_tmp ("gw-test-XXXXXX", NULL);
      dir = g_strdup (outside_dir);
    }

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

static void
die_with_parent (gpointer user_data)
{
  /* A test that aborts must not leave its server holding the log pipe. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn (const char * const *argv,
       GSubprocessFlags    flags,
       GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

static const char *
townd_path (void)
{
  const char *path = g_getenv ("GW_TOWND");

  g_assert_nonnull (path);
  return path;
}

static GPtrArray *
collect_args (const char *first_arg,
              va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) townd_path ());
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  return argv;
}

GwTestServer *
gw_test_server_start (const char *db_path,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GwTestServer *server = g_new0 (GwTestServer, 1);
  va_list args;

  g_ptr_array_add (argv, (gpointer) townd_path ());
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db_path);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  va_start (args, db_path);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  server->db_path = g_strdup (db_path);
  server->token = gw_test_add_user (db_path, "test-dispatcher", "dispatcher");
  server->process = spawn ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  /* The server prints this line once it accepts connections. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  /* http:// or https://, on the address asked for. */
  g_assert_true (g_str_has_prefix (line, "listening on http"));
  server->url = g_strdup (line + strlen ("listening on "));

  return server;
}

void
gw_test_server_stop (GwTestServer *server)
{
  if (server == NULL)
    return;

  if (server->process)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      /* A server stops cleanly on SIGTERM; anything else is a crash, or a
       * sanitizer's report (LeakSanitizer's comes at exit), which the
       * server printed on the test's stderr. A test that killed its
       * server on purpose used SIGKILL. */
      if (g_subprocess_get_if_signaled (server->process))
        g_assert_cmpint (g_subprocess_get_term_sig (server->process), ==, SIGKILL);
      else
        g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
      g_clear_object (&server->process);
    }
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->db_path, g_free);
  g_clear_pointer (&server->token, g_free);
  g_free (server);
}

/* The sanitized suite: a report changes a program's exit status, but a
 * test that expects a failing status would not see it, nor the report on
 * a stderr it captures. */
static void
assert_no_sanitizer_report (const char *err)
{
  if (err == NULL)
    return;

  if (strstr (err, "Sanitizer") != NULL || strstr (err, "runtime error:") != NULL)
    {
      g_printerr ("%s", err);
      g_error ("gridwatch-townd reported a sanitizer error (above)");
    }
}

int
gw_test_run_townd (char       **out_stdout,
                   char       **out_stderr,
                   const char  *first_arg,
                   ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  va_start (args, first_arg);
  argv = collect_args (first_arg, args);
  va_end (args);

  process = spawn ((const char * const *) argv->pdata,
                   G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  assert_no_sanitizer_report (err);
  if (out_stdout)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr)
    *out_stderr = g_steal_pointer (&err);

  return g_subprocess_get_exit_status (process);
}

typedef struct
{
  gboolean timed_out;
} WaitState;

static gboolean
on_wait_timeout (gpointer data)
{
  ((WaitState *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* A wait's timeout is only how long to wait before giving up. Under the
 * sanitizers everything is many times slower, and tests/meson.build says
 * how many in GW_TEST_WAIT_SCALE. */
guint
gw_test_wait_scale (void)
{
  const char *scale = g_getenv ("GW_TEST_WAIT_SCALE");
  guint64 n = 1;

  if (scale && !g_ascii_string_to_unsigned (scale, 10, 1, 100, &n, NULL))
    n = 1;
  return (guint) n;
}

gboolean
gw_test_wait_until (gboolean (*condition) (gpointer),
                    gpointer   data,
                    guint      timeout_ms)
{
  WaitState state = { FALSE };
  guint id = g_timeout_add (timeout_ms * gw_test_wait_scale (), on_wait_timeout, &state);

  while (!condition (data) && !state.timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!state.timed_out)
    g_source_remove (id);

  return condition (data);
}

void
gw_test_wait_for_at (const char  *file,
                     int          line,
                     const char  *func,
                     gboolean   (*condition) (gpointer),
                     gpointer     data,
                     guint        timeout_ms,
                     const char  *what)
{
  g_autofree char *message = NULL;

  if (gw_test_wait_until (condition, data, timeout_ms))
    return;
  message = g_strdup_printf ("gave up after %u ms waiting for %s", timeout_ms * gw_test_wait_scale (), what);
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

char *
gw_test_add_user (const char *db_path,
                  const char *name,
                  const char *role)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (gw_test_run_townd (&out, NULL, "--db", db_path, "--add-user", name, "--role", role, NULL), ==, 0);
  g_assert_cmpuint (strlen (g_strstrip (out)), ==, 64);
  return g_steal_pointer (&out);
}

GBytes *
gw_test_http_get (const char  *url,
                  const char  *token,
                  const char  *if_none_match,
                  guint       *status,
                  char       **etag)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  if (if_none_match)
    soup_message_headers_append (soup_message_get_request_headers (msg), "If-None-Match", if_none_match);
  if (token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
    }

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  *status = soup_message_get_status (msg);
  if (etag)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));

  return body;
}

/* A write: @body is sent as JSON. */
static GBytes *
http_send (const char *method,
           const char *url,
           const char *token,
           const char *body,
           gboolean    with_key,
           guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  if (token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (with_key)
    {
      g_autofree char *key = g_uuid_string_random ();
      soup_message_headers_append (soup_message_get_request_headers (msg), "Idempotency-Key", key);
    }
  if (body)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return reply;
}

GBytes *
gw_test_http_send (const char *method,
                   const char *url,
                   const char *token,
                   const char *body,
                   guint      *status)
{
  return http_send (method, url, token, body, FALSE, status);
}

GBytes *
gw_test_http_post_once (const char *url,
                        const char *token,
                        const char *body,
                        guint      *status)
{
  return http_send (SOUP_METHOD_POST, url, token, body, TRUE, status);
}

const guint8 gw_test_tiny_png[69] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
  0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
  0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
  0x44, 0xae, 0x42, 0x60, 0x82,
};

char *
gw_test_upload_photo (const char *server_url,
                      const char *token,
                      const void *data,
                      gsize       size,
                      guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server_url, "/api/v1/media", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  soup_message_set_request_body_from_bytes (msg, "image/png", body);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  *status = soup_message_get_status (msg);
  if (*status != 201)
    return NULL;
  root = gw_test_json_from_bytes (reply);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "url"));
}

/* A reply's JSON; the bytes of a body are not NUL-terminated. */
JsonNode *
gw_test_json_from_bytes (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  g_autofree char *text = g_strndup (data ? data : "", size);

  return json_from_string (text, NULL);
}

/* Entries of a folder (or of /proc/PID/fd), but for . and .. */
guint
gw_test_count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (listing);
  while (g_dir_read_name (listing))
    n++;
  return n;
}

void
gw_test_assert_five_levels (GPtrArray *grids)
{
  guint counts[GW_GRID_N_LEVELS] = { 0 };

  g_assert_cmpuint (grids->len, ==, 20);
  for (guint i = 0; i < grids->len; i++)
    counts[gw_grid_get_level (g_ptr_array_index (grids, i))]++;
  g_assert_cmpuint (counts[GW_GRID_LEVEL_COUNTY], ==, 1);
  g_assert_cmpuint (counts[GW_GRID_LEVEL_TOWN], ==, 2);
  g_assert_cmpuint (counts[GW_GRID_LEVEL_AREA], ==, 2);
  g_assert_cmpuint (counts[GW_GRID_LEVEL_COMMUNITY], ==, 5);
  g_assert_cmpuint (counts[GW_GRID_LEVEL_GRID], ==, 10);
}

JsonObject *
gw_test_json_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

GwCase *
gw_test_apply_ok (GwCase              *kase,
                  GwRole               role,
                  const char          *action,
                  const char          *params,
                  const GwCaseContext *context)
{
  g_autoptr(JsonObject) p = gw_test_json_object (params);
  g_autoptr(GError) error = NULL;
  GwCase *after = gw_case_rules_apply (kase, role, action, p, context, &error);

  g_assert_no_error (error);
  g_assert_nonnull (after);
  return after;
}

gboolean
gw_test_pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

gboolean
gw_test_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}
