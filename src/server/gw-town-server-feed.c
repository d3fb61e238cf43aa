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

#include "gw-json.h"
#include "gw-town-server-private.h"

#define DEFAULT_CHANGES_LIMIT 500
#define MAX_CHANGES_LIMIT 5000
#define KEEPALIVE_SECONDS 15
/* Other processes (an import) write the database too. */
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
  guint64 since = 0, limit = DEFAULT_CHANGES_LIMIT;
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

  if (!(changes = gw_store_read_changes (self->store, since, limit, &last_seq, &more, &error)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "storage_error", error->message);
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
  g_string_append_printf (out, "],\"last_seq\":%" G_GINT64_FORMAT ",\"more\":%s}", last_seq, more ? "true" : "false");

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
  gw_town_server_announce (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                GwTownServer            *self)
{
  g_ptr_array_remove (self->live, conn);
}

static void
on_live_connected (SoupServer              *server,
                   SoupServerMessage       *msg,
                   const char              *path,
                   SoupWebsocketConnection *conn,
                   gpointer                 user_data)
{
  GwTownServer *self = user_data;

  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_signal_connect_object (conn, "closed", G_CALLBACK (on_live_closed), self, 0);
  g_ptr_array_add (self->live, g_object_ref (conn));

  /* Say where the feed is now, so a client that missed pokes catches up. */
  send_seq (conn, gw_store_get_last_seq (self->store));
}

static void
authorize_live (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  g_auto(GwCaller) caller = { 0 };

  /* Refuse before the upgrade: a WebSocket is no way around the token.
   * Setting a status here stops libsoup from accepting the handshake. */
  gw_town_server_authorize (user_data, msg, NULL, &caller);
}

void
gw_town_server_setup_live (GwTownServer *self)
{
  self->live = g_ptr_array_new_with_free_func (g_object_unref);
  self->announced_seq = gw_store_get_last_seq (self->store);
  soup_server_add_early_handler (self->server, API_PREFIX "/live", authorize_live, self, NULL);
  soup_server_add_websocket_handler (self->server, API_PREFIX "/live", NULL, NULL,
                                     on_live_connected, self, NULL);
  self->feed_poll_id = g_timeout_add (FEED_POLL_MS, poll_feed, self);
}
