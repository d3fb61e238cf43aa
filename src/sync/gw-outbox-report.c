/* gw-outbox-report.c: a new case, queued to be reported
 *
 * The New Case form writes here, online or not: the report goes into
 * the outbox as the body of POST /api/v1/cases with its idempotency key,
 * and a stand-in case ("local-…", pending) into the cache in the same
 * transaction, so the queue shows it at once; its photos wait with it.
 * gw_outbox_flush_async() sends it when the server can be reached, once,
 * and puts the server's case (its number, grid and deadline) in the
 * stand-in's place.
 *
 * The report is checked here as the server will check it, so that what
 * waits in the outbox is what the server will take.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-field.h"
#include "gw-json.h"
#include "gw-outbox-report.h"
#include "gw-phone.h"
#include "gw-store-outbox.h"
#include "gw-work-calendar.h"

static const char * const sources[] = {
  "patrol", "hotline_12345", "petition", "mailbox", "sensor", "open311", "other", "walk_in", NULL,
};
static const char * const priorities[] = { "normal", "urgent", NULL };

static gboolean
check_report (JsonObject    *report,
              GwCaseData    *d,
              GError       **error)
{
  const char *source = NULL, *priority = NULL, *category = NULL, *description = NULL, *reporter = NULL;
  const char *phone = NULL;
  gboolean located = FALSE;

  if (!gw_field_enum (report, "source", GW_FIELD_REQUIRED, sources, &source, error) ||
      !gw_field_position (report, GW_FIELD_REQUIRED, &d->lat, &d->lon, &located, error) ||
      !gw_field_enum (report, "priority", GW_FIELD_OPTIONAL, priorities, &priority, error) ||
      !gw_field_text (report, "category", GW_FIELD_OPTIONAL, GW_FIELD_NAME_CHARS, &category, error) ||
      !gw_field_text (report, "description", GW_FIELD_MULTILINE, GW_FIELD_DESCRIPTION_CHARS, &description, error) ||
      !gw_field_text (report, "reporter", GW_FIELD_OPTIONAL, GW_FIELD_NAME_CHARS, &reporter, error) ||
      !gw_field_text (report, "reporter_phone", GW_FIELD_OPTIONAL, GW_PHONE_MAX_CHARS, &phone, error) ||
      (phone && !gw_phone_check (phone, error)) ||
      !gw_field_media (report, "media", &d->media, error))
    return FALSE;

  gw_case_source_from_string (source, &d->source);
  d->urgent = g_strcmp0 (priority, "urgent") == 0;
  d->category = g_strdup (category);
  d->description = g_strdup (description);
  d->reporter = g_strdup (reporter);
  return TRUE;
}

/* The stand-in's id, or NULL and @error when the report is not one the
 * server would take. */
char *
gw_outbox_report_case (GwStore     *store,
                       JsonObject  *report,
                       GPtrArray   *photos,
                       GError     **error)
{
  g_auto(GwCaseData) d = { 0 };
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), report);
  g_autofree char *body = json_to_string (node, FALSE);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GwCase) stand_in = NULL;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  if (!check_report (report, &d, error))
    return NULL;
  d.id = g_strconcat (GW_OUTBOX_LOCAL_PREFIX, key, NULL);
  d.status = GW_CASE_STATUS_REPORTED;
  d.version = 1;
  d.reported_at = gw_format_rfc3339 (now);
  d.created_at = g_strdup (d.reported_at);
  d.updated_at = g_strdup (d.reported_at);
  stand_in = gw_case_new (&d);

  if (photos && photos->len > GW_FIELD_MAX_MEDIA - (d.media ? g_strv_length (d.media) : 0))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("A case takes at most %d photos"), GW_FIELD_MAX_MEDIA);
      return NULL;
    }
  if (!gw_store_enqueue_report (store, stand_in, body, key, photos, error))
    return NULL;
  return g_strdup (d.id);
}
