/* gw-review-export.c: the leader review as a PDF report
 *
 * One implementation for the app's export and for gridwatch-report: it
 * needs cairo and Pango, not GTK, and speaks the process's language.
 *
 * A4 landscape, the way review meetings print them: the title, the
 * period and the one it is compared with, when it was made, the headline
 * figures with their changes, the map as it was on the screen, the
 * units' on-time closing rates as bars and the days' cases received and
 * closed; then the table of every unit, one line a row, its header
 * repeated on each page. Every page after the first opens with the
 * title and period, and every page ends with when it was made and
 * "page N of M". Text is set with Pango, so it stays text in the PDF (searchable,
 * and what `pdftotext` reads); charts are drawn with cairo.
 *
 * The report is made in memory and then replaces the file in one step:
 * a full disk leaves the old file as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-review-export"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "gw-category.h"
#include "gw-department.h"
#include "gw-grid.h"
#include "gw-review-export.h"
#include "gw-ui-language.h"

#define PAGE_WIDTH 842.0     /* A4 landscape, in points */
#define PAGE_HEIGHT 595.0
#define MARGIN 36.0
#define MAX_BARS 16
#define ROW_HEIGHT 13.0
#define NAME_WIDTH 130.0
#define TABLE_FONT 7.5
#define FOOTER_TOP (PAGE_HEIGHT - MARGIN + 8)
/* Fewer days than this draw no trend: two bars say nothing. */
#define MIN_TREND_DAYS 7

typedef struct
{
  cairo_t *cr;              /* the page being drawn */
  double y;
  GwReview *review;
  GHashTable *names;
  const char *title;
  GPtrArray *pages;         /* cairo recording surfaces, one a page */
} Report;

static PangoLayout *
new_layout (cairo_t    *cr,
            double      size,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Noto Sans CJK SC, Sans");

  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  /* Figures of one width, in regular and bold alike: columns of numbers
   * line up. */
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attributes);
  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

/* Text at (x, y); returns its height. @align: 0 left, 1 right of x. */
static double
show_text (cairo_t    *cr,
           const char *markup,
           double      size,
           double      x,
           double      y,
           double      width,
           double      align)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, size, width);
  int w, h;

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w / (double) PANGO_SCALE, y);
  pango_cairo_show_layout (cr, layout);
  return h / (double) PANGO_SCALE;
}

/* One line at (x, y) that never wraps: cut with an ellipsis at @width. */
static void
show_cell (cairo_t    *cr,
           const char *markup,
           double      size,
           double      x,
           double      y,
           double      width)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, size, 0);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
line (Report     *report,
      const char *markup,
      double      size)
{
  report->y += show_text (report->cr, markup, size, MARGIN, report->y, PAGE_WIDTH - 2 * MARGIN, 0) + size * 0.4;
}

static const char *
name_of (Report            *report,
         const GwReviewRow *row)
{
  const char *name = row->key ? g_hash_table_lookup (report->names, row->key) : _("Total");

  return name ? name : row->key;
}

/* "78.5% (+2.1)": a figure and its change from the period before. */
static char *
figure_with_change (const GwReviewColumn *column,
                    const GwReviewRow    *row)
{
  g_autofree char *value = gw_review_format_value (column, column->value (row->now));
  g_autofree char *change = gw_review_format_change (column, row);

  return change ? g_strdup_printf ("%s (%s)", value, change) : g_steal_pointer (&value);
}

static char *
period_markup (GwReview *review)
{
  GwReviewPeriod *p = review->period;
  g_autofree char *range = gw_review_format_range (p->from, p->to);
  g_autofree char *before = gw_review_format_range (p->before_from, p->before_to);

  return g_markup_printf_escaped (_("Period: %s, compared with %s"), range, before);
}

