/* gw-photo.c: what a case photo is: an image by its first bytes, and
 * the town server's photo URL with the SHA-256 that names it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-photo.h"

/* By the first bytes, not by what a server says it sent. */
const char *
gw_media_sniff (GBytes *data)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff };
  gsize size;
  const guint8 *bytes = data ? g_bytes_get_data (data, &size) : NULL;

  if (bytes && size >= sizeof png && memcmp (bytes, png, sizeof png) == 0)
    return "image/png";
  if (bytes && size >= sizeof jpeg && memcmp (bytes, jpeg, sizeof jpeg) == 0)
    return "image/jpeg";
  return NULL;
}

/* The id in a town server photo URL, or NULL for any other URL. */
const char *
gw_media_id_from_url (const char *url)
{
  const char *id;

  if (url == NULL || !g_str_has_prefix (url, GW_MEDIA_PATH))
    return NULL;
  id = url + strlen (GW_MEDIA_PATH);
  if (strlen (id) != 64)
    return NULL;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return NULL;
  return id;
}
