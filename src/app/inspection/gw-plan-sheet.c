/* gw-plan-sheet.c: a plan's overview, or one visit's task sheet
 *
 * Beside the calendar. With no visit chosen it gives the plan's figures
 * (visits against separate inspections, results, notices) and how many
 * enterprises stand where today, in the map's colours. With a visit, its
 * task sheet (gw-task-sheet.c, as it prints): target, visit, team, each
 * department's items with their legal basis, conflicts of interest; once the visit's day has come, the form for its findings; after,
 * what was found and the rectification notices it brought. Its buttons
 * activate the planning page's actions, so the keyboard and the tests
 * drive the same code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-plan-sheet"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-plan-sheet.h"
#include "gw-task-sheet.h"
#include "gw-target-layer.h"
#include "gw-ui-language.h"

struct _GwPlanSheet
{
  GtkWidget parent_instance;

  GtkWidget *box;
  guint visit_id;
  GPtrArray *form;              /* of FormRow */
};

typedef struct
{
  char *item;
  GtkCheckButton *passed;
  GtkEntry *note;
} FormRow;

G_DEFINE_FINAL_TYPE (GwPlanSheet, gw_plan_sheet, GTK_TYPE_WIDGET)

static void
form_row_free (gpointer data)
{
  FormRow *row = data;

  g_free (row->item);
  g_free (row);
}

static const char *
item_label (const GwInspectionItem *item)
{
  return gw_ui_language_is_chinese (NULL) ? item->name : item->name_en;
}

static GtkWidget *
add_label (GwPlanSheet *self,
           const char  *markup,
           const char  *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (self->box), label);
  return label;
}

static void
add_heading (GwPlanSheet *self,
             const char  *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  add_label (self, markup, "heading");
}

static void
add_figure (GtkGrid    *grid,
            int         row,
            const char *name,
            const char *value)
{
  GtkWidget *n = gtk_label_new (name), *v = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (n), 0);
  gtk_label_set_xalign (GTK_LABEL (v), 1);
  gtk_widget_set_hexpand (n, TRUE);
  gtk_widget_add_css_class (n, "dim-label");
  gtk_widget_add_css_class (v, "numeric");
  gtk_grid_attach (grid, n, 0, row, 1, 1);
  gtk_grid_attach (grid, v, 1, row, 1, 1);
}

static void
add_figure_uint (GtkGrid    *grid,
                 int         row,
                 const char *name,
                 guint       value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  add_figure (grid, row, name, text);
}

/* ---- the plan ---- */

