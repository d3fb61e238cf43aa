/* gw-bar-chart.c: labelled horizontal bars, drawn with GtkSnapshot
 *
 * A ranking reads best as bars in order: the name, a bar as long as the
 * value, the value in figures. Text comes from the widget's own font, so
 * CSS sizes it (a wall screen's large type, a desk's normal one), and the
 * colours from the widget's colour and the accent, so it follows the
 * light and dark styles. The widget asks for the width its longest name
 * and value need: nothing is ever cut.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-bar-chart"

#include "config.h"

#include "gw-bar-chart.h"

#define MIN_BAR_WIDTH 80

typedef struct
{
  char *label;
  double fraction;
  char *text;
} Bar;

struct _GwBarChart
{
  GtkWidget parent_instance;
  GArray *bars;                 /* of Bar */
};

G_DEFINE_FINAL_TYPE (GwBarChart, gw_bar_chart, GTK_TYPE_WIDGET)

static void
clear_bar (gpointer data)
{
  Bar *bar = data;

  g_free (bar->label);
  g_free (bar->text);
}

/* The widest label and value, and a row's height, in px. */
static void
measure_text (GwBarChart *self,
              int        *label_width,
              int        *text_width,
              int        *row_height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "国");
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  *row_height = h * 1.6;
  *label_width = *text_width = 0;
  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);

      pango_layout_set_text (layout, bar->label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      *label_width = MAX (*label_width, w);
      pango_layout_set_text (layout, bar->text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      *text_width = MAX (*text_width, w);
    }
}

static void
gw_bar_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  GwBarChart *self = GW_BAR_CHART (widget);
  int label_width, text_width, row_height;

  measure_text (self, &label_width, &text_width, &row_height);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = label_width + text_width + MIN_BAR_WIDTH + row_height;
  else
    *minimum = *natural = row_height * self->bars->len;
}

static void
gw_bar_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  GwBarChart *self = GW_BAR_CHART (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  int label_width, text_width, row_height, gap;
  int width = gtk_widget_get_width (widget);
  GdkRGBA fg, accent = { 0.208, 0.518, 0.894, 1 }, track;
  double bar_room;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  track = (GdkRGBA) { fg.red, fg.green, fg.blue, 0.08 };
  measure_text (self, &label_width, &text_width, &row_height);
  gap = row_height / 3;
  bar_room = MAX (0, width - label_width - text_width - 2 * gap);

  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);
      int y = i * row_height, w, h;
      double bar_height = row_height * 0.55;
      double bar_y = y + (row_height - bar_height) / 2;

      pango_layout_set_text (layout, bar->label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y + (row_height - h) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);

      gtk_snapshot_append_color (snapshot, &track,
                                 &GRAPHENE_RECT_INIT (label_width + gap, bar_y, bar_room, bar_height));
      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (label_width + gap, bar_y, bar_room * CLAMP (bar->fraction, 0, 1), bar_height));

      pango_layout_set_text (layout, bar->text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width - w, y + (row_height - h) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
    }
}

static void
gw_bar_chart_finalize (GObject *object)
{
  GwBarChart *self = (GwBarChart *) object;

  g_array_unref (self->bars);

  G_OBJECT_CLASS (gw_bar_chart_parent_class)->finalize (object);
}

static void
gw_bar_chart_class_init (GwBarChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_bar_chart_finalize;
  widget_class->measure = gw_bar_chart_measure;
  widget_class->snapshot = gw_bar_chart_snapshot;
  gtk_widget_class_set_css_name (widget_class, "gw-bar-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gw_bar_chart_init (GwBarChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, clear_bar);
}

GtkWidget *
gw_bar_chart_new (void)
{
  return g_object_new (GW_TYPE_BAR_CHART, NULL);
}

void
gw_bar_chart_clear (GwBarChart *self)
{
  g_return_if_fail (GW_IS_BAR_CHART (self));

  g_array_set_size (self->bars, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
gw_bar_chart_add (GwBarChart *self,
                  const char *label,
                  double      fraction,
                  const char *text)
{
  Bar bar = { g_strdup (label ? label : ""), fraction, g_strdup (text ? text : "") };

  g_return_if_fail (GW_IS_BAR_CHART (self));

  g_array_append_val (self->bars, bar);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
gw_bar_chart_get_n_bars (GwBarChart *self)
{
  g_return_val_if_fail (GW_IS_BAR_CHART (self), 0);
  return self->bars->len;
}

const char *
gw_bar_chart_get_text (GwBarChart *self,
                       guint       index)
{
  g_return_val_if_fail (GW_IS_BAR_CHART (self) && index < self->bars->len, NULL);
  return g_array_index (self->bars, Bar, index).text;
}

const char *
gw_bar_chart_get_label (GwBarChart *self,
                        guint       index)
{
  g_return_val_if_fail (GW_IS_BAR_CHART (self) && index < self->bars->len, NULL);
  return g_array_index (self->bars, Bar, index).label;
}
