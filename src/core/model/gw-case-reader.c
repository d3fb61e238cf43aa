/* gw-case-reader.c: a case read from JSON text without a tree
 *
 * The form the server writes (gw_case_to_json()), read straight into
 * GwCaseData: a pull of a hundred thousand cases spent more time
 * building, reading and freeing json-glib's trees than on anything else.
 * Checked with the same validators as gw_case_new_from_json(), and
 * stricter than it: whatever this reader is not sure of (a member twice,
 * a text where a number belongs, a part of the lifecycle it does not
 * read) it declines, and the caller hands the text to the tree reader,
 * which reads it or refuses it in its own words. So a case this reader
 * accepts is exactly the case the tree reader makes of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-reader"

#include "config.h"

#include <string.h>

#include "gw-case-reader.h"
#include "gw-field.h"
#include "gw-geo.h"
#include "gw-json.h"

/* A text member, or null (left NULL); anything else is declined. */
static gboolean
read_text (GwJsonReader  *r,
           char         **value)
{
  if (*value != NULL)
    return gw_json_reader_fail (r, "a member twice");
  if (gw_json_reader_peek (r) == GW_JSON_NULL)
    return gw_json_reader_null (r);
  return gw_json_reader_string (r, value);
}

/* A count of the lifecycle: a whole number up to G_MAXUINT16, or null (0). */
static gboolean
read_count (GwJsonReader *r,
            guint        *value)
{
  gint64 n;

  if (gw_json_reader_peek (r) == GW_JSON_NULL)
    return gw_json_reader_null (r);
  if (!gw_json_reader_int (r, &n))
    return FALSE;
  if (n < 0 || n > G_MAXUINT16)
    return gw_json_reader_fail (r, "an invalid count");
  *value = n;
  return TRUE;
}

static gboolean
read_origin (GwJsonReader *r,
             GwCaseData   *d)
{
  g_autofree char *location = NULL;
  gboolean more;
  const char *name;
  gsize len;

  if (gw_json_reader_peek (r) == GW_JSON_NULL)
    return gw_json_reader_null (r);
  if (!gw_json_reader_begin (r, GW_JSON_OBJECT))
    return FALSE;
  while (gw_json_reader_member (r, &more, &name, &len) && more)
    {
      gboolean ok;

      if (gw_json_reader_name_is (name, len, "endpoint"))
        ok = read_text (r, &d->origin_endpoint);
      else if (gw_json_reader_name_is (name, len, "id"))
        ok = read_text (r, &d->origin_id);
      else if (gw_json_reader_name_is (name, len, "service"))
        ok = read_text (r, &d->origin_service);
      else if (gw_json_reader_name_is (name, len, "location"))
        ok = read_text (r, &location);
      else
        ok = gw_json_reader_skip (r);
      if (!ok)
        return FALSE;
    }
  if (r->failure)
    return FALSE;
  if (!gw_case_location_from_string (location, &d->location))
    return gw_json_reader_fail (r, "an unknown kind of location");
  return TRUE;
}

/* An escalation's texts, where they go in a GwEscalation. */
static const struct { const char *name; gsize offset; } escalation_texts[] = {
  { "called", G_STRUCT_OFFSET (GwEscalation, called) },
  { "item", G_STRUCT_OFFSET (GwEscalation, item) },
  { "reason", G_STRUCT_OFFSET (GwEscalation, reason) },
  { "whistled_by", G_STRUCT_OFFSET (GwEscalation, whistled_by) },
  { "whistled_at", G_STRUCT_OFFSET (GwEscalation, whistled_at) },
  { "approved_by", G_STRUCT_OFFSET (GwEscalation, approved_by) },
  { "approved_at", G_STRUCT_OFFSET (GwEscalation, approved_at) },
  { "report_deadline", G_STRUCT_OFFSET (GwEscalation, report_deadline) },
  { "reported_by", G_STRUCT_OFFSET (GwEscalation, reported_by) },
  { "reported_at", G_STRUCT_OFFSET (GwEscalation, reported_at) },
  { "report_note", G_STRUCT_OFFSET (GwEscalation, report_note) },
  { "resolved_at", G_STRUCT_OFFSET (GwEscalation, resolved_at) },
  { "resolution", G_STRUCT_OFFSET (GwEscalation, resolution) },
  { "rating_comment", G_STRUCT_OFFSET (GwEscalation, rating_comment) },
};

