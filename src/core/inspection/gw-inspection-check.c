/* gw-inspection-check.c: whether a plan keeps every rule, and moving its visits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-inspection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-inspection-plan-private.h"

/* ---- keeping it right ---- */

static void
add_violation (GPtrArray  *violations,
               const char *format,
               ...) G_GNUC_PRINTF (2, 3);

static void
add_violation (GPtrArray  *violations,
               const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (violations, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Everything that breaks a rule, one sentence each; empty when the plan
 * keeps them all. */
GPtrArray *
gw_inspection_plan_check (GwInspectionPlan *self)
{
  GPtrArray *violations = g_ptr_array_new_with_free_func (g_free);
  guint n_targets, n_items, n_inspectors;
  const GwInspectionTarget *targets;
  const GwInspector *inspectors;
  guint days, cap;
  g_autofree guint *department_load = NULL;
  g_autofree guint *inspector_load = NULL;
  g_autofree guint *visits_by = NULL;       /* target × department */
  g_autoptr(GHashTable) covered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), violations);

  targets = gw_inspection_data_get_targets (self->data, &n_targets);
  gw_inspection_data_get_items (self->data, &n_items);
  inspectors = gw_inspection_data_get_inspectors (self->data, &n_inspectors);
  days = self->options.to - self->options.from;
  cap = gw_inspection_plan_per_window (self, self->options.max_per_department);
  department_load = g_new0 (guint, days * self->n_departments);
  inspector_load = g_new0 (guint, (gsize) days * MAX (n_inspectors, 1));
  visits_by = g_new0 (guint, (gsize) MAX (n_targets, 1) * self->n_departments);

  for (guint i = 0; i < self->visits->len; i++)
    {
      const GwPlanVisit *v = g_ptr_array_index (self->visits, i);
      const GwInspectionTarget *t = &targets[v->target];
      g_autofree char *day = gw_julian_to_string (v->day);
      guint departments = gw_inspection_plan_departments_of (self, v);
      gboolean lead_present = FALSE;

      if (!gw_inspection_plan_is_working (self, v->day))
        add_violation (violations, _("Visit %u to %s is on %s, not a working day in the plan"), v->id, t->id, day);
      for (guint k = 0; k < v->dues->len; k++)
        {
          const GwPlanDue *d = &g_array_index (v->dues, GwPlanDue, k);
          g_autofree char *key = g_strdup_printf ("%u/%u/%u", v->target, d->item, d->occurrence);

          if (v->day < d->from || v->day >= d->to)
            add_violation (violations, _("Visit %u to %s on %s is outside the window of item %s"), v->id, t->id, day,
                           gw_inspection_data_get_items (self->data, &n_items)[d->item].code);
          /* Re-inspections follow notices, not the catalogue. */
          if (d->reason == GW_DUE_REINSPECTION)
            continue;
          if (!g_hash_table_add (covered, g_steal_pointer (&key)))
            add_violation (violations, _("Item %s of %s is in more than one visit"),
                           gw_inspection_data_get_items (self->data, &n_items)[d->item].code, t->id);
        }
      if (v->day >= self->options.from && v->day < self->options.to)
        for (guint dep = 0; dep < self->n_departments; dep++)
          if (departments & (1u << dep))
            {
              department_load[(v->day - self->options.from) * self->n_departments + dep]++;
              visits_by[v->target * self->n_departments + dep] += v->reinspects == 0;
            }
      if (v->inspectors->len < self->options.team_size)
        add_violation (violations, _("Visit %u to %s has %u inspectors, fewer than %u"), v->id, t->id,
                       v->inspectors->len, self->options.team_size);
      for (guint k = 0; k < v->inspectors->len; k++)
        {
          guint x = g_array_index (v->inspectors, guint, k);

          if (g_strv_contains ((const char * const *) inspectors[x].conflicts, t->id))
            add_violation (violations, _("%s must recuse from %s (visit %u)"), inspectors[x].name, t->id, v->id);
          if (!g_strv_contains ((const char * const *) inspectors[x].qualifications, t->category))
            add_violation (violations, _("%s is not qualified for %s (visit %u)"), inspectors[x].name, t->category, v->id);
          if (!(departments & (1u << gw_inspection_plan_department_index (self, inspectors[x].department))))
            add_violation (violations, _("%s's department takes no part in visit %u"), inspectors[x].name, v->id);
          lead_present |= gw_inspection_plan_department_index (self, inspectors[x].department) == v->lead;
          if (v->day >= self->options.from && v->day < self->options.to &&
              ++inspector_load[(gsize) (v->day - self->options.from) * n_inspectors + x] == self->options.inspector_capacity + 1)
            add_violation (violations, _("%s has more than %u visits on %s"), inspectors[x].name,
                           self->options.inspector_capacity, day);
        }
      if (v->inspectors->len > 0 && !lead_present)
        add_violation (violations, _("Visit %u to %s has nobody of its lead department"), v->id, t->id);
    }

  for (guint d = 0; d < days; d++)
    for (guint dep = 0; dep < self->n_departments; dep++)
      if (department_load[d * self->n_departments + dep] > self->options.department_capacity)
        {
          g_autofree char *day = gw_julian_to_string (self->options.from + d);

          add_violation (violations, _("%s joins %u visits on %s, more than %u"),
                         gw_inspection_data_get_departments (self->data)[dep],
                         department_load[d * self->n_departments + dep], day, self->options.department_capacity);
        }
  for (guint t = 0; t < n_targets; t++)
    for (guint dep = 0; dep < self->n_departments; dep++)
      if (visits_by[t * self->n_departments + dep] > cap)
        add_violation (violations, _("%s visits %s %u times, more than %u"), gw_inspection_data_get_departments (self->data)[dep],
                       targets[t].id, visits_by[t * self->n_departments + dep], cap);

  /* Every due item in a visit: the due list is recomputed. */
  for (guint t = 0; t < n_targets; t++)
    {
      g_autoptr(GArray) dues = gw_inspection_plan_dues_of (self, t);

      for (guint k = 0; k < dues->len; k++)
        {
          const GwPlanDue *d = &g_array_index (dues, GwPlanDue, k);
          g_autofree char *key = g_strdup_printf ("%u/%u/%u", t, d->item, d->occurrence);

          /* What may wait for the next plan is not missing. */
          if (!g_hash_table_remove (covered, key) && !d->deferrable)
            add_violation (violations, _("Item %s of %s is due but in no visit"),
                           gw_inspection_data_get_items (self->data, &n_items)[d->item].code, targets[t].id);
        }
    }
  if (g_hash_table_size (covered) > 0)
    add_violation (violations, _("%u items are in visits though not due"), g_hash_table_size (covered));

  return violations;
}

