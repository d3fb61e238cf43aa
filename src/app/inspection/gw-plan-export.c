/* gw-plan-export.c: a joint-inspection plan and its task sheets on paper
 *
 * A4, with Pango for the Chinese text: a cover page with the window, the
 * seed of the draw (so anyone can redo it) and the figures, then one task
 * sheet per visit — target, day, team, and the merged checklist by
 * department with each item's legal basis and a box to tick.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-plan-export"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "gw-plan-export.h"
#include "gw-task-sheet.h"
#include "gw-ui-language.h"

#define PAGE_WIDTH 595.0     /* A4, in points */
#define PAGE_HEIGHT 842.0
#define MARGIN 48.0

typedef struct
{
  cairo_t *cr;
  double y;
} Page;

static double
text (Page       *page,
      const char *markup,
      double      size,
      double      indent)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (page->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Noto Sans CJK SC, Sans");
  int width, height;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (PAGE_WIDTH - 2 * MARGIN - indent) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_size (layout, &width, &height);
  /* A new page when this would not fit. */
  if (page->y + height / (double) PANGO_SCALE > PAGE_HEIGHT - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
  cairo_move_to (page->cr, MARGIN + indent, page->y);
  pango_cairo_show_layout (page->cr, layout);
  page->y += height / (double) PANGO_SCALE + size * 0.35;
  return page->y;
}

static void
cover (Page             *page,
       GwInspectionPlan *plan)
{
  const GwPlanOptions *o = gw_inspection_plan_get_options (plan);
  g_autofree char *from = gw_julian_to_string (o->from);
  g_autofree char *to = gw_julian_to_string (o->to - 1);
  g_autofree char *title = g_markup_printf_escaped ("<b>%s</b>", _("Joint Inspection Plan"));
  g_autofree char *window = g_markup_printf_escaped (_("From %s to %s"), from, to);
  g_autofree char *draw = NULL, *figures = NULL, *generated = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");
  GwInspectionFigures f;

  gw_inspection_plan_get_figures (plan, &f);
  draw = g_markup_printf_escaped (_("Random draw: %.0f%% of the targets, at least %u inspectors a visit, seed %u"),
                                  o->random_share * 100, o->team_size, o->seed);
  figures = g_markup_printf_escaped (_("%u joint visits instead of %u separate ones (%u saved); %u due items; joint-inspection rate %.0f%%"),
                                     f.visits, f.separate_visits, f.visits_saved, gw_inspection_plan_get_n_dues (plan),
                                     f.joint_rate * 100);
  generated = g_markup_printf_escaped (_("Generated %s"), now_text);
  text (page, title, 22, 0);
  text (page, window, 13, 0);
  text (page, draw, 11, 0);
  text (page, figures, 11, 0);
  text (page, generated, 9, 0);
  page->y += 12;
}

/* A label and its value side by side: the value's column starts at
 * VALUE_COLUMN, and the taller of the two sets the next line. */
#define VALUE_COLUMN 130.0

static void
field (Page       *page,
       const char *label,
       const char *value,
       double      indent)
{
  g_autofree char *name = g_markup_printf_escaped ("<span foreground='#555555'>%s</span>", label);
  g_autofree char *text_value = g_markup_escape_text (value ? value : "", -1);
  double top = page->y, after_value;

  text (page, text_value, 10, VALUE_COLUMN);
  after_value = page->y;
  /* The value may have opened a new page: the label goes beside it. */
  if (after_value < top)
    top = MARGIN;
  page->y = top;
  text (page, name, 10, indent);
  page->y = MAX (page->y, after_value);
}

static void
sheet_lines (Page              *page,
             GwInspectionPlan  *plan,
             const GwPlanVisit *visit)
{
  g_autoptr(GPtrArray) lines = gw_task_sheet_lines (plan, visit);

  for (guint i = 0; i < lines->len; i++)
    {
      const GwSheetLine *line = g_ptr_array_index (lines, i);
      g_autofree char *markup = NULL;

      switch (line->kind)
        {
        case GW_SHEET_SECTION:
          page->y += 6;
          markup = g_markup_printf_escaped ("<b>%s</b>", line->label);
          text (page, markup, 11.5, 0);
          cairo_set_line_width (page->cr, 0.5);
          cairo_move_to (page->cr, MARGIN, page->y - 3);
          cairo_line_to (page->cr, PAGE_WIDTH - MARGIN, page->y - 3);
          cairo_stroke (page->cr);
          break;
        case GW_SHEET_GROUP:
          markup = g_markup_printf_escaped ("<b>%s</b>", line->label);
          text (page, markup, 10.5, 8);
          break;
        case GW_SHEET_FIELD:
          field (page, line->label, line->value, 8);
          break;
        case GW_SHEET_ITEM:
          markup = g_markup_printf_escaped ("☐  %s", line->label);
          text (page, markup, 10, 14);
          g_free (markup);
          markup = g_markup_printf_escaped ("<span foreground='#444444'>%s\n%s</span>", line->value, line->detail);
          text (page, markup, 8.5, 30);
          break;
        case GW_SHEET_NOTE:
        default:
          markup = g_markup_printf_escaped ("<span foreground='#555555'>%s</span>", line->label);
          text (page, markup, 10, 8);
          break;
        }
    }
}

static void
task_sheet (Page              *page,
            GwInspectionPlan  *plan,
            const GwPlanVisit *visit)
{
  GwInspectionData *data = gw_inspection_plan_get_data (plan);
  guint n_targets;
  const GwInspectionTarget *t = &gw_inspection_data_get_targets (data, &n_targets)[visit->target];
  g_autofree char *day = gw_julian_to_string (visit->day);
  g_autofree char *heading = g_markup_printf_escaped ("<b>%s · %s</b>", day, t->name);

  /* A sheet starts on a page of its own when its heading and target would
   * not fit on this one. */
  if (page->y > PAGE_HEIGHT - MARGIN - 160)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
  text (page, heading, 14, 0);
  sheet_lines (page, plan, visit);
  page->y += 18;
}

/* The whole plan with @visit NULL, else that visit's task sheet alone. */
static gboolean
export_pdf (GwInspectionPlan  *plan,
            const GwPlanVisit *visit,
            GFile             *file,
            GError           **error)
{
  g_autofree char *path = g_file_get_path (file);
  cairo_surface_t *surface;
  cairo_status_t status;
  Page page = { NULL, MARGIN };

  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (plan), FALSE);

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("The plan can only be saved to a local file"));
      return FALSE;
    }
  surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  visit ? _("Joint Inspection Task Sheet") : _("Joint Inspection Plan"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gridwatch");
  page.cr = cairo_create (surface);
  cairo_set_source_rgb (page.cr, 0, 0, 0);

  if (visit)
    {
      g_autofree char *title = g_markup_printf_escaped ("<b>%s</b>", _("Joint Inspection Task Sheet"));
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");
      g_autofree char *generated = g_markup_printf_escaped (_("Generated %s"), now_text);

      text (&page, title, 20, 0);
      text (&page, generated, 9, 0);
      page.y += 6;
      task_sheet (&page, plan, visit);
    }
  else
    {
      cover (&page, plan);
      for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan); i++)
        task_sheet (&page, plan, gw_inspection_plan_get_visit (plan, i));
    }
  cairo_show_page (page.cr);

  status = cairo_status (page.cr);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_plan_export_pdf (GwInspectionPlan  *plan,
                    GFile             *file,
                    GError           **error)
{
  return export_pdf (plan, NULL, file, error);
}

gboolean
gw_plan_export_visit_pdf (GwInspectionPlan  *plan,
                          guint              visit_id,
                          GFile             *file,
                          GError           **error)
{
  GwPlanVisit *visit;

  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (plan), FALSE);

  if (!(visit = gw_inspection_plan_find_visit (plan, visit_id)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The plan has no visit %u"), visit_id);
      return FALSE;
    }
  return export_pdf (plan, visit, file, error);
}

gboolean
gw_plan_export_csv (GwInspectionPlan  *plan,
                    GFile             *file,
                    GError           **error)
{
  g_autofree char *csv = gw_inspection_plan_to_csv (plan);
  /* A byte-order mark: spreadsheet programs then read the Chinese right. */
  g_autofree char *with_bom = g_strconcat ("\xEF\xBB\xBF", csv, NULL);

  return g_file_replace_contents (file, with_bom, strlen (with_bom), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}