static void
heading (Report *report)
{
  g_autofree char *title_markup = g_markup_printf_escaped ("<b>%s</b>", report->title);
  g_autofree char *period = period_markup (report->review);
  const char *headline[] = { "received", "closed", "on_time_closing_rate", "closing_rate", "overdue",
                             "mean_hours_to_close" };
  g_autoptr(GString) figures = g_string_new (NULL);

  line (report, title_markup, 20);
  line (report, period, 11);
  for (guint i = 0; i < G_N_ELEMENTS (headline); i++)
    {
      const GwReviewColumn *column = gw_review_find_column (headline[i]);
      g_autofree char *figure = figure_with_change (column, report->review->total);
      g_autofree char *item = g_markup_printf_escaped ("%s <b>%s</b>", _(column->title), figure);

      g_string_append_printf (figures, "%s%s", i ? " · " : "", item);
    }
  line (report, figures->str, 10.5);
  report->y += 4;
}

static void
draw_map (Report          *report,
          cairo_surface_t *map,
          double           x,
          double           y,
          double           width,
          double           height)
{
  cairo_t *cr = report->cr;
  int tw, th;
  double scale;

  cairo_save (cr);
  if (map)
    {
      tw = cairo_image_surface_get_width (map);
      th = cairo_image_surface_get_height (map);
      /* All of it, at the top of the box and as wide as it may be: the
       * picture's own shape, with no bands around it. */
      scale = MIN (width / tw, height / th);
      cairo_translate (cr, x, y);
      cairo_scale (cr, scale, scale);
      cairo_rectangle (cr, 0, 0, tw, th);
      cairo_clip (cr);
      cairo_set_source_surface (cr, map, 0, 0);
      cairo_paint (cr);
      cairo_reset_clip (cr);
      cairo_rectangle (cr, 0, 0, tw, th);
      cairo_set_line_width (cr, 0.75 / scale);
      cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
      cairo_stroke (cr);
    }
  else
    {
      cairo_rectangle (cr, x, y, width, height);
      cairo_set_source_rgb (cr, 0.96, 0.96, 0.95);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_text (cr, _("The map was not on the screen when the report was made."), 9, x + 8, y + 8, width - 16, 0);
    }
  cairo_restore (cr);
}

static void
draw_bars (Report *report,
           double  x,
           double  y,
           double  width)
{
  cairo_t *cr = report->cr;
  const GwReviewColumn *on_time = gw_review_find_column ("on_time_closing_rate");
  g_autoptr(GPtrArray) ranked = gw_review_rank_on_time (report->review);
  g_autofree char *title = g_markup_printf_escaped ("<b>%s</b>", _("On-time closing rate"));
  double label_width = 110, value_width = 48, bar_room = width - label_width - value_width - 8;
  guint shown = MIN (ranked->len, MAX_BARS);

  y += show_text (cr, title, 10, x, y, width, 0) + 4;
  for (guint i = 0; i < shown; i++)
    {
      const GwReviewRow *row = g_ptr_array_index (ranked, i);
      double rate = on_time->value (row->now);
      g_autofree char *name = g_markup_escape_text (name_of (report, row), -1);
      g_autofree char *value = gw_review_format_value (on_time, rate);

      cairo_set_source_rgb (cr, 0, 0, 0);
      show_text (cr, name, 8, x, y, label_width - 4, 0);
      cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
      cairo_rectangle (cr, x + label_width, y + 2, bar_room, ROW_HEIGHT - 5);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.208, 0.518, 0.894);
      cairo_rectangle (cr, x + label_width, y + 2, bar_room * CLAMP (rate, 0, 1), ROW_HEIGHT - 5);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_text (cr, value, 8, x + width, y, 0, 1);
      y += ROW_HEIGHT;
    }
  if (ranked->len > shown)
    {
      /* Translators: under a chart that shows only the best units */
      g_autofree char *more = g_markup_printf_escaped (_("and %u more in the table"), ranked->len - shown);

      show_text (cr, more, 8, x, y, width, 0);
    }
}

static guint
day_count (GArray *days,
           guint   d)
{
  return days && d < days->len ? g_array_index (days, guint, d) : 0;
}

