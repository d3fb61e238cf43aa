/* fuzz-track.c: a worker's day, as the town server sends it
 *
 * GET /api/v1/workers/{id}/track: what the client takes are points with
 * a time, a valid coordinate and the worker's name, never more than its
 * limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-fuzz.h"
#include "gw-geo.h"
#include "gw-json.h"
#include "gw-worker-track.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) points = gw_fuzz_parse_json (data, size, (GwFuzzParse) gw_worker_track_from_json);

  if (points == NULL)
    return 0;
  g_assert_cmpuint (points->len, <=, GW_WORKER_TRACK_MAX_POINTS);
  for (guint i = 0; i < points->len; i++)
    {
      GwWorkerStatus *point = g_ptr_array_index (points, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (gw_worker_status_get_updated_at (point), NULL);
      double lat, lon;

      g_assert_true (gw_worker_status_get_location (point, &lat, &lon));
      g_assert_true (gw_coordinate_is_valid (lon, lat));
      g_assert_nonnull (at);
      g_assert_true (g_utf8_validate (gw_worker_status_get_worker_id (point), -1, NULL));
    }
  return 0;
}
