/* fuzz-case-reader.c: the JSON reader without a tree, against json-glib
 *
 * gw-json-reader.c reads a feed's pages and the cache's lifecycles
 * straight into cases; what it accepts must be exactly what the tree
 * readers make of the same text, and what it is not sure of it must
 * decline, never crash on. The input is read four ways: walked as JSON,
 * as a case, as a lifecycle and as a feed page, each compared with the
 * tree reader's result when this reader accepts it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case-reader.h"
#include "gw-feed-page-private.h"
#include "gw-fuzz.h"
#include "gw-json.h"
#include "gw-store-quarantine.h"

/* Whatever this reader takes for one JSON value, json-glib reads too. */
static void
walk (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autoptr(JsonNode) root = NULL;
  GwJsonReader r;

  gw_json_reader_init (&r, data, size);
  if (!gw_json_reader_skip (&r) || !gw_json_reader_finish (&r))
    {
      g_assert_nonnull (r.failure);
      return;
    }
  root = gw_json_parse_bytes (bytes, NULL);
  g_assert_nonnull (root);
}

static void
read_case (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GwCase) fast = NULL;
  g_autoptr(GwCase) tree = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) fast_json = NULL;
  g_autoptr(JsonNode) tree_json = NULL;
  GwJsonReader r;

  gw_json_reader_init (&r, data, size);
  if (!(fast = gw_case_read (&r)) || !gw_json_reader_finish (&r))
    return;
  root = gw_json_parse_bytes (bytes, NULL);
  g_assert_nonnull (root);
  tree = gw_case_new_from_json (root, NULL);
  g_assert_nonnull (tree);
  fast_json = gw_case_to_json (fast);
  tree_json = gw_case_to_json (tree);
  gw_fuzz_assert_same_json (fast_json, tree_json);
  g_assert_cmpint (gw_case_get_reported_unix (fast), ==, gw_case_get_reported_unix (tree));
  g_assert_cmpint (gw_case_get_deadline_unix (fast), ==, gw_case_get_deadline_unix (tree));
}

/* The cache's column: the same fields, whichever reader read them. */
static void
read_lifecycle (GBytes *bytes)
{
  g_autofree char *text = gw_fuzz_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GwCaseData) fast = { .id = g_strdup ("GW-1") };
  g_auto(GwCaseData) tree = { .id = g_strdup ("GW-1") };
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(JsonNode) fast_json = NULL;
  g_autoptr(JsonNode) tree_json = NULL;
  gboolean fast_ok = gw_case_lifecycle_from_text (&fast, text, NULL);
  gboolean tree_ok = node == NULL || gw_case_lifecycle_from_json (&tree, node, NULL);

  g_assert_cmpint (fast_ok, ==, tree_ok);
  if (!fast_ok)
    return;
  fast_json = gw_case_lifecycle_to_json (&fast);
  tree_json = gw_case_lifecycle_to_json (&tree);
  gw_fuzz_assert_same_json (fast_json, tree_json);
}

static void
assert_same_page (GwFeedPage *fast,
                  GwFeedPage *tree)
{
  g_assert_cmpint (fast->last_seq, ==, tree->last_seq);
  g_assert_cmpint (fast->more, ==, tree->more);
  g_assert_cmpint (fast->reset, ==, tree->reset);
  g_assert_cmpint (fast->reference_changed, ==, tree->reference_changed);
  g_assert_cmpstr (fast->feed_id, ==, tree->feed_id);
  g_assert_cmpuint (fast->n_quarantined, ==, tree->n_quarantined);
  g_assert_cmpuint (fast->items->len, ==, tree->items->len);
  g_assert_cmpuint (fast->cases->len, ==, tree->cases->len);
  g_assert_cmpuint (fast->statuses->len, ==, tree->statuses->len);
  for (guint i = 0; i < fast->items->len; i++)
    {
      const GwQuarantineEntry *a = g_ptr_array_index (fast->items, i);
      const GwQuarantineEntry *b = g_ptr_array_index (tree->items, i);

      g_assert_cmpint (a->seq, ==, b->seq);
      g_assert_cmpstr (a->kind, ==, b->kind);
      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->reason, ==, b->reason);
      g_assert_true ((a->raw == NULL) == (b->raw == NULL));
      g_assert_true (a->raw == NULL || g_bytes_equal (a->raw, b->raw));
    }
  for (guint i = 0; i < fast->cases->len; i++)
    {
      g_autoptr(JsonNode) a = gw_case_to_json (g_ptr_array_index (fast->cases, i));
      g_autoptr(JsonNode) b = gw_case_to_json (g_ptr_array_index (tree->cases, i));

      gw_fuzz_assert_same_json (a, b);
    }
}

static void
read_page (GBytes *bytes)
{
  g_autoptr(GwTownResponse) response = g_new0 (GwTownResponse, 1);
  g_autoptr(GwFeedPage) fast = NULL;
  g_autoptr(GwFeedPage) tree = NULL;

  response->status = 200;
  fast = gw_feed_page_read_text (bytes);
  /* Text the scan refuses, or mends, is never read without a tree. */
  if (!gw_town_response_read_page (response, bytes, NULL) || response->defects->len > 0)
    {
      g_assert_null (fast);
      return;
    }
  if (fast == NULL)
    return;
  tree = gw_feed_page_read (response, NULL);
  g_assert_nonnull (tree);
  assert_same_page (fast, tree);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  walk (bytes);
  read_case (bytes);
  read_lifecycle (bytes);
  read_page (bytes);
  return 0;
}
