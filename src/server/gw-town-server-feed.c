/* gw-town-server-feed.c: the change feed and the live pokes
 *
 * Clients pull /changes from their cursor. /live is a WebSocket on which
 * the server says {"seq": N} whenever the feed moves; the client then
 * pulls. A lost poke costs nothing: the next one, or the client's own
 * timer, brings the same changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <string.h>

#include "gw-field.h"
#include "gw-json.h"
#include "gw-limited-input-stream.h"
#include "gw-town-server-private.h"

#define DEFAULT_CHANGES_LIMIT 500
#define MAX_CHANGES_LIMIT 5000
#define KEEPALIVE_SECONDS 15
/* Other processes (an import, a revocation) write the database too. */
#define FEED_POLL_MS 1000

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
gw_town_server_handle_changes (GwTownServer      *self,
                               SoupServerMessage *msg,
                               GHashTable        *query)
{
  g_auto(GwCaller) caller = { 0 };
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  const char *since_text = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *feed = query ? g_hash_table_lookup (query, "feed") : NULL;
  guint64 since = 0, limit = DEFAULT_CHANGES_LIMIT;
  gboolean reset = FALSE;
  gint64 last_seq;
  gboolean more;

  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return;

  if ((since_text && !g_ascii_string_to_unsigned (since_text, 10, 0, G_MAXINT64, &since, NULL)) ||
      (limit_text && !g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_CHANGES_LIMIT, &limit, NULL)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 "“since” must be a sequence number and “limit” 1 to 5000");
      return;
    }
  if (feed && !gw_text_check (feed, -1, GW_FIELD_NOT_BLANK, GW_FIELD_FEED_ID_CHARS, "feed", NULL))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 "“feed” must be the id a page of this feed gave");
      return;
    }

  /* A cursor from another database (the server replaced), or from past
   * this feed's end (restored from a backup), means nothing here: the
   * client is sent the feed from its start, told to forget what it has. */
  if (since > 0 && ((feed && self->feed_id && !g_str_equal (feed, self->feed_id)) ||
                    (gint64) since > gw_store_get_last_seq (self->store)))
    {
      since = 0;
      reset = TRUE;
    }

  if (!(changes = gw_store_read_changes (self->store, since, limit, &last_seq, &more, &error)))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }

  /* The entities' JSON is stored ready to send: splice it, do not parse. */
  out = g_string_sized_new (256 + changes->len * 600);
  g_string_append (out, "{\"changes\":[");
  for (guint i = 0; i < changes->len; i++)
    {
      GwChange *c = g_ptr_array_index (changes, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",\"kind\":", c->seq);
      append_json_string (out, c->kind);
      g_string_append (out, ",\"id\":");
      append_json_string (out, c->id);
      g_string_append_printf (out, ",\"version\":%" G_GINT64_FORMAT ",\"data\":%s}", c->version, c->data);
    }
  g_string_append_printf (out, "],\"last_seq\":%" G_GINT64_FORMAT ",\"more\":%s,\"reset\":%s", last_seq,
                          more ? "true" : "false", reset ? "true" : "false");
  if (self->feed_id)
    {
      g_string_append (out, ",\"feed\":");
      append_json_string (out, self->feed_id);
    }
  g_string_append_c (out, '}');

  /* Where the next page starts, before the body: a client can ask for
   * it while it still reads this one (docs/town-api.md). */
  if (more)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
      g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, last_seq);

      soup_message_headers_replace (headers, "Gridwatch-Next-Since", next);
      if (self->feed_id)
        soup_message_headers_replace (headers, "Gridwatch-Feed", self->feed_id);
    }

  {
    g_autoptr(GBytes) body = g_string_free_to_bytes (g_steal_pointer (&out));
    gw_town_server_send_json (msg, SOUP_STATUS_OK, body);
  }
}

static void
send_seq (SoupWebsocketConnection *conn,
          gint64                   seq)
{
  g_autofree char *text = g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT "}", seq);

  if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (conn, text);
}

