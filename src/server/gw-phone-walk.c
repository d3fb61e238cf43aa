/* gw-phone-walk.c: where a simulated grid worker's phone is, moving
 *
 * A worker on patrol walks from one spot of their grid to the next at a
 * walking pace, stays there a while, and sets off again; called to a
 * case, they head for it. Each report is where the walk has got to by
 * then, so the demo's map and a day's track show movement along
 * straight streets rather than jumps across the grid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-simulator"

#include "config.h"

#include <math.h>

#include "gw-geo.h"
#include "gw-phone-walk.h"

#define WALKING_METRES_PER_SECOND 1.2
#define MIN_DWELL_SECONDS (5 * 60)
#define MAX_DWELL_SECONDS (20 * 60)

typedef struct
{
  double lat, lon;              /* where the phone is */
  double to_lat, to_lon;        /* where it is going */
  gint64 at;                    /* when it was there (Unix time) */
  gint64 dwell_until;           /* staying put until then */
} Walk;

struct _GwPhoneWalks
{
  GRand *rand;
  GwPickWaypoint pick;
  gpointer data;
  GHashTable *walks;            /* worker → Walk */
};

GwPhoneWalks *
gw_phone_walks_new (GRand          *rand,
                    GwPickWaypoint  pick,
                    gpointer        data)
{
  GwPhoneWalks *walks = g_new0 (GwPhoneWalks, 1);

  walks->rand = rand;
  walks->pick = pick;
  walks->data = data;
  walks->walks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return walks;
}

void
gw_phone_walks_free (GwPhoneWalks *walks)
{
  if (walks == NULL)
    return;
  g_hash_table_unref (walks->walks);
  g_free (walks);
}

static Walk *
walk_of (GwPhoneWalks *walks,
         const char   *worker,
         gint64        now)
{
  Walk *walk = g_hash_table_lookup (walks->walks, worker);

  if (walk == NULL)
    {
      walk = g_new0 (Walk, 1);
      walks->pick (worker, &walk->lat, &walk->lon, walks->data);
      walks->pick (worker, &walk->to_lat, &walk->to_lon, walks->data);
      walk->at = now;
      g_hash_table_insert (walks->walks, g_strdup (worker), walk);
    }
  return walk;
}

/* Where @worker's phone is at @now. */
void
gw_phone_walks_step (GwPhoneWalks *walks,
                     const char   *worker,
                     gint64        now,
                     double       *lat,
                     double       *lon)
{
  Walk *walk = walk_of (walks, worker, now);
  gint64 from = MAX (walk->at, walk->dwell_until);

  while (now > from)
    {
      double left = gw_distance_meters (walk->lon, walk->lat, walk->to_lon, walk->to_lat);
      double can = (now - from) * WALKING_METRES_PER_SECOND;

      if (can < left)
        {
          double f = can / left;

          walk->lat += (walk->to_lat - walk->lat) * f;
          walk->lon += (walk->to_lon - walk->lon) * f;
          break;
        }
      /* There: stay a while, then the next spot. */
      walk->lat = walk->to_lat;
      walk->lon = walk->to_lon;
      from += (gint64) ceil (left / WALKING_METRES_PER_SECOND);
      walk->dwell_until = from + g_rand_int_range (walks->rand, MIN_DWELL_SECONDS, MAX_DWELL_SECONDS);
      walks->pick (worker, &walk->to_lat, &walk->to_lon, walks->data);
      from = walk->dwell_until;
    }
  walk->at = now;
  *lat = walk->lat;
  *lon = walk->lon;
}

/* Called to a case at @lat, @lon: they set off for it now. */
void
gw_phone_walks_head_to (GwPhoneWalks *walks,
                        const char   *worker,
                        double        lat,
                        double        lon)
{
  Walk *walk = walk_of (walks, worker, g_get_real_time () / G_USEC_PER_SEC);

  walk->to_lat = lat;
  walk->to_lon = lon;
  walk->dwell_until = 0;
}
