/* gw-town-server-connections.c: what one connection may hold and take
 *
 * Everything here happens before a handler runs, so a hostile client
 * costs the server a few bytes and a descriptor for a bounded time:
 *
 * - Connections are kept alive between requests; one idle for the idle
 *   timeout, or closed by its client, is let go at the next sweep, each
 *   second (see gw-town-server-keepalive.c for why libsoup cannot be left
 *   to do it). A connection whose libsoup object we do not know is closed
 *   after each answer.
 * - A request's headers must arrive within the header timeout from the
 *   moment the connection waits for them (a client trickling a byte a
 *   second is closed too).
 * - Connections are counted per address and in all; one over the caps is
 *   closed at once.
 * - A body larger than its limit is refused from its Content-Length, or
 *   while a chunked body arrives, before it is read and before an
 *   Expect: 100-continue is answered; a body sent without a valid token
 *   is not read at all. The answer is written on the connection taken
 *   from libsoup, which is then closed, so nothing more of it is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "gw-photo.h"
#include "gw-town-server-private.h"

#define LOG_INTERVAL_S 60
/* Descriptors kept for the database, its journal, photos and logs. */
#define RESERVED_DESCRIPTORS 64

typedef struct
{
  GwTownServer *self;
  GSocket *socket;
  SoupServerMessage *msg;       /* the request the connection is on, until its headers came */
  GObject *soup_connection;     /* libsoup's (weak); NULL: closed after each answer */
  char *address;
  gint64 header_deadline;       /* monotonic µs; 0: headers came */
  gint64 idle_since;            /* monotonic µs since its last answer; 0: in a request */
  gboolean shut_down;           /* idle and done: libsoup lets it go, or is told to */
} Connection;

static void
connection_forget_message (Connection *c)
{
  c->header_deadline = 0;
  if (c->msg)
    {
      g_signal_handlers_disconnect_by_data (c->msg, c);
      g_clear_object (&c->msg);
    }
}

static void
connection_forget_soup_connection (Connection *c)
{
  if (c->soup_connection)
    {
      g_signal_handlers_disconnect_by_data (c->soup_connection, c);
      g_object_remove_weak_pointer (c->soup_connection, (gpointer *) &c->soup_connection);
      c->soup_connection = NULL;
    }
}

/* A connection counts against its address's cap until it is shut down,
 * not until libsoup lets it go: a client that opens a connection for
 * each request, faster than libsoup reads their ends, is not refused
 * for the ones it has closed. */
static void
connection_release_address_slot (Connection *c)
{
  GwTownServer *self = c->self;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, c->address));

  if (n > 1)
    g_hash_table_insert (self->per_address, g_strdup (c->address), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (self->per_address, c->address);
}

static void
connection_free (Connection *c)
{
  if (!c->shut_down)
    connection_release_address_slot (c);
  connection_forget_message (c);
  connection_forget_soup_connection (c);
  g_clear_object (&c->socket);
  g_free (c->address);
  g_free (c);
}

/* The answer to a request refused before it was read: written on the
 * connection taken from libsoup, which then closes. @msg is gone after. */
static void
refuse_unread (GwTownServer      *self,
               SoupServerMessage *msg,
               guint              status,
               const char        *reason,
               const char        *code,
               const char        *message,
               const char        *retry_after)
{
  g_autoptr(JsonNode) node = gw_town_server_error_node (code, message, NULL);
  g_autofree char *body = json_to_string (node, FALSE);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GIOStream) stream = NULL;

  g_string_append_printf (answer, "HTTP/1.1 %u %s\r\n"
                                  "Server: gridwatch-townd/" PACKAGE_VERSION "\r\n"
                                  "Content-Type: application/json\r\n"
                                  "Content-Length: %zu\r\n"
                                  "Connection: close\r\n",
                          status, reason, strlen (body));
  if (status == SOUP_STATUS_UNAUTHORIZED)
    g_string_append (answer, "WWW-Authenticate: Bearer\r\n");
  if (retry_after)
    g_string_append_printf (answer, "Retry-After: %s\r\n", retry_after);
  g_string_append_printf (answer, "\r\n%s", body);

  if (!(stream = soup_server_message_steal_connection (msg)))
    return;
  /* A few hundred bytes into an empty socket buffer: this does not wait. */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), answer->str, answer->len, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static gsize
body_limit (GwTownServer      *self,
            SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  return g_strcmp0 (path, API_PREFIX "/media") == 0 ? self->limits.max_media_bytes : self->limits.max_json_bytes;
}

