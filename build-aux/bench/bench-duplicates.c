/* bench-duplicates.c: finding the open cases a new report may repeat
 *
 * Prints:
 *   bench duplicates-server cases=100000 lookups=2000 per_lookup_us=… found_mean=…
 *   bench duplicates-cache cases=100000 lookups=2000 per_lookup_us=… found_mean=…
 *
 * 100,000 cases over 30 days across a county-sized box, in a town
 * server's database (which indexes places: every arriving case asks) and
 * in the app's cache (asked off the main thread while a dispatcher types
 * a new case). Each lookup is the default 100 m and 3 days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-bench-util.h"

#include "gw-cache-schema.h"
#include "gw-server-schema.h"
#include "gw-store-duplicates.h"
#include "gw-store-outbox.h"
#include "gw-work-calendar.h"

#define CASES 100000
#define LOOKUPS 2000

static GPtrArray *
make_cases (GRand     *rand,
            GDateTime *now)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);
  static const char * const categories[] = { "E0101", "E0102", "E0401", "C0101", "C0301" };

  for (guint i = 0; i < CASES; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_seconds (now, -g_rand_double_range (rand, 0, 30 * 86400));
      g_autofree char *id = g_strdup_printf ("GW-BENCH-%06u", i);
      g_autofree char *reported = gw_format_rfc3339 (at);
      GwCaseData d = {
        .id = id, .status = g_rand_int_range (rand, 0, 3) ? GW_CASE_STATUS_DISPATCHED : GW_CASE_STATUS_CLOSED,
        .category = (char *) categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))],
        .lat = g_rand_double_range (rand, 35.2, 35.6), .lon = g_rand_double_range (rand, 116.8, 117.2),
        .reported_at = reported, .version = 1,
      };

      g_ptr_array_add (cases, gw_case_new (&d));
    }
  return cases;
}

static gboolean
put_all (GwStore   *store,
         gpointer   cases,
         GError   **error)
{
  for (guint i = 0; i < ((GPtrArray *) cases)->len; i++)
    if (!gw_store_put_case (store, g_ptr_array_index ((GPtrArray *) cases, i), error))
      return FALSE;
  return TRUE;
}

static void
bench_lookups (const char *name,
               GwStore    *store,
               GDateTime  *now)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  guint found = 0;
  gint64 t0 = g_get_monotonic_time (), t1;

  for (guint i = 0; i < LOOKUPS; i++)
    {
      GwDuplicateQuery q = {
        .lat = g_rand_double_range (rand, 35.2, 35.6), .lon = g_rand_double_range (rand, 116.8, 117.2),
        .category = "E0101", .at = now,
      };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) near = gw_store_find_duplicates (store, &q, &error);

      if (near == NULL)
        g_error ("%s: %s", name, error->message);
      found += near->len;
    }
  t1 = g_get_monotonic_time ();
  g_print ("bench %s cases=%d lookups=%d per_lookup_us=%.1f found_mean=%.3f\n", name, CASES, LOOKUPS,
           (double) (t1 - t0) / LOOKUPS, (double) found / LOOKUPS);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = g_dir_make_tmp ("bench-duplicates-XXXXXX", NULL);
  g_autofree char *server_path = g_build_filename (tmpdir, "town.sqlite", NULL);
  g_autofree char *cache_path = g_build_filename (tmpdir, "cache.sqlite", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(GPtrArray) cases = make_cases (rand, now);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GwStore) server = gw_server_store_open (server_path, &error);

    if (server == NULL || !gw_store_transaction (server, put_all, cases, &error))
      g_error ("server: %s", error->message);
    bench_lookups ("duplicates-server", server, now);
  }
  {
    g_autoptr(GwStore) cache = gw_cache_open (cache_path, &error);

    if (cache == NULL || !gw_store_apply_cases (cache, cases, 1, NULL, &error))
      g_error ("cache: %s", error->message);
    bench_lookups ("duplicates-cache", cache, now);
  }
  gw_bench_remove_tree (tmpdir);
  return 0;
}
