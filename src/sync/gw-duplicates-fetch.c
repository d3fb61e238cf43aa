/* gw-duplicates-fetch.c: the open cases near a report being written
 *
 * GET /api/v1/duplicates?lat=&lon=&category=, for the New Case form:
 * the cases a caller may be repeating, each with its distance, nearest
 * first. Offline the form asks the cache the same question
 * (gw_store_find_duplicates()). Every case is read as strictly as one
 * from the change feed; a distance is a number from 0 to 100 km.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-duplicates-fetch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-duplicates-fetch.h"
#include "gw-json.h"
#include "gw-town-fetch.h"

#define MAX_DISTANCE_M 100000.0

/* GwDuplicates, nearest first as sent, or NULL and @error. */
GPtrArray *
gw_duplicates_from_json (JsonNode  *root,
                         GError   **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_duplicate_free);
  JsonArray *items = gw_json_object_get_array (gw_json_node_get_object (root), "items");

  if (items == NULL || json_array_get_length (items) > GW_DUPLICATES_MAX_ITEMS)
    return gw_json_fail (error, _("the nearby cases are not a list of at most %d"), GW_DUPLICATES_MAX_ITEMS);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = gw_json_node_get_object (json_array_get_element (items, i));
      g_autoptr(GError) local = NULL;
      g_autoptr(GwCase) kase = NULL;
      GwDuplicate *duplicate;
      double distance;

      if (item == NULL || !gw_json_object_get_number (item, "distance_m", &distance) ||
          !(distance >= 0 && distance <= MAX_DISTANCE_M))
        return gw_json_fail (error, _("nearby case %u has no valid distance"), i + 1);
      if (!(kase = gw_case_new_from_json (json_object_get_member (item, "case"), &local)))
        return gw_json_fail (error, _("nearby case %u: %s"), i + 1, local->message);
      duplicate = g_new0 (GwDuplicate, 1);
      duplicate->id = g_strdup (gw_case_get_id (kase));
      duplicate->kase = g_steal_pointer (&kase);
      duplicate->distance_m = distance;
      g_ptr_array_add (found, duplicate);
    }
  return g_steal_pointer (&found);
}

void
gw_duplicates_fetch_async (GwTownClient        *client,
                           double               lat,
                           double               lon,
                           const char          *category,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  char lat_text[G_ASCII_DTOSTR_BUF_SIZE], lon_text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *escaped = category ? g_uri_escape_string (category, NULL, FALSE) : NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/duplicates?lat=%s&lon=%s%s%s",
                                           g_ascii_dtostr (lat_text, sizeof lat_text, lat),
                                           g_ascii_dtostr (lon_text, sizeof lon_text, lon),
                                           escaped ? "&category=" : "", escaped ? escaped : "");

  gw_town_fetch_async (client, path, (GwTownParse) gw_duplicates_from_json, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, user_data);
}

GPtrArray *
gw_duplicates_fetch_finish (GwTownClient  *client,
                            GAsyncResult  *result,
                            GError       **error)
{
  return gw_town_fetch_finish (client, result, error);
}
