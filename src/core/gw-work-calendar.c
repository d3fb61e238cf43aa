/* gw-work-calendar.c: working time, for case deadlines
 *
 * Time limits are in working hours or working days (DOMAIN.md): a 4-hour
 * limit given at 17:00 on a Friday runs out on Monday morning. Working
 * hours are two periods a day, Monday to Friday, in China Standard Time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-work-calendar"

#include "config.h"

#include "gw-work-calendar.h"

typedef struct
{
  int start_minute;   /* minutes after midnight */
  int end_minute;
} Period;

struct _GwWorkCalendar
{
  GObject parent_instance;
  GTimeZone *tz;
  Period periods[2];
  guint n_periods;
};

G_DEFINE_FINAL_TYPE (GwWorkCalendar, gw_work_calendar, G_TYPE_OBJECT)

/* Enough to cross any holiday season without looping forever on a
 * calendar that has no working time at all. */
#define MAX_DAYS_SCANNED 400

static void
gw_work_calendar_finalize (GObject *object)
{
  g_clear_pointer (&GW_WORK_CALENDAR (object)->tz, g_time_zone_unref);

  G_OBJECT_CLASS (gw_work_calendar_parent_class)->finalize (object);
}

static void
gw_work_calendar_class_init (GwWorkCalendarClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_work_calendar_finalize;
}

static void
gw_work_calendar_init (GwWorkCalendar *self)
{
  self->tz = g_time_zone_new_identifier ("Asia/Shanghai");
  if (self->tz == NULL)
    self->tz = g_time_zone_new_identifier ("+08:00");

  self->periods[0] = (Period) { 8 * 60 + 30, 12 * 60 };
  self->periods[1] = (Period) { 13 * 60 + 30, 17 * 60 + 30 };
  self->n_periods = 2;
}

GwWorkCalendar *
gw_work_calendar_new (void)
{
  return g_object_new (GW_TYPE_WORK_CALENDAR, NULL);
}

GTimeZone *
gw_work_calendar_get_timezone (GwWorkCalendar *self)
{
  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), NULL);
  return self->tz;
}

gboolean
gw_work_calendar_is_working_day (GwWorkCalendar *self,
                                 GDateTime      *day)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (day, self->tz);

  return g_date_time_get_day_of_week (local) <= 5;
}

static GDateTime *
at_minute (GDateTime *day,
           int        minute)
{
  return g_date_time_new (g_date_time_get_timezone (day),
                          g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), minute / 60, minute % 60, 0);
}

static GDateTime *
add_working_minutes (GwWorkCalendar *self,
                     GDateTime      *start,
                     gint64          minutes)
{
  g_autoptr(GDateTime) day = g_date_time_to_timezone (start, self->tz);
  int minute_of_day = g_date_time_get_hour (day) * 60 + g_date_time_get_minute (day);

  for (guint scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++)
    {
      if (gw_work_calendar_is_working_day (self, day))
        for (guint p = 0; p < self->n_periods; p++)
          {
            int from = MAX (minute_of_day, self->periods[p].start_minute);
            int available = self->periods[p].end_minute - from;

            if (available <= 0)
              continue;
            /* A limit that ends exactly at closing time ends then, not at
             * the next opening. */
            if (minutes <= available)
              return at_minute (day, from + (int) minutes);
            minutes -= available;
          }

      {
        GDateTime *next = g_date_time_add_days (day, 1);
        g_date_time_unref (day);
        day = next;
      }
      minute_of_day = 0;
    }

  return g_date_time_ref (day);
}

GDateTime *
gw_work_calendar_add (GwWorkCalendar *self,
                      GDateTime      *start,
                      guint           value,
                      GwTimeUnit      unit)
{
  gint64 per_day = 0;

  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), NULL);

  for (guint p = 0; p < self->n_periods; p++)
    per_day += self->periods[p].end_minute - self->periods[p].start_minute;

  /* A working day is a full day of working time. */
  if (unit == GW_TIME_UNIT_WORKING_DAYS)
    return add_working_minutes (self, start, value * per_day);
  return add_working_minutes (self, start, (gint64) value * 60);
}

char *
gw_format_rfc3339 (GDateTime *time)
{
  /* Seconds and an explicit offset: what the API promises. */
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}
