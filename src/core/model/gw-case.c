/* gw-case.c: one case (案卷) as the town server knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-case.h"
#include "gw-case-desk.h"
#include "gw-field.h"
#include "gw-geo.h"
#include "gw-json.h"

struct _GwCase
{
  GObject parent_instance;
  /* Parsed once: filters and the map compare them for every case, so
   * they come first, on the cache line with the status. */
  gint64 reported_unix;
  gint64 deadline_unix;
  GwCaseData data;
  gboolean pending;     /* a local action waits in the outbox */
};

G_DEFINE_FINAL_TYPE (GwCase, gw_case, G_TYPE_OBJECT)

static const char * const status_names[GW_CASE_N_STATUSES] = {
  "reported", "accepted", "rejected", "filed", "dispatched", "in_progress",
  "handled", "verified", "closed", "returned", "suspended", "registered",
};

static const char * const location_names[] = { "known", "unknown", "outside" };

static const char * const source_names[GW_CASE_N_SOURCES] = {
  "patrol", "hotline_12345", "petition", "mailbox", "sensor", "open311", "other", "walk_in",
};

const char *
gw_case_status_to_string (GwCaseStatus status)
{
  g_return_val_if_fail (status < GW_CASE_N_STATUSES, "reported");
  return status_names[status];
}

