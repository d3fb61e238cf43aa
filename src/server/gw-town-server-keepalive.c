/* gw-town-server-keepalive.c: kept-alive connections on the libsoup we run on
 *
 * A connection is kept alive between requests and let go when its client
 * closes it or it has been idle for the idle timeout. libsoup 3.2 (Debian
 * 12) cannot be left to do either:
 *
 * - After an answer it waits for the next request with no callback. When
 *   the client closes instead, or the socket times out, it forgets the
 *   connection without closing it or dropping its own reference (fixed in
 *   3.3, "server: do not leak idle connections closed by the client"):
 *   each one would stay in CLOSE-WAIT with its descriptor and its buffers
 *   for the life of the process.
 * - From 3.1.2 until 3.4 its listener keeps one reference of each socket
 *   it accepts ("soup-listener: Plug a leak"): some 350 bytes for every
 *   connection, which a client opening connections in a loop turns into
 *   a flood.
 *
 * libsoup's connection object is private, but it is a GObject with
 * signals: an emission hook on its "request-started" learns each one as
 * its requests start, so that the sweep in gw-town-server-connections.c
 * can let an idle one go as libsoup 3.3 does — its socket shut down, its
 * "disconnected" emitted, upon which the server drops it — and the
 * socket's extra reference can go with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <sys/socket.h>

#include "gw-town-server-private.h"

#define CONNECTION_TYPE "SoupServerConnection"

static gboolean
libsoup_forgets_idle_connections (void)
{
  return soup_get_major_version () == 3 && soup_get_minor_version () < 3;
}

static gboolean
listener_keeps_sockets (void)
{
  guint minor = soup_get_minor_version (), micro = soup_get_micro_version ();

  return soup_get_major_version () == 3 && ((minor == 1 && micro >= 2) || minor == 2 || minor == 3);
}

/* Once libsoup's connection is finalized, with every reference libsoup
 * meant to drop, the socket has ours and the listener's, and nothing
 * else: both go. Any other count (a connection stolen for a WebSocket,
 * whose stream still holds the socket) is left as it is. */
static gboolean
release_kept_socket (gpointer data)
{
  GSocket *socket = data;

  if (g_atomic_int_get (&G_OBJECT (socket)->ref_count) == 2)
    g_object_unref (socket);
  g_object_unref (socket);
  return G_SOURCE_REMOVE;
}

/* Weak references are told before the object is finalized: the count is
 * read once it has been. */
static void
on_soup_connection_gone (gpointer  socket,
                         GObject  *where_it_was)
{
  g_idle_add_full (G_PRIORITY_HIGH, release_kept_socket, socket, NULL);
}

/* Runs before libsoup's server hears of the request, within the same
 * emission: the connection it names is the one the server's
 * request-started handlers see next. */
static gboolean
on_connection_request_started (GSignalInvocationHint *hint,
                               guint                  n_params,
                               const GValue          *params,
                               gpointer               user_data)
{
  GwTownServer *self = user_data;

  g_set_object (&self->starting_connection, g_value_get_object (&params[0]));
  return TRUE;
}

/* libsoup registers its connection type when the server first listens,
 * and the type's signals with its first connection: the class is made at
 * once, so that the first connection is seen too. */
void
gw_town_server_watch_keepalive (GwTownServer *self)
{
  GType type = g_type_from_name (CONNECTION_TYPE);
  guint signal_id;

  if (self->keepalive_hook_id)
    return;
  if (type && !self->soup_connection_class)
    self->soup_connection_class = g_type_class_ref (type);
  if (type && (signal_id = g_signal_lookup ("request-started", type)) != 0)
    self->keepalive_hook_id = g_signal_add_emission_hook (signal_id, 0, on_connection_request_started, self, NULL);
  else
    g_warning ("libsoup's connections cannot be followed: each is closed after its answer");
}

void
gw_town_server_unwatch_keepalive (GwTownServer *self)
{
  if (self->keepalive_hook_id)
    g_signal_remove_emission_hook (g_signal_lookup ("request-started", g_type_from_name (CONNECTION_TYPE)),
                                   self->keepalive_hook_id);
  self->keepalive_hook_id = 0;
  g_clear_object (&self->starting_connection);
  g_clear_pointer (&self->soup_connection_class, g_type_class_unref);
}

/* libsoup's connection for @socket, if the hook saw its request start;
 * the server's request-started handler takes it, or it is dropped. */
GObject *
gw_town_server_take_soup_connection (GwTownServer *self,
                                     GSocket      *socket)
{
  g_autoptr(GObject) starting = g_steal_pointer (&self->starting_connection);
  g_autoptr(GSocket) its_socket = NULL;

  if (starting == NULL || socket == NULL)
    return NULL;
  g_object_get (starting, "socket", &its_socket, NULL);
  if (its_socket != socket)
    return NULL;
  if (listener_keeps_sockets ())
    g_object_weak_ref (starting, on_soup_connection_gone, g_object_ref (socket));
  return g_steal_pointer (&starting);
}

/* An idle connection is let go in two steps. Its socket is shut down,
 * not closed, so that its descriptor cannot be reused while libsoup
 * still polls it: libsoup's pending read of the next request ends at
 * once, and on 3.3 libsoup then lets the connection go itself. Earlier,
 * that read's message held the only reference besides the server's list;
 * once it has gone, and not before (the message would be left without
 * its connection's I/O), libsoup is told the connection is disconnected,
 * and its "disconnected" handlers run before this returns. */
void
gw_town_server_shut_down (GSocket *socket)
{
  shutdown (g_socket_get_fd (socket), SHUT_RDWR);
}

void
gw_town_server_let_go (GObject *soup_connection)
{
  if (libsoup_forgets_idle_connections () && g_atomic_int_get (&soup_connection->ref_count) == 1)
    g_signal_emit_by_name (soup_connection, "disconnected");
}
