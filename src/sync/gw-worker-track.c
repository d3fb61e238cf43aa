/* gw-worker-track.c: where a grid worker went on one day
 *
 * GET /api/v1/workers/{id}/track?date=YYYY-MM-DD, for the map's workers
 * layer: the day's reported positions, oldest first, as GwWorkerStatus
 * points (on duty or not, where, when). Each point is typed and ranged:
 * a time, a coordinate on the globe, a boolean; at most
 * GW_WORKER_TRACK_MAX_POINTS of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-worker-track"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-field.h"
#include "gw-geo.h"
#include "gw-json.h"
#include "gw-town-fetch.h"
#include "gw-worker-track.h"
#include "gw-work-calendar.h"

GPtrArray *
gw_worker_track_from_json (JsonNode  *root,
                           GError   **error)
{
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *obj = gw_json_node_get_object (root);
  JsonArray *items = gw_json_object_get_array (obj, "items");
  const char *worker = NULL;

  if (obj == NULL || !gw_field_text (obj, "worker", GW_FIELD_REQUIRED | GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS,
                                     &worker, NULL))
    return gw_json_fail (error, _("the track names no worker"));
  if (items == NULL || json_array_get_length (items) > GW_WORKER_TRACK_MAX_POINTS)
    return gw_json_fail (error, _("the track is not a list of at most %d points"), GW_WORKER_TRACK_MAX_POINTS);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = gw_json_node_get_object (json_array_get_element (items, i));
      g_autoptr(GDateTime) at = NULL;
      g_autofree char *at_text = NULL;
      gboolean on_duty = FALSE, located = FALSE;
      double lat = 0, lon = 0;

      if (item == NULL || !gw_field_time (item, "at", GW_FIELD_REQUIRED, &at, NULL) ||
          !gw_field_position (item, GW_FIELD_REQUIRED, &lat, &lon, &located, NULL) ||
          !gw_field_bool (item, "on_duty", GW_FIELD_OPTIONAL, &on_duty, NULL) || !gw_coordinate_is_valid (lon, lat))
        return gw_json_fail (error, _("point %u of the track cannot be read"), i + 1);
      at_text = gw_format_rfc3339 (at);
      g_ptr_array_add (points, gw_worker_status_new (worker, on_duty, TRUE, lat, lon, at_text));
    }
  return g_steal_pointer (&points);
}

/* @date: YYYY-MM-DD, or NULL for the server's today. */
void
gw_worker_track_fetch_async (GwTownClient        *client,
                             const char          *worker,
                             const char          *date,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *escaped = g_uri_escape_string (worker, NULL, FALSE);
  g_autofree char *escaped_date = date ? g_uri_escape_string (date, NULL, FALSE) : NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/workers/%s/track%s%s", escaped,
                                           date ? "?date=" : "", date ? escaped_date : "");

  gw_town_fetch_async (client, path, (GwTownParse) gw_worker_track_from_json, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, user_data);
}

GPtrArray *
gw_worker_track_fetch_finish (GwTownClient  *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  return gw_town_fetch_finish (client, result, error);
}