gboolean
gw_case_status_from_string (const char   *name,
                            GwCaseStatus *status)
{
  for (guint i = 0; name && i < GW_CASE_N_STATUSES; i++)
    if (g_str_equal (name, status_names[i]))
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
gw_case_status_is_open (GwCaseStatus status)
{
  return status != GW_CASE_STATUS_CLOSED && status != GW_CASE_STATUS_REJECTED;
}

const char *
gw_case_location_to_string (GwCaseLocation location)
{
  g_return_val_if_fail (location < G_N_ELEMENTS (location_names), "known");
  return location_names[location];
}

/* NULL is a known location, as when "origin" does not say. */
gboolean
gw_case_location_from_string (const char     *name,
                              GwCaseLocation *location)
{
  for (guint i = 0; i < G_N_ELEMENTS (location_names); i++)
    if (name == NULL || g_str_equal (name, location_names[i]))
      {
        *location = name ? i : GW_CASE_LOCATION_KNOWN;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_case_source_to_string (GwCaseSource source)
{
  g_return_val_if_fail (source < GW_CASE_N_SOURCES, "other");
  return source_names[source];
}

gboolean
gw_case_source_from_string (const char   *name,
                            GwCaseSource *source)
{
  for (guint i = 0; name && i < GW_CASE_N_SOURCES; i++)
    if (g_str_equal (name, source_names[i]))
      {
        *source = i;
        return TRUE;
      }
  return FALSE;
}

/* "worker:ID", "department:ID" or "town:CODE", the id a name of at most
 * GW_FIELD_NAME_CHARS characters without control characters; @id (may
 * be NULL) points into @assignee. */
GwAssigneeKind
gw_assignee_parse (const char  *assignee,
                   const char **id)
{
  static const struct { const char *prefix; GwAssigneeKind kind; } kinds[] = {
    { "worker:", GW_ASSIGNEE_WORKER },
    { "department:", GW_ASSIGNEE_DEPARTMENT },
    { "town:", GW_ASSIGNEE_TOWN },
  };

  if (assignee == NULL || !gw_text_check (assignee, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "assignee", NULL))
    return GW_ASSIGNEE_INVALID;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_has_prefix (assignee, kinds[i].prefix) && assignee[strlen (kinds[i].prefix)] != '\0')
      {
        if (id)
          *id = assignee + strlen (kinds[i].prefix);
        return kinds[i].kind;
      }
  return GW_ASSIGNEE_INVALID;
}

/* handled_by when it arrived, or the town it was given to since. */
const char *
gw_case_data_handling_town (const GwCaseData *data)
{
  const char *town = NULL;

  if (gw_assignee_parse (data->handled_by, &town) == GW_ASSIGNEE_TOWN)
    return town;
  return gw_assignee_parse (data->assignee, &town) == GW_ASSIGNEE_TOWN ? town : NULL;
}

void
gw_case_data_clear (GwCaseData *data)
{
  g_clear_pointer (&data->id, g_free);
  g_clear_pointer (&data->category, g_free);
  g_clear_pointer (&data->grid, g_free);
  g_clear_pointer (&data->description, g_free);
  g_clear_pointer (&data->reporter, g_free);
  g_clear_pointer (&data->media, g_strfreev);
  g_clear_pointer (&data->reported_at, g_free);
  g_clear_pointer (&data->deadline, g_free);
  g_clear_pointer (&data->assignee, g_free);
  g_clear_pointer (&data->created_at, g_free);
  g_clear_pointer (&data->updated_at, g_free);
  g_clear_pointer (&data->note, g_free);
  g_clear_pointer (&data->closed_at, g_free);
  g_clear_pointer (&data->requested_deadline, g_free);
  g_clear_pointer (&data->held_at, g_free);
  g_clear_pointer (&data->escalations, g_ptr_array_unref);
  gw_case_desk_clear (data);
  g_clear_pointer (&data->origin_endpoint, g_free);
  g_clear_pointer (&data->origin_id, g_free);
  g_clear_pointer (&data->origin_service, g_free);
}

void
gw_case_data_copy (const GwCaseData *src,
                   GwCaseData       *dest)
{
  *dest = *src;
  dest->id = g_strdup (src->id);
  dest->category = g_strdup (src->category);
  dest->grid = g_strdup (src->grid);
  dest->description = g_strdup (src->description ? src->description : "");
  dest->reporter = g_strdup (src->reporter);
  dest->media = src->media ? g_strdupv (src->media) : g_new0 (char *, 1);
  dest->reported_at = g_strdup (src->reported_at);
  dest->deadline = g_strdup (src->deadline);
  dest->assignee = g_strdup (src->assignee);
  dest->created_at = g_strdup (src->created_at);
  dest->updated_at = g_strdup (src->updated_at);
  dest->note = g_strdup (src->note);
  dest->closed_at = g_strdup (src->closed_at);
  dest->requested_deadline = g_strdup (src->requested_deadline);
  dest->held_at = g_strdup (src->held_at);
  gw_case_desk_copy (src, dest);
  dest->origin_endpoint = g_strdup (src->origin_endpoint);
  dest->origin_id = g_strdup (src->origin_id);
  dest->origin_service = g_strdup (src->origin_service);
  dest->escalations = NULL;
  for (guint i = 0; src->escalations && i < src->escalations->len; i++)
    gw_case_data_add_escalation (dest, gw_escalation_copy (g_ptr_array_index (src->escalations, i)));
}

/* The fields a county's cases share from short lists (categories,
 * grids, assignees, towns) are kept once each across 100,000 cases,
 * counted, so a name no case uses any more goes.
 *
 * Not GRefString's interning: in GLib 2.74 g_ref_string_release() drops
 * the count to zero before it takes the intern table's lock, so a pull
 * thread interning the same name meanwhile gets a string being freed
 * (caught as a critical in the sync tests). One lock over both here. */
typedef struct
{
  guint refs;
  char text[];
} SharedName;

static GMutex shared_lock;
static GHashTable *shared_names;   /* text → SharedName, which owns it */

/* The shared copy of @text, held once more; the lock is the caller's. */
static char *
share_name_locked (const char *text)
{
  SharedName *name;

  if (shared_names == NULL)
    shared_names = g_hash_table_new (g_str_hash, g_str_equal);
  name = g_hash_table_lookup (shared_names, text);
  if (name == NULL)
    {
      gsize size = strlen (text) + 1;

      name = g_malloc (sizeof (SharedName) + size);
      name->refs = 0;
      memcpy (name->text, text, size);
      g_hash_table_insert (shared_names, name->text, name);
    }
  name->refs++;
  return name->text;
}

static void
release_name_locked (char *text)
{
  SharedName *name = (SharedName *) (text - G_STRUCT_OFFSET (SharedName, text));

  if (--name->refs == 0)
    {
      g_hash_table_remove (shared_names, name->text);
      g_free (name);
    }
}

/* Another holder of a case's shared @name (NULL is none): facts kept
 * after their case is gone. */
void
gw_case_hold_name (const char *name)
{
  SharedName *shared;

  if (name == NULL)
    return;
  shared = (SharedName *) (name - G_STRUCT_OFFSET (SharedName, text));
  g_mutex_lock (&shared_lock);
  shared->refs++;
  g_mutex_unlock (&shared_lock);
}

void
gw_case_release_name (const char *name)
{
  if (name == NULL)
    return;
  g_mutex_lock (&shared_lock);
  release_name_locked ((char *) name);
  g_mutex_unlock (&shared_lock);
}

#define SHARED_FIELDS(d) { &(d)->category, &(d)->grid, &(d)->assignee, &(d)->handled_by }

/* One lock for a case's fields: a first read makes 100,000 cases in two
 * threads at once, and a lock for each field had them wait on each
 * other. */
static void
share_fields (GwCaseData *d)
{
  char **fields[] = SHARED_FIELDS (d);
  char *own[G_N_ELEMENTS (fields)];

  g_mutex_lock (&shared_lock);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      own[i] = *fields[i];
      *fields[i] = own[i] ? share_name_locked (own[i]) : NULL;
    }
  g_mutex_unlock (&shared_lock);
  /* The case's own copies go after: the other thread waits for the lock. */
  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    g_free (own[i]);
}

static void
release_fields (GwCaseData *d)
{
  char **fields[] = SHARED_FIELDS (d);

  g_mutex_lock (&shared_lock);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], release_name_locked);
  g_mutex_unlock (&shared_lock);
}

