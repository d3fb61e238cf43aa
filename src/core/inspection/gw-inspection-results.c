/* gw-inspection-results.c: findings, rectification notices, re-inspections
 *
 * An item that fails gets a rectification notice (整改通知) with a deadline
 * in working days, and the target gets a re-inspection visit after the
 * deadline, planned like any other (a working day, room for the
 * departments, a qualified team without conflicts). When the
 * re-inspection passes an item, its notice is closed; when it fails, a
 * new notice follows. The figures are the ones the lead department
 * reports: joint visits, visits saved, notices closed on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-inspection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-inspection-plan-private.h"
#include "gw-json.h"

/* A re-inspection has its month after the deadline. */
#define REINSPECTION_DAYS 30

static guint32
add_working_days (GwInspectionPlan *self,
                  guint32           day,
                  guint             n)
{
  while (n > 0 && day < self->options.to + 400)
    {
      day++;
      if (day >= self->options.to || gw_inspection_plan_is_working (self, day))
        n--;
    }
  return day;
}

/* A day and a team for a visit made after the plan: the first day in its
 * window that has both. */
gboolean
gw_inspection_plan_place (GwInspectionPlan *self,
                          GwPlanVisit      *visit,
                          GRand            *rand)
{
  guint departments = gw_inspection_plan_departments_of (self, visit);
  guint n;
  const GwInspector *inspectors = gw_inspection_data_get_inspectors (self->data, &n);

  for (guint32 day = visit->earliest; day <= visit->latest && day < self->options.to; day++)
    {
      g_autoptr(GArray) pool = g_array_new (FALSE, FALSE, sizeof (guint));
      gboolean lead = FALSE;

      if (!gw_inspection_plan_is_working (self, day) || !gw_inspection_plan_department_room (self, day, departments))
        continue;
      visit->day = day;
      g_array_set_size (visit->inspectors, 0);
      for (guint x = 0; x < n; x++)
        if (gw_inspection_plan_inspector_may (self, x, visit) &&
            *gw_inspection_plan_inspector_load (self, day, x) < self->options.inspector_capacity)
          g_array_append_val (pool, x);
      /* One of the lead department, then anyone who may. */
      for (guint pass = 0; pass < 2 && visit->inspectors->len < self->options.team_size; pass++)
        for (guint k = 0; k < pool->len && visit->inspectors->len < self->options.team_size; )
          {
            guint x = g_array_index (pool, guint, k);
            gboolean of_lead = gw_inspection_plan_department_index (self, inspectors[x].department) == visit->lead;

            if (pass == 0 && !of_lead)
              {
                k++;
                continue;
              }
            if (rand && g_rand_boolean (rand) && pool->len - k > self->options.team_size)
              {
                k++;
                continue;
              }
            g_array_append_val (visit->inspectors, x);
            g_array_remove_index (pool, k);
            lead |= of_lead;
            if (pass == 0)
              break;
          }
      if (lead && visit->inspectors->len >= self->options.team_size)
        {
          gw_inspection_plan_add_department_load (self, day, departments, 1);
          for (guint k = 0; k < visit->inspectors->len; k++)
            (*gw_inspection_plan_inspector_load (self, day, g_array_index (visit->inspectors, guint, k)))++;
          return TRUE;
        }
    }
  g_array_set_size (visit->inspectors, 0);
  visit->day = 0;
  return FALSE;
}

static guint
next_visit_id (GwInspectionPlan *self)
{
  guint id = 0;

  for (guint i = 0; i < self->visits->len; i++)
    id = MAX (id, ((GwPlanVisit *) g_ptr_array_index (self->visits, i))->id);
  return id + 1;
}

/* The notice a re-inspection of @item at @visit checks. */
static GwNotice *
notice_checked (GwInspectionPlan  *self,
                const GwPlanVisit *visit,
                guint              item)
{
  GwPlanVisit *origin = visit->reinspects ? gw_inspection_plan_find_visit (self, visit->reinspects) : NULL;

  for (guint k = 0; origin && k < origin->notices->len; k++)
    if (g_array_index (origin->notices, GwNotice, k).item == item &&
        g_array_index (origin->notices, GwNotice, k).reinspection == visit->id)
      return &g_array_index (origin->notices, GwNotice, k);
  return NULL;
}

/* @findings: [{"item": code, "passed": bool, "note": text}], one for each
 * item of the visit; once. */
