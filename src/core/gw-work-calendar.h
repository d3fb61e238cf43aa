/* gw-work-calendar.h: working time, for case deadlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gw-category.h"

G_BEGIN_DECLS

#define GW_TYPE_WORK_CALENDAR (gw_work_calendar_get_type ())

G_DECLARE_FINAL_TYPE (GwWorkCalendar, gw_work_calendar, GW, WORK_CALENDAR, GObject)

GwWorkCalendar *gw_work_calendar_new          (void);
GTimeZone      *gw_work_calendar_get_timezone (GwWorkCalendar *self);
gboolean        gw_work_calendar_is_working_day (GwWorkCalendar *self,
                                                 GDateTime      *day);
GDateTime      *gw_work_calendar_add          (GwWorkCalendar *self,
                                               GDateTime      *start,
                                               guint           value,
                                               GwTimeUnit      unit);
char           *gw_format_rfc3339             (GDateTime      *time);

G_END_DECLS
