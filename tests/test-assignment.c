/* test-assignment.c: assignment suggestions on a fixed scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-assignment.h"

#define LAT 35.40
#define LON 116.97

static GwWorker *
worker (const char *id)
{
  return gw_worker_new (id, id, NULL, TRUE, NULL);
}

static void
test_rank (void)
{
  g_autoptr(GwWorker) w1 = worker ("w1");
  g_autoptr(GwWorker) w2 = worker ("w2");
  g_autoptr(GwWorker) w3 = worker ("w3");
  g_autoptr(GwWorker) w4 = worker ("w4");
  GwWorkerState states[] = {
    /* Of this grid, on duty, two open cases, 300 m away. */
    { w1, GW_NEARNESS_OWN_GRID, 2, TRUE, TRUE, TRUE, LAT + 0.0027, LON },
    /* Of this grid but off duty. */
    { w2, GW_NEARNESS_OWN_GRID, 0, TRUE, FALSE, FALSE, 0, 0 },
    /* The next grid, on duty, 100 m away. */
    { w3, GW_NEARNESS_NEIGHBOUR, 0, TRUE, TRUE, TRUE, LAT + 0.0009, LON },
    /* Another town, 5 km away. */
    { w4, GW_NEARNESS_ELSEWHERE, 0, TRUE, TRUE, TRUE, LAT + 0.045, LON },
  };
  GwCaseData kase = { .id = (char *) "GW-1", .lat = LAT, .lon = LON, .category = (char *) "C0101" };
  const GwDepartmentRef lead = { "water", "水务局" };
  /* The lead named again among those working with it counts once. */
  const GwDepartmentRef cooperating[] = { { "env", "生态环境局" }, { "water", "水务局" } };
  g_autoptr(GPtrArray) ranked = gw_assignment_rank (&kase, states, G_N_ELEMENTS (states), &lead,
                                                    cooperating, G_N_ELEMENTS (cooperating));
  const char *order[] = { "worker:w1", "worker:w3", "department:water", "worker:w2", "department:env", "worker:w4" };
  const int scores[] = { 100 + 30 - 16 - 3, 40 + 30 - 1, 55, 100 - 50, 35, 30 - 40 };

  g_assert_cmpuint (ranked->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < ranked->len; i++)
    {
      GwSuggestion *s = g_ptr_array_index (ranked, i);

      g_test_message ("%s %d: %s", s->assignee, s->score, s->reasons);
      g_assert_cmpstr (s->assignee, ==, order[i]);
      g_assert_cmpint (s->score, ==, scores[i]);
    }

  /* The reasons say what the score is made of. */
  g_assert_cmpstr (((GwSuggestion *) g_ptr_array_index (ranked, 0))->reasons, ==,
                   "Works this grid · On duty · 2 open cases · 300 m away");
  g_assert_cmpstr (((GwSuggestion *) g_ptr_array_index (ranked, 2))->name, ==, "水务局");
  g_assert_cmpstr (((GwSuggestion *) g_ptr_array_index (ranked, 3))->reasons, ==, "Works this grid · Off duty · 0 open cases");
  /* A cooperating department takes a case directly, without a whistle. */
  g_assert_cmpstr (((GwSuggestion *) g_ptr_array_index (ranked, 4))->name, ==, "生态环境局");
  g_assert_cmpstr (((GwSuggestion *) g_ptr_array_index (ranked, 4))->reasons, ==, "Works with the lead department on this category");
}

static void
test_spread_by_workload (void)
{
  g_autoptr(GwWorker) a = worker ("a");
  g_autoptr(GwWorker) b = worker ("b");
  GwWorkerState states[] = { { a, GW_NEARNESS_OWN_GRID, 3 }, { b, GW_NEARNESS_OWN_GRID, 0 } };
  guint choice[6];
  const guint expected[6] = { 1, 1, 1, 0, 1, 0 };

  /* All new cases of one grid to its two workers: the idle one first,
   * until they are even, then in turn. */
  gw_assignment_spread (states, 2, 6, choice);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (choice[i], ==, expected[i]);
  g_assert_cmpuint (states[0].open_cases, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/assignment/rank", test_rank);
  g_test_add_func ("/assignment/spread-by-workload", test_spread_by_workload);

  return g_test_run ();
}