static void
draw_trend (Report *report,
            double  x,
            double  y,
            double  width,
            double  height)
{
  cairo_t *cr = report->cr;
  GwReview *review = report->review;
  guint n_days = review->received_per_day->len, max = 1;
  g_autofree char *title = g_markup_printf_escaped ("<b>%s</b>  <span foreground='#3584e4'>■</span> %s  "
                                                    "<span foreground='#2ec27e'>■</span> %s  ▬ %s",
                                                    _("Cases a day"), _("Received"), _("Closed"),
                                                    _("Received, period before"));
  double top, bottom, slot;
  char text[32];

  for (guint d = 0; d < n_days; d++)
    max = MAX (max, MAX (day_count (review->received_per_day, d),
                         MAX (day_count (review->closed_per_day, d), day_count (review->received_before, d))));
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (n_days < MIN_TREND_DAYS)
    {
      g_autofree char *heading = g_markup_printf_escaped ("<b>%s</b>", _("Cases a day"));
      g_autofree char *too_short = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "Only %u day of the period so far: too few to draw a "
                                                                 "trend or compare it with the period before.",
                                                                 "Only %u days of the period so far: too few to draw a "
                                                                 "trend or compare them with the period before.",
                                                                 n_days), n_days);

      y += show_text (cr, heading, 10, x, y, width, 0) + 6;
      show_text (cr, too_short, 9, x, y, width, 0);
      return;
    }
  top = y + show_text (cr, title, 10, x, y, width, 0) + 6;
  bottom = y + height - 12;
  if (bottom - top < 20)
    return;
  slot = (width - 24) / n_days;
  g_snprintf (text, sizeof text, "%u", max);
  show_text (cr, text, 7, x + 20, top - 4, 0, 1);
  show_text (cr, "0", 7, x + 20, bottom - 8, 0, 1);
  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  cairo_rectangle (cr, x + 24, bottom, width - 24, 0.5);
  cairo_fill (cr);
  for (guint d = 0; d < n_days; d++)
    {
      double cx = x + 24 + d * slot, column = MAX (0.5, slot * 0.35), scale = (bottom - top) / max;
      guint received = day_count (review->received_per_day, d), closed = day_count (review->closed_per_day, d);

      cairo_set_source_rgb (cr, 0.208, 0.518, 0.894);
      cairo_rectangle (cr, cx + slot * 0.12, bottom - received * scale, column, received * scale);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.180, 0.761, 0.494);
      cairo_rectangle (cr, cx + slot * 0.12 + column, bottom - closed * scale, column, closed * scale);
      cairo_fill (cr);
      if (d < review->received_before->len)
        {
          cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
          cairo_rectangle (cr, cx + slot * 0.05, bottom - day_count (review->received_before, d) * scale - 0.75,
                           slot * 0.9, 1.5);
          cairo_fill (cr);
        }
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  {
    g_autoptr(GDateTime) last = g_date_time_add_days (review->period->from, n_days - 1);
    g_autofree char *first_day = g_date_time_format (review->period->from, "%F");
    g_autofree char *last_day = g_date_time_format (last, "%F");

    show_text (cr, first_day, 7, x + 24, bottom + 2, 0, 0);
    show_text (cr, last_day, 7, x + width, bottom + 2, 0, 1);
  }
}

/* ---- pages ---- */

/* A page after the first opens with the report's title and period: a
 * loose sheet still says what it is. */
static void
running_header (Report *report)
{
  g_autofree char *period = period_markup (report->review);
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", report->title);
  g_autofree char *both = g_strdup_printf ("%s    %s", markup, period);

  show_cell (report->cr, both, 9, MARGIN, report->y, PAGE_WIDTH - 2 * MARGIN);
  report->y += 16;
  cairo_rectangle (report->cr, MARGIN, report->y - 3, PAGE_WIDTH - 2 * MARGIN, 0.4);
  cairo_fill (report->cr);
  report->y += 4;
}

/* Pages are recorded first and laid on the PDF at the end, when their
 * number is known for every footer. */
static void
begin_page (Report *report)
{
  cairo_rectangle_t extents = { 0, 0, PAGE_WIDTH, PAGE_HEIGHT };
  cairo_surface_t *page = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);

  g_clear_pointer (&report->cr, cairo_destroy);
  g_ptr_array_add (report->pages, page);
  report->cr = cairo_create (page);
  cairo_set_source_rgb (report->cr, 0, 0, 0);
  report->y = MARGIN;
  if (report->pages->len > 1)
    running_header (report);
}

