/* gw-desk-rules.c: the desk's actions: dispatch in one step, duplicates,
 * recategorising and the return visit
 *
 * Entries of the one rule table in gw-case-rules.c; what they do to a
 * case is here. What they do to a second case (the first report a
 * duplicate repeats) is gw_desk_rules_link_duplicate(), which the server
 * applies in the same transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-case-desk.h"
#include "gw-desk-rules.h"
#include "gw-field.h"
#include "gw-json.h"

#define fail gw_case_rules_fail

/* "dispatch" is accept, file and assign, from wherever the case is on
 * that path: the steps left, each recorded in the history. */
const char * const *
gw_desk_rules_dispatch_steps (GwCaseStatus status)
{
  static const char * const steps[] = { "accept", "file", "assign", NULL };

  if (status == GW_CASE_STATUS_REPORTED)
    return steps;
  if (status == GW_CASE_STATUS_ACCEPTED)
    return steps + 1;
  if (status == GW_CASE_STATUS_FILED)
    return steps + 2;
  return NULL;
}

gboolean
gw_desk_rules_mark_duplicate (GwCaseData          *data,
                              JsonObject          *params,
                              const GwCaseContext *context,
                              GError             **error)
{
  const char *of = NULL;

  if (!gw_field_text (params, "of", GW_FIELD_REQUIRED | GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, &of, NULL))
    return fail (error, GW_CASE_RULES_ERROR_INVALID_PARAMS, _("“mark_duplicate” needs “of”: the case this one repeats"));
  if (g_str_equal (of, data->id))
    return fail (error, GW_CASE_RULES_ERROR_INVALID_PARAMS, _("A case cannot be a duplicate of itself"));
  /* Chains would hide the first report behind a second one. */
  if (data->duplicates && data->duplicates[0])
    return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("Case %s has duplicates of its own"), data->id);

  g_free (data->duplicate_of);
  data->duplicate_of = g_strdup (of);
  data->duplicate_from = data->status;
  g_free (data->closed_at);
  data->closed_at = gw_case_context_now_text (context);
  return TRUE;
}

gboolean
gw_desk_rules_unmark_duplicate (GwCaseData          *data,
                                JsonObject          *params,
                                const GwCaseContext *context,
                                GError             **error)
{
  const char *reason;

  if (data->duplicate_of == NULL)
    return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("Case %s is not a duplicate"), data->id);
  if (!(reason = gw_case_rules_text_param (params, "reason", "unmark_duplicate", TRUE, error)))
    return FALSE;

  g_free (data->note);
  data->note = g_strdup (reason);
  data->status = data->duplicate_from;
  g_clear_pointer (&data->duplicate_of, g_free);
  g_clear_pointer (&data->closed_at, g_free);
  return TRUE;
}

static GwCategory *
lookup (const GwCaseContext *context,
        const char          *code)
{
  return context && context->lookup_category && code ? context->lookup_category (code, context->lookup_data) : NULL;
}

/* The category's time limit counted from @start on the calendar. */
static char *
deadline_from (const GwCaseContext *context,
               GwCategory          *category,
               const char          *start_text)
{
  const GwCategoryInfo *info = gw_category_get_info (category);
  g_autoptr(GDateTime) start = start_text ? g_date_time_new_from_iso8601 (start_text, NULL) : NULL;
  g_autoptr(GDateTime) deadline = NULL;

  if (start == NULL || context->calendar == NULL)
    return NULL;
  deadline = gw_work_calendar_add (context->calendar, start, info->limit_value, info->limit_unit);
  return gw_format_rfc3339 (deadline);
}

/* A corrected category may be one the case's town handles itself, or
 * no longer one: handled_by follows, and a case given to whoever
 * answered for the old category goes to whoever answers for the new one
 * (the town, or the lead department). */
static void
rehandle (GwCaseData          *data,
          const GwCaseContext *context,
          GwCategory          *category,
          const char          *was,
          const char          *now)
{
  g_autofree char *old_handler = g_strdup (data->handled_by);
  g_autofree char *old_lead = was ? g_strconcat ("department:", was, NULL) : NULL;
  gboolean with_old = data->assignee && (g_strcmp0 (data->assignee, old_handler) == 0 ||
                                         (old_handler == NULL && g_strcmp0 (data->assignee, old_lead) == 0));

  if (context->lookup_town)
    {
      g_autofree char *town = data->grid ? context->lookup_town (data->grid, context->lookup_data) : NULL;

      g_free (data->handled_by);
      data->handled_by = gw_category_town_handler (category, town);
    }
  if (!with_old || (data->handled_by == NULL && now == NULL))
    return;
  g_free (data->assignee);
  data->assignee = data->handled_by ? g_strdup (data->handled_by) : g_strconcat ("department:", now, NULL);
}

