/* gw-task-sheet.c: one visit's task sheet, as lines that the screen and
 * the printed page both lay out
 *
 * What a team takes to the enterprise: whom they visit and where, on
 * which day and within which window, who goes, each department's items
 * with the legal basis to cite, and who was kept off for a conflict of
 * interest. The planning page shows these lines in a grid; the PDF
 * (gw-plan-export.c) prints the same ones, so the two never differ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-task-sheet"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-task-sheet.h"
#include "gw-ui-language.h"

static void
line_free (gpointer data)
{
  GwSheetLine *line = data;

  g_free (line->label);
  g_free (line->value);
  g_free (line->detail);
  g_free (line);
}

/* Takes @value and @detail. */
static void
add (GPtrArray       *lines,
     GwSheetLineKind  kind,
     const char      *label,
     char            *value,
     char            *detail)
{
  GwSheetLine *line = g_new0 (GwSheetLine, 1);

  line->kind = kind;
  line->label = g_strdup (label);
  line->value = value;
  line->detail = detail;
  g_ptr_array_add (lines, line);
}

static void
add_target (GPtrArray                *lines,
            const GwInspectionTarget *t)
{
  add (lines, GW_SHEET_SECTION, _("Target"), NULL, NULL);
  add (lines, GW_SHEET_FIELD, _("Name"), g_strdup (t->name), NULL);
  add (lines, GW_SHEET_FIELD, _("Address"), g_strdup (t->address && *t->address ? t->address : "—"), NULL);
  add (lines, GW_SHEET_FIELD, _("Credit code"), g_strdup (t->credit_code && *t->credit_code ? t->credit_code : "—"), NULL);
  add (lines, GW_SHEET_FIELD, _("Risk"), g_strdup (gw_risk_label (t->risk)), NULL);
}

static void
add_visit (GPtrArray         *lines,
           GwInspectionPlan  *plan,
           const GwPlanVisit *visit)
{
  const char * const *departments = gw_inspection_data_get_departments (gw_inspection_plan_get_data (plan));
  g_autofree char *earliest = gw_julian_to_string (visit->earliest);
  g_autofree char *latest = gw_julian_to_string (visit->latest);

  add (lines, GW_SHEET_SECTION, _("Visit"), NULL, NULL);
  add (lines, GW_SHEET_FIELD, _("Date"), gw_julian_to_string (visit->day), NULL);
  /* Translators: the first and last day every item of a visit allows */
  add (lines, GW_SHEET_FIELD, _("Window"), g_strdup_printf (_("%s – %s"), earliest, latest), NULL);
  add (lines, GW_SHEET_FIELD, _("Led by"), g_strdup (gw_inspection_department_label (departments[visit->lead])), NULL);
  add (lines, GW_SHEET_FIELD, _("Chosen"), g_strdup (visit->drawn ? _("Drawn at random") : _("Due by the catalogue")),
       NULL);
}

static void
add_team (GPtrArray          *lines,
          const GwPlanVisit  *visit,
          const GwInspector  *inspectors)
{
  add (lines, GW_SHEET_SECTION, _("Inspectors"), NULL, NULL);
  for (guint k = 0; k < visit->inspectors->len; k++)
    {
      const GwInspector *x = &inspectors[g_array_index (visit->inspectors, guint, k)];

      add (lines, GW_SHEET_FIELD, x->name, g_strdup (gw_inspection_department_label (x->department)), NULL);
    }
  if (visit->inspectors->len == 0)
    add (lines, GW_SHEET_NOTE, _("Nobody assigned yet"), NULL, NULL);
}

/* The merged checklist, department by department, in the catalogue's
 * order of departments. */
static void
add_items (GPtrArray         *lines,
           GwInspectionPlan  *plan,
           const GwPlanVisit *visit)
{
  GwInspectionData *data = gw_inspection_plan_get_data (plan);
  const char * const *departments = gw_inspection_data_get_departments (data);
  gboolean chinese = gw_ui_language_is_chinese (NULL);
  guint n_items;
  const GwInspectionItem *items = gw_inspection_data_get_items (data, &n_items);

  add (lines, GW_SHEET_SECTION, _("Departments and Items"), NULL, NULL);
  for (guint d = 0; departments[d]; d++)
    {
      gboolean heading = FALSE;

      for (guint k = 0; k < visit->dues->len; k++)
        {
          const GwPlanDue *due = &g_array_index (visit->dues, GwPlanDue, k);
          const GwInspectionItem *item = &items[due->item];
          g_autofree char *why = NULL, *from = NULL, *to = NULL, *label = NULL;

          if (!g_str_equal (item->department, departments[d]))
            continue;
          if (!heading)
            add (lines, GW_SHEET_GROUP, gw_inspection_department_label (departments[d]), NULL, NULL);
          heading = TRUE;
          why = gw_inspection_plan_explain_due (plan, due);
          from = gw_julian_to_string (due->from);
          to = gw_julian_to_string (due->to - 1);
          label = g_strdup_printf ("%s %s", item->code, chinese || !item->name_en ? item->name : item->name_en);
          add (lines, GW_SHEET_ITEM, label,
               /* Translators: an item's legal basis on the task sheet */
               g_strdup_printf (_("Basis: %s"), item->basis && *item->basis ? item->basis : "—"),
               /* Translators: why an item is due, and its window */
               g_strdup_printf (_("%s; due %s – %s"), why, from, to));
        }
    }
}

/* Inspectors of the visit's departments who must not inspect this target. */
static void
add_conflicts (GPtrArray                *lines,
               const GwInspectionTarget *t,
               const GwInspector        *inspectors,
               guint                     n_inspectors)
{
  guint found = 0;

  add (lines, GW_SHEET_SECTION, _("Conflicts of Interest"), NULL, NULL);
  for (guint x = 0; x < n_inspectors; x++)
    if (inspectors[x].conflicts && g_strv_contains ((const char * const *) inspectors[x].conflicts, t->id))
      {
        /* Translators: an inspector's department, on the task sheet's list of recusals */
        add (lines, GW_SHEET_FIELD, inspectors[x].name,
             g_strdup_printf (_("%s — recused, not on this team"), gw_inspection_department_label (inspectors[x].department)),
             NULL);
        found++;
      }
  if (found == 0)
    add (lines, GW_SHEET_NOTE, _("None declared for this target"), NULL, NULL);
}

GPtrArray *
gw_task_sheet_lines (GwInspectionPlan  *plan,
                     const GwPlanVisit *visit)
{
  GwInspectionData *data = gw_inspection_plan_get_data (plan);
  guint n_targets, n_inspectors;
  const GwInspectionTarget *t = &gw_inspection_data_get_targets (data, &n_targets)[visit->target];
  const GwInspector *inspectors = gw_inspection_data_get_inspectors (data, &n_inspectors);
  GPtrArray *lines = g_ptr_array_new_with_free_func (line_free);

  add_target (lines, t);
  add_visit (lines, plan, visit);
  add_team (lines, visit, inspectors);
  add_items (lines, plan, visit);
  add_conflicts (lines, t, inspectors, n_inspectors);
  return lines;
}
