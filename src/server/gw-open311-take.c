/* gw-open311-take.c: another system's service request as a case here
 *
 * A request becomes one case, once: the idempotency key of the report is
 * its endpoint and id, so a second pull, or a restart, finds the case it
 * made rather than making another. Its status and notes, when they
 * change at the source, are recorded as a comment of user "open311",
 * again under a key of what changed. The desk decides what to do about
 * them; the source never moves the case through its lifecycle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-open311"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-field.h"
#include "gw-json.h"
#include "gw-open311-take.h"
#include "gw-photo.h"
#include "gw-town-server-private.h"

static char *
key_of (const char *kind,
        const char *endpoint,
        const char *id,
        const char *state)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) endpoint, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) id, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) (state ? state : ""), -1);
  return g_strdup_printf ("open311-%s-%.40s", kind, g_checksum_get_string (sum));
}

/* What of the request the desk is told when it changes. */
static char *
state_of (const GwOpen311Request *r)
{
  return g_strdup_printf ("%s\n%s", r->closed ? "closed" : "open", r->status_notes ? r->status_notes : "");
}

/* Where the case is: its point in the county, a point outside it (kept,
 * without a grid), or none, when a stand-in point at the county's middle
 * is stored and the case is flagged, never put at 0,0. */
static gboolean
place (GwTownServer           *self,
       const GwOpen311Request *r,
       GwCaseData             *d,
       char                  **reason)
{
  double min_lon, min_lat, max_lon, max_lat;
  g_autoptr(GwGrid) grid = NULL;

  if (r->located && gw_town_server_in_county (self, r->lat, r->lon))
    {
      d->lat = r->lat, d->lon = r->lon;
      if ((grid = gw_store_grid_at (self->store, d->lat, d->lon)))
        d->grid = g_strdup (gw_grid_get_code (grid));
      return TRUE;
    }
  if (r->located)
    {
      d->lat = r->lat, d->lon = r->lon;
      d->location = GW_CASE_LOCATION_OUTSIDE;
      return TRUE;
    }
  if (!gw_store_get_extent (self->store, &min_lon, &min_lat, &max_lon, &max_lat))
    {
      *reason = g_strdup ("it has no location, and the county has no grids to place it in");
      return FALSE;
    }
  d->lat = (min_lat + max_lat) / 2, d->lon = (min_lon + max_lon) / 2;
  d->location = GW_CASE_LOCATION_UNKNOWN;
  return TRUE;
}

static char *
description_of (const GwOpen311Request *r)
{
  const char *lines[] = { r->description ? r->description : r->service_name, r->address,
                          r->media_url && !gw_media_id_from_url (r->media_url) ? r->media_url : NULL };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (lines[i])
      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", lines[i]);
  /* Our limit, whatever each line's was. */
  if (g_utf8_strlen (text->str, -1) > GW_FIELD_DESCRIPTION_CHARS)
    g_string_truncate (text, g_utf8_offset_to_pointer (text->str, GW_FIELD_DESCRIPTION_CHARS) - text->str);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
read_case (GwTownServer           *self,
           const char             *endpoint,
           const GwOpen311Request *r,
           const char             *category_code,
           GwCaseData             *d,
           char                  **reason)
{
  GTimeZone *zone = gw_work_calendar_get_timezone (self->calendar);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) reported = NULL;
  g_autoptr(GwCategory) category = category_code ? gw_store_lookup_category (self->store, category_code) : NULL;
  const char *when = r->requested ? r->requested : r->updated;

  if (!place (self, r, d, reason))
    return FALSE;
  reported = when ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
  if (reported == NULL || g_date_time_compare (reported, now) > 0)
    {
      g_clear_pointer (&reported, g_date_time_unref);
      reported = g_date_time_ref (now);
    }

  d->source = GW_CASE_SOURCE_OPEN311;
  d->status = r->closed ? GW_CASE_STATUS_CLOSED : GW_CASE_STATUS_REPORTED;
  d->category = category ? g_strdup (gw_category_get_code (category)) : NULL;
  d->description = description_of (r);
  d->media = g_new0 (char *, 2);
  if (r->media_url && gw_media_id_from_url (r->media_url))
    d->media[0] = g_strdup (r->media_url);
  d->reported_at = gw_format_rfc3339 (reported);
  d->version = 1;
  d->created_at = gw_format_rfc3339 (now);
  d->updated_at = g_strdup (d->created_at);
  d->origin_endpoint = g_strdup (endpoint);
  d->origin_id = g_strdup (r->id);
  d->origin_service = g_strdup (r->service_name ? r->service_name : r->service_code);
  if (r->closed)
    {
      d->closed_at = g_strdup (r->updated ? r->updated : d->reported_at);
      d->note = g_strdup (r->status_notes);
    }
  if (category)
    {
      const GwCategoryInfo *info = gw_category_get_info (category);
      g_autoptr(GDateTime) deadline = gw_work_calendar_add (self->calendar, reported, info->limit_value, info->limit_unit);

      d->deadline = gw_format_rfc3339 (deadline);
    }
  gw_town_server_set_handler (self, d, category);
  return TRUE;
}