static void
refuse_too_large (GwTownServer      *self,
                  SoupServerMessage *msg)
{
  g_autofree char *message = g_strdup_printf ("The body may be at most %zu bytes", body_limit (self, msg));

  refuse_unread (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Payload Too Large", "too_large", message, NULL);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              GwTownServer      *self)
{
  gsize *received = g_object_get_data (G_OBJECT (msg), "gw-received");

  *received += g_bytes_get_size (chunk);
  if (*received > body_limit (self, msg))
    {
      g_signal_handlers_disconnect_by_func (msg, on_got_chunk, self);
      refuse_too_large (self, msg);
    }
}

/* Headers are in: the body's size and the caller are known before a byte
 * of the body is read or 100 Continue is said. */
static void
on_headers (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GwTownServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  goffset length = soup_message_headers_get_content_length (headers);
  gboolean has_body = (encoding == SOUP_ENCODING_CONTENT_LENGTH && length > 0) || encoding == SOUP_ENCODING_CHUNKED ||
                      encoding == SOUP_ENCODING_EOF;
  g_auto(GwCaller) caller = { 0 };
  const char *refusal = NULL;
  const char *code = NULL;
  guint retry = 0;

  if (!has_body)
    return;
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH && (gsize) length > body_limit (self, msg))
    {
      refuse_too_large (self, msg);
      return;
    }

  if (!gw_town_server_authenticate (self, msg, &caller, &retry, &code, &refusal))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry);

      if (retry > 0)
        refuse_unread (self, msg, 429, "Too Many Requests", code, refusal, seconds);
      else
        refuse_unread (self, msg, SOUP_STATUS_UNAUTHORIZED, "Unauthorized", code, refusal, NULL);
      return;
    }

  if (encoding != SOUP_ENCODING_CONTENT_LENGTH)
    {
      g_object_set_data_full (G_OBJECT (msg), "gw-received", g_new0 (gsize, 1), g_free);
      g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk), self, 0);
    }
}

/* Whether the client has closed its end; what it sent is left to be read. */
static gboolean
client_has_closed (GSocket *socket)
{
  char byte;
  ssize_t n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* Idle between requests, and its client gone (or shut down here). */
static gboolean
idle_and_gone (Connection *c)
{
  return c->idle_since != 0 && c->soup_connection && (c->shut_down || client_has_closed (c->socket));
}

/* … or idle for longer than a client may keep it. */
static gboolean
idle_and_done (Connection *c,
               gint64      now)
{
  return idle_and_gone (c) ||
         (c->idle_since != 0 && c->soup_connection &&
          now - c->idle_since >= c->self->limits.idle_timeout * G_USEC_PER_SEC);
}

/* Shuts an idle connection down that is done, and collects it to be let
 * go (see gw-town-server-keepalive.c) after the walk over the table,
 * which letting go changes. libsoup's server holds it until then. */
static void
shut_down_idle (Connection *c,
                GPtrArray  *to_let_go)
{
  if (!c->shut_down)
    {
      gw_town_server_shut_down (c->socket);
      connection_release_address_slot (c);
      c->shut_down = TRUE;
    }
  g_ptr_array_add (to_let_go, c->soup_connection);
}

static void
let_go (GPtrArray *soup_connections)
{
  for (guint i = 0; i < soup_connections->len; i++)
    gw_town_server_let_go (g_ptr_array_index (soup_connections, i));
}

/* One timer for every connection, not a timer each: the main loop looks
 * at each of its sources on every turn, and under load the idle
 * connections' timers were a tenth of its time. */
static gboolean
sweep_connections (gpointer user_data)
{
  GwTownServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) late = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();
  GHashTableIter iter;
  Connection *c;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    if (c->header_deadline != 0 && c->header_deadline <= now)
      {
        g_debug ("Closing a connection from %s: no request headers in %u s", c->address,
                 self->limits.header_timeout);
        c->header_deadline = 0;
        g_ptr_array_add (late, g_object_ref (c->socket));
      }
    else if (idle_and_done (c, now))
      shut_down_idle (c, idle);

  /* libsoup sees the read fail and lets each connection go. */
  for (guint i = 0; i < late->len; i++)
    g_socket_close (g_ptr_array_index (late, i), NULL);
  let_go (idle);
  return G_SOURCE_CONTINUE;
}

static void
on_got_headers (SoupServerMessage *msg,
                Connection        *c)
{
  c->header_deadline = 0;
}

static void
on_disconnected (GObject    *message_or_connection,
                 Connection *c)
{
  g_hash_table_remove (c->self->connections, c->socket);
}

static gboolean
over_caps (GwTownServer *self,
           const char   *address)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, address));
  guint cap = self->limits.max_connections ? self->limits.max_connections : self->descriptor_budget;

  return n >= self->limits.max_connections_per_address || g_hash_table_size (self->connections) >= cap;
}

/* Before a connection is refused, the idle ones whose clients have gone
 * since the last sweep make room: a client that opens a connection for
 * each request is not refused for the ones it has closed. */
static gboolean
over_caps_after_reaping (GwTownServer *self,
                         const char   *address)
{
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();
  GHashTableIter iter;
  Connection *c;

  if (!over_caps (self, address))
    return FALSE;
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    if (idle_and_gone (c))
      shut_down_idle (c, idle);
  let_go (idle);
  return over_caps (self, address);
}

