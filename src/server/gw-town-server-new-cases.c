/* gw-town-server-new-cases.c: cases reported, and cases taken in from other systems
 *
 * A new case is one transaction like an action: the idempotency check, the
 * case with its grid, handler and deadline, its change-feed row, the audit
 * entry and the remembered answer commit together or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <string.h>

#include "gw-error.h"
#include "gw-field.h"
#include "gw-json.h"
#include "gw-phone.h"
#include "gw-store-callers.h"
#include "gw-town-server-private.h"

typedef struct
{
  GwTownServer *self;
  const char *user;
  GwRole role;
  const char *key;
  const char *request;
  GwCaseData *data;         /* without its id until the transaction draws it */
  GDateTime *now;
  gboolean in_the_past;     /* the demo's seeded past: audited at @now */
  const char *phone;        /* the caller's, kept beside the case */
  guint status;
  JsonNode *response;
  gboolean replayed;
} CreateTx;

/* The open cases it may repeat, for the queue's badge and the desk. */
static gboolean
mark_possible_duplicates (CreateTx  *tx,
                          GError   **error)
{
  GwCaseData *d = tx->data;
  g_autoptr(GDateTime) reported = g_date_time_new_from_iso8601 (d->reported_at, NULL);
  g_autoptr(GPtrArray) near = gw_town_server_find_duplicates (tx->self, d->lat, d->lon, d->category, reported,
                                                              d->id, TRUE, error);

  if (near == NULL)
    return FALSE;
  g_strfreev (d->possible_duplicates);
  d->possible_duplicates = gw_town_server_duplicate_ids (near);
  return TRUE;
}

/* The case number is drawn inside the transaction: a refused or failed
 * report burns none. */
static gboolean
create_case_tx (GwStore   *store,
                gpointer   user_data,
                GError   **error)
{
  CreateTx *tx = user_data;
  g_autoptr(GwCase) kase = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *at = tx->in_the_past ? g_date_time_format_iso8601 (tx->now) : NULL;
  GwAuditEntry entry = {
    .at = at,
    .user = (char *) tx->user,
    .role = (char *) gw_role_to_string (tx->role),
    .action = (char *) "create",
    .key = (char *) tx->key,
    .after_version = 1,
    .status = SOUP_STATUS_CREATED,
  };

  if (tx->key && gw_town_server_replay (store, tx->user, tx->key, tx->request, &tx->status, &tx->response))
    {
      tx->replayed = TRUE;
      return TRUE;
    }

  g_clear_pointer (&tx->data->id, g_free);
  if (!(tx->data->id = gw_store_next_case_id (store, tx->now, error)) || !mark_possible_duplicates (tx, error))
    return FALSE;
  kase = gw_case_new (tx->data);
  entry.case_id = tx->data->id;
  if (!gw_store_put_case (store, kase, error) || !gw_store_audit (store, &entry, error) ||
      (tx->phone && !gw_store_put_caller_phone (store, tx->data->id, tx->phone, error)))
    return FALSE;

  tx->status = SOUP_STATUS_CREATED;
  tx->response = gw_case_to_json (kase);
  body = gw_json_to_bytes (tx->response);
  return tx->key == NULL ||
         gw_store_remember_idempotent (store, tx->user, tx->key, tx->request, tx->status,
                                       g_bytes_get_data (body, NULL), error);
}

static const char * const case_sources[] = {
  "patrol", "hotline_12345", "petition", "mailbox", "sensor", "open311", "other", "walk_in", NULL,
};
static const char * const priorities[] = { "normal", "urgent", NULL };

/* A report as the client sent it, every field typed and ranged. Wrong
 * fields are 400; a place outside the county is 422. */
static guint
read_new_case (GwTownServer  *self,
               JsonObject    *body,
               GDateTime     *now,
               GwCaseData    *d,
               GError       **error)
{
  g_autoptr(GwCategory) category = NULL;
  g_autoptr(GDateTime) reported = NULL;
  g_autoptr(GwGrid) grid = NULL;
  const char *source = NULL, *priority = NULL, *category_code = NULL;
  const char *description = NULL, *reporter = NULL;
  gboolean located = FALSE;

  if (!gw_field_enum (body, "source", GW_FIELD_REQUIRED, case_sources, &source, error) ||
      !gw_field_position (body, GW_FIELD_REQUIRED, &d->lat, &d->lon, &located, error) ||
      !gw_field_enum (body, "priority", GW_FIELD_OPTIONAL, priorities, &priority, error) ||
      !gw_field_text (body, "category", GW_FIELD_OPTIONAL, GW_FIELD_NAME_CHARS, &category_code, error) ||
      !gw_field_time (body, "reported_at", GW_FIELD_OPTIONAL, &reported, error) ||
      !gw_field_text (body, "description", GW_FIELD_MULTILINE, GW_FIELD_DESCRIPTION_CHARS, &description, error) ||
      !gw_field_text (body, "reporter", GW_FIELD_OPTIONAL, GW_FIELD_NAME_CHARS, &reporter, error) ||
      !gw_field_media (body, "media", &d->media, error))
    return SOUP_STATUS_BAD_REQUEST;

  gw_case_source_from_string (source, &d->source);
  if (category_code && !(category = gw_store_lookup_category (self->store, category_code)))
    return gw_json_fail (error, "There is no category %s", category_code), SOUP_STATUS_BAD_REQUEST;
  if (!gw_town_server_in_county (self, d->lat, d->lon))
    return gw_json_fail (error, "%.6f, %.6f lies outside the county", d->lat, d->lon), SOUP_STATUS_UNPROCESSABLE_ENTITY;
  if (reported && g_date_time_difference (reported, now) > 5 * G_TIME_SPAN_MINUTE)
    return gw_json_fail (error, "“reported_at” is in the future"), SOUP_STATUS_UNPROCESSABLE_ENTITY;
  if (reported == NULL)
    reported = g_date_time_ref (now);

  d->urgent = g_strcmp0 (priority, "urgent") == 0;
  d->status = GW_CASE_STATUS_REPORTED;
  d->category = g_strdup (category ? gw_category_get_code (category) : NULL);
  d->description = g_strdup (description);
  d->reporter = g_strdup (reporter);
  d->reported_at = gw_format_rfc3339 (reported);
  d->version = 1;
  d->created_at = gw_format_rfc3339 (now);
  d->updated_at = g_strdup (d->created_at);

  /* The case belongs to the smallest grid around it. */
  if ((grid = gw_store_grid_at (self->store, d->lat, d->lon)))
    d->grid = g_strdup (gw_grid_get_code (grid));

  if (category)
    {
      const GwCategoryInfo *info = gw_category_get_info (category);
      g_autoptr(GDateTime) deadline = gw_work_calendar_add (self->calendar, reported, info->limit_value, info->limit_unit);
      d->deadline = gw_format_rfc3339 (deadline);
    }
  gw_town_server_set_handler (self, d, category);

  return SOUP_STATUS_OK;
}

