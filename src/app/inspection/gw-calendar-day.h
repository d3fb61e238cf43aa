/* gw-calendar-day.h: one day of the planning calendar and its visits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-inspection-plan.h"

G_BEGIN_DECLS

#define GW_TYPE_CALENDAR_DAY (gw_calendar_day_get_type ())

G_DECLARE_FINAL_TYPE (GwCalendarDay, gw_calendar_day, GW, CALENDAR_DAY, GtkWidget)

guint32   gw_calendar_day_get_date     (GwCalendarDay    *self);
void      gw_calendar_day_set_date     (GwCalendarDay    *self,
                                        guint32           julian);
gboolean  gw_calendar_day_get_in_month (GwCalendarDay    *self);
void      gw_calendar_day_set_max_chips (GwCalendarDay   *self,
                                         guint            max_chips);
void      gw_calendar_day_set_in_month (GwCalendarDay    *self,
                                        gboolean          in_month);
gboolean  gw_calendar_day_get_off_day  (GwCalendarDay    *self);
void      gw_calendar_day_set_off_day  (GwCalendarDay    *self,
                                        gboolean          off_day);
guint     gw_calendar_day_get_n_visits (GwCalendarDay    *self);
void      gw_calendar_day_set_visits   (GwCalendarDay    *self,
                                        GwInspectionData *data,
                                        GPtrArray        *visits,
                                        guint             selected,
                                        gboolean          movable);

G_END_DECLS
