/* gw-town-server-calendar.c: the county's own holidays and working days,
 * laid over the server's calendar at start and again whenever a county's
 * import (another process) changes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include "gw-json.h"
#include "gw-town-server-private.h"

void
gw_town_server_refresh_county_days (GwTownServer *self)
{
  g_autofree char *stamp = gw_store_get_meta (self->store, GW_CALENDAR_STAMP);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) holidays = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) workdays = g_strv_builder_new ();
  g_auto(GStrv) off = NULL;
  g_auto(GStrv) on = NULL;
  JsonArray *days;

  if (stamp == NULL || g_strcmp0 (stamp, self->calendar_stamp) == 0)
    return;
  g_free (self->calendar_stamp);
  self->calendar_stamp = g_steal_pointer (&stamp);

  text = gw_store_get_inspection_data (self->store, GW_CALENDAR_DATA);
  root = text ? json_from_string (text, NULL) : NULL;
  days = gw_json_object_get_array (gw_json_node_get_object (root), "items");
  for (guint i = 0; days && i < json_array_get_length (days); i++)
    {
      JsonObject *day = gw_json_node_get_object (json_array_get_element (days, i));
      const char *date = gw_json_object_get_string (day, "date");

      if (date == NULL)
        continue;
      g_strv_builder_add (g_strcmp0 (gw_json_object_get_string (day, "type"), "workday") == 0 ? workdays : holidays,
                          date);
    }
  off = g_strv_builder_end (holidays);
  on = g_strv_builder_end (workdays);
  gw_work_calendar_set_county_days (self->calendar, (const char * const *) off, (const char * const *) on);
}