gboolean
gw_inspection_plan_record_findings (GwInspectionPlan  *self,
                                    guint              visit_id,
                                    JsonArray         *findings,
                                    GError           **error)
{
  GwPlanVisit *visit;
  g_autoptr(GArray) failed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) recorded = gw_plan_findings_new ();
  guint n_items;
  const GwInspectionItem *items;

  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), FALSE);

  items = gw_inspection_data_get_items (self->data, &n_items);
  if (!(visit = gw_inspection_plan_find_visit (self, visit_id)))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("There is no visit %u"), visit_id);
      return FALSE;
    }
  if (visit->findings->len > 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("Visit %u's findings are already recorded"), visit_id);
      return FALSE;
    }
  for (guint k = 0; findings && k < json_array_get_length (findings); k++)
    {
      JsonObject *o = gw_json_node_get_object (json_array_get_element (findings, k));
      int item = gw_inspection_data_find_item (self->data, gw_json_object_get_string (o, "item"));
      gboolean in_visit = FALSE;
      GwFinding finding;

      for (guint d = 0; d < visit->dues->len && item >= 0; d++)
        in_visit |= g_array_index (visit->dues, GwPlanDue, d).item == (guint) item;
      for (guint r = 0; r < recorded->len && in_visit; r++)
        in_visit = g_array_index (recorded, GwFinding, r).item != (guint) item;
      if (!in_visit || !json_object_has_member (o, "passed"))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                       _("Finding %u is not for an item of visit %u, or says nothing of “passed”"), k + 1, visit_id);
          return FALSE;
        }
      finding = (GwFinding) { item, gw_json_object_get_bool (o, "passed", FALSE),
                              g_strdup (gw_json_object_get_string (o, "note")) };
      g_array_append_val (recorded, finding);
      if (!finding.passed)
        g_array_append_val (failed, finding.item);
    }
  if (recorded->len != visit->dues->len)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("Visit %u has %u items; %u findings were given"),
                   visit_id, visit->dues->len, recorded->len);
      return FALSE;
    }

  g_array_append_vals (visit->findings, recorded->data, recorded->len);
  /* The fields are now the visit's: the array must not free them. */
  g_array_set_clear_func (recorded, NULL);

  /* A re-inspection closes the notices whose items pass. */
  for (guint k = 0; k < visit->findings->len; k++)
    {
      const GwFinding *f = &g_array_index (visit->findings, GwFinding, k);
      GwNotice *notice = notice_checked (self, visit, f->item);

      if (notice && f->passed)
        notice->closed = visit->day;
    }

  /* What failed gets a notice, and the target a re-inspection. */
  if (failed->len > 0)
    {
      GwPlanVisit *again = g_new0 (GwPlanVisit, 1);
      guint32 deadline = add_working_days (self, visit->day, GW_NOTICE_WORKING_DAYS);

      again->id = next_visit_id (self);
      again->target = visit->target;
      again->earliest = deadline + 1;
      again->latest = deadline + REINSPECTION_DAYS;
      again->reinspects = visit->id;
      again->dues = g_array_new (FALSE, FALSE, sizeof (GwPlanDue));
      again->inspectors = g_array_new (FALSE, FALSE, sizeof (guint));
      again->findings = gw_plan_findings_new ();
      again->notices = g_array_new (FALSE, FALSE, sizeof (GwNotice));
      for (guint k = 0; k < failed->len; k++)
        {
          guint item = g_array_index (failed, guint, k);
          GwPlanDue due = { item, again->earliest, again->latest + 1, GW_DUE_REINSPECTION, 1, 1 };
          GwNotice notice = { item, visit->day, deadline, 0, again->id };

          g_array_append_val (again->dues, due);
          g_array_append_val (visit->notices, notice);
        }
      again->lead = gw_inspection_plan_department_index (self, items[g_array_index (failed, guint, 0)].department);
      /* Beyond the plan's end the next plan takes it up. */
      if (gw_inspection_plan_place (self, again, NULL))
        g_ptr_array_add (self->visits, again);
      else
        {
          for (guint k = 0; k < visit->notices->len; k++)
            if (g_array_index (visit->notices, GwNotice, k).reinspection == again->id)
              g_array_index (visit->notices, GwNotice, k).reinspection = 0;
          g_array_unref (again->dues);
          g_array_unref (again->inspectors);
          g_array_unref (again->findings);
          g_array_unref (again->notices);
          g_free (again);
        }
    }
  return TRUE;
}

void
gw_inspection_plan_get_figures (GwInspectionPlan    *self,
                                GwInspectionFigures *figures)
{
  g_return_if_fail (GW_IS_INSPECTION_PLAN (self));

  *figures = (GwInspectionFigures) { 0 };
  for (guint i = 0; i < self->visits->len; i++)
    {
      const GwPlanVisit *v = g_ptr_array_index (self->visits, i);
      guint departments = gw_inspection_plan_departments_of (self, v);

      for (guint k = 0; v->reinspects && k < v->notices->len; k++)
        {
          const GwNotice *n = &g_array_index (v->notices, GwNotice, k);

          figures->notices_issued++;
          figures->notices_closed += n->closed != 0;
          figures->notices_closed_on_time += n->closed != 0 && n->closed <= n->deadline + REINSPECTION_DAYS;
        }
      if (v->reinspects)
        continue;
      figures->visits++;
      figures->joint_visits += (departments & (departments - 1)) != 0;
      figures->visited += v->findings->len > 0;
      for (guint k = 0; k < v->notices->len; k++)
        {
          const GwNotice *n = &g_array_index (v->notices, GwNotice, k);

          figures->notices_issued++;
          figures->notices_closed += n->closed != 0;
          /* On time: passed at the first re-inspection, within its month. */
          figures->notices_closed_on_time += n->closed != 0 && n->closed <= n->deadline + REINSPECTION_DAYS;
        }
    }
  figures->separate_visits = self->separate_visits;
  figures->visits_saved = self->separate_visits > figures->visits ? self->separate_visits - figures->visits : 0;
  figures->joint_rate = figures->visits ? (double) figures->joint_visits / figures->visits : 0;
}
