/* gw-escalation.c: one whistle blown on a case, and what came of it
 *
 * A case keeps every escalation it had, the last one current; they travel
 * in the case's "lifecycle" object, so the change feed carries them and
 * the cache keeps them without a table of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-escalation"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-escalation.h"
#include "gw-json.h"

static const char * const level_names[GW_N_LEVELS] = { "grid", "community", "town", "county" };

static const char * const state_names[GW_N_ESCALATION_STATES] = {
  "proposed", "awaiting_approval", "awaiting_report", "reported", "resolved", "overdue", "denied",
};

const char *
gw_level_to_string (GwLevel level)
{
  g_return_val_if_fail (level < GW_N_LEVELS, "grid");
  return level_names[level];
}

gboolean
gw_level_from_string (const char *name,
                      GwLevel    *level)
{
  for (guint i = 0; name && i < GW_N_LEVELS; i++)
    if (g_str_equal (name, level_names[i]))
      {
        *level = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_level_label (GwLevel level)
{
  switch (level)
    {
    case GW_LEVEL_GRID: return _("Grid");
    case GW_LEVEL_COMMUNITY: return _("Community or village");
    case GW_LEVEL_TOWN: return _("Town or street");
    case GW_LEVEL_COUNTY:
    default: return _("County department");
    }
}

const char *
gw_escalation_state_to_string (GwEscalationState state)
{
  g_return_val_if_fail (state < GW_N_ESCALATION_STATES, "proposed");
  return state_names[state];
}

gboolean
gw_escalation_state_from_string (const char        *name,
                                 GwEscalationState *state)
{
  for (guint i = 0; name && i < GW_N_ESCALATION_STATES; i++)
    if (g_str_equal (name, state_names[i]))
      {
        *state = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_escalation_state_label (GwEscalationState state)
{
  switch (state)
    {
    case GW_ESCALATION_PROPOSED: return C_("escalation", "Proposed");
    case GW_ESCALATION_AWAITING_APPROVAL: return C_("escalation", "Awaiting approval");
    case GW_ESCALATION_AWAITING_REPORT: return C_("escalation", "Awaiting report");
    case GW_ESCALATION_REPORTED: return C_("escalation", "Reported");
    case GW_ESCALATION_RESOLVED: return C_("escalation", "Resolved");
    case GW_ESCALATION_OVERDUE: return C_("escalation", "Report overdue");
    case GW_ESCALATION_DENIED:
    default: return C_("escalation", "Not approved");
    }
}

GwEscalation *
gw_escalation_new (void)
{
  return g_new0 (GwEscalation, 1);
}

GwEscalation *
gw_escalation_copy (const GwEscalation *self)
{
  GwEscalation *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (GwEscalation, 1);
  copy->state = self->state;
  copy->to_level = self->to_level;
  copy->called = g_strdup (self->called);
  copy->item = g_strdup (self->item);
  copy->reason = g_strdup (self->reason);
  copy->whistled_by = g_strdup (self->whistled_by);
  copy->whistled_at = g_strdup (self->whistled_at);
  copy->approved_by = g_strdup (self->approved_by);
  copy->approved_at = g_strdup (self->approved_at);
  copy->report_deadline = g_strdup (self->report_deadline);
  copy->reported_by = g_strdup (self->reported_by);
  copy->reported_at = g_strdup (self->reported_at);
  copy->report_note = g_strdup (self->report_note);
  copy->resolved_at = g_strdup (self->resolved_at);
  copy->resolution = g_strdup (self->resolution);
  copy->rating = self->rating;
  copy->rating_comment = g_strdup (self->rating_comment);
  return copy;
}

void
gw_escalation_free (GwEscalation *self)
{
  if (self == NULL)
    return;
  g_free (self->called);
  g_free (self->item);
  g_free (self->reason);
  g_free (self->whistled_by);
  g_free (self->whistled_at);
  g_free (self->approved_by);
  g_free (self->approved_at);
  g_free (self->report_deadline);
  g_free (self->reported_by);
  g_free (self->reported_at);
  g_free (self->report_note);
  g_free (self->resolved_at);
  g_free (self->resolution);
  g_free (self->rating_comment);
  g_free (self);
}

/* Still asking something of somebody. */
gboolean
gw_escalation_is_open (const GwEscalation *self)
{
  return self->state != GW_ESCALATION_RESOLVED && self->state != GW_ESCALATION_DENIED;
}

/* Called, and the called party's report not in yet, late or not: what
 * a wall lists as awaiting a report, and keeps whole when it folds. */
gboolean
gw_escalation_awaits_report (const GwEscalation *self)
{
  return self->state == GW_ESCALATION_AWAITING_REPORT || self->state == GW_ESCALATION_OVERDUE;
}

