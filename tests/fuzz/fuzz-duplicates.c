/* fuzz-duplicates.c: the nearby open cases, as the town server sends them
 *
 * GET /api/v1/duplicates: what the client takes are cases that read
 * back the same and distances in range, never more than its limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-duplicates-fetch.h"
#include "gw-fuzz.h"
#include "gw-json.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) found = gw_fuzz_parse_json (data, size, (GwFuzzParse) gw_duplicates_from_json);

  if (found == NULL)
    return 0;
  g_assert_cmpuint (found->len, <=, GW_DUPLICATES_MAX_ITEMS);
  for (guint i = 0; i < found->len; i++)
    {
      GwDuplicate *duplicate = g_ptr_array_index (found, i);
      g_autoptr(JsonNode) json = gw_case_to_json (duplicate->kase);
      g_autoptr(GError) error = NULL;
      g_autoptr(GwCase) again = gw_case_new_from_json (json, &error);

      g_assert_no_error (error);
      g_assert_cmpfloat (duplicate->distance_m, >=, 0);
      g_assert_cmpstr (gw_case_get_id (again), ==, gw_case_get_id (duplicate->kase));
    }
  return 0;
}
