/* gw-work-calendar.c: working time, for case deadlines
 *
 * Time limits are in working hours or working days (DOMAIN.md): a 4-hour
 * limit given at 17:00 on a Friday runs out on Monday morning. Working
 * hours are periods of the day (08:30-12:00 and 13:30-17:30 unless set
 * otherwise), Monday to Friday, in China Standard Time, except public
 * holidays, plus the weekend days declared working days to make up for
 * them. Holidays are data (calendars/cn.json, and any file given to
 * gw_work_calendar_load()), because the State Council publishes each
 * year's in November.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-work-calendar"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-json.h"
#include "gw-work-calendar.h"

GResource *gw_core_get_resource (void);

typedef struct
{
  int start_minute;   /* minutes after midnight */
  int end_minute;
} Period;

#define MAX_PERIODS 4

struct _GwWorkCalendar
{
  GObject parent_instance;
  GTimeZone *tz;
  Period periods[MAX_PERIODS];
  guint n_periods;
  GHashTable *days_off;     /* "YYYY-MM-DD" of holidays on working days */
  GHashTable *days_on;      /* "YYYY-MM-DD" of make-up working days */
  GHashTable *known_years;  /* years whose holidays were given (GINT_TO_POINTER) */
  /* The county's own days ("YYYY-MM-DD" → working or not), imported and
   * replaced whole while the server runs: over both sets above. */
  GMutex county_lock;
  GHashTable *county_days;
  GHashTable *county_years;
};

G_DEFINE_FINAL_TYPE (GwWorkCalendar, gw_work_calendar, G_TYPE_OBJECT)

/* Enough to cross any holiday season without looping forever on a
 * calendar that has no working time at all. */
#define MAX_DAYS_SCANNED 400

static void
gw_work_calendar_finalize (GObject *object)
{
  g_clear_pointer (&GW_WORK_CALENDAR (object)->tz, g_time_zone_unref);
  g_clear_pointer (&GW_WORK_CALENDAR (object)->days_off, g_hash_table_unref);
  g_clear_pointer (&GW_WORK_CALENDAR (object)->days_on, g_hash_table_unref);
  g_clear_pointer (&GW_WORK_CALENDAR (object)->county_days, g_hash_table_unref);
  g_clear_pointer (&GW_WORK_CALENDAR (object)->county_years, g_hash_table_unref);
  g_clear_pointer (&GW_WORK_CALENDAR (object)->known_years, g_hash_table_unref);
  g_mutex_clear (&GW_WORK_CALENDAR (object)->county_lock);

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
  self->days_off = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->days_on = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->known_years = g_hash_table_new (NULL, NULL);
  g_mutex_init (&self->county_lock);
}

/* Weekdays only, no holidays: for tests and places without a calendar. */
GwWorkCalendar *
gw_work_calendar_new (void)
{
  return g_object_new (GW_TYPE_WORK_CALENDAR, NULL);
}

