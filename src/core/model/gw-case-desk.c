/* gw-case-desk.c: the desk's part of a case's lifecycle
 *
 * What the dispatcher's desk adds to a case: the open cases nearby when
 * it arrived, the links of a duplicate and its first report, how often
 * its category was corrected, and the return visit to the resident. It
 * travels in the "lifecycle" object like the rest of the lifecycle, so
 * the store, the change feed and the cache carry it unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-case-desk.h"
#include "gw-field.h"
#include "gw-json.h"

static const char * const visit_names[] = {
  "none", "satisfied", "basically_satisfied", "unsatisfied",
};

const char *
gw_visit_result_to_string (GwVisitResult result)
{
  g_return_val_if_fail (result < G_N_ELEMENTS (visit_names), "none");
  return visit_names[result];
}

/* "none" is no answer a resident gives: only the three are read. */
gboolean
gw_visit_result_from_string (const char    *name,
                             GwVisitResult *result)
{
  for (guint i = GW_VISIT_SATISFIED; name && i < G_N_ELEMENTS (visit_names); i++)
    if (g_str_equal (name, visit_names[i]))
      {
        *result = i;
        return TRUE;
      }
  return FALSE;
}

void
gw_case_desk_clear (GwCaseData *data)
{
  g_clear_pointer (&data->possible_duplicates, g_strfreev);
  g_clear_pointer (&data->duplicate_of, g_free);
  g_clear_pointer (&data->duplicates, g_strfreev);
  g_clear_pointer (&data->visit_note, g_free);
  g_clear_pointer (&data->visit_at, g_free);
  g_clear_pointer (&data->visit_by, g_free);
  g_clear_pointer (&data->visit_kept_closed, g_free);
  g_clear_pointer (&data->handled_by, g_free);
}

/* @dest holds @src's pointers when called (a struct copy): each is
 * replaced by a copy of its own. */
void
gw_case_desk_copy (const GwCaseData *src,
                   GwCaseData       *dest)
{
  dest->possible_duplicates = g_strdupv (src->possible_duplicates);
  dest->duplicate_of = g_strdup (src->duplicate_of);
  dest->duplicates = g_strdupv (src->duplicates);
  dest->visit_note = g_strdup (src->visit_note);
  dest->visit_at = g_strdup (src->visit_at);
  dest->visit_by = g_strdup (src->visit_by);
  dest->visit_kept_closed = g_strdup (src->visit_kept_closed);
  dest->handled_by = g_strdup (src->handled_by);
}

gboolean
gw_case_desk_has_any (const GwCaseData *d)
{
  return (d->possible_duplicates && d->possible_duplicates[0]) || d->duplicate_of ||
         (d->duplicates && d->duplicates[0]) || d->recategorised || d->reopened || d->visit_result != GW_VISIT_NONE ||
         d->handled_by;
}

gboolean
gw_case_data_has_id (char * const *ids,
                     const char   *id)
{
  return ids && id && g_strv_contains ((const char * const *) ids, id);
}

void
gw_case_data_add_id (char       ***ids,
                     const char   *id)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (gw_case_data_has_id (*ids, id))
    return;
  if (*ids)
    g_strv_builder_addv (builder, (const char **) *ids);
  g_strv_builder_add (builder, id);
  g_strfreev (*ids);
  *ids = g_strv_builder_end (builder);
}

void
gw_case_data_remove_id (char       ***ids,
                        const char   *id)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; *ids && (*ids)[i]; i++)
    if (!g_str_equal ((*ids)[i], id))
      g_strv_builder_add (builder, (*ids)[i]);
  g_strfreev (*ids);
  *ids = g_strv_builder_end (builder);
  if (**ids == NULL)
    g_clear_pointer (ids, g_strfreev);
}

static void
add_ids (JsonBuilder *b,
         const char  *name,
         char       **ids)
{
  if (ids && ids[0])
    gw_json_builder_add_strv (b, name, (const char * const *) ids);
}

static void
add_count (JsonBuilder *b,
           const char  *name,
           guint        value)
{
  if (value == 0)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* Inside the lifecycle object @b is building; members only when set, so
 * a lifecycle without them is as it was. */
void
gw_case_desk_to_json (const GwCaseData *d,
                      JsonBuilder      *b)
{
  add_ids (b, "possible_duplicates", d->possible_duplicates);
  if (d->duplicate_of)
    {
      gw_json_builder_add_string (b, "duplicate_of", d->duplicate_of);
      gw_json_builder_add_string (b, "duplicate_from", gw_case_status_to_string (d->duplicate_from));
    }
  add_ids (b, "duplicates", d->duplicates);
  if (d->handled_by)
    gw_json_builder_add_string (b, "handled_by", d->handled_by);
  add_count (b, "recategorised", d->recategorised);
  add_count (b, "reopened", d->reopened);
  if (d->visit_result != GW_VISIT_NONE)
    {
      json_builder_set_member_name (b, "return_visit");
      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "result", gw_visit_result_to_string (d->visit_result));
      gw_json_builder_add_string (b, "note", d->visit_note);
      gw_json_builder_add_string (b, "at", d->visit_at);
      gw_json_builder_add_string (b, "by", d->visit_by);
      gw_json_builder_add_string (b, "kept_closed", d->visit_kept_closed);
      json_builder_end_object (b);
    }
}