static void
show_overview (GwPlanSheet      *self,
               GwInspectionPlan *plan,
               gint64            plan_id,
               guint32           today)
{
  const GwPlanOptions *options = gw_inspection_plan_get_options (plan);
  GwInspectionData *data = gw_inspection_plan_get_data (plan);
  GwInspectionFigures f;
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  g_autofree char *from = gw_julian_to_string (options->from);
  g_autofree char *to = gw_julian_to_string (options->to - 1);
  g_autofree char *title = NULL, *rate = NULL, *saved = NULL, *on_time = NULL;
  g_autofree GwTargetStatus *statuses = NULL;
  guint counts[GW_TARGET_N_STATUSES] = { 0 }, n_targets, row = 0;

  gw_inspection_plan_get_figures (plan, &f);
  title = g_markup_printf_escaped (_("<big><b>Plan %u</b></big>\n%s – %s, seed %u"), (guint) plan_id, from, to, options->seed);
  add_label (self, title, NULL);

  gtk_grid_set_row_spacing (grid, 4);
  gtk_grid_set_column_spacing (grid, 12);
  rate = g_strdup_printf ("%.0f%%", 100 * f.joint_rate);
  saved = g_strdup_printf ("%u (%.0f%%)", f.visits_saved, f.separate_visits ? 100.0 * f.visits_saved / f.separate_visits : 0.0);
  on_time = g_strdup_printf ("%u / %u", f.notices_closed_on_time, f.notices_closed);
  add_figure_uint (grid, row++, _("Visits"), f.visits);
  add_figure (grid, row++, _("Joint-inspection rate"), rate);
  add_figure_uint (grid, row++, _("Had each department gone alone"), f.separate_visits);
  add_figure (grid, row++, _("Visits saved"), saved);
  add_figure_uint (grid, row++, _("Due items"), gw_inspection_plan_get_n_dues (plan));
  add_figure_uint (grid, row++, _("Left to the next plan"), gw_inspection_plan_get_n_deferred (plan));
  add_figure_uint (grid, row++, _("Visits made"), f.visited);
  add_figure_uint (grid, row++, _("Rectification notices issued"), f.notices_issued);
  add_figure (grid, row++, _("Closed on time / closed"), on_time);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (grid));

  add_heading (self, _("Enterprises today"));
  gw_inspection_data_get_targets (data, &n_targets);
  statuses = g_new (GwTargetStatus, n_targets);
  gw_inspection_plan_target_statuses (plan, today, statuses, NULL);
  for (guint i = 0; i < n_targets; i++)
    counts[statuses[i]]++;
  for (int status = GW_TARGET_N_STATUSES - 1; status >= 0; status--)
    {
      g_autofree char *swatch = gw_target_status_swatch (status);
      g_autofree char *count = g_markup_printf_escaped ("%s: <b>%u</b>", gw_target_status_label (status), counts[status]);
      g_autofree char *markup = g_strdup_printf ("%s %s", swatch, count);

      add_label (self, markup, NULL);
    }
  add_label (self, _("In the calendar: high-risk enterprises in bold with a red bar, random draws dashed, ✓ visits made, ↻ re-inspections. Drag a visit to another day to move it."),
             "dim-label");
  add_label (self, _("Choose a visit to see its task sheet."), "dim-label");
}

/* ---- a visit ---- */

static void
on_record_clicked (GwPlanSheet *self)
{
  GVariantBuilder findings;

  g_variant_builder_init (&findings, G_VARIANT_TYPE ("a(sbs)"));
  for (guint i = 0; i < self->form->len; i++)
    {
      FormRow *row = g_ptr_array_index (self->form, i);

      g_variant_builder_add (&findings, "(sbs)", row->item, gtk_check_button_get_active (row->passed),
                             gtk_editable_get_text (GTK_EDITABLE (row->note)));
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "planning.record", "(u@a(sbs))", self->visit_id,
                              g_variant_builder_end (&findings));
}

static void
add_findings_form (GwPlanSheet       *self,
                   GwInspectionPlan  *plan,
                   const GwPlanVisit *visit)
{
  guint n_items;
  const GwInspectionItem *items = gw_inspection_data_get_items (gw_inspection_plan_get_data (plan), &n_items);
  GtkWidget *button;

  add_heading (self, _("Findings"));
  add_label (self, _("Untick an item that failed and say what was found; a rectification notice follows."), "dim-label");
  for (guint k = 0; k < visit->dues->len; k++)
    {
      const GwInspectionItem *item = &items[g_array_index (visit->dues, GwPlanDue, k).item];
      g_autofree char *text = g_strdup_printf ("%s %s", item->code, item_label (item));
      FormRow *row = g_new0 (FormRow, 1);
      GtkWidget *label = gtk_label_new (text);

      row->item = g_strdup (item->code);
      row->passed = GTK_CHECK_BUTTON (gtk_check_button_new ());
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_check_button_set_child (row->passed, label);
      gtk_check_button_set_active (row->passed, TRUE);
      row->note = GTK_ENTRY (gtk_entry_new ());
      gtk_entry_set_placeholder_text (row->note, _("What was found"));
      gtk_widget_set_margin_start (GTK_WIDGET (row->note), 28);
      g_object_bind_property (row->passed, "active", row->note, "visible", G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
      gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (row->passed));
      gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (row->note));
      g_ptr_array_add (self->form, row);
    }
  button = gtk_button_new_with_mnemonic (_("_Record Findings"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_record_clicked), self);
  gtk_box_append (GTK_BOX (self->box), button);
}