/* With China's public holidays and make-up days as shipped. */
GwWorkCalendar *
gw_work_calendar_new_china (void)
{
  GwWorkCalendar *self = gw_work_calendar_new ();
  g_autoptr(GBytes) json = g_resource_lookup_data (gw_core_get_resource (), "/org/gridwatch/Core/calendars/cn.json",
                                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;

  if (json == NULL || !gw_work_calendar_load (self, json, &error))
    g_critical ("The built-in holiday calendar cannot be read: %s", error ? error->message : "missing");
  return self;
}

static gboolean
parse_minute (const char *text,
              int        *minute)
{
  guint h, m;
  char end;

  if (text == NULL || sscanf (text, "%2u:%2u%c", &h, &m, &end) != 2 || h > 24 || m > 59 || h * 60 + m > 24 * 60)
    return FALSE;
  *minute = h * 60 + m;
  return TRUE;
}

/* "08:30-12:00,13:30-17:30" */
gboolean
gw_work_calendar_set_hours (GwWorkCalendar *self,
                            const char     *hours,
                            GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (hours ? hours : "", ",", -1);
  Period periods[MAX_PERIODS];
  guint n = 0;

  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), FALSE);

  for (guint i = 0; parts[i]; i++)
    {
      g_auto(GStrv) ends = g_strsplit (g_strstrip (parts[i]), "-", 2);

      if (n == MAX_PERIODS || g_strv_length (ends) != 2 ||
          !parse_minute (g_strstrip (ends[0]), &periods[n].start_minute) ||
          !parse_minute (g_strstrip (ends[1]), &periods[n].end_minute) ||
          periods[n].end_minute <= periods[n].start_minute ||
          (n > 0 && periods[n].start_minute < periods[n - 1].end_minute))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                       _("Working hours must be up to %d periods in order, such as “08:30-12:00,13:30-17:30”"),
                       MAX_PERIODS);
          return FALSE;
        }
      n++;
    }
  if (n == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("Working hours are empty"));
      return FALSE;
    }

  memcpy (self->periods, periods, sizeof periods);
  self->n_periods = n;
  return TRUE;
}

static JsonObject *
object_member (JsonObject *obj,
               const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
add_days (GHashTable *set,
          JsonArray  *list,
          GError    **error)
{
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      const char *item = JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING ?
                         json_node_get_string (element) : NULL;
      g_auto(GStrv) range = g_strsplit (item ? item : "", "/", 2);
      g_autoptr(GDateTime) day = NULL;
      g_autoptr(GDateTime) last = NULL;
      g_autofree char *first_text = g_strconcat (range[0] ? range[0] : "", "T00:00:00Z", NULL);
      g_autofree char *last_text = g_strconcat (range[0] && range[1] ? range[1] : (range[0] ? range[0] : ""), "T00:00:00Z", NULL);

      day = g_date_time_new_from_iso8601 (first_text, NULL);
      last = g_date_time_new_from_iso8601 (last_text, NULL);
      if (day == NULL || last == NULL || g_date_time_compare (day, last) > 0 ||
          g_date_time_difference (last, day) > 31 * G_TIME_SPAN_DAY)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                       _("“%s” is not a date (YYYY-MM-DD) or a range of up to a month (YYYY-MM-DD/YYYY-MM-DD)"),
                       item ? item : "");
          return FALSE;
        }
      for (; g_date_time_compare (day, last) <= 0; )
        {
          GDateTime *next = g_date_time_add_days (day, 1);

          g_hash_table_add (set, g_date_time_format (day, "%Y-%m-%d"));
          g_date_time_unref (day);
          day = next;
        }
    }
  return TRUE;
}

static gboolean
time_zone_exists (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  if (tz == NULL)
    return FALSE;
  g_time_zone_unref (tz);
  return TRUE;
}

/* Adds the years of a calendar file; "hours" and "timezone", when given,
 * replace the ones in use. Nothing changes if the file is wrong. */
