/* test-simulator-warm-up.c: gridwatch-townd starting from a county in its
 * steady state, the last hour of live traffic run before it serves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-test-util.h"

#define WARM_UP_MINUTES 60
#define PER_MINUTE 30

static gint64
count (const GwTestServer *server,
       const char         *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM cases WHERE %s", where);

  return gw_test_query_int (server->db_path, sql);
}

/* The hour's cases arrive at its pace and go the way live cases go: the
 * simulated people take each step on the simulated clock, so the oldest
 * are closed by now and the newest still wait, rather than every case
 * stopping at the first step whose time the server stamps as now. */
static void
test_warm_up_runs_the_last_hour (void)
{
  g_autofree char *db = gw_test_tmp_path ("warm-up.sqlite");
  g_autofree char *minutes = g_strdup_printf ("%d", WARM_UP_MINUTES);
  g_autofree char *pace = g_strdup_printf ("%d", PER_MINUTE);
  GwTestServer *server = gw_test_server_start (db, "--demo", "--simulate", pace, "--simulate-steady",
                                               "--simulate-warm-up", minutes, NULL);
  /* From the warm-up's first case (nothing was seeded), not from the
   * test's clock: a slow start (sanitizers, a loaded machine) would
   * shift the windows. */
  gint64 first = gw_test_query_int (server->db_path, "SELECT min (CAST (strftime ('%s', reported_at) AS INTEGER)) FROM cases");
  g_autofree char *window = g_strdup_printf ("CAST (strftime ('%%s', reported_at) AS INTEGER) < %" G_GINT64_FORMAT,
                                             first + WARM_UP_MINUTES * 60);
  g_autofree char *first_minutes = g_strdup_printf ("CAST (strftime ('%%s', reported_at) AS INTEGER) < %" G_GINT64_FORMAT,
                                                    first + 10 * 60);
  g_autofree char *last_minutes = g_strdup_printf ("%s AND CAST (strftime ('%%s', reported_at) AS INTEGER) >= %" G_GINT64_FORMAT,
                                                   window, first + (WARM_UP_MINUTES - 10) * 60);
  g_autofree char *old_closed = g_strdup_printf ("%s AND status = 'closed'", first_minutes);
  g_autofree char *new_open = g_strdup_printf ("%s AND status != 'closed'", last_minutes);
  gint64 in_window = count (server, window);

  /* An hour at thirty a minute, the first of them an hour before the
   * server began to serve. */
  g_assert_cmpint (first, >=, g_get_real_time () / G_USEC_PER_SEC - WARM_UP_MINUTES * 60 - 600);
  g_assert_cmpint (in_window, >=, WARM_UP_MINUTES * PER_MINUTE - PER_MINUTE);
  g_assert_cmpint (in_window, <=, WARM_UP_MINUTES * PER_MINUTE + PER_MINUTE);
  g_assert_cmpint (count (server, first_minutes), >=, 9 * PER_MINUTE);

  /* Every stage of a case's life is in the county at once. */
  g_assert_cmpint (count (server, "status = 'reported'"), >, 0);
  g_assert_cmpint (count (server, "status = 'dispatched'"), >, 0);
  g_assert_cmpint (count (server, "status = 'in_progress'"), >, 0);
  g_assert_cmpint (count (server, "status = 'handled'"), >, 0);

  /* Of the first ten minutes' cases, half or so have ended by now (the
   * fates that leave a case alone keep it for up to an hour and a half);
   * of the last ten's, most are still open. */
  g_assert_cmpint (count (server, old_closed) * 4, >, count (server, first_minutes));
  g_assert_cmpint (count (server, new_open) * 2, >, count (server, last_minutes));

  /* The simulated people act as the town server knows them: none of
   * their steps is refused. A department once acted under its cases'
   * assignee ("department:NAME"), was refused every step, and its cases
   * never moved. A failed check sends a case back once: sent back again
   * and again, a case never closed. */
  g_assert_cmpint (gw_test_query_int (server->db_path, "SELECT count(*) FROM audit WHERE status >= 400"), ==, 0);
  g_assert_cmpint (count (server, "assignee LIKE 'department:%' AND status IN ('in_progress', 'handled', 'closed')"), >, 0);
  g_assert_cmpint (count (server, "json_extract (lifecycle, '$.reworks') > 1"), ==, 0);

  gw_test_server_stop (server);
}

/* Without the traffic it would run, or for longer than a day: refused,
 * in words. */
static void
test_warm_up_refused (void)
{
  g_autofree char *db = gw_test_tmp_path ("warm-up-refused.sqlite");
  g_autofree char *alone = NULL, *too_long = NULL;
  int status;

  status = gw_test_run_townd (NULL, &alone, "--db", db, "--listen", "127.0.0.1:0", "--simulate-warm-up", "60", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (alone, "--simulate-warm-up"));

  status = gw_test_run_townd (NULL, &too_long, "--db", db, "--listen", "127.0.0.1:0",
                              "--simulate", "30", "--simulate-warm-up", "1441", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (too_long, "--simulate-warm-up"));
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/simulator/warm-up-runs-the-last-hour", test_warm_up_runs_the_last_hour);
  g_test_add_func ("/simulator/warm-up-refused", test_warm_up_refused);

  return g_test_run ();
}
