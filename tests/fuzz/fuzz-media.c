/* fuzz-media.c: telling a photo by its first bytes
 *
 * The server sniffs every upload and the client every photo it fetches,
 * never trusting a Content-Type; photo URLs come inside case data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-fuzz.h"
#include "gw-photo.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autofree char *text = gw_fuzz_strndup (data, size);
  const char *type = gw_media_sniff (bytes);
  const char *id = gw_media_id_from_url (text);

  if (g_strcmp0 (type, "image/png") == 0)
    g_assert_true (size >= 8 && memcmp (data, "\x89PNG", 4) == 0);
  else if (g_strcmp0 (type, "image/jpeg") == 0)
    g_assert_true (size >= 3 && data[0] == 0xff && data[1] == 0xd8);
  else
    g_assert_null (type);

  /* An id names a file in the media cache: 64 lowercase hex digits only. */
  if (id)
    {
      g_assert_cmpuint (strlen (id), ==, 64);
      g_assert_true (strspn (id, "0123456789abcdef") == 64);
    }
  return 0;
}