/* A list of case ids: strings of case-id length, at most
 * GW_CASE_MAX_DUPLICATES of them. */
static gboolean
read_ids (JsonObject  *obj,
          const char  *member,
          const char  *case_id,
          char      ***ids,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!(array = gw_json_object_get_array (obj, member)) || json_array_get_length (array) > GW_CASE_MAX_DUPLICATES)
    return gw_json_fail (error, _("case %s has “%s” that is not a list of at most %d cases"), case_id, member,
                         GW_CASE_MAX_DUPLICATES), FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      const char *id = JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING ?
                       json_node_get_string (el) : NULL;

      if (id == NULL || !gw_text_check (id, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, member, NULL))
        return gw_json_fail (error, _("case %s has an unreadable case id in “%s”"), case_id, member), FALSE;
      g_strv_builder_add (builder, id);
    }
  g_strfreev (*ids);
  *ids = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_count (JsonObject  *obj,
            const char  *member,
            const char  *case_id,
            guint       *value,
            GError     **error)
{
  gint64 n = gw_json_object_get_int (obj, member, 0);

  if (n < 0 || n > G_MAXUINT16)
    return gw_json_fail (error, _("case %s has an invalid count in its lifecycle"), case_id), FALSE;
  *value = n;
  return TRUE;
}

static gboolean
read_visit (GwCaseData  *d,
            JsonObject  *lifecycle,
            GError     **error)
{
  JsonNode *node = json_object_get_member (lifecycle, "return_visit");
  g_autoptr(GDateTime) at = NULL;
  JsonObject *obj;
  const char *result = NULL, *note = NULL, *by = NULL, *kept = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!(obj = gw_json_node_get_object (node)) ||
      !gw_field_text (obj, "result", GW_FIELD_REQUIRED, GW_FIELD_NAME_CHARS, &result, NULL) ||
      !gw_visit_result_from_string (result, &d->visit_result) ||
      !gw_field_time (obj, "at", GW_FIELD_REQUIRED, &at, NULL) ||
      !gw_field_text (obj, "note", GW_FIELD_MULTILINE, GW_FIELD_TEXT_CHARS, &note, NULL) ||
      !gw_field_text (obj, "by", GW_FIELD_OPTIONAL, GW_FIELD_NAME_CHARS, &by, NULL) ||
      !gw_field_text (obj, "kept_closed", GW_FIELD_MULTILINE, GW_FIELD_TEXT_CHARS, &kept, NULL))
    return gw_json_fail (error, _("case %s has an unreadable return visit"), d->id), FALSE;

  d->visit_note = g_strdup (note);
  d->visit_at = g_strdup (gw_json_object_get_string (obj, "at"));
  d->visit_by = g_strdup (by);
  d->visit_kept_closed = g_strdup (kept);
  return TRUE;
}

gboolean
gw_case_desk_from_json (GwCaseData  *d,
                        JsonObject  *obj,
                        GError     **error)
{
  const char *of = NULL, *town = NULL;

  if (!read_ids (obj, "possible_duplicates", d->id, &d->possible_duplicates, error) ||
      !read_ids (obj, "duplicates", d->id, &d->duplicates, error) ||
      !read_count (obj, "recategorised", d->id, &d->recategorised, error) ||
      !read_count (obj, "reopened", d->id, &d->reopened, error) ||
      !read_visit (d, obj, error))
    return FALSE;

  if (!gw_field_text (obj, "duplicate_of", GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, &of, NULL) ||
      (of && !gw_case_status_from_string (gw_json_object_get_string (obj, "duplicate_from"), &d->duplicate_from)))
    return gw_json_fail (error, _("case %s is a duplicate of an unreadable case"), d->id), FALSE;
  d->duplicate_of = g_strdup (of);

  if (!gw_field_text (obj, "handled_by", GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, &town, NULL) ||
      (town && gw_assignee_parse (town, NULL) != GW_ASSIGNEE_TOWN))
    return gw_json_fail (error, _("case %s is handled by something that is not a town"), d->id), FALSE;
  d->handled_by = g_strdup (town);
  return TRUE;
}
