/* gw-town-server-workers.c: grid workers report whether they are on duty
 *
 * PUT /api/v1/me/status comes from a grid worker's phone: on duty or not,
 * and where it is. The whole list is read as the "worker-status"
 * collection, like the other reference data, with an ETag.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include "gw-json.h"
#include "gw-store-track.h"
#include "gw-town-server-private.h"

/* The worker is whoever holds the token, whatever the body says. */
GwWorkerStatus *
gw_town_server_read_my_status (JsonNode    *body,
                               const char  *worker,
                               GDateTime   *now,
                               GError     **error)
{
  JsonObject *obj = json_node_get_object (body);
  g_autofree char *updated_at = g_date_time_format_iso8601 (now);

  json_object_set_string_member (obj, "worker", worker);
  json_object_set_string_member (obj, "updated_at", updated_at);
  return gw_worker_status_new_from_json (body, error);
}

void
gw_town_server_handle_my_status (GwTownServer      *self,
                                 SoupServerMessage *msg)
{
  g_auto(GwCaller) caller = { 0 };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GwWorkerStatus) status = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  double lat, lon;

  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return;
  if (caller.role != GW_ROLE_WORKER)
    {
      gw_town_server_refuse (self, msg, &caller, "report_status", NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "Only grid workers report their status");
      return;
    }

  if (!(body = gw_town_server_read_body_or_refuse (self, msg, &caller, "report_status", NULL)))
    return;
  if (!(status = gw_town_server_read_my_status (body, caller.name, now, &error)))
    {
      g_autofree char *message = g_strdup_printf ("The body must be {\"on_duty\": true, \"lat\": …, \"lon\": …}: %s",
                                                  error->message);
      gw_town_server_refuse (self, msg, &caller, "report_status", NULL, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return;
    }
  if (gw_worker_status_get_location (status, &lat, &lon) && !gw_town_server_in_county (self, lat, lon))
    {
      gw_town_server_refuse (self, msg, &caller, "report_status", NULL, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             "outside_county", "The position lies outside the county");
      return;
    }
  g_ptr_array_add (one, g_object_ref (status));
  if (!gw_store_put_worker_statuses (self->store, one, &error) || !gw_store_add_track_points (self->store, one, &error))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }

  answer = gw_worker_status_to_json (status);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, answer);
}