static void
footer (cairo_t    *cr,
        const char *generated,
        guint       page,
        guint       n_pages)
{
  /* Translators: the footer of every page of the review report */
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page, n_pages);

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_rectangle (cr, MARGIN, FOOTER_TOP - 2, PAGE_WIDTH - 2 * MARGIN, 0.4);
  cairo_fill (cr);
  show_cell (cr, generated, 7.5, MARGIN, FOOTER_TOP, PAGE_WIDTH / 2);
  show_text (cr, number, 7.5, PAGE_WIDTH - MARGIN, FOOTER_TOP, 0, 1);
}

/* ---- the table ---- */

static void
table_header (Report               *report,
              const GwReviewColumn *columns,
              guint                 n,
              double                column_width)
{
  double x = MARGIN + NAME_WIDTH, height = 0;
  g_autofree char *unit = g_markup_printf_escaped ("<b>%s</b>", _("Unit"));

  cairo_set_source_rgb (report->cr, 0, 0, 0);
  show_text (report->cr, unit, TABLE_FONT, MARGIN, report->y, NAME_WIDTH, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = NULL;

      if (!gw_review_shows_column (report->review->by, &columns[i]))
        continue;
      title = g_markup_printf_escaped ("<b>%s</b>", _(columns[i].title));
      height = MAX (height, show_text (report->cr, title, TABLE_FONT, x, report->y, column_width - 4, 0));
      x += column_width;
    }
  report->y += MAX (height, ROW_HEIGHT) + 3;
  cairo_rectangle (report->cr, MARGIN, report->y - 2, PAGE_WIDTH - 2 * MARGIN, 0.6);
  cairo_fill (report->cr);
}

/* One line a row, whatever the text: a row is never split or wrapped. */
static void
table_row (Report               *report,
           const GwReviewRow    *row,
           const GwReviewColumn *columns,
           guint                 n,
           double                column_width,
           gboolean              total)
{
  g_autofree char *name = g_markup_escape_text (name_of (report, row), -1);
  g_autofree char *name_markup = g_strdup_printf (total ? "<b>%s</b>" : "%s", name);
  double x = MARGIN + NAME_WIDTH;

  if (total)
    {
      cairo_rectangle (report->cr, MARGIN, report->y, PAGE_WIDTH - 2 * MARGIN, 0.4);
      cairo_fill (report->cr);
      report->y += 1;
    }
  show_cell (report->cr, name_markup, TABLE_FONT, MARGIN, report->y, NAME_WIDTH - 4);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *change = NULL;
      g_autofree char *markup = NULL;

      if (!gw_review_shows_column (report->review->by, &columns[i]))
        continue;
      value = gw_review_format_value (&columns[i], columns[i].value (row->now));
      change = gw_review_format_change (&columns[i], row);
      markup = change ? g_markup_printf_escaped (total ? "<b>%s</b> <span size='smaller' foreground='#555555'>%s</span>"
                                                       : "%s <span size='smaller' foreground='#555555'>%s</span>",
                                                 value, change)
                      : g_markup_printf_escaped (total ? "<b>%s</b>" : "%s", value);
      show_cell (report->cr, markup, TABLE_FONT, x, report->y, column_width - 3);
      x += column_width;
    }
  report->y += ROW_HEIGHT;
}

/* The rows in the order given (as the screen sorted them), the total
 * last; the header again at the top of every page. */
static void
table (Report *report)
{
  guint n, shown = 0;
  const GwReviewColumn *columns = gw_review_get_columns (&n);
  double column_width;

  for (guint i = 0; i < n; i++)
    shown += gw_review_shows_column (report->review->by, &columns[i]);
  column_width = (PAGE_WIDTH - 2 * MARGIN - NAME_WIDTH) / shown;

  table_header (report, columns, n, column_width);
  for (guint i = 0; i <= report->review->rows->len; i++)
    {
      gboolean total = i == report->review->rows->len;

      if (report->y + ROW_HEIGHT + 1 > PAGE_HEIGHT - MARGIN)
        {
          begin_page (report);
          table_header (report, columns, n, column_width);
        }
      table_row (report, total ? report->review->total : g_ptr_array_index (report->review->rows, i),
                 columns, n, column_width, total);
    }
}

