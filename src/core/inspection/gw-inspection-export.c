/* gw-inspection-export.c: a plan told in words and in CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-inspection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-csv.h"
#include "gw-error.h"
#include "gw-inspection-plan-private.h"
#include "gw-ui-language.h"

/* ---- telling it ---- */

const char *
gw_inspection_department_label (const char *department)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "market", N_("Market Supervision") }, { "ecology", N_("Ecology and Environment") },
    { "emergency", N_("Emergency Management") }, { "agriculture", N_("Agriculture and Rural Affairs") },
    { "resources", N_("Natural Resources") }, { "transport", N_("Transport") },
    { "fire", N_("Fire and Rescue") }, { "health", N_("Health") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].id, department))
      return _(labels[i].label);
  return department;
}

/* Why @due is on a visit: its reason in words. */
char *
gw_inspection_plan_explain_due (GwInspectionPlan *self,
                                const GwPlanDue  *due)
{
  guint n_items;
  const GwInspectionItem *item = &gw_inspection_data_get_items (self->data, &n_items)[due->item];

  switch (due->reason)
    {
    case GW_DUE_DRAWN:
      return g_strdup (item->kind == GW_ITEM_RANDOM ? _("random-check item; the target was drawn")
                                                    : _("low risk, inspected only because the target was drawn"));
    case GW_DUE_REINSPECTION:
      return g_strdup (_("re-inspection of a rectification notice"));
    case GW_DUE_HIGH_RISK:
      return g_strdup_printf (_("high risk: %u of %u this period, twice the usual %u a year"), due->occurrence, due->of,
                              item->per_year);
    case GW_DUE_FREQUENCY:
    default:
      return g_strdup_printf (_("%u a year: %u of %u this period"), item->per_year, due->occurrence, due->of);
    }
}

/* For the planner and the task sheet: which items from which departments,
 * and why now. */
char *
gw_inspection_plan_explain (GwInspectionPlan  *self,
                            const GwPlanVisit *visit)
{
  guint n_items, n_targets;
  const GwInspectionItem *items = gw_inspection_data_get_items (self->data, &n_items);
  const GwInspectionTarget *target = &gw_inspection_data_get_targets (self->data, &n_targets)[visit->target];
  gboolean chinese = gw_ui_language_is_chinese (NULL);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("%s (%s), %s: led by %s."), target->name, target->id, gw_risk_label (target->risk),
                          gw_inspection_department_label (gw_inspection_data_get_departments (self->data)[visit->lead]));
  if (visit->drawn)
    g_string_append_printf (text, " %s", _("Drawn at random this time."));
  g_string_append_c (text, '\n');
  for (guint k = 0; k < visit->dues->len; k++)
    {
      const GwPlanDue *d = &g_array_index (visit->dues, GwPlanDue, k);
      const GwInspectionItem *item = &items[d->item];
      g_autofree char *from = gw_julian_to_string (d->from);
      g_autofree char *to = gw_julian_to_string (d->to - 1);
      g_autofree char *why = gw_inspection_plan_explain_due (self, d);

      /* Translators: item code, name, department, why, and the window */
      g_string_append_printf (text, _("• %s %s (%s): %s; due %s – %s\n"), item->code, chinese ? item->name : item->name_en,
                              gw_inspection_department_label (item->department), why, from, to);
    }
  return g_string_free (text, FALSE);
}

/* One row per item per visit, for spreadsheets. */
char *
gw_inspection_plan_to_csv (GwInspectionPlan *self)
{
  guint n_items, n_targets, n_inspectors;
  const GwInspectionItem *items = gw_inspection_data_get_items (self->data, &n_items);
  const GwInspectionTarget *targets = gw_inspection_data_get_targets (self->data, &n_targets);
  const GwInspector *inspectors = gw_inspection_data_get_inspectors (self->data, &n_inspectors);
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), NULL);

  g_string_append (out, "visit,date,target,name,address,risk,lead,team,item,department,item_name,basis,drawn\r\n");
  for (guint i = 0; i < self->visits->len; i++)
    {
      const GwPlanVisit *v = g_ptr_array_index (self->visits, i);
      const GwInspectionTarget *t = &targets[v->target];
      g_autofree char *day = gw_julian_to_string (v->day);
      g_autoptr(GString) team = g_string_new (NULL);
      char id[16];

      for (guint k = 0; k < v->inspectors->len; k++)
        g_string_append_printf (team, "%s%s", k ? "、" : "", inspectors[g_array_index (v->inspectors, guint, k)].name);
      g_snprintf (id, sizeof id, "%u", v->id);
      for (guint k = 0; k < v->dues->len; k++)
        {
          const GwInspectionItem *item = &items[g_array_index (v->dues, GwPlanDue, k).item];

          gw_csv_append_field (out, id);
          gw_csv_append_field (out, day);
          gw_csv_append_field (out, t->id);
          gw_csv_append_field (out, t->name);
          gw_csv_append_field (out, t->address);
          gw_csv_append_field (out, gw_risk_to_string (t->risk));
          gw_csv_append_field (out, gw_inspection_data_get_departments (self->data)[v->lead]);
          gw_csv_append_field (out, team->str);
          gw_csv_append_field (out, item->code);
          gw_csv_append_field (out, item->department);
          gw_csv_append_field (out, item->name);
          gw_csv_append_field (out, item->basis);
          gw_csv_append_field (out, v->drawn ? "yes" : "no");
          gw_csv_end_row (out);
        }
    }
  return g_string_free (out, FALSE);
}
