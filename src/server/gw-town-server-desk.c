/* gw-town-server-desk.c: what the dispatcher's desk asks of the server
 *
 * The options of the desk's rules (the duplicate radius and window, the
 * days a return visit may take), the context the case rules run in, and
 * GET /api/v1/duplicates: the open cases near a place, for a report
 * being written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include "gw-field.h"
#include "gw-json.h"
#include "gw-phone.h"
#include "gw-store-callers.h"
#include "gw-case-desk.h"
#include "gw-desk-rules.h"
#include "gw-store-duplicates.h"
#include "gw-town-server-private.h"

void
gw_town_server_set_desk_options (GwTownServer        *self,
                                 const GwDeskOptions *options)
{
  g_return_if_fail (GW_IS_TOWN_SERVER (self));

  self->desk.duplicate_radius_m = options->duplicate_radius_m > 0 ? options->duplicate_radius_m : GW_DUPLICATE_RADIUS_M;
  self->desk.duplicate_days = options->duplicate_days > 0 ? options->duplicate_days : GW_DUPLICATE_DAYS;
  self->desk.return_visit_days = options->return_visit_days > 0 ? options->return_visit_days : GW_RETURN_VISIT_DAYS;
}

static GwCategory *
lookup_category (const char *code,
                 gpointer    data)
{
  return gw_store_lookup_category (GW_STORE (data), code);
}

/* A case the desk has just placed ("locate"): its grid found again at
 * the new point. FALSE, with the reason, when the point lies outside the
 * county: the desk places a case in it, or not at all. */
gboolean
gw_town_server_place_case (GwTownServer  *self,
                           GwCase       **next,
                           char         **refusal)
{
  g_auto(GwCaseData) data = { 0 };
  g_autoptr(GwGrid) grid = NULL;

  gw_case_data_copy (gw_case_get_data (*next), &data);
  if (!gw_town_server_in_county (self, data.lat, data.lon))
    {
      *refusal = g_strdup_printf ("%.6f, %.6f lies outside the county", data.lat, data.lon);
      return FALSE;
    }
  if ((grid = gw_store_grid_at (self->store, data.lat, data.lon)))
    {
      g_free (data.grid);
      data.grid = g_strdup (gw_grid_get_code (grid));
    }
  g_object_unref (*next);
  *next = gw_case_new (&data);
  return TRUE;
}

/* The rules' context for an action at @now by @user. */
static char *
lookup_town (const char *grid,
             gpointer    data)
{
  return gw_store_town_of_grid (data, grid);
}

void
gw_town_server_case_context (GwTownServer  *self,
                             GDateTime     *now,
                             const char    *user,
                             GwCaseContext *context)
{
  *context = (GwCaseContext) {
    .now = now,
    .calendar = self->calendar,
    .user = user,
    .lookup_category = lookup_category,
    .lookup_town = lookup_town,
    .lookup_data = self->store,
    .return_visit_days = self->desk.return_visit_days,
  };
}

/* The open cases a report at @lat, @lon in @category may repeat,
 * nearest first, as many as a case lists; only their ids when
 * @ids_only. */
GPtrArray *
gw_town_server_find_duplicates (GwTownServer  *self,
                                double         lat,
                                double         lon,
                                const char    *category,
                                GDateTime     *at,
                                const char    *exclude,
                                gboolean       ids_only,
                                GError       **error)
{
  GwDuplicateQuery query = {
    .lat = lat, .lon = lon, .category = category, .at = at, .exclude = exclude,
    .radius_m = self->desk.duplicate_radius_m, .days = self->desk.duplicate_days,
    .limit = GW_CASE_MAX_DUPLICATES, .ids_only = ids_only,
  };

  return gw_store_find_duplicates (self->store, &query, error);
}

char **
gw_town_server_duplicate_ids (GPtrArray *duplicates)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; duplicates && i < duplicates->len && i < GW_CASE_MAX_DUPLICATES; i++)
    g_strv_builder_add (ids, ((GwDuplicate *) g_ptr_array_index (duplicates, i))->id);
  return duplicates && duplicates->len ? g_strv_builder_end (ids) : NULL;
}

static gboolean
read_query_number (GHashTable  *query,
                   const char  *name,
                   double       min,
                   double       max,
                   double      *value)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  char *end = NULL;

  if (text == NULL || strlen (text) > 32)
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && *value >= min && *value <= max;
}

/* GET /api/v1/duplicates?lat=&lon=&category= */
void
gw_town_server_handle_duplicates (GwTownServer      *self,
                                  SoupServerMessage *msg,
                                  GHashTable        *query)
{
  g_auto(GwCaller) caller = { 0 };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (gw_work_calendar_get_timezone (self->calendar));
  const char *category = query ? g_hash_table_lookup (query, "category") : NULL;
  double lat, lon;

  if (!gw_town_server_authorize (self, msg, NULL, &caller))
    return;
  if (!read_query_number (query, "lat", -90, 90, &lat) || !read_query_number (query, "lon", -180, 180, &lon) ||
      (category && !gw_text_check (category, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "category", NULL)))
    {
      gw_town_server_send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 "lat and lon must be numbers in range; category, if given, a category code");
      return;
    }
  if (!(found = gw_town_server_find_duplicates (self, lat, lon, category, now, NULL, FALSE, &error)))
    {
      gw_town_server_send_storage_error (msg, error);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "radius_m");
  json_builder_add_double_value (b, self->desk.duplicate_radius_m);
  json_builder_set_member_name (b, "days");
  json_builder_add_double_value (b, self->desk.duplicate_days);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < found->len && i < GW_CASE_MAX_DUPLICATES; i++)
    {
      GwDuplicate *duplicate = g_ptr_array_index (found, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "distance_m");
      json_builder_add_double_value (b, duplicate->distance_m);
      json_builder_set_member_name (b, "case");
      json_builder_add_value (b, gw_case_to_json (duplicate->kase));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, root);
}

/* GET /api/v1/cases/{id}/caller: who reported it and the number they
 * left; whole for the desk, masked for everyone else. */
void
gw_town_server_handle_caller (GwTownServer      *self,
                              SoupServerMessage *msg,
                              const GwCaller    *caller,
                              const char        *case_id)
{
  g_autoptr(GwCase) kase = gw_store_get_case (self->store, case_id);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *masked = NULL;
  gboolean desk = gw_desk_rules_may_see_phones (caller->role);

  if (kase == NULL)
    {
      gw_town_server_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no such case");
      return;
    }
  phone = gw_store_get_caller_phone (self->store, case_id);
  masked = phone && !desk ? gw_phone_mask (phone) : NULL;

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "name", gw_case_get_data (kase)->reporter);
  gw_json_builder_add_string (b, "phone", masked ? masked : phone);
  json_builder_set_member_name (b, "masked");
  json_builder_add_boolean_value (b, masked != NULL);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gw_town_server_send_node (msg, SOUP_STATUS_OK, root);
}
