/* fuzz-json-scan.c: the check every JSON document passes before json-glib
 *
 * gw_json_scan() stands between the network and the parser: it refuses
 * (or, for feed pages, mends in place) bytes that are not UTF-8, NULs,
 * escaped NULs, lone surrogates and too deep a nesting. What it lets
 * through must be something the parser and C strings can take.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-fuzz.h"
#include "gw-json.h"

static void
check_ranges (GArray *elements,
              gsize   len)
{
  gsize previous_end = 0;

  for (guint i = 0; i < elements->len; i++)
    {
      const GwJsonRange *range = &g_array_index (elements, GwJsonRange, i);

      g_assert_cmpuint (range->start, <, range->end);
      g_assert_cmpuint (range->end, <=, len);
      g_assert_cmpuint (range->start, >=, previous_end);
      previous_end = range->end;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *copy = g_memdup2 (data, size);
  g_autoptr(GArray) defects = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) elements = g_array_new (FALSE, FALSE, sizeof (GwJsonRange));
  GwJsonScan check = { 0 };
  GwJsonScan shallow = { .max_depth = 2 };
  GwJsonScan mend = { .repair = TRUE, .defects = defects, .elements = elements };
  gboolean clean, mended;

  /* Without repair the text is only read. */
  clean = gw_json_scan ((char *) data, size, &check, NULL);
  gw_json_scan ((char *) data, size, &shallow, NULL);

  mended = gw_json_scan (copy, size, &mend, NULL);
  if (!mended || size == 0)
    return 0;
  g_assert_true (clean == (defects->len == 0));
  for (guint i = 0; i < defects->len; i++)
    g_assert_cmpuint (g_array_index (defects, gsize, i), <, size);
  check_ranges (elements, size);

  /* Mended text is clean: valid UTF-8, no NUL, nothing left to mend. */
  g_assert_true (g_utf8_validate_len (copy, size, NULL));
  g_assert_null (memchr (copy, '\0', size));
  check = (GwJsonScan) { 0 };
  g_assert_true (gw_json_scan (copy, size, &check, NULL));

  /* And json-glib can be handed it: whatever it makes of it, its strings
   * are UTF-8 (a page's mended text is parsed so). */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (copy, size);
    g_autoptr(JsonNode) root = gw_json_parse_bytes (bytes, NULL);

    if (root)
      {
        g_autofree char *text = json_to_string (root, FALSE);
        g_assert_true (g_utf8_validate (text, -1, NULL));
      }
  }
  return 0;
}
