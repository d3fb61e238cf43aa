/* gw-inspection-plan-json.c: a plan as the town server keeps and sends it
 *
 * Targets, items and inspectors travel by their ids and codes; a plan
 * read back checks that each still exists, and rebuilds the loads so
 * that moves are checked as against the plan computed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-inspection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-inspection-plan-private.h"
#include "gw-json.h"

static const char * const reason_names[] = { "frequency", "high_risk", "drawn", "reinspection" };

static void
add_day (JsonBuilder *b,
         const char  *member,
         guint32      julian)
{
  g_autofree char *text = gw_julian_to_string (julian);

  gw_json_builder_add_string (b, member, text);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

JsonNode *
gw_inspection_plan_to_json (GwInspectionPlan *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n_targets, n_items, n_inspectors;
  const GwInspectionTarget *targets;
  const GwInspectionItem *items;
  const GwInspector *inspectors;
  const char * const *departments;

  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), NULL);

  targets = gw_inspection_data_get_targets (self->data, &n_targets);
  items = gw_inspection_data_get_items (self->data, &n_items);
  inspectors = gw_inspection_data_get_inspectors (self->data, &n_inspectors);
  departments = gw_inspection_data_get_departments (self->data);

  json_builder_begin_object (b);
  add_day (b, "from", self->options.from);
  add_day (b, "to", self->options.to);
  add_int (b, "seed", self->options.seed);
  json_builder_set_member_name (b, "random_share");
  json_builder_add_double_value (b, self->options.random_share);
  add_int (b, "max_per_department", self->options.max_per_department);
  add_int (b, "department_capacity", self->options.department_capacity);
  add_int (b, "inspector_capacity", self->options.inspector_capacity);
  add_int (b, "team_size", self->options.team_size);
  json_builder_set_member_name (b, "figures");
  json_builder_begin_object (b);
  add_int (b, "visits", self->visits->len);
  add_int (b, "due_items", self->n_dues);
  add_int (b, "lower_bound", self->lower_bound);
  add_int (b, "separate_visits", self->separate_visits);
  add_int (b, "deferred_items", self->n_deferred);
  add_int (b, "crowded_visits", self->n_crowded);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "drawn");
  json_builder_begin_array (b);
  for (guint t = 0; t < n_targets; t++)
    if (self->drawn[t])
      json_builder_add_string_value (b, targets[t].id);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "visits");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->visits->len; i++)
    {
      const GwPlanVisit *v = g_ptr_array_index (self->visits, i);

      json_builder_begin_object (b);
      add_int (b, "id", v->id);
      gw_json_builder_add_string (b, "target", targets[v->target].id);
      add_day (b, "day", v->day);
      add_day (b, "earliest", v->earliest);
      add_day (b, "latest", v->latest);
      gw_json_builder_add_string (b, "lead", departments[v->lead]);
      json_builder_set_member_name (b, "drawn");
      json_builder_add_boolean_value (b, v->drawn);
      json_builder_set_member_name (b, "inspectors");
      json_builder_begin_array (b);
      for (guint k = 0; k < v->inspectors->len; k++)
        json_builder_add_string_value (b, inspectors[g_array_index (v->inspectors, guint, k)].id);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
      for (guint k = 0; k < v->dues->len; k++)
        {
          const GwPlanDue *d = &g_array_index (v->dues, GwPlanDue, k);

          json_builder_begin_object (b);
          gw_json_builder_add_string (b, "item", items[d->item].code);
          add_day (b, "from", d->from);
          add_day (b, "to", d->to);
          gw_json_builder_add_string (b, "reason", reason_names[d->reason]);
          add_int (b, "occurrence", d->occurrence);
          add_int (b, "of", d->of);
          json_builder_set_member_name (b, "deferrable");
          json_builder_add_boolean_value (b, d->deferrable);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      add_int (b, "reinspects", v->reinspects);
      json_builder_set_member_name (b, "findings");
      json_builder_begin_array (b);
      for (guint k = 0; k < v->findings->len; k++)
        {
          const GwFinding *f = &g_array_index (v->findings, GwFinding, k);

          json_builder_begin_object (b);
          gw_json_builder_add_string (b, "item", items[f->item].code);
          json_builder_set_member_name (b, "passed");
          json_builder_add_boolean_value (b, f->passed);
          gw_json_builder_add_string (b, "note", f->note);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "notices");
      json_builder_begin_array (b);
      for (guint k = 0; k < v->notices->len; k++)
        {
          const GwNotice *n = &g_array_index (v->notices, GwNotice, k);

          json_builder_begin_object (b);
          gw_json_builder_add_string (b, "item", items[n->item].code);
          add_day (b, "issued", n->issued);
          add_day (b, "deadline", n->deadline);
          if (n->closed)
            add_day (b, "closed", n->closed);
          add_int (b, "reinspection", n->reinspection);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
read_visit (GwInspectionPlan  *self,
            JsonObject        *o,
            GError           **error)
{
  g_autoptr(GArray) dues = g_array_new (FALSE, FALSE, sizeof (GwPlanDue));
  g_autoptr(GArray) team = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonArray *items = gw_json_object_get_array (o, "items");
  JsonArray *inspectors = gw_json_object_get_array (o, "inspectors");
  int target = gw_inspection_data_find_target (self->data, gw_json_object_get_string (o, "target"));
  guint32 day = gw_julian_from_string (gw_json_object_get_string (o, "day"));
  GwPlanVisit *visit;

  if (target < 0 || items == NULL || inspectors == NULL || day < self->options.from || day >= self->options.to)
    return gw_json_fail (error, _("a visit names an unknown target or a day outside the plan")), FALSE;
  for (guint k = 0; k < json_array_get_length (items); k++)
    {
      JsonObject *d = gw_json_node_get_object (json_array_get_element (items, k));
      GwPlanDue due = { 0 };
      int item = gw_inspection_data_find_item (self->data, gw_json_object_get_string (d, "item"));
      const char *reason = gw_json_object_get_string (d, "reason");

      if (item < 0)
        return gw_json_fail (error, _("a visit names an unknown item")), FALSE;
      due.item = item;
      due.from = gw_julian_from_string (gw_json_object_get_string (d, "from"));
      due.to = gw_julian_from_string (gw_json_object_get_string (d, "to"));
      due.occurrence = gw_json_object_get_int (d, "occurrence", 1);
      due.of = gw_json_object_get_int (d, "of", 1);
      due.deferrable = gw_json_object_get_bool (d, "deferrable", FALSE);
      for (guint r = 0; r < G_N_ELEMENTS (reason_names); r++)
        if (g_strcmp0 (reason, reason_names[r]) == 0)
          due.reason = r;
      g_array_append_val (dues, due);
    }
  for (guint k = 0; k < json_array_get_length (inspectors); k++)
    {
      int x = gw_inspection_data_find_inspector (self->data, json_array_get_string_element (inspectors, k));

      if (x < 0)
        return gw_json_fail (error, _("a visit names an unknown inspector")), FALSE;
      g_array_append_vals (team, &(guint) { x }, 1);
    }

  visit = g_new0 (GwPlanVisit, 1);
  visit->id = gw_json_object_get_int (o, "id", self->visits->len + 1);
  visit->target = target;
  visit->day = day;
  visit->earliest = gw_julian_from_string (gw_json_object_get_string (o, "earliest"));
  visit->latest = gw_julian_from_string (gw_json_object_get_string (o, "latest"));
  visit->lead = gw_inspection_plan_department_index (self, gw_json_object_get_string (o, "lead") ? gw_json_object_get_string (o, "lead") : "");
  visit->drawn = gw_json_object_get_bool (o, "drawn", FALSE);
  visit->dues = g_steal_pointer (&dues);
  visit->inspectors = g_steal_pointer (&team);
  visit->findings = gw_plan_findings_new ();
  visit->notices = g_array_new (FALSE, FALSE, sizeof (GwNotice));
  visit->reinspects = gw_json_object_get_int (o, "reinspects", 0);
  g_ptr_array_add (self->visits, visit);
  if ((items = gw_json_object_get_array (o, "findings")))
    for (guint k = 0; k < json_array_get_length (items); k++)
      {
        JsonObject *f = gw_json_node_get_object (json_array_get_element (items, k));
        int item = gw_inspection_data_find_item (self->data, gw_json_object_get_string (f, "item"));
        GwFinding finding = { MAX (item, 0), gw_json_object_get_bool (f, "passed", FALSE),
                              g_strdup (gw_json_object_get_string (f, "note")) };

        if (item >= 0)
          g_array_append_val (visit->findings, finding);
        else
          g_free (finding.note);
      }
  if ((items = gw_json_object_get_array (o, "notices")))
    for (guint k = 0; k < json_array_get_length (items); k++)
      {
        JsonObject *n = gw_json_node_get_object (json_array_get_element (items, k));
        int item = gw_inspection_data_find_item (self->data, gw_json_object_get_string (n, "item"));
        GwNotice notice = {
          MAX (item, 0), gw_julian_from_string (gw_json_object_get_string (n, "issued")),
          gw_julian_from_string (gw_json_object_get_string (n, "deadline")),
          gw_julian_from_string (gw_json_object_get_string (n, "closed")),
          gw_json_object_get_int (n, "reinspection", 0),
        };

        if (item >= 0)
          g_array_append_val (visit->notices, notice);
      }

  gw_inspection_plan_add_department_load (self, day, gw_inspection_plan_departments_of (self, visit), 1);
  for (guint k = 0; k < visit->inspectors->len; k++)
    (*gw_inspection_plan_inspector_load (self, day, g_array_index (visit->inspectors, guint, k)))++;
  return TRUE;
}

/* @calendar: the working days the plan was made on, or NULL. */
GwInspectionPlan *
gw_inspection_plan_new_from_json (GwInspectionData  *data,
                                  GwWorkCalendar    *calendar,
                                  JsonNode          *node,
                                  GError           **error)
{
  g_autoptr(GwInspectionPlan) self = NULL;
  JsonObject *obj = gw_json_node_get_object (node);
  JsonObject *figures;
  JsonArray *visits, *drawn;
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;

  g_return_val_if_fail (GW_IS_INSPECTION_DATA (data), NULL);

  if (obj == NULL || !(visits = gw_json_object_get_array (obj, "visits")))
    return gw_json_fail (error, _("an inspection plan has no visits"));
  options.from = gw_julian_from_string (gw_json_object_get_string (obj, "from"));
  options.to = gw_julian_from_string (gw_json_object_get_string (obj, "to"));
  options.seed = gw_json_object_get_int (obj, "seed", 1);
  gw_json_object_get_number (obj, "random_share", &options.random_share);
  options.max_per_department = gw_json_object_get_int (obj, "max_per_department", options.max_per_department);
  options.department_capacity = gw_json_object_get_int (obj, "department_capacity", options.department_capacity);
  options.inspector_capacity = gw_json_object_get_int (obj, "inspector_capacity", options.inspector_capacity);
  options.team_size = gw_json_object_get_int (obj, "team_size", options.team_size);
  options.calendar = calendar;
  if (options.from == 0 || options.to <= options.from || options.to - options.from > 366 * 2)
    return gw_json_fail (error, _("an inspection plan has no valid window"));

  self = gw_inspection_plan_new_empty (data, &options);
  figures = gw_json_node_get_object (json_object_get_member (obj, "figures"));
  self->n_dues = gw_json_object_get_int (figures, "due_items", 0);
  self->lower_bound = gw_json_object_get_int (figures, "lower_bound", 0);
  self->separate_visits = gw_json_object_get_int (figures, "separate_visits", 0);
  self->n_deferred = gw_json_object_get_int (figures, "deferred_items", 0);
  self->n_crowded = gw_json_object_get_int (figures, "crowded_visits", 0);
  if ((drawn = gw_json_object_get_array (obj, "drawn")))
    for (guint i = 0; i < json_array_get_length (drawn); i++)
      {
        int t = gw_inspection_data_find_target (data, json_array_get_string_element (drawn, i));

        if (t >= 0)
          self->drawn[t] = TRUE;
      }
  for (guint i = 0; i < json_array_get_length (visits); i++)
    if (!read_visit (self, gw_json_node_get_object (json_array_get_element (visits, i)), error))
      return NULL;
  return g_steal_pointer (&self);
}