static gboolean
read_escalation_member (GwJsonReader *r,
                        GwEscalation *e,
                        const char   *name,
                        gsize         len,
                        char        **state,
                        char        **level,
                        gboolean     *rated)
{
  gint64 rating;

  for (guint i = 0; i < G_N_ELEMENTS (escalation_texts); i++)
    if (gw_json_reader_name_is (name, len, escalation_texts[i].name))
      return read_text (r, G_STRUCT_MEMBER_P (e, escalation_texts[i].offset));
  if (gw_json_reader_name_is (name, len, "state"))
    return read_text (r, state);
  if (gw_json_reader_name_is (name, len, "to_level"))
    return read_text (r, level);
  if (!gw_json_reader_name_is (name, len, "rating"))
    return gw_json_reader_skip (r);
  if (*rated)
    return gw_json_reader_fail (r, "a member twice");
  *rated = TRUE;
  if (gw_json_reader_peek (r) == GW_JSON_NULL)
    return gw_json_reader_null (r);
  if (!gw_json_reader_int (r, &rating) || rating < 0 || rating > 5)
    return gw_json_reader_fail (r, "a rating outside 1 to 5");
  e->rating = rating;
  return TRUE;
}

/* As gw_escalation_new_from_json() reads one. */
static GwEscalation *
read_escalation (GwJsonReader *r)
{
  g_autoptr(GwEscalation) e = gw_escalation_new ();
  g_autofree char *state = NULL, *level = NULL;
  gboolean rated = FALSE, more;
  const char *name;
  gsize len;

  if (!gw_json_reader_begin (r, GW_JSON_OBJECT))
    return NULL;
  while (gw_json_reader_member (r, &more, &name, &len) && more)
    if (!read_escalation_member (r, e, name, len, &state, &level, &rated))
      return NULL;
  if (r->failure ||
      !gw_escalation_state_from_string (state, &e->state) ||
      !gw_level_from_string (level, &e->to_level) || e->to_level == GW_LEVEL_GRID ||
      (e->whistled_at && !gw_case_time_is_valid (e->whistled_at)) ||
      (e->approved_at && !gw_case_time_is_valid (e->approved_at)) ||
      (e->report_deadline && !gw_case_time_is_valid (e->report_deadline)) ||
      (e->reported_at && !gw_case_time_is_valid (e->reported_at)) ||
      (e->resolved_at && !gw_case_time_is_valid (e->resolved_at)))
    return gw_json_reader_fail (r, "an escalation the tree reader would refuse"), NULL;
  return g_steal_pointer (&e);
}

static gboolean
read_escalations (GwJsonReader *r,
                  GwCaseData   *d)
{
  gboolean more;

  if (gw_json_reader_peek (r) == GW_JSON_NULL)
    return gw_json_reader_null (r);
  if (!gw_json_reader_begin (r, GW_JSON_ARRAY))
    return FALSE;
  while (gw_json_reader_next (r, &more) && more)
    {
      GwEscalation *e = read_escalation (r);

      if (e == NULL)
        return FALSE;
      gw_case_data_add_escalation (d, e);
    }
  return r->failure == NULL;
}

typedef enum
{
  LC_NOTE, LC_CLOSED_AT, LC_REQUESTED_DEADLINE, LC_HELD_AT, LC_HELD_FROM,
  LC_REWORKS, LC_EXTENSIONS, LC_RETURNS, LC_ORIGIN, LC_HANDLED_BY, LC_ESCALATIONS,
  LC_N_MEMBERS,
} LifecycleMember;

/* The members this reader reads; the desk's others are the tree reader's. */
static const char * const lifecycle_members[LC_N_MEMBERS] = {
  "note", "closed_at", "requested_deadline", "held_at", "held_from",
  "reworks", "extensions", "returns", "origin", "handled_by", "escalations",
};

static gboolean
read_lifecycle_member (GwJsonReader    *r,
                       GwCaseData      *d,
                       LifecycleMember  member,
                       char           **held_from)
{
  switch (member)
    {
    case LC_NOTE: return read_text (r, &d->note);
    case LC_CLOSED_AT: return read_text (r, &d->closed_at);
    case LC_REQUESTED_DEADLINE: return read_text (r, &d->requested_deadline);
    case LC_HELD_AT: return read_text (r, &d->held_at);
    case LC_HELD_FROM: return read_text (r, held_from);
    case LC_REWORKS: return read_count (r, &d->reworks);
    case LC_EXTENSIONS: return read_count (r, &d->extensions);
    case LC_RETURNS: return read_count (r, &d->returns);
    case LC_ORIGIN: return read_origin (r, d);
    case LC_HANDLED_BY: return read_text (r, &d->handled_by);
    case LC_ESCALATIONS: return read_escalations (r, d);
    case LC_N_MEMBERS:
    default:
      return gw_json_reader_fail (r, "a member this reader does not read");
    }
}