gboolean
gw_desk_rules_recategorise (GwCaseData          *data,
                            JsonObject          *params,
                            const GwCaseContext *context,
                            GError             **error)
{
  g_autoptr(GwCategory) old = NULL;
  g_autoptr(GwCategory) category = NULL;
  const char *code = NULL, *reason;

  if (!gw_field_text (params, "category", GW_FIELD_REQUIRED | GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, &code, NULL))
    return fail (error, GW_CASE_RULES_ERROR_INVALID_PARAMS, _("“recategorise” needs a “category”"));
  if (g_strcmp0 (code, data->category) == 0)
    return fail (error, GW_CASE_RULES_ERROR_INVALID_PARAMS, _("Case %s is already in category %s"), data->id, code);
  if (!(reason = gw_case_rules_text_param (params, "reason", "recategorise", TRUE, error)))
    return FALSE;
  if (context && context->lookup_category && !(category = lookup (context, code)))
    return fail (error, GW_CASE_RULES_ERROR_INVALID_PARAMS, _("There is no category %s"), code);

  if (category)
    {
      const char *was = (old = lookup (context, data->category)) ? gw_category_get_info (old)->department : NULL;
      const char *now = gw_category_get_info (category)->department;
      char *deadline = deadline_from (context, category, data->reported_at);

      /* The new limit from the original report: the time already spent
       * counts against it. */
      if (deadline)
        {
          g_free (data->deadline);
          data->deadline = deadline;
        }
      rehandle (data, context, category, was, now);
    }

  g_free (data->category);
  data->category = g_strdup (code);
  g_free (data->note);
  data->note = g_strdup (reason);
  data->recategorised++;
  return TRUE;
}

/* The desk places a case that came without a usable point (an Open311
 * request with none, or one outside the county): the new point, known
 * from now on; the grid is the server's to find, and the link to the
 * system it came from stays as it was. */
gboolean
gw_desk_rules_locate (GwCaseData          *data,
                      JsonObject          *params,
                      const GwCaseContext *context,
                      GError             **error)
{
  g_autoptr(GError) field_error = NULL;
  gboolean present = FALSE;
  double lat, lon;

  if (!gw_field_position (params, GW_FIELD_REQUIRED, &lat, &lon, &present, &field_error) || !present)
    return fail (error, GW_CASE_RULES_ERROR_INVALID_PARAMS, _("“locate” needs a “lat” and a “lon”: %s"),
                 field_error ? field_error->message : "");
  data->lat = lat;
  data->lon = lon;
  data->location = GW_CASE_LOCATION_KNOWN;
  g_clear_pointer (&data->grid, g_free);
  return TRUE;
}

static const char *
visit_due (const GwCaseContext *context,
           const GwCaseData    *data,
           GDateTime          **due)
{
  g_autoptr(GDateTime) closed = data->closed_at ? g_date_time_new_from_iso8601 (data->closed_at, NULL) : NULL;
  guint days = context && context->return_visit_days ? context->return_visit_days : GW_RETURN_VISIT_DAYS;

  if (closed == NULL)
    return NULL;
  *due = context && context->calendar ? gw_work_calendar_add (context->calendar, closed, days, GW_TIME_UNIT_WORKING_DAYS)
                                      : g_date_time_add_days (closed, days);
  return data->closed_at;
}

static gboolean
check_visit_legal (const GwCaseData    *data,
                   const GwCaseContext *context,
                   GError             **error)
{
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) now = gw_case_context_now (context);

  if (data->duplicate_of)
    return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("Case %s is a duplicate: the resident is called back about %s"),
                 data->id, data->duplicate_of);
  if (visit_due (context, data, &due) == NULL)
    return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("Case %s has no closing time"), data->id);
  if (data->visit_result != GW_VISIT_NONE && data->visit_at)
    {
      g_autoptr(GDateTime) visited = g_date_time_new_from_iso8601 (data->visit_at, NULL);
      g_autoptr(GDateTime) closed = g_date_time_new_from_iso8601 (data->closed_at, NULL);

      if (visited && closed && g_date_time_compare (visited, closed) >= 0)
        return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("Case %s was visited after it was closed"), data->id);
    }
  if (g_date_time_compare (now, due) > 0)
    {
      g_autofree char *when = gw_format_rfc3339 (due);
      return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("The return visit for case %s was due by %s"), data->id, when);
    }
  return TRUE;
}

/* Unsatisfied: back to whoever had it, with the category's time limit
 * from now, unless a head keeps it closed and says why. */
static void
reopen (GwCaseData          *data,
        const GwCaseContext *context)
{
  g_autoptr(GwCategory) category = lookup (context, data->category);
  g_autofree char *now = gw_case_context_now_text (context);
  char *deadline = category ? deadline_from (context, category, now) : NULL;

  data->status = data->assignee ? GW_CASE_STATUS_DISPATCHED : GW_CASE_STATUS_FILED;
  data->reopened++;
  g_clear_pointer (&data->closed_at, g_free);
  if (deadline)
    {
      g_free (data->deadline);
      data->deadline = deadline;
    }
}