/* A town that handles @category itself (the territorial list's
 * 乡镇自办) gets the cases in it instead of the lead department; the
 * deadline is the category's either way. */
void
gw_town_server_set_handler (GwTownServer *self,
                            GwCaseData   *d,
                            GwCategory   *category)
{
  g_autofree char *town = category && d->grid ? gw_store_town_of_grid (self->store, d->grid) : NULL;

  g_free (d->handled_by);
  d->handled_by = town ? gw_category_town_handler (category, town) : NULL;
}

/* @tx, ready, stored in one transaction; the clients are told of a new
 * case, not of a replayed one. @doing is for the log. */
static guint
store_case (GwTownServer  *self,
            CreateTx      *tx,
            const char    *doing,
            JsonNode     **response)
{
  g_autoptr(GError) error = NULL;

  if (!gw_store_transaction (self->store, create_case_tx, tx, &error))
    {
      g_clear_pointer (&tx->response, json_node_unref);
      g_warning ("%s failed: %s", doing, error->message);
      return gw_town_server_storage_failure (error, response);
    }
  if (!tx->replayed)
    gw_town_server_announce (self);
  *response = tx->response;
  return tx->status;
}

guint
gw_town_server_create_case (GwTownServer  *self,
                            const char    *user,
                            GwRole         role,
                            JsonObject    *body,
                            const char    *key,
                            JsonNode     **response)
{
  return gw_town_server_create_case_at (self, user, role, body, key, NULL, response);
}

guint
gw_town_server_create_case_at (GwTownServer  *self,
                               const char    *user,
                               GwRole         role,
                               JsonObject    *body,
                               const char    *key,
                               GDateTime     *at,
                               JsonNode     **response)
{
  g_auto(GwCaseData) data = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *request = key ? gw_town_server_request_digest (NULL, "create", 0, body) : NULL;
  CreateTx tx = { self, user, role, key, request, &data, NULL, FALSE, NULL, 0, NULL, FALSE };
  guint status;

  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  /* A replay must not draw a new case number either. */
  if (key && gw_town_server_replay (self->store, user, key, request, &status, response))
    return status;

  now = at ? g_date_time_to_timezone (at, gw_work_calendar_get_timezone (self->calendar))
           : g_date_time_new_now (gw_work_calendar_get_timezone (self->calendar));
  tx.in_the_past = at != NULL;
  if ((status = read_new_case (self, body, now, &data, &error)) == SOUP_STATUS_OK &&
      (!gw_field_text (body, "reporter_phone", GW_FIELD_OPTIONAL, GW_PHONE_MAX_CHARS, &tx.phone, &error) ||
       (tx.phone && !gw_phone_check (tx.phone, &error))))
    status = SOUP_STATUS_BAD_REQUEST;
  if (status != SOUP_STATUS_OK)
    {
      *response = gw_town_server_error_node (status == SOUP_STATUS_BAD_REQUEST ? "bad_request" : "unprocessable",
                                             error->message, NULL);
      return status;
    }

  tx.now = now;
  return store_case (self, &tx, "Reporting a case", response);
}

/* A case another system made, as @data has it (without its id): stored
 * as a report is, under @key, so that the same key again answers with the
 * same case and stores nothing. @replayed says which it was. */
guint
gw_town_server_take_case (GwTownServer  *self,
                          const char    *user,
                          GwRole         role,
                          GwCaseData    *data,
                          const char    *key,
                          gboolean      *replayed,
                          JsonNode     **response)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (gw_work_calendar_get_timezone (self->calendar));
  CreateTx tx = { .self = self, .user = user, .role = role, .key = key, .data = data, .now = now };

  guint status;

  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), SOUP_STATUS_INTERNAL_SERVER_ERROR);

  status = store_case (self, &tx, "Taking a case in", response);
  *replayed = tx.replayed;
  return status;
}