/* As gw_case_lifecycle_from_json() checks them. */
static gboolean
check_lifecycle (GwJsonReader *r,
                 GwCaseData   *d,
                 const char   *held_from)
{
  if ((d->closed_at && !gw_case_time_is_valid (d->closed_at)) ||
      (d->requested_deadline && !gw_case_time_is_valid (d->requested_deadline)) ||
      (d->held_at && !gw_case_time_is_valid (d->held_at)))
    return gw_json_reader_fail (r, "an invalid time in the lifecycle");
  if (d->held_at && !gw_case_status_from_string (held_from, &d->held_from))
    return gw_json_reader_fail (r, "held from an unknown status");
  if (d->handled_by &&
      (!gw_text_check (d->handled_by, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "handled_by", NULL) ||
       gw_assignee_parse (d->handled_by, NULL) != GW_ASSIGNEE_TOWN))
    return gw_json_reader_fail (r, "handled by something that is not a town");
  return TRUE;
}

/* Into @d, whose lifecycle fields are all unset: null, or an object. On
 * FALSE, @d may hold part of it. */
static gboolean
read_lifecycle_into (GwJsonReader *r,
                     GwCaseData   *d)
{
  g_autofree char *held_from = NULL;
  guint32 seen = 0;
  guint m;

  if (gw_json_reader_peek (r) == GW_JSON_NULL)
    return gw_json_reader_null (r);
  if (!gw_json_reader_begin (r, GW_JSON_OBJECT))
    return FALSE;
  while (gw_json_reader_next_member (r, lifecycle_members, LC_N_MEMBERS, &seen, &m))
    if (!read_lifecycle_member (r, d, m, &held_from))
      return FALSE;
  return r->failure == NULL && check_lifecycle (r, d, held_from);
}

/* The lifecycle's fields, moved from @from into @to. */
static void
move_lifecycle (GwCaseData *from,
                GwCaseData *to)
{
  to->note = g_steal_pointer (&from->note);
  to->closed_at = g_steal_pointer (&from->closed_at);
  to->requested_deadline = g_steal_pointer (&from->requested_deadline);
  to->held_at = g_steal_pointer (&from->held_at);
  to->held_from = from->held_from;
  to->reworks = from->reworks;
  to->extensions = from->extensions;
  to->returns = from->returns;
  to->origin_endpoint = g_steal_pointer (&from->origin_endpoint);
  to->origin_id = g_steal_pointer (&from->origin_id);
  to->origin_service = g_steal_pointer (&from->origin_service);
  to->location = from->location;
  to->handled_by = g_steal_pointer (&from->handled_by);
  to->escalations = g_steal_pointer (&from->escalations);
}

/* Reads a "lifecycle" value into @d, all or nothing: on FALSE @d is as
 * it was, for the tree reader to try. */
gboolean
gw_case_read_lifecycle (GwJsonReader *r,
                        GwCaseData   *d)
{
  g_auto(GwCaseData) lifecycle = { 0 };

  if (!read_lifecycle_into (r, &lifecycle))
    return FALSE;
  move_lifecycle (&lifecycle, d);
  return TRUE;
}

/* The cache's lifecycle column: read here, or by the tree reader when
 * this one declines. */
gboolean
gw_case_lifecycle_from_text (GwCaseData  *d,
                             const char  *text,
                             GError     **error)
{
  g_auto(GwCaseData) lifecycle = { 0 };
  g_autoptr(JsonNode) node = NULL;
  GwJsonReader r;

  if (text == NULL)
    return TRUE;
  gw_json_reader_init (&r, text, strlen (text));
  if (read_lifecycle_into (&r, &lifecycle) && gw_json_reader_finish (&r))
    {
      move_lifecycle (&lifecycle, d);
      return TRUE;
    }
  if (!(node = json_from_string (text, NULL)))
    return TRUE;
  return gw_case_lifecycle_from_json (d, node, error);
}

typedef enum
{
  CASE_ID, CASE_STATUS, CASE_CATEGORY, CASE_SOURCE, CASE_LAT, CASE_LON, CASE_GRID,
  CASE_PRIORITY, CASE_DESCRIPTION, CASE_REPORTER, CASE_MEDIA, CASE_REPORTED_AT,
  CASE_DEADLINE, CASE_ASSIGNEE, CASE_VERSION, CASE_CREATED_AT, CASE_UPDATED_AT,
  CASE_LIFECYCLE, CASE_N_MEMBERS,
} CaseMember;

static const char * const case_members[CASE_N_MEMBERS] = {
  "id", "status", "category", "source", "lat", "lon", "grid",
  "priority", "description", "reporter", "media", "reported_at",
  "deadline", "assignee", "version", "created_at", "updated_at",
  "lifecycle",
};