static cairo_status_t
write_to_string (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

GHashTable *
gw_review_export_names (GwStatsBy   by,
                        GPtrArray  *grids,
                        GPtrArray  *categories,
                        GPtrArray  *departments,
                        const char *language)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean chinese = gw_ui_language_is_chinese (language);

  /* Translators: a row of the review table: the cases outside every grid,
   * or whose category names no department */
  g_hash_table_insert (names, g_strdup (GW_STATS_UNATTRIBUTED), g_strdup (_("Not attributed")));
  switch (by)
    {
    case GW_STATS_BY_DEPARTMENT:
      for (guint i = 0; departments && i < departments->len; i++)
        {
          GwDepartment *d = g_ptr_array_index (departments, i);
          const char *name = chinese || !gw_department_get_name_en (d) ? gw_department_get_name (d)
                                                                        : gw_department_get_name_en (d);

          g_hash_table_insert (names, g_strdup (gw_department_get_id (d)), g_strdup (name));
        }
      /* A town that handles categories itself has a row as "town:CODE". */
      for (guint i = 0; grids && i < grids->len; i++)
        {
          GwGrid *grid = g_ptr_array_index (grids, i);

          if (gw_grid_get_level (grid) == GW_GRID_LEVEL_TOWN)
            g_hash_table_insert (names, g_strconcat ("town:", gw_grid_get_code (grid), NULL),
                                 g_strdup (gw_grid_get_name (grid)));
        }
      break;
    case GW_STATS_BY_CATEGORY:
      for (guint i = 0; categories && i < categories->len; i++)
        {
          const GwCategoryInfo *info = gw_category_get_info (g_ptr_array_index (categories, i));

          g_hash_table_insert (names, g_strdup (info->code), g_strdup (chinese || !info->name_en ? info->name : info->name_en));
        }
      break;
    case GW_STATS_BY_GRID:
    case GW_STATS_BY_TOWN:
    case GW_STATS_BY_WORKER:
    case GW_STATS_BY_SOURCE:
    default:
      /* Place names are proper names: the same in both languages. */
      for (guint i = 0; grids && i < grids->len; i++)
        {
          GwGrid *grid = g_ptr_array_index (grids, i);

          g_hash_table_insert (names, g_strdup (gw_grid_get_code (grid)), g_strdup (gw_grid_get_name (grid)));
        }
      break;
    }
  return names;
}

gboolean
gw_review_export_pdf (GwReview         *review,
                      GHashTable       *names,
                      const char       *town_name,
                      cairo_surface_t  *map,
                      GFile            *file,
                      GError          **error)
{
  g_autofree char *title = town_name ? g_strdup_printf (_("Performance Review: %s"), town_name)
                                     : g_strdup (_("Performance Review: County"));
  g_autoptr(GString) pdf = g_string_new (NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *generated = g_markup_printf_escaped (_("Generated %s by Gridwatch, from the cases held at that time"),
                                                        now_text);
  Report report = { NULL, MARGIN, review, names, title, pages };
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double top, half = (PAGE_WIDTH - 2 * MARGIN - 18) / 2;

  g_return_val_if_fail (review != NULL && names != NULL && G_IS_FILE (file), FALSE);

  begin_page (&report);
  heading (&report);
  top = report.y;
  draw_map (&report, map, MARGIN, top, half, PAGE_HEIGHT - MARGIN - top - 130);
  draw_bars (&report, MARGIN + half + 18, top, half);
  draw_trend (&report, MARGIN, PAGE_HEIGHT - MARGIN - 120, PAGE_WIDTH - 2 * MARGIN, 112);
  begin_page (&report);
  table (&report);
  g_clear_pointer (&report.cr, cairo_destroy);

  surface = cairo_pdf_surface_create_for_stream (write_to_string, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gridwatch");
  cr = cairo_create (surface);
  for (guint i = 0; i < pages->len; i++)
    {
      cairo_set_source_surface (cr, g_ptr_array_index (pages, i), 0, 0);
      cairo_paint (cr);
      footer (cr, generated, i + 1, pages->len);
      cairo_show_page (cr);
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot make the report: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return g_file_replace_contents (file, pdf->str, pdf->len, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}
