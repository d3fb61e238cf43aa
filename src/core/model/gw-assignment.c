/* gw-assignment.c: whom to give a case to, and why
 *
 * The grid's own workers come first, then those of the same community;
 * being on duty counts for a worker and being known off duty against; so
 * do open workload and distance from the last known location. The
 * department the category names (its lead department in the territorial
 * list) is suggested too, above anyone who is neither of the grid nor of
 * its community; the departments that work with it come after it. Every suggestion says why,
 * because the dispatcher decides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-assignment"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-assignment.h"

#define OWN_GRID 100
#define SAME_AREA 40
#define ON_DUTY 30
#define OFF_DUTY (-50)
#define PER_OPEN_CASE (-8)
#define PER_KILOMETRE (-10)
#define MAX_DISTANCE_PENALTY (-40)
#define DEPARTMENT 55
#define COOPERATING_DEPARTMENT 35

void
gw_suggestion_free (GwSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->assignee);
  g_free (suggestion->name);
  g_free (suggestion->reasons);
  g_free (suggestion);
}

static double
distance_m (double lat1,
            double lon1,
            double lat2,
            double lon2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 6371000.0 * 2 * atan2 (sqrt (a), sqrt (1 - a));
}

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const GwSuggestion *sa = *(GwSuggestion **) a, *sb = *(GwSuggestion **) b;

  if (sa->score != sb->score)
    return sa->score > sb->score ? -1 : 1;
  return g_strcmp0 (sa->assignee, sb->assignee);
}

static GwSuggestion *
department_suggestion (const GwDepartmentRef *department,
                       int                    score,
                       const char            *reason)
{
  GwSuggestion *s = g_new0 (GwSuggestion, 1);

  s->assignee = g_strdup_printf ("department:%s", department->id);
  s->name = g_strdup (department->name ? department->name : department->id);
  s->score = score;
  s->reasons = g_strdup (reason);
  return s;
}

GPtrArray *
gw_assignment_rank (const GwCaseData      *kase,
                    const GwWorkerState   *workers,
                    guint                  n_workers,
                    const GwDepartmentRef *lead,
                    const GwDepartmentRef *cooperating,
                    guint                  n_cooperating)
{
  GPtrArray *ranked = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_suggestion_free);

  for (guint i = 0; i < n_workers; i++)
    {
      const GwWorkerState *w = &workers[i];
      g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
      GwSuggestion *s = g_new0 (GwSuggestion, 1);

      s->assignee = g_strdup_printf ("worker:%s", gw_worker_get_id (w->worker));
      s->name = g_strdup (gw_worker_get_name (w->worker));

      if (w->nearness == GW_NEARNESS_OWN_GRID)
        {
          s->score += OWN_GRID;
          g_ptr_array_add (reasons, g_strdup (_("Works this grid")));
        }
      else if (w->nearness == GW_NEARNESS_NEIGHBOUR)
        {
          s->score += SAME_AREA;
          g_ptr_array_add (reasons, g_strdup (_("Works a grid next to it")));
        }

      if (w->on_duty_known)
        {
          s->score += w->on_duty ? ON_DUTY : OFF_DUTY;
          g_ptr_array_add (reasons, g_strdup (w->on_duty ? _("On duty") : _("Off duty")));
        }

      s->score += PER_OPEN_CASE * (int) w->open_cases;
      g_ptr_array_add (reasons, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open case", "%u open cases",
                                                              w->open_cases), w->open_cases));

      if (w->location_known)
        {
          double metres = distance_m (kase->lat, kase->lon, w->lat, w->lon);

          s->score += MAX ((int) round (PER_KILOMETRE * metres / 1000.0), MAX_DISTANCE_PENALTY);
          g_ptr_array_add (reasons, metres < 1000 ? g_strdup_printf (_("%.0f m away"), metres)
                                                  : g_strdup_printf (_("%.1f km away"), metres / 1000.0));
        }

      g_ptr_array_add (reasons, NULL);
      s->reasons = g_strjoinv (" · ", (char **) reasons->pdata);
      g_ptr_array_add (ranked, s);
    }

  if (lead && lead->id)
    g_ptr_array_add (ranked, department_suggestion (lead, DEPARTMENT, _("Responsible for this category")));
  for (guint i = 0; i < n_cooperating; i++)
    if (cooperating[i].id && !(lead && g_strcmp0 (lead->id, cooperating[i].id) == 0))
      g_ptr_array_add (ranked, department_suggestion (&cooperating[i], COOPERATING_DEPARTMENT,
                                                      _("Works with the lead department on this category")));

  g_ptr_array_sort (ranked, compare_suggestions);
  return ranked;
}

void
gw_assignment_spread (const GwWorkerState *workers,
                      guint                n_workers,
                      guint                n_cases,
                      guint               *choice)
{
  g_autofree guint *load = g_new (guint, MAX (n_workers, 1));

  g_return_if_fail (n_workers > 0 || n_cases == 0);

  for (guint w = 0; w < n_workers; w++)
    load[w] = workers[w].open_cases;

  for (guint c = 0; c < n_cases; c++)
    {
      guint best = 0;

      for (guint w = 1; w < n_workers; w++)
        if (load[w] < load[best])
          best = w;
      choice[c] = best;
      load[best]++;
    }
}