/* A planner drags a visit to another day: refused, with the reason, if
 * that breaks a rule. */
gboolean
gw_inspection_plan_move_visit (GwInspectionPlan  *self,
                               guint              id,
                               guint32            day,
                               GError           **error)
{
  GwPlanVisit *v;
  g_autofree char *day_text = gw_julian_to_string (day);
  guint departments, n_inspectors;
  const GwInspector *inspectors;

  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), FALSE);

  if (!(v = gw_inspection_plan_find_visit (self, id)))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("There is no visit %u"), id);
      return FALSE;
    }
  if (day == v->day)
    return TRUE;
  if (!gw_inspection_plan_is_working (self, day))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("%s is not a working day in the plan"), day_text);
      return FALSE;
    }
  if (day < v->earliest || day > v->latest)
    {
      g_autofree char *earliest = gw_julian_to_string (v->earliest);
      g_autofree char *latest = gw_julian_to_string (v->latest);

      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("Its items must be inspected between %s and %s"), earliest, latest);
      return FALSE;
    }
  departments = gw_inspection_plan_departments_of (self, v);
  if (!gw_inspection_plan_department_room (self, day, departments))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("A department taking part already has %u visits on %s"), self->options.department_capacity, day_text);
      return FALSE;
    }
  inspectors = gw_inspection_data_get_inspectors (self->data, &n_inspectors);
  for (guint k = 0; k < v->inspectors->len; k++)
    {
      guint x = g_array_index (v->inspectors, guint, k);

      if (*gw_inspection_plan_inspector_load (self, day, x) >= self->options.inspector_capacity)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                       _("%s already has %u visits on %s"), inspectors[x].name, self->options.inspector_capacity, day_text);
          return FALSE;
        }
    }

  gw_inspection_plan_add_department_load (self, v->day, departments, -1);
  gw_inspection_plan_add_department_load (self, day, departments, 1);
  for (guint k = 0; k < v->inspectors->len; k++)
    {
      (*gw_inspection_plan_inspector_load (self, v->day, g_array_index (v->inspectors, guint, k)))--;
      (*gw_inspection_plan_inspector_load (self, day, g_array_index (v->inspectors, guint, k)))++;
    }
  v->day = day;
  return TRUE;
}

