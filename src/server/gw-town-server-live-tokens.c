/* gw-town-server-live-tokens.c: a live socket closes when its token dies
 *
 * A WebSocket outlives the request that opened it, and its token may be
 * revoked, replaced or expire meanwhile, by another process writing the
 * database (gridwatch-townd --revoke-user). Each tick of the feed's poll,
 * if the database moved or the soonest expiry passed, every socket's token
 * is looked up again, and a socket whose token is no longer good is closed
 * with 4401 and the refusal's code as the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <string.h>

#include "gw-token.h"
#include "gw-town-server-private.h"

/* Like HTTP's 401, in the range RFC 6455 leaves to applications. */
#define CLOSE_TOKEN_REFUSED 4401

typedef struct
{
  char *hash;
  gint64 expires;   /* Unix time; 0 for never */
} LiveToken;

static void
live_token_free (LiveToken *token)
{
  g_free (token->hash);
  g_free (token);
}

static void
note_expiry (GwTownServer *self,
             gint64        expires)
{
  if (expires > 0 && (self->live_next_expiry == 0 || expires < self->live_next_expiry))
    self->live_next_expiry = expires;
}

/* @msg is the handshake, authenticated already. */
void
gw_town_server_watch_live_token (GwTownServer            *self,
                                 SoupWebsocketConnection *conn,
                                 SoupServerMessage       *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  LiveToken *token;

  g_return_if_fail (header != NULL && g_str_has_prefix (header, "Bearer "));

  token = g_new0 (LiveToken, 1);
  token->hash = gw_token_hash (header + strlen ("Bearer "));
  gw_store_check_token_hash (self->store, token->hash, now, NULL, NULL, &token->expires);
  note_expiry (self, token->expires);
  g_object_set_data_full (G_OBJECT (conn), "gw-live-token", token, (GDestroyNotify) live_token_free);
}

static gboolean
needs_recheck (GwTownServer *self,
               guint64       generation,
               GDateTime    *now)
{
  if (generation != self->live_generation)
    return TRUE;
  return self->live_next_expiry > 0 && g_date_time_to_unix (now) >= self->live_next_expiry;
}

void
gw_town_server_recheck_live_tokens (GwTownServer *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) dead = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  guint64 generation;

  if (self->live->len == 0)
    return;
  now = g_date_time_new_now_utc ();
  generation = gw_store_get_generation (self->store);
  if (!needs_recheck (self, generation, now))
    return;

  self->live_generation = generation;
  self->live_next_expiry = 0;
  dead = g_ptr_array_new_with_free_func (g_object_unref);
  reasons = g_ptr_array_new ();
  for (guint i = 0; i < self->live->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (self->live, i);
      LiveToken *token = g_object_get_data (G_OBJECT (conn), "gw-live-token");
      GwTokenState state = GW_TOKEN_UNKNOWN;
      const char *message;

      if (token)
        state = gw_store_check_token_hash (self->store, token->hash, now, NULL, NULL, &token->expires);
      if (state == GW_TOKEN_VALID)
        {
          note_expiry (self, token->expires);
          continue;
        }
      g_ptr_array_add (dead, g_object_ref (conn));
      g_ptr_array_add (reasons, (gpointer) gw_town_server_token_refusal (state, TRUE, &message));
    }

  /* Closing may drop a socket from self->live: not while walking it. */
  for (guint i = 0; i < dead->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (dead, i);

      g_message ("Closing a live socket: %s", (const char *) g_ptr_array_index (reasons, i));
      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, CLOSE_TOKEN_REFUSED, g_ptr_array_index (reasons, i));
    }
}