static void
add_results (GwPlanSheet       *self,
             GwInspectionPlan  *plan,
             const GwPlanVisit *visit,
             guint32            today)
{
  guint n_items;
  const GwInspectionItem *items = gw_inspection_data_get_items (gw_inspection_plan_get_data (plan), &n_items);

  add_heading (self, _("Findings"));
  for (guint k = 0; k < visit->findings->len; k++)
    {
      const GwFinding *f = &g_array_index (visit->findings, GwFinding, k);
      g_autofree char *markup = g_markup_printf_escaped ("%s %s %s%s%s", f->passed ? "✓" : "✗", items[f->item].code,
                                                         item_label (&items[f->item]), f->note && *f->note ? " — " : "",
                                                         f->note ? f->note : "");

      add_label (self, markup, f->passed ? NULL : "error");
    }
  if (visit->notices->len == 0)
    return;
  add_heading (self, _("Rectification notices"));
  for (guint k = 0; k < visit->notices->len; k++)
    {
      const GwNotice *n = &g_array_index (visit->notices, GwNotice, k);
      g_autofree char *deadline = gw_julian_to_string (n->deadline);
      g_autofree char *closed = n->closed ? gw_julian_to_string (n->closed) : NULL;
      GwPlanVisit *again = n->reinspection ? gw_inspection_plan_find_visit (plan, n->reinspection) : NULL;
      g_autofree char *again_day = again ? gw_julian_to_string (again->day) : NULL;
      g_autofree char *state = NULL, *markup = NULL;

      if (closed)
        state = g_strdup_printf (_("closed on %s"), closed);
      else if (today > n->deadline && again == NULL)
        state = g_strdup (_("open past its deadline; the next plan re-inspects it"));
      else if (again)
        state = g_strdup_printf (today > n->deadline ? _("open past its deadline; re-inspection on %s")
                                                     : _("open; re-inspection on %s"), again_day);
      else
        state = g_strdup (_("open; the next plan re-inspects it"));
      /* Translators: item code and name, deadline, state */
      markup = g_markup_printf_escaped (_("%s %s: rectify by %s, %s"), items[n->item].code, item_label (&items[n->item]),
                                        deadline, state);
      add_label (self, markup, !closed && today > n->deadline ? "error" : NULL);
      if (again)
        {
          GtkWidget *open = gtk_button_new_with_label (_("Open the Re-inspection"));

          gtk_widget_set_halign (open, GTK_ALIGN_START);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "planning.select");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "u", again->id);
          gtk_box_append (GTK_BOX (self->box), open);
        }
    }
}

/* The task sheet's lines (gw-task-sheet.c) in a grid: sections as
 * headings, fields and items in two columns, as the printed sheet has
 * them. */
static void
add_sheet_lines (GwPlanSheet       *self,
                 GwInspectionPlan  *plan,
                 const GwPlanVisit *visit)
{
  g_autoptr(GPtrArray) lines = gw_task_sheet_lines (plan, visit);
  GtkGrid *grid = NULL;
  int row = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const GwSheetLine *line = g_ptr_array_index (lines, i);
      g_autofree char *markup = NULL;
      GtkWidget *label;

      if (line->kind == GW_SHEET_SECTION)
        {
          add_heading (self, line->label);
          grid = GTK_GRID (gtk_grid_new ());
          gtk_grid_set_row_spacing (grid, 4);
          gtk_grid_set_column_spacing (grid, 12);
          gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (grid));
          row = 0;
          continue;
        }
      if (grid == NULL)
        continue;
      switch (line->kind)
        {
        case GW_SHEET_GROUP:
          markup = g_markup_printf_escaped ("<b>%s</b>", line->label);
          break;
        case GW_SHEET_FIELD:
          label = gtk_label_new (line->label);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_yalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "dim-label");
          gtk_grid_attach (grid, label, 0, row, 1, 1);
          markup = g_markup_escape_text (line->value ? line->value : "", -1);
          break;
        case GW_SHEET_ITEM:
          label = gtk_label_new ("☐");
          gtk_label_set_yalign (GTK_LABEL (label), 0);
          gtk_grid_attach (grid, label, 0, row, 1, 1);
          markup = g_markup_printf_escaped ("%s\n<small>%s\n%s</small>", line->label, line->value, line->detail);
          break;
        case GW_SHEET_SECTION:
        case GW_SHEET_NOTE:
        default:
          markup = g_markup_printf_escaped ("<i>%s</i>", line->label);
          break;
        }
      label = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      if (line->kind == GW_SHEET_FIELD || line->kind == GW_SHEET_ITEM)
        gtk_grid_attach (grid, label, 1, row++, 1, 1);
      else
        gtk_grid_attach (grid, label, 0, row++, 2, 1);
    }
}

