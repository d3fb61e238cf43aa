/* test-work-calendar.c: deadlines in working time, with China's holidays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-error.h"
#include "gw-work-calendar.h"

static GDateTime *
cst (const char *text)
{
  g_autofree char *full = g_strconcat (text, "+08:00", NULL);
  GDateTime *time = g_date_time_new_from_iso8601 (full, NULL);

  g_assert_nonnull (time);
  return time;
}

static void
assert_deadline (GwWorkCalendar *calendar,
                 const char     *start,
                 guint           value,
                 GwTimeUnit      unit,
                 const char     *expected)
{
  g_autoptr(GDateTime) from = cst (start);
  g_autoptr(GDateTime) deadline = gw_work_calendar_add (calendar, from, value, unit);
  g_autofree char *text = gw_format_rfc3339 (deadline);
  g_autofree char *wanted = g_strconcat (expected, "+08:00", NULL);

  g_assert_cmpstr (text, ==, wanted);
}

static void
test_weekends (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();

  /* Friday 17:20, 4 working hours: 10 minutes on Friday, 3 h 30 on Monday
   * morning, 20 minutes after lunch. */
  assert_deadline (calendar, "2026-11-20T17:20:00", 4, GW_TIME_UNIT_WORKING_HOURS, "2026-11-23T13:50:00");
  /* Reported on a Saturday: the clock starts on Monday. */
  assert_deadline (calendar, "2026-11-21T10:00:00", 2, GW_TIME_UNIT_WORKING_HOURS, "2026-11-23T10:30:00");
  /* In the lunch break: the clock starts at 13:30. */
  assert_deadline (calendar, "2026-11-24T12:15:00", 1, GW_TIME_UNIT_WORKING_HOURS, "2026-11-24T14:30:00");
  /* A limit that ends at closing time ends then. */
  assert_deadline (calendar, "2026-11-24T13:30:00", 4, GW_TIME_UNIT_WORKING_HOURS, "2026-11-24T17:30:00");
  /* Three working days from Wednesday morning: Friday evening. */
  assert_deadline (calendar, "2026-11-25T08:30:00", 3, GW_TIME_UNIT_WORKING_DAYS, "2026-11-27T17:30:00");
}

static void
test_holidays_and_make_up_days (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) national_day = cst ("2026-10-05T10:00:00");
  g_autoptr(GDateTime) make_up = cst ("2026-09-20T10:00:00");

  g_assert_false (gw_work_calendar_is_working_day (calendar, national_day));
  g_assert_true (gw_work_calendar_is_working_day (calendar, make_up));

  /* The day before National Day 2026: 90 minutes on 30 September, then
   * nothing until Thursday 8 October. */
  assert_deadline (calendar, "2026-09-30T16:00:00", 1, GW_TIME_UNIT_WORKING_DAYS, "2026-10-08T16:00:00");
  /* 2025's National Day ran to 8 October. */
  assert_deadline (calendar, "2025-09-30T17:00:00", 4, GW_TIME_UNIT_WORKING_HOURS, "2025-10-09T12:00:00");
  /* Saturday evening before Sunday 20 September 2026, a make-up day. */
  assert_deadline (calendar, "2026-09-19T20:00:00", 4, GW_TIME_UNIT_WORKING_HOURS, "2026-09-20T14:00:00");
  /* Spring Festival 2026: Saturday 14 February is worked, 15 to 23 are
   * not. */
  assert_deadline (calendar, "2026-02-13T17:00:00", 2, GW_TIME_UNIT_WORKING_DAYS, "2026-02-24T17:00:00");
  /* New Year 2026: 1 to 3 January off, Sunday 4 January worked. */
  assert_deadline (calendar, "2025-12-31T17:00:00", 1, GW_TIME_UNIT_WORKING_HOURS, "2026-01-04T09:00:00");
}

static void
test_minutes_between (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  g_autoptr(GDateTime) friday = cst ("2026-11-20T17:00:00");
  g_autoptr(GDateTime) monday = cst ("2026-11-23T09:00:00");
  g_autoptr(GDateTime) before_holiday = cst ("2026-09-30T16:00:00");
  g_autoptr(GDateTime) after_holiday = cst ("2026-10-08T09:30:00");

  g_assert_cmpint (gw_work_calendar_minutes_between (calendar, friday, monday), ==, 60);
  g_assert_cmpint (gw_work_calendar_minutes_between (calendar, monday, friday), ==, 0);
  g_assert_cmpint (gw_work_calendar_minutes_between (calendar, before_holiday, after_holiday), ==, 150);
}

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

static void
test_calendar_data (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new ();
  g_autoptr(GBytes) good = bytes_of ("{\"hours\": [[\"09:00\", \"12:00\"], [\"14:00\", \"18:00\"]],"
    " \"years\": {\"2027\": {\"holidays\": [\"2027-01-01\"], \"workdays\": [\"2027-01-02\"]}}}");
  g_autoptr(GBytes) bad_day = bytes_of ("{\"years\": {\"2027\": {\"holidays\": [\"2027-13-01\"]}}}");
  g_autoptr(GBytes) bad_hours = bytes_of ("{\"hours\": [[\"18:00\", \"09:00\"]], \"years\": {}}");
  g_autoptr(GError) error = NULL;

  /* A year a user adds, with its own hours. */
  g_assert_true (gw_work_calendar_load (calendar, good, &error));
  g_assert_no_error (error);
  assert_deadline (calendar, "2026-12-31T17:00:00", 2, GW_TIME_UNIT_WORKING_HOURS, "2027-01-02T10:00:00");

  /* Broken files are refused and change nothing. */
  g_assert_false (gw_work_calendar_load (calendar, bad_day, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (gw_work_calendar_load (calendar, bad_hours, &error));
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  assert_deadline (calendar, "2026-12-31T17:00:00", 2, GW_TIME_UNIT_WORKING_HOURS, "2027-01-02T10:00:00");

  g_assert_false (gw_work_calendar_set_hours (calendar, "8:30-12:00,11:00-17:00", &error));
  g_clear_error (&error);
  g_assert_true (gw_work_calendar_set_hours (calendar, "08:00-16:00", &error));
  assert_deadline (calendar, "2026-11-24T15:00:00", 2, GW_TIME_UNIT_WORKING_HOURS, "2026-11-25T09:00:00");
}

/* A year without its holidays is only guessed: the planner warns. */
static void
test_known_years (void)
{
  g_autoptr(GwWorkCalendar) calendar = gw_work_calendar_new_china ();
  const char *holidays[] = { "2031-01-01", NULL };

  g_assert_true (gw_work_calendar_knows_year (calendar, 2026));
  g_assert_false (gw_work_calendar_knows_year (calendar, 2031));
  gw_work_calendar_set_county_days (calendar, holidays, NULL);
  g_assert_true (gw_work_calendar_knows_year (calendar, 2031));
  gw_work_calendar_set_county_days (calendar, NULL, NULL);
  g_assert_false (gw_work_calendar_knows_year (calendar, 2031));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/work-calendar/weekends", test_weekends);
  g_test_add_func ("/work-calendar/holidays-and-make-up-days", test_holidays_and_make_up_days);
  g_test_add_func ("/work-calendar/minutes-between", test_minutes_between);
  g_test_add_func ("/work-calendar/calendar-data", test_calendar_data);
  g_test_add_func ("/work-calendar/known-years", test_known_years);

  return g_test_run ();
}
