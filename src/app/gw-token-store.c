/* gw-token-store.c: the town-server token, kept out of GSettings
 *
 * A token is a password: it goes to the Secret Service (GNOME Keyring),
 * one per server. Where no Secret Service runs (a kiosk wall screen, a
 * bare session), it goes to a file only the user can read, in the data
 * folder beside the cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-token-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "gw-token-store.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "org.gridwatch.Gridwatch.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static char *
file_path (const char *server_url,
           const char *data_dir)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server_url, -1);
  g_autofree char *name = g_strdup_printf ("token-%.16s", digest);

  return g_build_filename (data_dir, name, NULL);
}

char *
gw_token_store_lookup (const char *server_url,
                       const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *token;

  g_return_val_if_fail (server_url != NULL, NULL);

  token = secret_password_lookup_sync (token_schema (), NULL, &error, "server", server_url, NULL);
  if (token != NULL)
    return token;

  path = file_path (server_url, data_dir);
  if (g_file_get_contents (path, &token, NULL, NULL))
    return g_strstrip (token);

  return NULL;
}

gboolean
gw_token_store_save (const char  *server_url,
                     const char  *token,
                     const char  *data_dir,
                     GError     **error)
{
  g_autoptr(GError) secret_error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (server_url != NULL && token != NULL, FALSE);

  label = g_strdup_printf (_("Gridwatch token for %s"), server_url);
  if (secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                  NULL, &secret_error, "server", server_url, NULL))
    return TRUE;

  g_debug ("No Secret Service (%s); keeping the token in a private file", secret_error->message);
  path = file_path (server_url, data_dir);
  if (g_mkdir_with_parents (data_dir, 0700) != 0 ||
      !g_file_set_contents_full (path, token, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  return TRUE;
}
