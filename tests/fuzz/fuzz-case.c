/* fuzz-case.c: a case as the town server sends it
 *
 * A client reads cases in the answer to an action (the case itself, or
 * {"case": …} beside an error), in lists and in the change feed. A case
 * it accepts is cached and sent on, so it must write out as JSON that
 * reads back the same, and survive the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case.h"
#include "gw-fuzz.h"
#include "gw-json.h"
#include "gw-store-cases.h"

static void
read_case (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCase) kase = gw_case_new_from_json (node, &error);
  g_autoptr(GwCase) again = NULL;
  g_autoptr(GwCase) stored = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) json_again = NULL;
  g_autoptr(JsonNode) json_stored = NULL;

  if (kase == NULL)
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  gw_case_is_overdue (kase, 1767225600);
  gw_case_is_due_soon (kase, 1767225600);
  gw_case_get_reported_unix (kase);

  json = gw_case_to_json (kase);
  again = gw_case_new_from_json (json, &error);
  g_assert_no_error (error);
  json_again = gw_case_to_json (again);
  gw_fuzz_assert_same_json (json, json_again);

  g_assert_true (gw_store_put_case (gw_fuzz_cache (), kase, &error));
  g_assert_no_error (error);
  stored = gw_store_get_case (gw_fuzz_cache (), gw_case_get_id (kase));
  g_assert_nonnull (stored);
  json_stored = gw_case_to_json (stored);
  gw_fuzz_assert_same_json (json, json_stored);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(JsonNode) root = gw_json_parse_bytes (bytes, NULL);
  JsonObject *obj = gw_json_node_get_object (root);
  JsonArray *items = gw_json_object_get_array (obj, "items");

  if (root == NULL)
    return 0;
  /* An action's answer: the case, or the case beside a refusal. */
  read_case (root);
  if (obj && json_object_has_member (obj, "case"))
    read_case (json_object_get_member (obj, "case"));
  if (JSON_NODE_HOLDS_ARRAY (root))
    items = json_node_get_array (root);
  for (guint i = 0; items && i < json_array_get_length (items) && i < 64; i++)
    read_case (json_array_get_element (items, i));
  return 0;
}
