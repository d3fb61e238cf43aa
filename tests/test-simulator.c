/* test-simulator.c: the live traffic's pace over a day, and a steady county's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-simulator.h"

/* By default a county's day: busy mornings, quiet nights. */
static void
test_pace_follows_the_day (void)
{
  g_assert_cmpfloat (gw_simulator_pace (30, FALSE, 9), ==, 60);
  g_assert_cmpfloat (gw_simulator_pace (30, FALSE, 14), ==, 30);
  g_assert_cmpfloat (gw_simulator_pace (30, FALSE, 19), ==, 18);
  g_assert_cmpfloat (gw_simulator_pace (30, FALSE, 3), ==, 7.5);
}

/* Steady, a benchmark loads the server alike at any hour. */
static void
test_steady_pace_at_every_hour (void)
{
  for (int hour = 0; hour < 24; hour++)
    g_assert_cmpfloat (gw_simulator_pace (30, TRUE, hour), ==, 30);
  g_assert_cmpfloat (gw_simulator_pace (0, TRUE, 9), ==, 0);
}

/* What the fates leave alone piles up for nobody on a county's day; a
 * steady county takes it up after all, three quarters of an hour on at
 * the latest, but never the seeded past. */
static void
test_steady_takes_up_what_is_left (void)
{
  const char *ids[] = { "C-1", "C-2", "20260412-0031", "x" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_assert_false (gw_simulator_taken_up_late (FALSE, ids[i], 100000, 200000));
      g_assert_false (gw_simulator_taken_up_late (TRUE, ids[i], 899, 200000));
      g_assert_true (gw_simulator_taken_up_late (TRUE, ids[i], 2701, 200000));
      /* Last touched before the simulator began: the seeded past. */
      g_assert_false (gw_simulator_taken_up_late (TRUE, ids[i], 90 * 86400, 7200));
    }
}

/* Of a thousand cases' called parties (a month's ids), most report at
 * once, some only once overdue and some not yet. In a steady county every
 * one has reported once overdue, and within four hours of the call: a
 * deadline twelve working days away is past the end of any benchmark. */
static void
test_steady_called_parties_report (void)
{
  guint at_once = 0, overdue_only = 0, never = 0;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("GW202612%02u-%06u", 1 + i % 30, i / 30);
      gboolean awaiting = gw_simulator_called_party_reports (FALSE, id, GW_ESCALATION_AWAITING_REPORT, 0);
      gboolean overdue = gw_simulator_called_party_reports (FALSE, id, GW_ESCALATION_OVERDUE, 0);

      at_once += awaiting;
      overdue_only += !awaiting && overdue;
      never += !overdue;
      /* Days on, a county's day leaves the slow ones as they were. */
      g_assert_cmpint (gw_simulator_called_party_reports (FALSE, id, GW_ESCALATION_AWAITING_REPORT, 86400), ==, awaiting);
      g_assert_true (gw_simulator_called_party_reports (TRUE, id, GW_ESCALATION_OVERDUE, 0));
      g_assert_cmpint (gw_simulator_called_party_reports (TRUE, id, GW_ESCALATION_AWAITING_REPORT, 0), ==, awaiting);
      g_assert_cmpint (gw_simulator_called_party_reports (TRUE, id, GW_ESCALATION_AWAITING_REPORT, 3599), ==, awaiting);
      g_assert_true (gw_simulator_called_party_reports (TRUE, id, GW_ESCALATION_AWAITING_REPORT, 4 * 3600 + 1));
    }
  g_assert_cmpuint (at_once, >, 400);
  g_assert_cmpuint (overdue_only, >, 50);
  g_assert_cmpuint (never, >, 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/simulator/pace-follows-the-day", test_pace_follows_the_day);
  g_test_add_func ("/simulator/steady-pace-at-every-hour", test_steady_pace_at_every_hour);

  g_test_add_func ("/simulator/steady-takes-up-what-is-left", test_steady_takes_up_what_is_left);
  g_test_add_func ("/simulator/steady-called-parties-report", test_steady_called_parties_report);

  return g_test_run ();
}
