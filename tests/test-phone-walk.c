/* test-phone-walk.c: the simulator's phones move along plausible paths:
 * at a walking pace, along straight legs between spots of their grid,
 * staying a while at each, and off to a case when called
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-geo.h"
#include "gw-phone-walk.h"

#define SPEED 1.2     /* m/s, as gw-phone-walk.c walks */

static void
corner_to_corner (const char *worker,
                  double     *lat,
                  double     *lon,
                  gpointer    data)
{
  guint *picked = data;

  /* Two spots 1 km apart, in turn. */
  *lat = 35.40 + (*picked % 2) * 0.009;
  *lon = 116.97;
  (*picked)++;
}

static void
test_walks (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint picked = 0;
  g_autoptr(GwPhoneWalks) walks = gw_phone_walks_new (rand, corner_to_corner, &picked);
  double lat, lon, last_lat, last_lon;
  gint64 t = 1764720000;
  gboolean stayed = FALSE;
  double moved_in_all = 0;

  gw_phone_walks_step (walks, "w0001", t, &last_lat, &last_lon);
  g_assert_cmpfloat (last_lat, ==, 35.40);
  for (guint i = 1; i <= 120; i++)
    {
      double moved;

      gw_phone_walks_step (walks, "w0001", t + i * 60, &lat, &lon);
      moved = gw_distance_meters (last_lon, last_lat, lon, lat);
      /* Never faster than walking, never off the line between the spots. */
      g_assert_cmpfloat (moved, <=, SPEED * 60 + 0.5);
      g_assert_cmpfloat (lon, ==, 116.97);
      g_assert_cmpfloat (lat, >=, 35.40 - 1e-9);
      g_assert_cmpfloat (lat, <=, 35.409 + 1e-9);
      stayed |= moved == 0;
      moved_in_all += moved;
      last_lat = lat, last_lon = lon;
    }
  /* Two hours: walked most of it, and stayed somewhere a while. */
  g_assert_true (stayed);
  g_assert_cmpfloat (moved_in_all, >, 3000);

  /* Called to a case, off it goes, and gets there. */
  gw_phone_walks_head_to (walks, "w0001", 35.405, 116.975);
  gw_phone_walks_step (walks, "w0001", t + 120 * 60 + 900, &lat, &lon);
  g_assert_cmpfloat (gw_distance_meters (lon, lat, 116.975, 35.405), <, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/phone-walk/walks", test_walks);
  return g_test_run ();
}
