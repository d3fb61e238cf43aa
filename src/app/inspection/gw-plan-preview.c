/* gw-plan-preview.c: what a planner reads before a plan is made
 *
 * Making a plan commits a county's departments for months; before it is
 * made the planner sees what it would be: the visits it makes of the due
 * items, how hard the busiest days and departments are loaded, the plans
 * already covering some of the same days (the same enterprises would be
 * visited twice), and the weekdays counted as working only because the
 * year's holidays are not known yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-plan-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-json.h"
#include "gw-plan-preview.h"

#define SHOWN_DEPARTMENTS 3

typedef struct
{
  guint department;
  guint visits;
} Joined;

static int
by_visits (gconstpointer a,
           gconstpointer b)
{
  const Joined *x = a, *y = b;

  return x->visits > y->visits ? -1 : x->visits < y->visits;
}

/* The departments that join most visits, with how many. */
static void
describe_departments (GwInspectionPlan *plan,
                      GString          *text)
{
  GwInspectionData *data = gw_inspection_plan_get_data (plan);
  const char * const *departments = gw_inspection_data_get_departments (data);
  guint n_departments = departments ? g_strv_length ((char **) departments) : 0, n_items;
  const GwInspectionItem *items = gw_inspection_data_get_items (data, &n_items);
  g_autoptr(GArray) joined = g_array_new (FALSE, TRUE, sizeof (Joined));

  g_array_set_size (joined, n_departments);
  for (guint d = 0; d < n_departments; d++)
    g_array_index (joined, Joined, d).department = d;
  for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan); i++)
    {
      GwPlanVisit *v = gw_inspection_plan_get_visit (plan, i);

      for (guint d = 0; d < n_departments; d++)
        for (guint k = 0; k < v->dues->len; k++)
          {
            guint item = g_array_index (v->dues, GwPlanDue, k).item;

            if (item < n_items && g_strcmp0 (items[item].department, departments[d]) == 0)
              {
                g_array_index (joined, Joined, d).visits++;
                break;
              }
          }
    }
  g_array_sort (joined, by_visits);
  for (guint d = 0; d < MIN (joined->len, SHOWN_DEPARTMENTS); d++)
    {
      const Joined *j = &g_array_index (joined, Joined, d);

      if (j->visits == 0)
        break;
      g_string_append_c (text, '\n');
      /* Translators: a department, and how many of the plan's visits it joins */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s joins %u visit", "%s joins %u visits", j->visits),
                              gw_inspection_department_label (departments[j->department]), j->visits);
    }
}

/* The busiest working day against the mean. */
static void
describe_days (GwInspectionPlan *plan,
               GString          *text)
{
  const GwPlanOptions *options = gw_inspection_plan_get_options (plan);
  g_autofree guint *load = g_new0 (guint, options->to - options->from);
  guint busiest = 0, days_used = 0, n = 0;

  for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan); i++)
    {
      guint32 day = gw_inspection_plan_get_visit (plan, i)->day;

      if (day >= options->from && day < options->to)
        n++, load[day - options->from]++;
    }
  for (guint32 d = 0; d < options->to - options->from; d++)
    {
      busiest = MAX (busiest, load[d]);
      days_used += load[d] > 0;
    }
  if (days_used == 0)
    return;
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Visits on %u days: %.1f a day on average, %u on the busiest."),
                          days_used, (double) n / days_used, busiest);
}

static void
describe_overlaps (JsonObject *answer,
                   GString    *text)
{
  JsonArray *overlaps = gw_json_object_get_array (answer, "overlaps");

  for (guint i = 0; overlaps && i < json_array_get_length (overlaps); i++)
    {
      JsonObject *o = gw_json_node_get_object (json_array_get_element (overlaps, i));

      if (o == NULL)
        continue;
      g_string_append (text, "\n\n");
      g_string_append_printf (text, _("It overlaps plan %u (%s to %s): enterprises in both may be visited twice."),
                              (guint) gw_json_object_get_int (o, "id", 0),
                              gw_json_object_get_string (o, "from") ? gw_json_object_get_string (o, "from") : "?",
                              gw_json_object_get_string (o, "to") ? gw_json_object_get_string (o, "to") : "?");
    }
}

static void
describe_calendar (JsonObject *answer,
                   GString    *text)
{
  JsonArray *years = gw_json_object_get_array (answer, "unknown_years");
  gint64 guessed = gw_json_object_get_int (answer, "days_assumed_working", 0);
  g_autoptr(GString) list = g_string_new (NULL);

  if (years == NULL || json_array_get_length (years) == 0 || guessed <= 0)
    return;
  for (guint i = 0; i < json_array_get_length (years); i++)
    {
      JsonNode *year = json_array_get_element (years, i);

      if (JSON_NODE_HOLDS_VALUE (year) && json_node_get_value_type (year) == G_TYPE_INT64)
        g_string_append_printf (list, "%s%" G_GINT64_FORMAT, list->len ? ", " : "", json_node_get_int (year));
    }
  g_string_append (text, "\n\n");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "The holidays of %s are not known yet: %u weekday is counted as working. "
                                             "Ask for the county’s calendar to be imported first.",
                                             "The holidays of %s are not known yet: %u weekdays are counted as working. "
                                             "Ask for the county’s calendar to be imported first.", (gulong) guessed),
                          list->str, (guint) guessed);
}

char *
gw_plan_preview_describe (GwInspectionPlan *plan,
                          JsonObject       *answer)
{
  const GwPlanOptions *options;
  g_autofree char *from = NULL, *last = NULL;
  GwInspectionFigures f;
  GString *text;

  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (plan), NULL);

  options = gw_inspection_plan_get_options (plan);
  gw_inspection_plan_get_figures (plan, &f);
  from = gw_julian_to_string (options->from);
  last = gw_julian_to_string (options->to - 1);
  text = g_string_new (NULL);
  g_string_append_printf (text, _("%s to %s: %u joint visits for %u due items, instead of %u separate visits."),
                          from, last, f.visits, gw_inspection_plan_get_n_dues (plan), f.separate_visits);
  describe_days (plan, text);
  describe_departments (plan, text);
  if (gw_inspection_plan_get_n_crowded (plan) > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u visit is on a day above 1.3 times the mean load.",
                                                 "%u visits are on days above 1.3 times the mean load.",
                                                 gw_inspection_plan_get_n_crowded (plan)),
                              gw_inspection_plan_get_n_crowded (plan));
    }
  if (answer)
    {
      describe_overlaps (answer, text);
      describe_calendar (answer, text);
    }
  return g_string_free (text, FALSE);
}
