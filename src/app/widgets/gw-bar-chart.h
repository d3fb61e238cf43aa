/* gw-bar-chart.h: labelled horizontal bars, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_BAR_CHART (gw_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (GwBarChart, gw_bar_chart, GW, BAR_CHART, GtkWidget)

GtkWidget  *gw_bar_chart_new       (void);
void        gw_bar_chart_clear     (GwBarChart *self);
/* @fraction: 0..1 of the full width; @text: the value as read. */
void        gw_bar_chart_add       (GwBarChart *self,
                                    const char *label,
                                    double      fraction,
                                    const char *text);
guint       gw_bar_chart_get_n_bars (GwBarChart *self);
const char *gw_bar_chart_get_text  (GwBarChart *self,
                                    guint       index);
const char *gw_bar_chart_get_label (GwBarChart *self,
                                    guint       index);

G_END_DECLS
