/* gw-trend-chart.c: cases received and closed day by day, drawn with GtkSnapshot
 *
 * Two columns a day, received and closed, and a short bar at the height
 * of what came in on the same day of the period before: a leader sees at
 * once whether the county keeps up and whether more is coming in than
 * last time. Colours come from the widget's own colour and the accent,
 * so the chart follows the light and dark styles; the few labels are
 * laid out with the widget's font.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-trend-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-trend-chart.h"

struct _GwTrendChart
{
  GtkWidget parent_instance;

  GDateTime *first_day;
  GArray *received;
  GArray *closed;
  GArray *before;
  guint max;
};

G_DEFINE_FINAL_TYPE (GwTrendChart, gw_trend_chart, GTK_TYPE_WIDGET)

static const GdkRGBA received_color = { 0.208, 0.518, 0.894, 1 };   /* blue 3 */
static const GdkRGBA closed_color = { 0.180, 0.761, 0.494, 1 };     /* green 4 */

static guint
day_value (GArray *days,
           guint   index)
{
  return days && index < days->len ? g_array_index (days, guint, index) : 0;
}

/* A round step for the axis, at most five lines: 1, 2, 5, 10, 20, 50… */
static guint
axis_step (guint max)
{
  static const guint multiples[] = { 1, 2, 5 };

  for (guint magnitude = 1; magnitude < G_MAXUINT / 10; magnitude *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
      if (max / (multiples[i] * magnitude) <= 4)
        return multiples[i] * magnitude;
  return max;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             const char    *text,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  pango_layout_set_text (layout, text, -1);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_key (GtkSnapshot   *snapshot,
            PangoLayout   *layout,
            const char    *text,
            double        *x,
            int            line,
            const GdkRGBA *swatch,
            const GdkRGBA *fg)
{
  int w, h;

  gtk_snapshot_append_color (snapshot, swatch, &GRAPHENE_RECT_INIT (*x, line / 4.0, line / 2.0, line / 2.0));
  append_text (snapshot, layout, text, *x + line * 0.7, 0, fg);
  pango_layout_get_pixel_size (layout, &w, &h);
  *x += line * 0.7 + w + line;
}

static void
gw_trend_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  GwTrendChart *self = GW_TREND_CHART (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0");
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  guint n_days = self->received ? self->received->len : 0;
  GdkRGBA fg, faint, before_color;
  int line, axis_width, w, h;
  double key_x = 0, top, bottom, plot_x, plot_width, slot, scale;
  guint step, top_value;
  char text[32];

  if (n_days == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  faint = (GdkRGBA) { fg.red, fg.green, fg.blue, 0.12 };
  before_color = (GdkRGBA) { fg.red, fg.green, fg.blue, 0.7 };
  pango_layout_get_pixel_size (layout, &w, &line);

  append_key (snapshot, layout, _("Received"), &key_x, line, &received_color, &fg);
  append_key (snapshot, layout, _("Closed"), &key_x, line, &closed_color, &fg);
  append_key (snapshot, layout, _("Received, period before"), &key_x, line, &before_color, &fg);

  step = axis_step (MAX (self->max, 1));
  top_value = (MAX (self->max, 1) + step - 1) / step * step;
  g_snprintf (text, sizeof text, "%u", top_value);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &axis_width, &h);
  top = line * 1.6;
  bottom = height - line * 1.4;
  plot_x = axis_width + line / 2.0;
  plot_width = width - plot_x;
  if (bottom - top < line || plot_width < n_days)
    return;
  scale = (bottom - top) / top_value;
  slot = plot_width / n_days;

  /* Gridlines and their values. */
  for (guint v = 0; v <= top_value; v += step)
    {
      double y = bottom - v * scale;

      gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (plot_x, y, plot_width, 1));
      g_snprintf (text, sizeof text, "%u", v);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      append_text (snapshot, layout, text, axis_width - w, y - h / 2.0, &fg);
    }

  for (guint d = 0; d < n_days; d++)
    {
      double x = plot_x + d * slot, column = MAX (1, slot * 0.35);
      guint received = day_value (self->received, d), closed = day_value (self->closed, d);
      guint before = day_value (self->before, d);

      gtk_snapshot_append_color (snapshot, &received_color,
                                 &GRAPHENE_RECT_INIT (x + slot * 0.12, bottom - received * scale, column, received * scale));
      gtk_snapshot_append_color (snapshot, &closed_color,
                                 &GRAPHENE_RECT_INIT (x + slot * 0.12 + column, bottom - closed * scale, column, closed * scale));
      if (self->before && d < self->before->len)
        gtk_snapshot_append_color (snapshot, &before_color,
                                   &GRAPHENE_RECT_INIT (x + slot * 0.05, bottom - before * scale - 1, slot * 0.9, 2));
    }

  /* The first and the last day under the axis; the days between are
   * evident from the columns. */
  {
    g_autoptr(GDateTime) last = g_date_time_add_days (self->first_day, n_days - 1);
    /* Translators: a day on a chart's axis, as in strftime(3) */
    g_autofree char *first_text = g_date_time_format (self->first_day, _("%b %-d"));
    g_autofree char *last_text = g_date_time_format (last, _("%b %-d"));

    append_text (snapshot, layout, first_text, plot_x, bottom + line * 0.2, &fg);
    pango_layout_set_text (layout, last_text, -1);
    pango_layout_get_pixel_size (layout, &w, &h);
    append_text (snapshot, layout, last_text, width - w, bottom + line * 0.2, &fg);
  }
}

static void
gw_trend_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autofree char *key = g_strdup_printf ("■ %s  ■ %s  ■ %s", _("Received"), _("Closed"), _("Received, period before"));
  int w, h;

  pango_layout_set_text (layout, key, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = w + h * 3;
  else
    {
      *minimum = h * 8;
      *natural = h * 12;
    }
}

static void
gw_trend_chart_finalize (GObject *object)
{
  GwTrendChart *self = (GwTrendChart *) object;

  g_clear_pointer (&self->first_day, g_date_time_unref);
  g_clear_pointer (&self->received, g_array_unref);
  g_clear_pointer (&self->closed, g_array_unref);
  g_clear_pointer (&self->before, g_array_unref);

  G_OBJECT_CLASS (gw_trend_chart_parent_class)->finalize (object);
}

static void
gw_trend_chart_class_init (GwTrendChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_trend_chart_finalize;
  widget_class->measure = gw_trend_chart_measure;
  widget_class->snapshot = gw_trend_chart_snapshot;
  gtk_widget_class_set_css_name (widget_class, "gw-trend-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gw_trend_chart_init (GwTrendChart *self)
{
}

static GArray *
ref_or_null (GArray *days)
{
  return days ? g_array_ref (days) : NULL;
}

void
gw_trend_chart_set_days (GwTrendChart *self,
                         GDateTime    *first_day,
                         GArray       *received,
                         GArray       *closed,
                         GArray       *before)
{
  g_return_if_fail (GW_IS_TREND_CHART (self));
  g_return_if_fail (first_day != NULL);

  g_clear_pointer (&self->first_day, g_date_time_unref);
  g_clear_pointer (&self->received, g_array_unref);
  g_clear_pointer (&self->closed, g_array_unref);
  g_clear_pointer (&self->before, g_array_unref);
  self->first_day = g_date_time_ref (first_day);
  self->received = ref_or_null (received);
  self->closed = ref_or_null (closed);
  self->before = ref_or_null (before);

  self->max = 0;
  for (guint d = 0; received && d < received->len; d++)
    self->max = MAX (self->max, MAX (day_value (received, d), MAX (day_value (closed, d), day_value (before, d))));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gw_trend_chart_get_n_days (GwTrendChart *self)
{
  g_return_val_if_fail (GW_IS_TREND_CHART (self), 0);
  return self->received ? self->received->len : 0;
}

guint
gw_trend_chart_get_max (GwTrendChart *self)
{
  g_return_val_if_fail (GW_IS_TREND_CHART (self), 0);
  return self->max;
}
