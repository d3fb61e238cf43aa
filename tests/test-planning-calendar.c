/* test-planning-calendar.c: the planning calendar's days are made once
 * and shaded by the work calendar
 *
 * February 2026 in China: the Spring Festival takes Monday 16th to
 * Friday 20th off, and Saturdays 14th and 28th are make-up working days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gw-planning-page.h"

static guint32
julian (int year,
        int month,
        int day)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, month, year);

  return g_date_get_julian (date);
}

static GwCalendarDay *
day_of (GwPlanningPage *page,
        int             month,
        int             day)
{
  GwCalendarDay *cell = gw_planning_page_get_day (page, julian (2026, month, day));

  g_assert_nonnull (cell);
  g_assert_cmpuint (gw_calendar_day_get_date (cell), ==, julian (2026, month, day));
  return cell;
}

static void
test_off_days_follow_work_calendar (void)
{
  GwPlanningPage *page = g_object_ref_sink (g_object_new (GW_TYPE_PLANNING_PAGE, NULL));

  gw_planning_page_show_month (page, julian (2026, 2, 10));

  /* A make-up working day is a Saturday the office works. */
  g_assert_false (gw_calendar_day_get_off_day (day_of (page, 2, 14)));
  g_assert_false (gw_calendar_day_get_off_day (day_of (page, 2, 28)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (day_of (page, 2, 14)), "off"));
  /* A holiday is a weekday it does not. */
  for (int d = 16; d <= 20; d++)
    {
      g_assert_true (gw_calendar_day_get_off_day (day_of (page, 2, d)));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (day_of (page, 2, d)), "off"));
    }
  /* Ordinary days keep the weekday's rule. */
  g_assert_false (gw_calendar_day_get_off_day (day_of (page, 2, 10)));
  g_assert_true (gw_calendar_day_get_off_day (day_of (page, 2, 8)));
  g_assert_true (gw_calendar_day_get_off_day (day_of (page, 2, 22)));

  /* The grid starts on the Monday before the first: January's last days. */
  g_assert_false (gw_calendar_day_get_in_month (day_of (page, 1, 26)));
  g_assert_true (gw_calendar_day_get_in_month (day_of (page, 2, 1)));

  g_object_unref (page);
}

static void
test_days_are_kept (void)
{
  GwPlanningPage *page = g_object_ref_sink (g_object_new (GW_TYPE_PLANNING_PAGE, NULL));
  GwCalendarDay *cells[2];

  gw_planning_page_show_month (page, julian (2026, 2, 1));
  cells[0] = day_of (page, 2, 14);
  cells[1] = day_of (page, 2, 16);

  /* A month later the same widgets show March: the 14th is a Saturday
   * off, the 16th an ordinary Monday. */
  gw_planning_page_show_month (page, julian (2026, 3, 1));
  g_assert_true (day_of (page, 3, 14) == cells[0]);
  g_assert_true (day_of (page, 3, 16) == cells[1]);
  g_assert_true (gw_calendar_day_get_off_day (cells[0]));
  g_assert_false (gw_calendar_day_get_off_day (cells[1]));
  g_assert_null (gw_planning_page_get_day (page, julian (2026, 2, 14)));

  gw_planning_page_show_month (page, julian (2026, 2, 1));
  g_assert_true (day_of (page, 2, 14) == cells[0]);
  g_assert_false (gw_calendar_day_get_off_day (cells[0]));

  g_object_unref (page);
}

/* Today's cell is marked, and only it. */
static void
test_today_marked (void)
{
  GwPlanningPage *page = g_object_ref_sink (g_object_new (GW_TYPE_PLANNING_PAGE, NULL));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint32 today = julian (g_date_time_get_year (now), g_date_time_get_month (now), g_date_time_get_day_of_month (now));
  guint marked = 0;

  gw_planning_page_show_month (page, julian (g_date_time_get_year (now), g_date_time_get_month (now), 1));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (gw_planning_page_get_day (page, today)), "today"));
  for (guint32 d = today - 20; d <= today + 20; d++)
    {
      GwCalendarDay *cell = gw_planning_page_get_day (page, d);

      marked += cell && gtk_widget_has_css_class (GTK_WIDGET (cell), "today");
    }
  g_assert_cmpuint (marked, ==, 1);
  g_object_unref (page);
}

/* A sixth week wholly in the next month is not drawn: the month keeps
 * its room for the weeks it has. */
static void
test_sixth_week_only_when_needed (void)
{
  GwPlanningPage *page = g_object_ref_sink (g_object_new (GW_TYPE_PLANNING_PAGE, NULL));
  GwCalendarDay *cell;

  /* December 2026: Monday 30 November to Sunday 3 January, five weeks. */
  gw_planning_page_show_month (page, julian (2026, 12, 1));
  g_assert_nonnull ((cell = gw_planning_page_get_day (page, julian (2026, 12, 31))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cell)));
  g_assert_nonnull ((cell = gw_planning_page_get_day (page, julian (2026, 12, 31) + 4)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cell)));
  /* August 2026 starts on a Saturday and needs six. */
  gw_planning_page_show_month (page, julian (2026, 8, 1));
  g_assert_nonnull ((cell = gw_planning_page_get_day (page, julian (2026, 8, 31))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cell)));
  g_object_unref (page);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/planning-calendar/off-days-follow-work-calendar", test_off_days_follow_work_calendar);
  g_test_add_func ("/planning-calendar/days-are-kept", test_days_are_kept);
  g_test_add_func ("/planning-calendar/today-marked", test_today_marked);
  g_test_add_func ("/planning-calendar/sixth-week-only-when-needed", test_sixth_week_only_when_needed);

  return g_test_run ();
}