gboolean
gw_work_calendar_load (GwWorkCalendar *self,
                       GBytes         *json,
                       GError        **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) off = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) on = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) hours = g_string_new (NULL);
  JsonObject *obj, *years;
  JsonArray *periods;
  const char *zone_name;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), FALSE);

  if (!(root = gw_json_parse_bytes (json, error)))
    return FALSE;
  if (!(obj = gw_json_node_get_object (root)) || !(years = object_member (obj, "years")))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("A calendar is an object with “years”"));
      return FALSE;
    }

  {
    g_autoptr(GList) names = json_object_get_members (years);

    for (GList *l = names; l; l = l->next)
      {
        JsonObject *year = object_member (years, l->data);

        if (year == NULL ||
            !add_days (off, gw_json_object_get_array (year, "holidays"), error) ||
            !add_days (on, gw_json_object_get_array (year, "workdays"), error))
          {
            g_prefix_error (error, _("Calendar year %s: "), (const char *) l->data);
            return FALSE;
          }
      }
    for (GList *l = names; l; l = l->next)
      {
        guint64 year;

        if (g_ascii_string_to_unsigned (l->data, 10, 1900, 2999, &year, NULL))
          g_hash_table_add (self->known_years, GINT_TO_POINTER ((int) year));
      }
  }

  if ((periods = gw_json_object_get_array (obj, "hours")))
    {
      for (guint i = 0; i < json_array_get_length (periods); i++)
        {
          JsonNode *element = json_array_get_element (periods, i);
          JsonArray *pair = JSON_NODE_HOLDS_ARRAY (element) ? json_node_get_array (element) : NULL;
          JsonNode *first = pair && json_array_get_length (pair) == 2 ? json_array_get_element (pair, 0) : NULL;
          JsonNode *second = pair && json_array_get_length (pair) == 2 ? json_array_get_element (pair, 1) : NULL;
          const char *from = first && JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING ?
                             json_node_get_string (first) : NULL;
          const char *to = second && JSON_NODE_HOLDS_VALUE (second) && json_node_get_value_type (second) == G_TYPE_STRING ?
                           json_node_get_string (second) : NULL;

          g_string_append_printf (hours, "%s%s-%s", i ? "," : "", from ? from : "?", to ? to : "?");
        }
    }
  zone_name = gw_json_object_get_string (obj, "timezone");
  if (zone_name && !time_zone_exists (zone_name))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("Unknown time zone “%s”"), zone_name);
      return FALSE;
    }
  if (hours->len > 0 && !gw_work_calendar_set_hours (self, hours->str, error))
    return FALSE;

  if (zone_name)
    {
      g_time_zone_unref (self->tz);
      self->tz = g_time_zone_new_identifier (zone_name);
    }
  g_hash_table_iter_init (&iter, off);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (self->days_off, g_strdup (key));
  g_hash_table_iter_init (&iter, on);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (self->days_on, g_strdup (key));
  return TRUE;
}

GTimeZone *
gw_work_calendar_get_timezone (GwWorkCalendar *self)
{
  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), NULL);
  return self->tz;
}

/* Today, as a julian day, in the calendar's time zone: the county's day,
 * whatever the machine's. */
guint32
gw_work_calendar_get_today (GwWorkCalendar *self)
{
  g_autoptr(GDateTime) now = NULL;
  GDate date;

  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), 0);

  now = g_date_time_new_now (self->tz);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

gboolean
gw_work_calendar_is_working_day (GwWorkCalendar *self,
                                 GDateTime      *day)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (day, self->tz);
  char key[16];

  g_snprintf (key, sizeof key, "%04d-%02d-%02d", g_date_time_get_year (local), g_date_time_get_month (local),
              g_date_time_get_day_of_month (local));
  {
    gpointer working = NULL;
    gboolean found;

    g_mutex_lock (&self->county_lock);
    found = self->county_days && g_hash_table_lookup_extended (self->county_days, key, NULL, &working);
    g_mutex_unlock (&self->county_lock);
    if (found)
      return GPOINTER_TO_INT (working);
  }
  if (g_hash_table_contains (self->days_on, key))
    return TRUE;
  if (g_hash_table_contains (self->days_off, key))
    return FALSE;
  return g_date_time_get_day_of_week (local) <= 5;
}