static void
gw_case_finalize (GObject *object)
{
  release_fields (&GW_CASE (object)->data);
  gw_case_data_clear (&GW_CASE (object)->data);

  G_OBJECT_CLASS (gw_case_parent_class)->finalize (object);
}

static void
gw_case_class_init (GwCaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_case_finalize;
}

static void
gw_case_init (GwCase *self)
{
}

static gboolean
digits (const char *p,
        guint       n,
        int        *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      *value = *value * 10 + (p[i] - '0');
    }
  return TRUE;
}

/* Days from 1970-01-01 to a proleptic Gregorian date. */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (gint64) era * 146097 + doe - 719468;
}

static int
days_in_month (int y,
               int m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : days[m - 1];
}

/* Every case carries several times and a pull brings a hundred thousand
 * cases: the shape the server writes ("2026-11-23T09:30:00+08:00") is
 * read by hand when it is a time GDateTime would take too; anything
 * else is left to GDateTime, so that both say the same of every text. */
static gboolean
read_server_time (const char *text,
                  gint64     *unix_time)
{
  int y, mo, d, h, mi, sec, oh, om;

  if (strlen (text) != 25 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || (text[19] != '+' && text[19] != '-') || text[22] != ':' ||
      !digits (text, 4, &y) || !digits (text + 5, 2, &mo) || !digits (text + 8, 2, &d) ||
      !digits (text + 11, 2, &h) || !digits (text + 14, 2, &mi) || !digits (text + 17, 2, &sec) ||
      !digits (text + 20, 2, &oh) || !digits (text + 23, 2, &om))
    return FALSE;
  /* Years at GDateTime's edges, shifted by the offset, are its to judge. */
  if (y < 2 || y > 9998 || mo < 1 || mo > 12 || d < 1 || d > days_in_month (y, mo) || h > 23 || mi > 59 ||
      sec > 59 || oh > 23 || om > 59)
    return FALSE;
  *unix_time = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
               (oh * 3600 + om * 60) * (text[19] == '-' ? -1 : 1);
  return TRUE;
}

/* 0 for NULL or what is not a time. */
gint64
gw_case_time_to_unix (const char *rfc3339)
{
  g_autoptr(GDateTime) time = NULL;
  gint64 unix_time;

  if (rfc3339 == NULL)
    return 0;
  if (read_server_time (rfc3339, &unix_time))
    return unix_time;
  time = g_date_time_new_from_iso8601 (rfc3339, NULL);
  return time ? g_date_time_to_unix (time) : 0;
}

/* A new case's data in place: its shared names, its times as numbers. */
static GwCase *
settle (GwCase *self)
{
  share_fields (&self->data);
  self->reported_unix = gw_case_time_to_unix (self->data.reported_at);
  self->deadline_unix = gw_case_time_to_unix (self->data.deadline);
  return self;
}

GwCase *
gw_case_new (const GwCaseData *data)
{
  GwCase *self;

  g_return_val_if_fail (data != NULL && data->id != NULL, NULL);

  self = g_object_new (GW_TYPE_CASE, NULL);
  gw_case_data_copy (data, &self->data);
  return settle (self);
}

