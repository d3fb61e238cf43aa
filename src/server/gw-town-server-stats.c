/* gw-town-server-stats.c: GET /api/v1/stats, the performance figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server-stats"

#include "config.h"

#include "gw-case-stats.h"
#include "gw-store-feed.h"
#include "gw-town-server-private.h"

static GDateTime *
parse_time (const char *text,
            GTimeZone  *tz)
{
  g_autofree char *midnight = NULL;

  if (text == NULL)
    return NULL;
  /* A plain date is that day's midnight in the county. */
  if (strlen (text) == 10)
    {
      GDateTime *day;

      midnight = g_strconcat (text, "T00:00:00", NULL);
      day = g_date_time_new_from_iso8601 (midnight, tz);
      return day;
    }
  return g_date_time_new_from_iso8601 (text, tz);
}

/* grid code -> the code of the town it lies in */
static GHashTable *
towns_of_grids (GwStore *store)
{
  g_autoptr(GPtrArray) grids = gw_store_list_grids (store, NULL);

  return gw_grid_towns_of (grids);
}

/* category code -> its responsible department */
static GHashTable *
departments_of_categories (GwStore *store)
{
  g_autoptr(GPtrArray) categories = gw_store_list_categories (store, NULL);

  return gw_category_departments_of (categories);
}

void
gw_town_server_handle_stats (GwTownServer      *self,
                             SoupServerMessage *msg,
                             GHashTable        *query)
{
  GTimeZone *tz = gw_work_calendar_get_timezone (self->calendar);
  const char *by_text = query ? g_hash_table_lookup (query, "by") : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) towns = NULL;
  g_autoptr(GHashTable) departments = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GwCaller) caller = { 0 };
  GwStatsBy by = GW_STATS_BY_TOWN;

  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return;

  /* By default up to and including this second: the end is exclusive. */
  to = query && g_hash_table_lookup (query, "to") ? parse_time (g_hash_table_lookup (query, "to"), tz)
                                                  : g_date_time_add_seconds (now, 1);
  from = query && g_hash_table_lookup (query, "from") ? parse_time (g_hash_table_lookup (query, "from"), tz)
                                                      : (to ? g_date_time_add_days (to, -30) : NULL);
  if (from == NULL || to == NULL || g_date_time_compare (from, to) >= 0)
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 "from and to must be RFC 3339 times or dates, from before to");
      return;
    }
  if (by_text && !gw_stats_by_from_string (by_text, &by))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 "by must be grid, town, department, category, worker or source");
      return;
    }

  if (!(cases = gw_store_list_cases (self->store, NULL, &error)))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }
  towns = towns_of_grids (self->store);
  departments = departments_of_categories (self->store);
  rows = gw_case_stats_compute (cases, from, to, by, towns, departments);
  root = gw_case_stats_to_json (rows, from, to, by);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, root);
}
