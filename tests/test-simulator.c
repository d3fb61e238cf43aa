/* test-simulator.c: the live traffic's pace over a day
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/simulator/pace-follows-the-day", test_pace_follows_the_day);
  g_test_add_func ("/simulator/steady-pace-at-every-hour", test_steady_pace_at_every_hour);

  return g_test_run ();
}