/* As gw_case_new(), taking @data's fields and leaving it empty: a pull
 * makes a hundred thousand cases. */
GwCase *
gw_case_new_take (GwCaseData *data)
{
  GwCase *self;

  g_return_val_if_fail (data != NULL && data->id != NULL, NULL);

  self = g_object_new (GW_TYPE_CASE, NULL);
  self->data = *data;
  memset (data, 0, sizeof *data);
  if (self->data.description == NULL)
    self->data.description = g_strdup ("");
  if (self->data.media == NULL)
    self->data.media = g_new0 (char *, 1);
  if (self->data.escalations && self->data.escalations->len == 0)
    g_clear_pointer (&self->data.escalations, g_ptr_array_unref);
  return settle (self);
}

const GwCaseData *
gw_case_get_data (GwCase *self)
{
  /* Called for every case on every filter change: a type check here was
   * a tenth of the queue's filtering time. */
  g_return_val_if_fail (self != NULL, NULL);
  return &self->data;
}

const char *
gw_case_get_id (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), NULL);
  return self->data.id;
}

GwCaseStatus
gw_case_get_status (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), GW_CASE_STATUS_REPORTED);
  return self->data.status;
}

gint64
gw_case_get_version (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), 0);
  return self->data.version;
}

gboolean
gw_case_get_pending (GwCase *self)
{
  g_return_val_if_fail (GW_IS_CASE (self), FALSE);
  return self->pending;
}

void
gw_case_set_pending (GwCase   *self,
                     gboolean  pending)
{
  g_return_if_fail (GW_IS_CASE (self));
  self->pending = pending;
}

JsonNode *
gw_case_to_json (GwCase *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const GwCaseData *d;

  g_return_val_if_fail (GW_IS_CASE (self), NULL);

  d = &self->data;
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "id", d->id);
  gw_json_builder_add_string (b, "status", gw_case_status_to_string (d->status));
  gw_json_builder_add_string (b, "category", d->category);
  gw_json_builder_add_string (b, "source", gw_case_source_to_string (d->source));
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, d->lat);
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, d->lon);
  gw_json_builder_add_string (b, "grid", d->grid);
  gw_json_builder_add_string (b, "priority", d->urgent ? "urgent" : "normal");
  gw_json_builder_add_string (b, "description", d->description);
  gw_json_builder_add_string (b, "reporter", d->reporter);
  gw_json_builder_add_strv (b, "media", (const char * const *) d->media);
  gw_json_builder_add_string (b, "reported_at", d->reported_at);
  gw_json_builder_add_string (b, "deadline", d->deadline);
  gw_json_builder_add_string (b, "assignee", d->assignee);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, d->version);
  gw_json_builder_add_string (b, "created_at", d->created_at);
  gw_json_builder_add_string (b, "updated_at", d->updated_at);
  /* Omitted while nothing has happened to the case: most of a feed. */
  if (gw_case_data_has_lifecycle (d))
    {
      json_builder_set_member_name (b, "lifecycle");
      json_builder_add_value (b, gw_case_lifecycle_to_json (d));
    }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

gboolean
gw_case_time_is_valid (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 unix_time;

  if (text == NULL)
    return FALSE;
  if (read_server_time (text, &unix_time))
    return TRUE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL;
}

gboolean
gw_case_data_has_lifecycle (const GwCaseData *d)
{
  return d->note || d->closed_at || d->reworks || d->extensions || d->returns || d->requested_deadline || d->held_at ||
         (d->escalations && d->escalations->len > 0) || d->origin_id || d->location != GW_CASE_LOCATION_KNOWN ||
         gw_case_desk_has_any (d);
}

/* The last escalation, the one that counts now; NULL if none. */
GwEscalation *
gw_case_data_get_escalation (const GwCaseData *d)
{
  return d->escalations && d->escalations->len > 0 ? g_ptr_array_index (d->escalations, d->escalations->len - 1) : NULL;
}

/* Takes @escalation. */
void
gw_case_data_add_escalation (GwCaseData   *d,
                             GwEscalation *escalation)
{
  if (d->escalations == NULL)
    d->escalations = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_escalation_free);
  g_ptr_array_add (d->escalations, escalation);
}

