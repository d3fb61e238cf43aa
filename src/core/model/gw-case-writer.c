/* gw-case-writer.c: a case's lifecycle written as text without a tree
 *
 * The cache writes the lifecycle column of every case it stores: a
 * hundred thousand on a first pull, where building each one's json-glib
 * tree and generating its text was a tenth of the pull. The text here is
 * the same, byte for byte, as json_to_string() of
 * gw_case_lifecycle_to_json(): the store's LIKE queries match it as
 * json-glib writes it, and fuzz-lifecycle-writer holds the two together.
 * The members are written in the order the tree adds them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case"

#include "config.h"

#include "gw-case-desk.h"
#include "gw-case-writer.h"
#include "gw-escalation.h"
#include "gw-json-writer.h"

/* gw_escalation_to_json(), as text. */
static void
write_escalation (const GwEscalation *e,
                  GString            *out)
{
  gw_json_write_begin_object (out);
  gw_json_write_member_string (out, "state", gw_escalation_state_to_string (e->state));
  gw_json_write_member_string (out, "to_level", gw_level_to_string (e->to_level));
  gw_json_write_member_string (out, "called", e->called);
  gw_json_write_member_string (out, "item", e->item);
  gw_json_write_member_string (out, "reason", e->reason);
  gw_json_write_member_string (out, "whistled_by", e->whistled_by);
  gw_json_write_member_string (out, "whistled_at", e->whistled_at);
  gw_json_write_member_string (out, "approved_by", e->approved_by);
  gw_json_write_member_string (out, "approved_at", e->approved_at);
  gw_json_write_member_string (out, "report_deadline", e->report_deadline);
  gw_json_write_member_string (out, "reported_by", e->reported_by);
  gw_json_write_member_string (out, "reported_at", e->reported_at);
  gw_json_write_member_string (out, "report_note", e->report_note);
  gw_json_write_member_string (out, "resolved_at", e->resolved_at);
  gw_json_write_member_string (out, "resolution", e->resolution);
  if (e->rating > 0)
    gw_json_write_member_int (out, "rating", e->rating);
  else
    gw_json_write_member_string (out, "rating", NULL);
  gw_json_write_member_string (out, "rating_comment", e->rating_comment);
  gw_json_write_end_object (out);
}

static void
write_ids (GString     *out,
           const char  *name,
           char       **ids)
{
  if (ids == NULL || ids[0] == NULL)
    return;
  gw_json_write_member (out, name);
  gw_json_write_begin_array (out);
  for (guint i = 0; ids[i]; i++)
    gw_json_write_string (out, ids[i]);
  gw_json_write_end_array (out);
}

static void
write_count (GString    *out,
             const char *name,
             guint       value)
{
  if (value > 0)
    gw_json_write_member_int (out, name, value);
}

/* gw_case_desk_to_json(), as text. */
static void
write_desk (const GwCaseData *d,
            GString          *out)
{
  write_ids (out, "possible_duplicates", d->possible_duplicates);
  if (d->duplicate_of)
    {
      gw_json_write_member_string (out, "duplicate_of", d->duplicate_of);
      gw_json_write_member_string (out, "duplicate_from", gw_case_status_to_string (d->duplicate_from));
    }
  write_ids (out, "duplicates", d->duplicates);
  if (d->handled_by)
    gw_json_write_member_string (out, "handled_by", d->handled_by);
  write_count (out, "recategorised", d->recategorised);
  write_count (out, "reopened", d->reopened);
  if (d->visit_result != GW_VISIT_NONE)
    {
      gw_json_write_member (out, "return_visit");
      gw_json_write_begin_object (out);
      gw_json_write_member_string (out, "result", gw_visit_result_to_string (d->visit_result));
      gw_json_write_member_string (out, "note", d->visit_note);
      gw_json_write_member_string (out, "at", d->visit_at);
      gw_json_write_member_string (out, "by", d->visit_by);
      gw_json_write_member_string (out, "kept_closed", d->visit_kept_closed);
      gw_json_write_end_object (out);
    }
}

/* Appends the lifecycle object to @out. */
void
gw_case_lifecycle_write (const GwCaseData *d,
                         GString          *out)
{
  gw_json_write_begin_object (out);
  gw_json_write_member_string (out, "note", d->note);
  gw_json_write_member_string (out, "closed_at", d->closed_at);
  gw_json_write_member_int (out, "reworks", d->reworks);
  gw_json_write_member_int (out, "extensions", d->extensions);
  gw_json_write_member_int (out, "returns", d->returns);
  gw_json_write_member_string (out, "requested_deadline", d->requested_deadline);
  if (d->held_at)
    {
      gw_json_write_member_string (out, "held_from", gw_case_status_to_string (d->held_from));
      gw_json_write_member_string (out, "held_at", d->held_at);
    }
  if (d->escalations && d->escalations->len > 0)
    {
      gw_json_write_member (out, "escalations");
      gw_json_write_begin_array (out);
      for (guint i = 0; i < d->escalations->len; i++)
        write_escalation (g_ptr_array_index (d->escalations, i), out);
      gw_json_write_end_array (out);
    }
  write_desk (d, out);
  if (d->origin_id || d->location != GW_CASE_LOCATION_KNOWN)
    {
      gw_json_write_member (out, "origin");
      gw_json_write_begin_object (out);
      gw_json_write_member_string (out, "endpoint", d->origin_endpoint);
      gw_json_write_member_string (out, "id", d->origin_id);
      gw_json_write_member_string (out, "service", d->origin_service);
      gw_json_write_member_string (out, "location", gw_case_location_to_string (d->location));
      gw_json_write_end_object (out);
    }
  gw_json_write_end_object (out);
}