/* Reported after the deadline, or not at all by it. */
gboolean
gw_escalation_was_late (const GwEscalation *self)
{
  g_autoptr(GDateTime) deadline = NULL;
  g_autoptr(GDateTime) reported = NULL;

  if (self->state == GW_ESCALATION_OVERDUE)
    return TRUE;
  if (self->report_deadline == NULL || self->reported_at == NULL)
    return FALSE;
  deadline = g_date_time_new_from_iso8601 (self->report_deadline, NULL);
  reported = g_date_time_new_from_iso8601 (self->reported_at, NULL);
  return deadline && reported && g_date_time_compare (reported, deadline) > 0;
}

JsonNode *
gw_escalation_to_json (const GwEscalation *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "state", gw_escalation_state_to_string (self->state));
  gw_json_builder_add_string (b, "to_level", gw_level_to_string (self->to_level));
  gw_json_builder_add_string (b, "called", self->called);
  gw_json_builder_add_string (b, "item", self->item);
  gw_json_builder_add_string (b, "reason", self->reason);
  gw_json_builder_add_string (b, "whistled_by", self->whistled_by);
  gw_json_builder_add_string (b, "whistled_at", self->whistled_at);
  gw_json_builder_add_string (b, "approved_by", self->approved_by);
  gw_json_builder_add_string (b, "approved_at", self->approved_at);
  gw_json_builder_add_string (b, "report_deadline", self->report_deadline);
  gw_json_builder_add_string (b, "reported_by", self->reported_by);
  gw_json_builder_add_string (b, "reported_at", self->reported_at);
  gw_json_builder_add_string (b, "report_note", self->report_note);
  gw_json_builder_add_string (b, "resolved_at", self->resolved_at);
  gw_json_builder_add_string (b, "resolution", self->resolution);
  json_builder_set_member_name (b, "rating");
  if (self->rating > 0)
    json_builder_add_int_value (b, self->rating);
  else
    json_builder_add_null_value (b);
  gw_json_builder_add_string (b, "rating_comment", self->rating_comment);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
valid_time (JsonObject *obj,
            const char *member)
{
  const char *text = gw_json_object_get_string (obj, member);
  g_autoptr(GDateTime) time = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return text == NULL || time != NULL;
}

GwEscalation *
gw_escalation_new_from_json (JsonNode  *node,
                             GError   **error)
{
  static const char * const times[] = { "whistled_at", "approved_at", "report_deadline", "reported_at", "resolved_at" };
  g_autoptr(GwEscalation) self = gw_escalation_new ();
  JsonObject *obj = gw_json_node_get_object (node);
  gint64 rating;

  if (obj == NULL)
    return gw_json_fail (error, _("an escalation is not an object"));
  if (!gw_escalation_state_from_string (gw_json_object_get_string (obj, "state"), &self->state))
    return gw_json_fail (error, _("an escalation has an unknown state"));
  if (!gw_level_from_string (gw_json_object_get_string (obj, "to_level"), &self->to_level) ||
      self->to_level == GW_LEVEL_GRID)
    return gw_json_fail (error, _("an escalation calls an unknown level"));
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    if (!valid_time (obj, times[i]))
      return gw_json_fail (error, _("an escalation has an invalid time"));
  rating = gw_json_object_get_int (obj, "rating", 0);
  if (rating < 0 || rating > 5)
    return gw_json_fail (error, _("an escalation has a rating outside 1 to 5"));

  self->called = g_strdup (gw_json_object_get_string (obj, "called"));
  self->item = g_strdup (gw_json_object_get_string (obj, "item"));
  self->reason = g_strdup (gw_json_object_get_string (obj, "reason"));
  self->whistled_by = g_strdup (gw_json_object_get_string (obj, "whistled_by"));
  self->whistled_at = g_strdup (gw_json_object_get_string (obj, "whistled_at"));
  self->approved_by = g_strdup (gw_json_object_get_string (obj, "approved_by"));
  self->approved_at = g_strdup (gw_json_object_get_string (obj, "approved_at"));
  self->report_deadline = g_strdup (gw_json_object_get_string (obj, "report_deadline"));
  self->reported_by = g_strdup (gw_json_object_get_string (obj, "reported_by"));
  self->reported_at = g_strdup (gw_json_object_get_string (obj, "reported_at"));
  self->report_note = g_strdup (gw_json_object_get_string (obj, "report_note"));
  self->resolved_at = g_strdup (gw_json_object_get_string (obj, "resolved_at"));
  self->resolution = g_strdup (gw_json_object_get_string (obj, "resolution"));
  self->rating = rating;
  self->rating_comment = g_strdup (gw_json_object_get_string (obj, "rating_comment"));
  return g_steal_pointer (&self);
}
