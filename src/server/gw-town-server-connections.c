/* gw-town-server-connections.c: what one connection may hold and take
 *
 * Everything here happens before a handler runs, so a hostile client
 * costs the server a few bytes and a descriptor for a bounded time:
 *
 * - libsoup 3.2 (Debian 12) never closes a kept-alive connection that
 *   the client closes while idle: after a response it waits for the next
 *   request with no callback, reads EOF, and forgets the connection
 *   without closing it (fixed upstream in 3.3, "server: do not leak idle
 *   connections closed by the client"). Each one stays in CLOSE-WAIT with
 *   its descriptor until the process runs out of them. On a libsoup
 *   older than 3.3 every answer therefore says Connection: close; the
 *   WebSocket upgrade keeps its connection.
 * - Each connection's socket times out after the idle timeout without
 *   traffic, and a request's headers must arrive within the header
 *   timeout from the moment the connection waits for them (a client
 *   trickling a byte a second is closed too).
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

#include <string.h>
#include <sys/resource.h>

#include "gw-photo.h"
#include "gw-town-server-private.h"

#define LOG_INTERVAL_S 60
/* Descriptors kept for the database, its journal, photos and logs. */
#define RESERVED_DESCRIPTORS 64

typedef struct
{
  GwTownServer *self;
  GSocket *socket;
  SoupServerMessage *msg;       /* the request the connection is on */
  char *address;
  gint64 header_deadline;       /* monotonic µs; 0: headers came */
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
connection_free (Connection *c)
{
  GwTownServer *self = c->self;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, c->address));

  if (n > 1)
    g_hash_table_insert (self->per_address, g_strdup (c->address), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (self->per_address, c->address);

  connection_forget_message (c);
  g_clear_object (&c->socket);
  g_free (c->address);
  g_free (c);
}

static gboolean
keeps_alive_safely (void)
{
  return soup_get_major_version () > 3 || (soup_get_major_version () == 3 && soup_get_minor_version () >= 3);
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

/* One timer for every connection's header deadline, not a timer each:
 * the main loop looks at each of its sources on every turn, and under
 * load the idle connections' timers were a tenth of its time. */
static gboolean
close_late_headers (gpointer user_data)
{
  GwTownServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) late = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  Connection *c;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    if (c->header_deadline != 0 && c->header_deadline <= now)
      {
        c->header_deadline = 0;
        g_debug ("Closing a connection from %s: no request headers in %u s", c->address,
                 self->limits.header_timeout);
        g_ptr_array_add (late, g_object_ref (c->socket));
      }
  /* libsoup sees the read fail and lets each connection go. */
  for (guint i = 0; i < late->len; i++)
    g_socket_close (g_ptr_array_index (late, i), NULL);
  return G_SOURCE_CONTINUE;
}

static void
on_got_headers (SoupServerMessage *msg,
                Connection        *c)
{
  c->header_deadline = 0;
}

static void
on_disconnected (SoupServerMessage *msg,
                 Connection        *c)
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

/* libsoup creates a connection's next request as soon as it may read
 * one: for a new connection, when it is accepted. */
static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    GwTownServer      *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  const char *address = soup_server_message_get_remote_host (msg);
  Connection *c;

  if (socket == NULL)
    return;
  self->requests_this_minute++;

  if (!(c = g_hash_table_lookup (self->connections, socket)))
    {
      if (address == NULL || over_caps (self, address))
        {
          g_message ("Refusing a connection from %s: %u open from there, %u in all", address ? address : "?",
                     GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, address ? address : "")),
                     g_hash_table_size (self->connections));
          g_socket_close (socket, NULL);
          return;
        }
      c = g_new0 (Connection, 1);
      c->self = self;
      c->socket = g_object_ref (socket);
      c->address = g_strdup (address);
      g_hash_table_insert (self->connections, socket, c);
      g_hash_table_insert (self->per_address, g_strdup (address),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, address)) + 1));
      g_socket_set_timeout (socket, self->limits.idle_timeout);
    }

  connection_forget_message (c);
  c->msg = g_object_ref (msg);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), c);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), c);
  c->header_deadline = g_get_monotonic_time () + self->limits.header_timeout * G_USEC_PER_SEC;
}

/* On a libsoup that leaks kept-alive connections, none is kept alive. */
static void
on_request_read (SoupServer        *server,
                 SoupServerMessage *msg,
                 GwTownServer      *self)
{
  const char *upgrade = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Upgrade");

  if (!keeps_alive_safely () && (upgrade == NULL || g_ascii_strcasecmp (upgrade, "websocket") != 0))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
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
  /* libsoup keeps one early handler with each handler's path: each path
   * the server has gets this one. */
  soup_server_add_early_handler (self->server, NULL, on_headers, self, NULL);
  soup_server_add_early_handler (self->server, API_PREFIX, on_headers, self, NULL);
  soup_server_add_early_handler (self->server, API_PREFIX "/live", on_headers, self, NULL);
  self->guard_tick_id = g_timeout_add_seconds (LOG_INTERVAL_S, log_connections, self);
  self->header_tick_id = g_timeout_add_seconds (1, close_late_headers, self);
}

void
gw_town_server_dispose_connections (GwTownServer *self)
{
  g_clear_handle_id (&self->guard_tick_id, g_source_remove);
  g_clear_handle_id (&self->header_tick_id, g_source_remove);
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
