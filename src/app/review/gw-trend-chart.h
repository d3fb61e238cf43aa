/* gw-trend-chart.h: cases received and closed day by day, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_TREND_CHART (gw_trend_chart_get_type ())

G_DECLARE_FINAL_TYPE (GwTrendChart, gw_trend_chart, GW, TREND_CHART, GtkWidget)

/* Counts a day each (guint) from @first_day; @before, the period before,
 * is drawn as a mark on each day for comparison. */
void  gw_trend_chart_set_days   (GwTrendChart *self,
                                 GDateTime    *first_day,
                                 GArray       *received,
                                 GArray       *closed,
                                 GArray       *before);
guint gw_trend_chart_get_n_days (GwTrendChart *self);
guint gw_trend_chart_get_max    (GwTrendChart *self);

G_END_DECLS
