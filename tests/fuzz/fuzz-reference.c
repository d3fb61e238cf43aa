/* fuzz-reference.c: the reference collections a client caches
 *
 * Departments, categories, workers, grids (with their boundaries) and
 * who is on duty come from the server as {"items": […]} and replace the
 * cached copy. The same answer is offered as each collection, the way a
 * client reads it (gw_reference_pull_store()): a bad one must leave the
 * cache as it was, never crash it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-fuzz.h"
#include "gw-json.h"
#include "gw-reference-pull.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(JsonNode) root = gw_json_parse_bytes (bytes, NULL);

  if (root == NULL)
    return 0;
  for (guint i = 0; i < gw_reference_pull_n_collections (); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!gw_reference_pull_store (gw_fuzz_cache (), i, root, "\"fuzz\"", &error))
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  return 0;
}
