/* fuzz-feed-page.c: one page of the change feed, as a client reads it
 *
 * The page's bytes go the way a client's do: scanned and mended
 * (gw_town_response_read_page()), read change by change
 * (gw_feed_page_read()) and applied to a cache (the store's
 * gw_store_apply_feed_page()), which must then read back every case it
 * wrote.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-feed-page.h"
#include "gw-fuzz.h"
#include "gw-store-cases.h"
#include "gw-store-quarantine.h"

static void
check_page (GwFeedPage *page)
{
  guint n_read = 0;

  g_assert_nonnull (page->cases);
  g_assert_cmpuint (page->n_quarantined, <=, page->items->len);
  for (guint i = 0; i < page->items->len; i++)
    {
      const GwQuarantineEntry *item = g_ptr_array_index (page->items, i);

      g_assert_nonnull (item->id);
      g_assert_true (g_utf8_validate (item->id, -1, NULL));
      if (item->reason)
        g_assert_true (item->raw == NULL || g_bytes_get_size (item->raw) <= GW_QUARANTINE_MAX_RAW);
      else
        n_read++;
    }
  g_assert_cmpuint (page->cases->len, <=, n_read);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GwTownResponse) response = g_new0 (GwTownResponse, 1);
  g_autoptr(GwFeedPage) page = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  response->status = 200;
  if (!gw_town_response_read_page (response, body, NULL))
    return 0;
  if (!(page = gw_feed_page_read (response, &error)))
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  check_page (page);

  if (!gw_store_apply_feed_page (gw_fuzz_cache (), page->cases, page->statuses, page->items, page->last_seq, page->feed_id,
                                 page->reset, written, &error))
    return 0;
  for (guint i = 0; i < written->len; i++)
    {
      GwCase *kase = g_ptr_array_index (written, i);
      g_autoptr(GwCase) stored = gw_store_get_case (gw_fuzz_cache (), gw_case_get_id (kase));

      g_assert_nonnull (stored);
    }
  return 0;
}