JsonNode *
gw_case_lifecycle_to_json (const GwCaseData *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "note", d->note);
  gw_json_builder_add_string (b, "closed_at", d->closed_at);
  json_builder_set_member_name (b, "reworks");
  json_builder_add_int_value (b, d->reworks);
  json_builder_set_member_name (b, "extensions");
  json_builder_add_int_value (b, d->extensions);
  json_builder_set_member_name (b, "returns");
  json_builder_add_int_value (b, d->returns);
  gw_json_builder_add_string (b, "requested_deadline", d->requested_deadline);
  if (d->held_at)
    {
      gw_json_builder_add_string (b, "held_from", gw_case_status_to_string (d->held_from));
      gw_json_builder_add_string (b, "held_at", d->held_at);
    }
  if (d->escalations && d->escalations->len > 0)
    {
      json_builder_set_member_name (b, "escalations");
      json_builder_begin_array (b);
      for (guint i = 0; i < d->escalations->len; i++)
        json_builder_add_value (b, gw_escalation_to_json (g_ptr_array_index (d->escalations, i)));
      json_builder_end_array (b);
    }
  gw_case_desk_to_json (d, b);
  if (d->origin_id || d->location != GW_CASE_LOCATION_KNOWN)
    {
      json_builder_set_member_name (b, "origin");
      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "endpoint", d->origin_endpoint);
      gw_json_builder_add_string (b, "id", d->origin_id);
      gw_json_builder_add_string (b, "service", d->origin_service);
      gw_json_builder_add_string (b, "location", gw_case_location_to_string (d->location));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
origin_from_json (GwCaseData  *d,
                  JsonObject  *lifecycle,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (lifecycle, "origin");
  JsonObject *origin;
  const char *location;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!(origin = gw_json_node_get_object (node)))
    return gw_json_fail (error, _("case %s has an origin that is not an object"), d->id), FALSE;
  location = gw_json_object_get_string (origin, "location");
  if (!gw_case_location_from_string (location, &d->location))
    return gw_json_fail (error, _("case %s has an unknown kind of location"), d->id), FALSE;
  d->origin_endpoint = g_strdup (gw_json_object_get_string (origin, "endpoint"));
  d->origin_id = g_strdup (gw_json_object_get_string (origin, "id"));
  d->origin_service = g_strdup (gw_json_object_get_string (origin, "service"));
  return TRUE;
}

/* A missing or null "lifecycle" is a case nothing has happened to yet. */
gboolean
gw_case_lifecycle_from_json (GwCaseData  *d,
                             JsonNode    *node,
                             GError     **error)
{
  JsonObject *obj;
  const char *text;
  gint64 n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!(obj = gw_json_node_get_object (node)))
    return gw_json_fail (error, _("case %s has a lifecycle that is not an object"), d->id), FALSE;

  if (((text = gw_json_object_get_string (obj, "closed_at")) && !gw_case_time_is_valid (text)) ||
      ((text = gw_json_object_get_string (obj, "requested_deadline")) && !gw_case_time_is_valid (text)) ||
      ((text = gw_json_object_get_string (obj, "held_at")) && !gw_case_time_is_valid (text)))
    return gw_json_fail (error, _("case %s has an invalid time in its lifecycle"), d->id), FALSE;
  if ((text = gw_json_object_get_string (obj, "held_at")) &&
      !gw_case_status_from_string (gw_json_object_get_string (obj, "held_from"), &d->held_from))
    return gw_json_fail (error, _("case %s is held from an unknown status"), d->id), FALSE;

  d->note = g_strdup (gw_json_object_get_string (obj, "note"));
  d->closed_at = g_strdup (gw_json_object_get_string (obj, "closed_at"));
  d->requested_deadline = g_strdup (gw_json_object_get_string (obj, "requested_deadline"));
  d->held_at = g_strdup (gw_json_object_get_string (obj, "held_at"));
  if ((n = gw_json_object_get_int (obj, "reworks", 0)) < 0 || n > G_MAXUINT16 ||
      (d->reworks = n, (n = gw_json_object_get_int (obj, "extensions", 0)) < 0) || n > G_MAXUINT16 ||
      (d->extensions = n, (n = gw_json_object_get_int (obj, "returns", 0)) < 0) || n > G_MAXUINT16)
    return gw_json_fail (error, _("case %s has an invalid count in its lifecycle"), d->id), FALSE;
  d->returns = n;
  if (!origin_from_json (d, obj, error))
    return FALSE;

  if (json_object_has_member (obj, "escalations") && !JSON_NODE_HOLDS_NULL (json_object_get_member (obj, "escalations")))
    {
      JsonArray *escalations = gw_json_object_get_array (obj, "escalations");
      g_autoptr(GError) local = NULL;

      if (escalations == NULL)
        return gw_json_fail (error, _("case %s has escalations that are not a list"), d->id), FALSE;
      for (guint i = 0; i < json_array_get_length (escalations); i++)
        {
          GwEscalation *escalation = gw_escalation_new_from_json (json_array_get_element (escalations, i), &local);

          if (escalation == NULL)
            return gw_json_fail (error, _("case %s: %s"), d->id, local->message), FALSE;
          gw_case_data_add_escalation (d, escalation);
        }
    }
  return gw_case_desk_from_json (d, obj, error);
}

