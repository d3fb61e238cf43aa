/* test-class-breaks.c: choropleth classes a leader can read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-class-breaks.h"

static void
assert_labels (const GwClassBreaks *breaks,
               const char * const  *expected)
{
  g_assert_cmpuint (breaks->n_breaks + 1, ==, g_strv_length ((char **) expected));
  for (guint k = 0; k <= breaks->n_breaks; k++)
    {
      g_autofree char *label = gw_class_breaks_label (breaks, k);

      g_assert_cmpstr (label, ==, expected[k]);
    }
}

static void
test_counts (void)
{
  /* Open cases in twenty grids; zeros are no class. */
  const double values[] = { 0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 12, 14, 17, 23, 31, 48 };
  GwClassBreaks breaks;

  gw_class_breaks_compute (&breaks, values, G_N_ELEMENTS (values), TRUE);
  assert_labels (&breaks, (const char *[]) { "1–2", "3–5", "6–8", "9–20", "≥ 21", NULL });
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 0), ==, -1);
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 1), ==, 0);
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 2), ==, 0);
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 3), ==, 1);
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 20), ==, 3);
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 48), ==, 4);
}

static void
test_few_values_merge (void)
{
  const double two[] = { 2, 12 };
  const double same[] = { 3, 3, 3, 3 };
  const double none[] = { 0, 0 };
  GwClassBreaks breaks, again;

  gw_class_breaks_compute (&breaks, two, G_N_ELEMENTS (two), TRUE);
  assert_labels (&breaks, (const char *[]) { "1–2", "≥ 3", NULL });
  gw_class_breaks_compute (&breaks, same, G_N_ELEMENTS (same), TRUE);
  assert_labels (&breaks, (const char *[]) { "≥ 1", NULL });
  gw_class_breaks_compute (&breaks, none, G_N_ELEMENTS (none), TRUE);
  g_assert_cmpuint (breaks.n_breaks, ==, 0);
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 0), ==, -1);

  gw_class_breaks_compute (&again, none, G_N_ELEMENTS (none), TRUE);
  g_assert_true (gw_class_breaks_equal (&breaks, &again));
  gw_class_breaks_compute (&again, two, G_N_ELEMENTS (two), TRUE);
  g_assert_false (gw_class_breaks_equal (&breaks, &again));
}

static void
test_ratios (void)
{
  /* Cases per grid worker. */
  const double values[] = { 0.2, 0.3, 0.5, 0.7, 1.0, 1.2, 1.5, 2.2, 3.0, 4.5 };
  GwClassBreaks breaks;

  gw_class_breaks_compute (&breaks, values, G_N_ELEMENTS (values), FALSE);
  assert_labels (&breaks, (const char *[]) { "≤ 0.5", "0.5–1", "1–2", "> 2", NULL });
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 0.5), ==, 0);
  g_assert_cmpint (gw_class_breaks_class_of (&breaks, 0.51), ==, 1);
}

/* All zero and all one both have no breaks, but only one has a class. */
static void
test_nothing_is_not_one_class (void)
{
  static const double zeros[] = { 0, 0, 0 };
  static const double ones[] = { 1, 0, 1 };
  GwClassBreaks none, one;

  gw_class_breaks_compute (&none, zeros, G_N_ELEMENTS (zeros), TRUE);
  gw_class_breaks_compute (&one, ones, G_N_ELEMENTS (ones), TRUE);
  g_assert_cmpuint (none.n_breaks, ==, 0);
  g_assert_cmpuint (one.n_breaks, ==, 0);
  g_assert_false (gw_class_breaks_equal (&none, &one));
  g_assert_cmpint (gw_class_breaks_class_of (&one, 1), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/class-breaks/counts", test_counts);
  g_test_add_func ("/class-breaks/few-values-merge", test_few_values_merge);
  g_test_add_func ("/class-breaks/ratios", test_ratios);
  g_test_add_func ("/class-breaks/nothing-is-not-one-class", test_nothing_is_not_one_class);

  return g_test_run ();
}
