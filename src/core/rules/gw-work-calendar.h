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

GwWorkCalendar *gw_work_calendar_new             (void);
GwWorkCalendar *gw_work_calendar_new_china       (void);
gboolean        gw_work_calendar_load            (GwWorkCalendar *self,
                                                  GBytes         *json,
                                                  GError        **error);
/* Where a county's imported days are kept in the town server's store (as
 * {"items": [{"date", "type": "holiday" | "workday", "name"}]}), and the
 * meta key that changes with them. */
#define GW_CALENDAR_DATA "calendar"
#define GW_CALENDAR_STAMP "calendar_stamp"

/* The county's own holidays and working days ("YYYY-MM-DD"), over the
 * national ones; each call replaces the last. */
void            gw_work_calendar_set_county_days (GwWorkCalendar     *self,
                                                  const char * const *holidays,
                                                  const char * const *workdays);
/* Whether @year's holidays are known (the national list or the county's
 * own): for other years every weekday counts as working. */
gboolean        gw_work_calendar_knows_year      (GwWorkCalendar *self,
                                                  int             year);
gboolean        gw_work_calendar_set_hours       (GwWorkCalendar *self,
                                                  const char     *hours,
                                                  GError        **error);
GTimeZone      *gw_work_calendar_get_timezone    (GwWorkCalendar *self);
guint32         gw_work_calendar_get_today       (GwWorkCalendar *self);
gboolean        gw_work_calendar_is_working_day  (GwWorkCalendar *self,
                                                  GDateTime      *day);
GDateTime      *gw_work_calendar_add             (GwWorkCalendar *self,
                                                  GDateTime      *start,
                                                  guint           value,
                                                  GwTimeUnit      unit);
GDateTime      *gw_work_calendar_add_minutes     (GwWorkCalendar *self,
                                                  GDateTime      *start,
                                                  gint64          minutes);
GDateTime      *gw_work_calendar_end_of_working_day (GwWorkCalendar *self,
                                                  GDateTime      *time);
gint64          gw_work_calendar_minutes_between (GwWorkCalendar *self,
                                                  GDateTime      *from,
                                                  GDateTime      *to);
char           *gw_format_rfc3339                (GDateTime      *time);

G_END_DECLS