static void
show_visit (GwPlanSheet       *self,
            GwInspectionPlan  *plan,
            const GwPlanVisit *visit,
            guint32            today,
            gboolean           may_record)
{
  GwInspectionData *data = gw_inspection_plan_get_data (plan);
  guint n_targets;
  const GwInspectionTarget *t = &gw_inspection_data_get_targets (data, &n_targets)[visit->target];
  g_autofree char *day = gw_julian_to_string (visit->day);
  g_autofree char *title = NULL;
  GtkWidget *buttons, *map_button, *export_button;

  title = g_markup_printf_escaped ("<big><b>%s</b></big>\n%s", _("Task Sheet"), t->name);
  add_label (self, title, NULL);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  map_button = gtk_button_new_with_mnemonic (_("Show on _Map"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (map_button), "planning.show-target");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (map_button), "u", visit->target);
  export_button = gtk_button_new_with_mnemonic (_("_Export as PDF…"));
  gtk_widget_set_tooltip_text (export_button, _("Save this task sheet as a PDF to print and hand to the team"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export_button), "planning.export");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (export_button), "s", "visit");
  gtk_box_append (GTK_BOX (buttons), map_button);
  gtk_box_append (GTK_BOX (buttons), export_button);
  gtk_box_append (GTK_BOX (self->box), buttons);

  add_sheet_lines (self, plan, visit);

  if (visit->findings->len > 0)
    add_results (self, plan, visit, today);
  else if (visit->day > today)
    {
      g_autofree char *text = g_strdup_printf (_("Findings are recorded from %s, the day of the visit."), day);

      add_label (self, text, "dim-label");
    }
  else if (may_record)
    add_findings_form (self, plan, visit);
  else
    add_label (self, _("No findings recorded yet."), "dim-label");
}

void
gw_plan_sheet_show (GwPlanSheet      *self,
                    GwInspectionPlan *plan,
                    gint64            plan_id,
                    guint             visit_id,
                    guint32           today,
                    gboolean          may_record)
{
  GwPlanVisit *visit;
  GtkWidget *child;

  g_return_if_fail (GW_IS_PLAN_SHEET (self));

  while ((child = gtk_widget_get_first_child (self->box)))
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->form, 0);
  self->visit_id = visit_id;

  if (plan == NULL)
    add_label (self, _("No inspection plan yet."), "dim-label");
  else if (visit_id && (visit = gw_inspection_plan_find_visit (plan, visit_id)))
    show_visit (self, plan, visit, today, may_record);
  else
    show_overview (self, plan, plan_id, today);
}

static void
gw_plan_sheet_dispose (GObject *object)
{
  GwPlanSheet *self = (GwPlanSheet *) object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->form, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_plan_sheet_parent_class)->dispose (object);
}

static void
gw_plan_sheet_class_init (GwPlanSheetClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_plan_sheet_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "gw-plan-sheet");
}

static void
gw_plan_sheet_init (GwPlanSheet *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->form = g_ptr_array_new_with_free_func (form_row_free);
}
