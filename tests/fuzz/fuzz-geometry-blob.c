/* fuzz-geometry-blob.c: a grid's geometry as the store keeps it
 *
 * The blob is read back from an SQLite file on disk, which a full disk,
 * a crash or a hand edit may have damaged: it must be refused, never
 * read past its end or made into a shape the map cannot draw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-fuzz.h"
#include "gw-fuzz-geometry.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwGeometry) geometry = gw_geometry_new_from_bytes (bytes, &error);

  g_assert_true ((geometry == NULL) == (error != NULL));
  if (geometry)
    {
      g_autoptr(GBytes) again = gw_geometry_to_bytes (geometry);

      /* The blob has one form: what was read writes back the same. */
      g_assert_true (g_bytes_equal (bytes, again));
      gw_fuzz_check_geometry (geometry);
    }
  return 0;
}