/* The source's news about a case we already have, as a comment. */
static GwOpen311Outcome
record_state (GwTownServer           *self,
              const char             *case_id,
              const char             *key,
              const GwOpen311Request *r,
              char                  **reason)
{
  g_autoptr(GwCase) kase = gw_store_get_case (self->store, case_id);
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *text = NULL;
  guint status;

  if (kase == NULL)
    return *reason = g_strdup_printf ("its case %s is gone", case_id), GW_OPEN311_SKIPPED;
  if (r->status_notes)
    text = g_strdup_printf (r->closed ? _("Closed at the source (Open311): %s") : _("Open at the source (Open311): %s"),
                            r->status_notes);
  else
    text = g_strdup (r->closed ? _("Closed at the source (Open311)") : _("Open at the source (Open311)"));
  if (g_utf8_strlen (text, -1) > GW_FIELD_TEXT_CHARS)
    *g_utf8_offset_to_pointer (text, GW_FIELD_TEXT_CHARS) = '\0';
  json_object_set_string_member (params, "text", text);
  status = gw_town_server_apply_action (self, GW_OPEN311_USER, GW_ROLE_ADMIN, case_id, key, "comment", params,
                                        gw_case_get_version (kase), &response);
  if (status != SOUP_STATUS_OK)
    return *reason = g_strdup_printf ("its case %s did not take the comment (%u)", case_id, status), GW_OPEN311_SKIPPED;
  return GW_OPEN311_UPDATED;
}

GwOpen311Outcome
gw_open311_take (GwTownServer           *self,
                 const char             *endpoint,
                 const GwOpen311Request *r,
                 const char             *category,
                 char                  **reason)
{
  g_auto(GwCaseData) data = { 0 };
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *state = state_of (r);
  g_autofree char *key = key_of ("case", endpoint, r->id, NULL);
  g_autofree char *state_key = key_of ("state", endpoint, r->id, state);
  g_autofree char *stored = NULL;
  g_autofree char *stored_request = NULL;
  g_autoptr(GError) error = NULL;
  gboolean replayed = FALSE;
  const char *case_id;
  guint status;

  if (!read_case (self, endpoint, r, category, &data, reason))
    return GW_OPEN311_SKIPPED;
  status = gw_town_server_take_case (self, GW_OPEN311_USER, GW_ROLE_ADMIN, &data, key, &replayed, &response);
  case_id = gw_json_object_get_string (gw_json_node_get_object (response), "id");
  if (status != SOUP_STATUS_CREATED || case_id == NULL)
    return *reason = g_strdup_printf ("the store refused it (%u)", status), GW_OPEN311_SKIPPED;

  /* A new case starts from the source's state: it is known already. */
  if (!replayed)
    {
      if (!gw_store_remember_idempotent (self->store, GW_OPEN311_USER, state_key, NULL, SOUP_STATUS_OK, "{}", &error))
        g_warning ("Cannot remember the state of %s: %s", case_id, error->message);
      return GW_OPEN311_TAKEN;
    }
  if (gw_store_lookup_idempotent (self->store, GW_OPEN311_USER, state_key, &status, &stored, &stored_request))
    return GW_OPEN311_SAME;
  return record_state (self, case_id, state_key, r, reason);
}