void
gw_town_server_announce (GwTownServer *self)
{
  gint64 seq = gw_store_get_last_seq (self->store);

  if (seq == self->announced_seq)
    return;

  self->announced_seq = seq;
  for (guint i = 0; i < self->live->len; i++)
    send_seq (g_ptr_array_index (self->live, i), seq);
}

static gboolean
poll_feed (gpointer user_data)
{
  /* First close the sockets whose token died, so they hear no more. */
  gw_town_server_recheck_live_tokens (user_data);
  gw_town_server_refresh_whistle_list (user_data);
  gw_town_server_refresh_county_days (user_data);
  gw_town_server_announce (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                GwTownServer            *self)
{
  g_ptr_array_remove (self->live, conn);
}

/* A whole message or a pong: the count of a message's bytes restarts. */
static void
on_live_message (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 GwLimitedInputStream    *counter)
{
  gw_limited_input_stream_reset (counter);
}

static void
on_live_pong (SoupWebsocketConnection *conn,
              GBytes                  *message,
              GwLimitedInputStream    *counter)
{
  gw_limited_input_stream_reset (counter);
}

/* The handshake is answered: the connection becomes the live socket,
 * reading through a counter that bounds a whole message. */
static void
on_live_upgraded (SoupServerMessage *msg,
                  GwTownServer      *self)
{
  /* The socket itself, under TLS when there is TLS: taken before the
   * connection, which the message forgets then. */
  g_autoptr(GSocket) socket = g_object_ref (soup_server_message_get_socket (msg));
  g_autoptr(GIOStream) base = soup_server_message_steal_connection (msg);
  g_autoptr(GInputStream) counter = NULL;
  g_autoptr(GIOStream) io = NULL;
  SoupWebsocketConnection *conn;

  if (base == NULL)
    return;
  /* Pings keep it alive; the idle timeout is for HTTP requests. */
  g_socket_set_timeout (socket, 0);

  counter = gw_limited_input_stream_new (base, self->limits.max_websocket_message);
  io = g_simple_io_stream_new (counter, g_io_stream_get_output_stream (base));
  conn = soup_websocket_connection_new (io, soup_server_message_get_uri (msg), SOUP_WEBSOCKET_CONNECTION_SERVER,
                                        soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Origin"),
                                        NULL, NULL);
  soup_websocket_connection_set_max_incoming_payload_size (conn, self->limits.max_websocket_message);
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_signal_connect_object (conn, "message", G_CALLBACK (on_live_message), counter, 0);
  g_signal_connect_object (conn, "pong", G_CALLBACK (on_live_pong), counter, 0);
  g_signal_connect_object (conn, "closed", G_CALLBACK (on_live_closed), self, 0);
  g_ptr_array_add (self->live, conn);
  gw_town_server_watch_live_token (self, conn, msg);

  /* Say where the feed is now, so a client that missed pokes catches up. */
  send_seq (conn, gw_store_get_last_seq (self->store));
}

/* GET /api/v1/live: the token first, then the WebSocket handshake. */
static void
handle_live (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  GwTownServer *self = user_data;
  g_auto(GwCaller) caller = { 0 };
  g_autoptr(GError) error = NULL;

  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return;
  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
      return;
    }
  soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL);
  g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (on_live_upgraded), self, 0);
}

void
gw_town_server_setup_live (GwTownServer *self)
{
  g_autoptr(GError) error = NULL;

  self->live = g_ptr_array_new_with_free_func (g_object_unref);
  self->announced_seq = gw_store_get_last_seq (self->store);
  if (!(self->feed_id = gw_store_dup_feed_id (self->store, &error)))
    g_warning ("The change feed has no id (clients cannot tell this database from another): %s", error->message);
  soup_server_add_handler (self->server, API_PREFIX "/live", handle_live, self, NULL);
  self->feed_poll_id = g_timeout_add (FEED_POLL_MS, poll_feed, self);
}
