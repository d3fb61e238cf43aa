/* gw-town-server-track.c: GET /api/v1/workers/{id}/track?date=
 *
 * Where a grid worker's phone said it was on one day, oldest first, from
 * the status reports (PUT /api/v1/me/status and the simulator's phones).
 * The desk and the leaders see everyone's; a worker sees their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include "gw-field.h"
#include "gw-json.h"
#include "gw-store-track.h"
#include "gw-town-server-private.h"

/* Midnight of @text (YYYY-MM-DD) in @tz, or today's. */
static GDateTime *
day_start (const char *text,
           GTimeZone  *tz)
{
  g_autofree char *midnight = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (text == NULL)
    {
      now = g_date_time_new_now (tz);
      return g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), 0, 0, 0);
    }
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return NULL;
  midnight = g_strconcat (text, "T00:00:00", NULL);
  return g_date_time_new_from_iso8601 (midnight, tz);
}

static void
send_track (SoupServerMessage *msg,
            const char        *worker,
            GDateTime         *day,
            GPtrArray         *points)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "worker", worker);
  gw_json_builder_add_string (b, "date", date);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < points->len; i++)
    {
      GwWorkerStatus *point = g_ptr_array_index (points, i);
      double lat = 0, lon = 0;

      gw_worker_status_get_location (point, &lat, &lon);
      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "at", gw_worker_status_get_updated_at (point));
      json_builder_set_member_name (b, "lat");
      json_builder_add_double_value (b, lat);
      json_builder_set_member_name (b, "lon");
      json_builder_add_double_value (b, lon);
      json_builder_set_member_name (b, "on_duty");
      json_builder_add_boolean_value (b, gw_worker_status_get_on_duty (point));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, root);
}

void
gw_town_server_handle_worker_track (GwTownServer      *self,
                                    SoupServerMessage *msg,
                                    const char        *worker,
                                    GHashTable        *query)
{
  GTimeZone *tz = gw_work_calendar_get_timezone (self->calendar);
  g_auto(GwCaller) caller = { 0 };
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GPtrArray) points = NULL;
  g_autoptr(GError) error = NULL;

  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return;
  if (!gw_text_check (worker, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "worker", NULL) || strchr (worker, '/'))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such worker");
      return;
    }
  /* A phone's owner sees their own way, not a colleague's. */
  if ((caller.role == GW_ROLE_WORKER && !g_str_equal (caller.name, worker)) || caller.role == GW_ROLE_DEPARTMENT ||
      caller.role == GW_ROLE_PLANNER)
    {
      gw_town_server_refuse (self, msg, &caller, "read_track", NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "Only the desk, heads, leaders and the worker themselves see a worker's track");
      return;
    }
  if (!(day = day_start (query ? g_hash_table_lookup (query, "date") : NULL, tz)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "date must be YYYY-MM-DD");
      return;
    }
  next = g_date_time_add_days (day, 1);
  if (!(points = gw_store_list_track (self->store, worker, day, next, &error)))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }
  send_track (msg, worker, day, points);
}