static Connection *
connection_new (GwTownServer *self,
                GSocket      *socket,
                const char   *address)
{
  g_autoptr(GObject) soup_connection = gw_town_server_take_soup_connection (self, socket);
  Connection *c = g_new0 (Connection, 1);

  c->self = self;
  c->socket = g_object_ref (socket);
  c->address = g_strdup (address);
  g_hash_table_insert (self->connections, socket, c);
  g_hash_table_insert (self->per_address, g_strdup (address),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, address)) + 1));
  g_socket_set_timeout (socket, self->limits.idle_timeout);

  if (soup_connection)
    {
      c->soup_connection = soup_connection;
      g_object_add_weak_pointer (c->soup_connection, (gpointer *) &c->soup_connection);
      g_signal_connect (c->soup_connection, "disconnected", G_CALLBACK (on_disconnected), c);
    }
  return c;
}

/* libsoup creates a connection's next request as soon as it may read
 * one: for a new connection, when it is accepted; on a kept-alive one,
 * when the first byte of the next request arrives. */
static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    GwTownServer      *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  const char *address = soup_server_message_get_remote_host (msg);
  Connection *c;

  if (socket == NULL)
    {
      g_clear_object (&self->starting_connection);
      return;
    }
  self->requests_this_minute++;

  if (!(c = g_hash_table_lookup (self->connections, socket)))
    {
      if (address == NULL || over_caps_after_reaping (self, address))
        {
          g_autoptr(GObject) soup_connection = gw_town_server_take_soup_connection (self, socket);

          g_message ("Refusing a connection from %s: %u open from there, %u in all", address ? address : "?",
                     GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, address ? address : "")),
                     g_hash_table_size (self->connections));
          g_socket_close (socket, NULL);
          return;
        }
      c = connection_new (self, socket, address);
    }
  g_clear_object (&self->starting_connection);

  connection_forget_message (c);
  c->msg = g_object_ref (msg);
  c->idle_since = 0;
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), c);
  /* Without libsoup's connection, its message says when it goes. */
  if (c->soup_connection == NULL)
    g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), c);
  c->header_deadline = g_get_monotonic_time () + self->limits.header_timeout * G_USEC_PER_SEC;
}

/* A connection we cannot let go of when idle (the hook did not see its
 * libsoup connection) is closed after its answer. */
static void
on_request_read (SoupServer        *server,
                 SoupServerMessage *msg,
                 GwTownServer      *self)
{
  const char *upgrade = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Upgrade");
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *c = socket ? g_hash_table_lookup (self->connections, socket) : NULL;

  if (upgrade && g_ascii_strcasecmp (upgrade, "websocket") == 0)
    return;
  if (c == NULL || c->soup_connection == NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

/* Answered: from now on the connection is idle until its next request
 * starts. The message goes, for it holds libsoup's connection. */
static void
on_request_done (SoupServer        *server,
                 SoupServerMessage *msg,
                 GwTownServer      *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *c = socket ? g_hash_table_lookup (self->connections, socket) : NULL;

  if (c == NULL || c->msg != msg)
    return;
  if (c->soup_connection)
    connection_forget_message (c);
  c->idle_since = g_get_monotonic_time ();
}

static gboolean
log_connections (gpointer user_data)
{
  GwTownServer *self = user_data;

  gw_town_server_flush_auth_failures (self);
  if (self->requests_this_minute > 0)
    g_message ("%u open connections from %u addresses; %u requests in the last minute",
               g_hash_table_size (self->connections), g_hash_table_size (self->per_address),
               self->requests_this_minute);
  self->requests_this_minute = 0;
  return G_SOURCE_CONTINUE;
}

/* As many descriptors as the system lets us have, less a reserve. */
static guint
descriptor_budget (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 1024 - RESERVED_DESCRIPTORS;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = MIN (limit.rlim_max, 65536);
      setrlimit (RLIMIT_NOFILE, &limit);
      getrlimit (RLIMIT_NOFILE, &limit);
    }
  return limit.rlim_cur > 2 * RESERVED_DESCRIPTORS ? (guint) MIN (limit.rlim_cur - RESERVED_DESCRIPTORS, G_MAXUINT)
                                                   : RESERVED_DESCRIPTORS;
}

void
gw_town_server_setup_connections (GwTownServer *self)
{
  self->connections = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) connection_free);
  self->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->descriptor_budget = descriptor_budget ();

  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (self->server, "request-read", G_CALLBACK (on_request_read), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (on_request_done), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (on_request_done), self);
  /* libsoup keeps one early handler with each handler's path: each path
   * the server has gets this one. */
  soup_server_add_early_handler (self->server, NULL, on_headers, self, NULL);
  soup_server_add_early_handler (self->server, API_PREFIX, on_headers, self, NULL);
  soup_server_add_early_handler (self->server, API_PREFIX "/live", on_headers, self, NULL);
  self->guard_tick_id = g_timeout_add_seconds (LOG_INTERVAL_S, log_connections, self);
  self->sweep_tick_id = g_timeout_add_seconds (1, sweep_connections, self);
}

void
gw_town_server_dispose_connections (GwTownServer *self)
{
  g_clear_handle_id (&self->guard_tick_id, g_source_remove);
  g_clear_handle_id (&self->sweep_tick_id, g_source_remove);
  gw_town_server_unwatch_keepalive (self);
  if (self->server)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->per_address, g_hash_table_unref);
}

guint
gw_town_server_get_connection_count (GwTownServer *self)
{
  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), 0);
  return self->connections ? g_hash_table_size (self->connections) : 0;
}