/* The members the tree reader takes as enums, kept as read until checked. */
typedef struct
{
  char *status;
  char *source;
  char *priority;
} CaseEnums;

static void
case_enums_clear (CaseEnums *e)
{
  g_free (e->status);
  g_free (e->source);
  g_free (e->priority);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseEnums, case_enums_clear)

/* "media": a list of texts, or null (none). */
static gboolean
read_media (GwJsonReader   *r,
            char         ***media)
{
  g_autoptr(GPtrArray) urls = NULL;
  gboolean more;

  if (gw_json_reader_peek (r) == GW_JSON_NULL)
    return gw_json_reader_null (r);
  if (!gw_json_reader_begin (r, GW_JSON_ARRAY))
    return FALSE;
  urls = g_ptr_array_new_with_free_func (g_free);
  while (gw_json_reader_next (r, &more) && more)
    {
      char *url = NULL;

      if (!gw_json_reader_string (r, &url))
        return FALSE;
      g_ptr_array_add (urls, url);
    }
  if (r->failure)
    return FALSE;
  g_ptr_array_add (urls, NULL);
  *media = (char **) g_ptr_array_free (g_steal_pointer (&urls), FALSE);
  return TRUE;
}

static gboolean
read_case_member (GwJsonReader *r,
                  GwCaseData   *d,
                  CaseEnums    *e,
                  CaseMember    member)
{
  switch (member)
    {
    case CASE_ID: return read_text (r, &d->id);
    case CASE_STATUS: return read_text (r, &e->status);
    case CASE_CATEGORY: return read_text (r, &d->category);
    case CASE_SOURCE: return read_text (r, &e->source);
    case CASE_LAT: return gw_json_reader_double (r, &d->lat);
    case CASE_LON: return gw_json_reader_double (r, &d->lon);
    case CASE_GRID: return read_text (r, &d->grid);
    case CASE_PRIORITY: return read_text (r, &e->priority);
    case CASE_DESCRIPTION: return read_text (r, &d->description);
    case CASE_REPORTER: return read_text (r, &d->reporter);
    case CASE_MEDIA: return read_media (r, &d->media);
    case CASE_REPORTED_AT: return read_text (r, &d->reported_at);
    case CASE_DEADLINE: return read_text (r, &d->deadline);
    case CASE_ASSIGNEE: return read_text (r, &d->assignee);
    case CASE_VERSION: return gw_json_reader_int (r, &d->version);
    case CASE_CREATED_AT: return read_text (r, &d->created_at);
    case CASE_UPDATED_AT: return read_text (r, &d->updated_at);
    case CASE_LIFECYCLE: return gw_case_read_lifecycle (r, d);
    case CASE_N_MEMBERS:
    default:
      /* Members the tree reader does not read either. */
      return gw_json_reader_skip (r);
    }
}

/* What gw_case_new_from_json() requires of a case, in its order. */
static gboolean
check_case (GwJsonReader *r,
            GwCaseData   *d,
            CaseEnums    *e,
            guint32       seen)
{
  if (d->id == NULL || *d->id == '\0' ||
      !gw_text_check (d->id, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "id", NULL) ||
      !gw_case_status_from_string (e->status, &d->status) ||
      !gw_case_source_from_string (e->source, &d->source) ||
      !(seen & (1u << CASE_LAT)) || !(seen & (1u << CASE_LON)) || !gw_coordinate_is_valid (d->lon, d->lat) ||
      d->version < 1 ||
      (g_strcmp0 (e->priority, "urgent") != 0 && g_strcmp0 (e->priority, "normal") != 0) ||
      !gw_case_time_is_valid (d->reported_at) ||
      (d->deadline && !gw_case_time_is_valid (d->deadline)) ||
      !gw_case_data_check_texts (d, NULL))
    return gw_json_reader_fail (r, "a case the tree reader would refuse");
  d->urgent = g_str_equal (e->priority, "urgent");
  return TRUE;
}

/* A case as gw_case_new_from_json() makes it, or NULL if this reader
 * declines it (r->failure says why): the caller then tries the tree
 * reader, which may still read it, or says what is wrong with it. */
GwCase *
gw_case_read (GwJsonReader *r)
{
  g_auto(GwCaseData) d = { 0 };
  g_auto(CaseEnums) e = { 0 };
  guint32 seen = 0;
  guint m;

  if (!gw_json_reader_begin (r, GW_JSON_OBJECT))
    return NULL;
  while (gw_json_reader_next_member (r, case_members, CASE_N_MEMBERS, &seen, &m))
    if (!read_case_member (r, &d, &e, m))
      return NULL;
  if (r->failure || !check_case (r, &d, &e, seen))
    return NULL;
  return gw_case_new_take (&d);
}