void
gw_work_calendar_set_county_days (GwWorkCalendar     *self,
                                  const char * const *holidays,
                                  const char * const *workdays)
{
  GHashTable *days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *years = g_hash_table_new (NULL, NULL);
  GHashTable *old, *old_years;

  g_return_if_fail (GW_IS_WORK_CALENDAR (self));

  for (guint i = 0; holidays && holidays[i]; i++)
    g_hash_table_insert (days, g_strdup (holidays[i]), GINT_TO_POINTER (FALSE));
  for (guint i = 0; workdays && workdays[i]; i++)
    g_hash_table_insert (days, g_strdup (workdays[i]), GINT_TO_POINTER (TRUE));
  /* A year of the county's own holidays is a year it has said what is off. */
  for (guint i = 0; holidays && holidays[i]; i++)
    g_hash_table_add (years, GINT_TO_POINTER ((int) g_ascii_strtoull (holidays[i], NULL, 10)));
  g_mutex_lock (&self->county_lock);
  old_years = self->county_years;
  self->county_years = years;
  old = self->county_days;
  self->county_days = days;
  g_mutex_unlock (&self->county_lock);
  g_clear_pointer (&old, g_hash_table_unref);
  g_clear_pointer (&old_years, g_hash_table_unref);
}

gboolean
gw_work_calendar_knows_year (GwWorkCalendar *self,
                             int             year)
{
  gboolean known;

  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), FALSE);

  if (g_hash_table_contains (self->known_years, GINT_TO_POINTER (year)))
    return TRUE;
  g_mutex_lock (&self->county_lock);
  known = self->county_years && g_hash_table_contains (self->county_years, GINT_TO_POINTER (year));
  g_mutex_unlock (&self->county_lock);
  return known;
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

GDateTime *
gw_work_calendar_add_minutes (GwWorkCalendar *self,
                              GDateTime      *start,
                              gint64          minutes)
{
  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), NULL);
  return add_working_minutes (self, start, MAX (minutes, 0));
}

/* Closing time of the working day @time is in, if any working time is
 * left in it, else of the next working day: "report the same day". */
GDateTime *
gw_work_calendar_end_of_working_day (GwWorkCalendar *self,
                                     GDateTime      *time)
{
  g_autoptr(GDateTime) next_minute = NULL;

  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), NULL);

  if (self->n_periods == 0)
    return g_date_time_ref (time);
  next_minute = add_working_minutes (self, time, 1);
  return at_minute (next_minute, self->periods[self->n_periods - 1].end_minute);
}

/* Working minutes between two times: how long a suspended case was held. */
gint64
gw_work_calendar_minutes_between (GwWorkCalendar *self,
                                  GDateTime      *from,
                                  GDateTime      *to)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) end = NULL;
  gint64 total = 0;

  g_return_val_if_fail (GW_IS_WORK_CALENDAR (self), 0);

  if (g_date_time_compare (from, to) >= 0)
    return 0;
  day = g_date_time_to_timezone (from, self->tz);
  end = g_date_time_to_timezone (to, self->tz);

  for (guint scanned = 0; scanned < MAX_DAYS_SCANNED * 10; scanned++)
    {
      gboolean last_day = g_date_time_get_year (day) == g_date_time_get_year (end) &&
                          g_date_time_get_day_of_year (day) == g_date_time_get_day_of_year (end);
      int from_minute = g_date_time_get_hour (day) * 60 + g_date_time_get_minute (day);
      int to_minute = last_day ? g_date_time_get_hour (end) * 60 + g_date_time_get_minute (end) : 24 * 60;

      if (gw_work_calendar_is_working_day (self, day))
        for (guint p = 0; p < self->n_periods; p++)
          total += MAX (0, MIN (to_minute, self->periods[p].end_minute) - MAX (from_minute, self->periods[p].start_minute));
      if (last_day)
        break;

      {
        GDateTime *next = g_date_time_add_days (day, 1);
        GDateTime *midnight = at_minute (next, 0);

        g_date_time_unref (next);
        g_date_time_unref (day);
        day = midnight;
      }
    }
  return total;
}

char *
gw_format_rfc3339 (GDateTime *time)
{
  /* Seconds and an explicit offset: what the API promises. The year has
   * four digits whatever it is (%Y writes the year 180 as "180", which no
   * RFC 3339 reader takes back). */
  g_autofree char *rest = g_date_time_format (time, "-%m-%dT%H:%M:%S%:z");

  return g_strdup_printf ("%04d%s", g_date_time_get_year (time), rest);
}
