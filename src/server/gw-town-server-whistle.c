/* gw-town-server-whistle.c: GET /api/v1/whistle-items, the whistle list
 * the county imported (the built-in demo list until it has)
 *
 * The stored list becomes the default every rule uses (which items may be
 * whistled, how soon they are reported); an import from another process
 * changes the stamp beside it, and the server takes the new list up on
 * its next look at the feed or the next request for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <string.h>

#include "gw-json.h"
#include "gw-town-server-private.h"
#include "gw-whistle-list.h"

void
gw_town_server_refresh_whistle_list (GwTownServer *self)
{
  g_autofree char *stamp = gw_store_get_meta (self->store, GW_WHISTLE_LIST_STAMP);
  g_autofree char *digest = NULL;
  g_autoptr(JsonNode) json = NULL;

  if (self->whistle.body != NULL && g_strcmp0 (stamp, self->whistle_stamp) == 0)
    return;
  g_free (self->whistle_stamp);
  self->whistle_stamp = g_steal_pointer (&stamp);

  if (self->whistle_stamp)
    {
      g_autofree char *text = gw_store_get_inspection_data (self->store, GW_WHISTLE_LIST_DATA);
      g_autoptr(GBytes) bytes = text ? g_bytes_new (text, strlen (text)) : NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GwWhistleList) list = bytes ? gw_whistle_list_new_from_bytes (bytes, &error) : NULL;

      /* The importer checked it; a list that does not read keeps the last. */
      if (list)
        gw_whistle_list_set_default (list);
      else
        g_warning ("The stored whistle list cannot be read: %s", error ? error->message : "missing");
    }

  json = gw_whistle_list_to_json (gw_whistle_list_get_default ());
  g_clear_pointer (&self->whistle.body, g_bytes_unref);
  g_clear_pointer (&self->whistle.etag, g_free);
  self->whistle.body = gw_json_to_bytes (json);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->whistle.body);
  self->whistle.etag = g_strdup_printf ("\"%.32s\"", digest);
}

void
gw_town_server_handle_whistle_items (GwTownServer      *self,
                                     SoupServerMessage *msg)
{
  gw_town_server_refresh_whistle_list (self);
  gw_town_server_send_cached (msg, self->whistle.body, self->whistle.etag);
}