typedef struct
{
  const char *name;
  const char *text;
  gboolean long_text;       /* several lines, up to a description's length */
} CaseText;

static gboolean
check_text (const CaseText  *t,
            GError         **error)
{
  if (t->text == NULL)
    return TRUE;
  return gw_text_check (t->text, -1, t->long_text ? GW_FIELD_MULTILINE : GW_FIELD_OPTIONAL,
                        t->long_text ? GW_FIELD_DESCRIPTION_CHARS : GW_FIELD_NAME_CHARS, t->name, error);
}

/* Every text of a case ends up on a dispatcher's screen, in the cache and
 * in reports: the same rules as the server's for what it accepts, with
 * room to spare, so a case with control characters or a runaway text is
 * refused rather than shown. Times are checked as times elsewhere. */
gboolean
gw_case_data_check_texts (const GwCaseData  *d,
                          GError           **error)
{
  const CaseText texts[] = {
    { "category", d->category, FALSE },
    { "grid", d->grid, FALSE },
    { "description", d->description, TRUE },
    { "reporter", d->reporter, FALSE },
    { "assignee", d->assignee, FALSE },
    { "created_at", d->created_at, FALSE },
    { "updated_at", d->updated_at, FALSE },
    { "note", d->note, TRUE },
    { "visit_note", d->visit_note, TRUE },
    { "visit_by", d->visit_by, FALSE },
    { "visit_kept_closed", d->visit_kept_closed, TRUE },
    { "handled_by", d->handled_by, FALSE },
    { "origin endpoint", d->origin_endpoint, TRUE },
    { "origin id", d->origin_id, FALSE },
    { "origin service", d->origin_service, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (!check_text (&texts[i], error))
      return FALSE;
  for (guint i = 0; d->media && d->media[i]; i++)
    if (!gw_text_check (d->media[i], -1, GW_FIELD_OPTIONAL, GW_FIELD_TEXT_CHARS, "media", error))
      return FALSE;
  for (guint i = 0; d->escalations && i < d->escalations->len; i++)
    {
      const GwEscalation *e = g_ptr_array_index (d->escalations, i);
      const CaseText escalation_texts[] = {
        { "called", e->called, FALSE },
        { "item", e->item, FALSE },
        { "reason", e->reason, TRUE },
        { "whistled_by", e->whistled_by, FALSE },
        { "approved_by", e->approved_by, FALSE },
        { "reported_by", e->reported_by, FALSE },
        { "report_note", e->report_note, TRUE },
        { "resolution", e->resolution, TRUE },
        { "rating_comment", e->rating_comment, TRUE },
      };

      for (guint j = 0; j < G_N_ELEMENTS (escalation_texts); j++)
        if (!check_text (&escalation_texts[j], error))
          return FALSE;
    }
  return TRUE;
}

GwCase *
gw_case_new_from_json (JsonNode  *node,
                       GError   **error)
{
  g_auto(GwCaseData) d = { 0 };
  g_autoptr(GError) local = NULL;
  JsonObject *obj;
  const char *id, *priority, *text;

  if (!(obj = gw_json_node_get_object (node)))
    return gw_json_fail (error, _("case is not an object"));
  if (!(id = gw_json_object_get_string (obj, "id")) || *id == '\0')
    return gw_json_fail (error, _("case has no id"));
  if (!gw_text_check (id, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "id", &local))
    return gw_json_fail (error, _("case has an unreadable id: %s"), local->message);
  if (!gw_case_status_from_string (gw_json_object_get_string (obj, "status"), &d.status))
    return gw_json_fail (error, _("case %s has an unknown status"), id);
  if (!gw_case_source_from_string (gw_json_object_get_string (obj, "source"), &d.source))
    return gw_json_fail (error, _("case %s has an unknown source"), id);
  if (!gw_json_object_get_number (obj, "lat", &d.lat) || !gw_json_object_get_number (obj, "lon", &d.lon) ||
      !gw_coordinate_is_valid (d.lon, d.lat))
    return gw_json_fail (error, _("case %s has no valid location"), id);
  if ((d.version = gw_json_object_get_int (obj, "version", -1)) < 1)
    return gw_json_fail (error, _("case %s has no valid version"), id);
  priority = gw_json_object_get_string (obj, "priority");
  if (g_strcmp0 (priority, "urgent") != 0 && g_strcmp0 (priority, "normal") != 0)
    return gw_json_fail (error, _("case %s has an unknown priority"), id);
  if (!gw_case_time_is_valid (gw_json_object_get_string (obj, "reported_at")))
    return gw_json_fail (error, _("case %s has no valid report time"), id);
  if ((text = gw_json_object_get_string (obj, "deadline")) && !gw_case_time_is_valid (text))
    return gw_json_fail (error, _("case %s has an invalid deadline"), id);

  d.id = g_strdup (id);
  d.urgent = g_str_equal (priority, "urgent");
  d.category = g_strdup (gw_json_object_get_string (obj, "category"));
  d.grid = g_strdup (gw_json_object_get_string (obj, "grid"));
  d.description = g_strdup (gw_json_object_get_string (obj, "description"));
  d.reporter = g_strdup (gw_json_object_get_string (obj, "reporter"));
  d.media = gw_json_object_dup_strv (obj, "media");
  d.reported_at = g_strdup (gw_json_object_get_string (obj, "reported_at"));
  d.deadline = g_strdup (text);
  d.assignee = g_strdup (gw_json_object_get_string (obj, "assignee"));
  d.created_at = g_strdup (gw_json_object_get_string (obj, "created_at"));
  d.updated_at = g_strdup (gw_json_object_get_string (obj, "updated_at"));
  if (!gw_case_lifecycle_from_json (&d, json_object_get_member (obj, "lifecycle"), error))
    return NULL;
  if (!gw_case_data_check_texts (&d, &local))
    return gw_json_fail (error, _("case %s: %s"), id, local->message);

  return gw_case_new (&d);
}

gint64
gw_case_get_reported_unix (GwCase *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->reported_unix;
}

gint64
gw_case_get_deadline_unix (GwCase *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->deadline_unix;
}

gboolean
gw_case_status_is_running (GwCaseStatus status)
{
  /* The clock runs until the work is handled; suspension and the
   * problem register stop it. */
  return (status < GW_CASE_STATUS_HANDLED && status != GW_CASE_STATUS_REJECTED) ||
         status == GW_CASE_STATUS_RETURNED;
}

gboolean
gw_case_is_overdue (GwCase *self,
                    gint64  now_unix)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return gw_case_deadline_passed (self->deadline_unix, self->data.status, now_unix);
}

/* Running past its deadline (@deadline_unix 0: none), in a case or its
 * facts alike. */
gboolean
gw_case_deadline_passed (gint64       deadline_unix,
                         GwCaseStatus status,
                         gint64       now_unix)
{
  return deadline_unix > 0 && deadline_unix < now_unix && gw_case_status_is_running (status);
}

gboolean
gw_case_is_due_soon (GwCase *self,
                     gint64  now_unix)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->deadline_unix > now_unix && self->deadline_unix - now_unix <= GW_CASE_DUE_SOON_SECONDS &&
         gw_case_status_is_running (self->data.status);
}

/* A closed case's time is when it closed; a rejected one may have none
 * but its last change. Unknown: kept, it may be any age. */
gboolean
gw_case_closed_before (GwCase *self,
                       gint64  horizon)
{
  gint64 closed;

  g_return_val_if_fail (self != NULL, FALSE);

  if (gw_case_status_is_open (self->data.status))
    return FALSE;
  closed = gw_case_time_to_unix (self->data.closed_at ? self->data.closed_at : self->data.updated_at);
  return closed > 0 && closed < horizon;
}
