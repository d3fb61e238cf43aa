/* fuzz-open311-requests.c: another system's Open311 answers, as the consumer reads them
 *
 * Whatever an endpoint sends, JSON or XML, the reader gives a list or an
 * error with a readable message, and every request it gives is clean:
 * an id, texts in valid UTF-8 without carriage returns or control
 * characters, times the store can compare, and a location only when it
 * is a real point (never 0,0). The services reader runs on it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-fuzz.h"
#include "gw-geo.h"
#include "gw-open311-parse.h"

static void
assert_clean (const char *text)
{
  if (text == NULL)
    return;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_true (c == '\n' || !g_unichar_iscntrl (c));
    }
}

static void
assert_time (const char *text)
{
  g_autoptr(GDateTime) time = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  g_assert_true (text == NULL || time != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = gw_open311_parse_requests (bytes, skipped, &error);
  g_autoptr(GHashTable) services = NULL;

  g_assert_true ((requests == NULL) == (error != NULL));
  if (error)
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (guint i = 0; requests && i < requests->len; i++)
    {
      const GwOpen311Request *r = g_ptr_array_index (requests, i);

      g_assert_nonnull (r->id);
      assert_clean (r->id);
      assert_clean (r->status_notes);
      assert_clean (r->service_code);
      assert_clean (r->service_name);
      assert_clean (r->description);
      assert_clean (r->address);
      assert_clean (r->media_url);
      assert_time (r->requested);
      assert_time (r->updated);
      if (r->located)
        {
          g_assert_true (gw_coordinate_is_valid (r->lon, r->lat));
          g_assert_false (r->lat == 0 && r->lon == 0);
        }
    }
  for (guint i = 0; i < skipped->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (skipped, i), -1, NULL));

  g_clear_error (&error);
  services = gw_open311_parse_services (bytes, &error);
  g_assert_true ((services == NULL) == (error != NULL));
  return 0;
}
