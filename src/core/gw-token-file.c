/* gw-token-file.c: an access token read from a file or standard input
 *
 * The app takes one with --token-file, gridwatch-report with its own
 * --token-file, and the app gives gridwatch-report the token on its
 * standard input: never on a command line, where every user of the
 * computer could read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "gw-token-file.h"

/* Far more than any token: what is longer is not one. */
#define MAX_TOKEN_BYTES 1024

/* Printable ASCII only: it goes into an HTTP header as it is. */
char *
gw_token_file_clean (char    *text,
                     gsize    length,
                     GError **error)
{
  g_autofree char *owned = text;

  if (length > MAX_TOKEN_BYTES || memchr (text, '\0', length) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("This is not an access token: it is too long"));
      return NULL;
    }
  g_strstrip (owned);
  if (*owned == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The access token is missing"));
      return NULL;
    }
  for (const char *p = owned; *p; p++)
    if (*p < 0x21 || *p > 0x7e)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("This is not an access token: it holds spaces or other characters a token does not"));
        return NULL;
      }
  return g_steal_pointer (&owned);
}

char *
gw_token_file_read (const char  *path,
                    GError     **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *buffer = g_malloc (MAX_TOKEN_BYTES + 2);
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_equal (path, "-"))
    input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      input = G_INPUT_STREAM (g_file_read (file, NULL, &local_error));
    }

  /* One more byte than a token may have tells a file that is too long. */
  if (input == NULL ||
      !g_input_stream_read_all (input, buffer, MAX_TOKEN_BYTES + 1, &length, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot read the token from %s: %s"),
                   g_str_equal (path, "-") ? _("standard input") : path, local_error->message);
      return NULL;
    }
  buffer[length] = '\0';
  return gw_token_file_clean (g_steal_pointer (&buffer), length, error);
}
