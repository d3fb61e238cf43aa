/* gw-token.c: bearer tokens, made from the system's random generator
 *
 * A token is a password the server makes for a user: it must come from
 * the kernel's cryptographic generator (getrandom), never from GRand,
 * whose state a few outputs give away. Only its SHA-256 is stored; with
 * 256 random bits no salt or slow hash is needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-token"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "gw-token.h"

char *
gw_token_generate (GError **error)
{
  guint8 bytes[GW_TOKEN_BYTES];
  gsize filled = 0;
  GString *token;

  while (filled < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot read the system’s random generator: %s"), g_strerror (saved));
          return NULL;
        }
      filled += n;
    }

  token = g_string_sized_new (GW_TOKEN_LENGTH + 1);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (token, "%02x", bytes[i]);
  explicit_bzero (bytes, sizeof bytes);

  return g_string_free (token, FALSE);
}

char *
gw_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