gboolean
gw_desk_rules_return_visit (GwCaseData          *data,
                            JsonObject          *params,
                            const GwCaseContext *context,
                            GError             **error)
{
  g_autoptr(GError) local = NULL;
  static const char * const results[] = { "satisfied", "basically_satisfied", "unsatisfied", NULL };
  const char *result = NULL, *note, *kept;
  GwVisitResult visit = GW_VISIT_NONE;

  if (!gw_field_enum (params, "result", GW_FIELD_REQUIRED, results, &result, NULL))
    return fail (error, GW_CASE_RULES_ERROR_INVALID_PARAMS,
                 _("“return_visit” needs a “result”: satisfied, basically_satisfied or unsatisfied"));
  gw_visit_result_from_string (result, &visit);
  note = gw_case_rules_text_param (params, "note", "return_visit", FALSE, &local);
  if (local == NULL)
    kept = gw_case_rules_text_param (params, "keep_closed", "return_visit", FALSE, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (kept && visit != GW_VISIT_UNSATISFIED)
    return fail (error, GW_CASE_RULES_ERROR_INVALID_PARAMS, _("Only an unsatisfied case is kept closed"));
  if (!check_visit_legal (data, context, error))
    return FALSE;

  data->visit_result = visit;
  g_free (data->visit_note);
  data->visit_note = g_strdup (note);
  g_free (data->visit_at);
  data->visit_at = gw_case_context_now_text (context);
  g_free (data->visit_by);
  data->visit_by = g_strdup (context ? context->user : NULL);
  g_free (data->visit_kept_closed);
  data->visit_kept_closed = g_strdup (kept);
  if (visit == GW_VISIT_UNSATISFIED && kept == NULL)
    reopen (data, context);
  return TRUE;
}

/* Keeping a case closed against the resident's word is the head's call. */
gboolean
gw_desk_rules_may_keep_closed (GwRole      role,
                               const char *action,
                               JsonObject *params)
{
  if (g_strcmp0 (action, "return_visit") != 0 || params == NULL ||
      gw_json_object_get_string (params, "keep_closed") == NULL)
    return TRUE;
  return role == GW_ROLE_HEAD || role == GW_ROLE_ADMIN;
}

/* The first report's side of "mark_duplicate" (@link) and
 * "unmark_duplicate": the duplicate's id joins or leaves its list. */
GwCase *
gw_desk_rules_link_duplicate (GwCase      *head,
                              const char  *duplicate,
                              gboolean     link,
                              GError     **error)
{
  g_auto(GwCaseData) data = { 0 };

  g_return_val_if_fail (GW_IS_CASE (head), NULL);

  gw_case_data_copy (gw_case_get_data (head), &data);
  if (link && data.duplicate_of)
    return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("Case %s is itself a duplicate of %s"), data.id,
                 data.duplicate_of), NULL;
  if (link && data.status == GW_CASE_STATUS_REJECTED)
    return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("Case %s was rejected"), data.id), NULL;
  if (link && data.duplicates && g_strv_length (data.duplicates) >= GW_CASE_MAX_DUPLICATES)
    return fail (error, GW_CASE_RULES_ERROR_ILLEGAL, _("Case %s has %d duplicates already"), data.id,
                 GW_CASE_MAX_DUPLICATES), NULL;
  if (link)
    gw_case_data_add_id (&data.duplicates, duplicate);
  else
    gw_case_data_remove_id (&data.duplicates, duplicate);
  return gw_case_new (&data);
}

/* Telephone numbers — a caller's, a grid worker's — are the desk's to
 * see (and an admin's); others see them masked or not at all. */
gboolean
gw_desk_rules_may_see_phones (GwRole role)
{
  return role == GW_ROLE_DISPATCHER || role == GW_ROLE_ADMIN;
}

/* Whether the resident may be called back about the case now: closed,
 * not a duplicate, not yet visited since, and within the working days
 * the server allows. */
gboolean
gw_desk_rules_visit_is_open (const GwCaseData    *data,
                             const GwCaseContext *context)
{
  g_return_val_if_fail (data != NULL, FALSE);
  return data->status == GW_CASE_STATUS_CLOSED && check_visit_legal (data, context, NULL);
}

/* Whether a desk's action makes sense for the case beyond its status: a
 * duplicate is unmarked only when it is one, marked only when it is not. */
gboolean
gw_desk_rules_may_offer (const GwCaseData *data,
                         const char       *action)
{
  g_return_val_if_fail (data != NULL, FALSE);

  if (g_strcmp0 (action, "unmark_duplicate") == 0)
    return data->duplicate_of != NULL;
  if (g_strcmp0 (action, "mark_duplicate") == 0)
    return data->duplicate_of == NULL;
  return TRUE;
}
