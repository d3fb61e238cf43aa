/* gw-server-trust.c: what the user decided to trust, per town server
 *
 * Two decisions, each pinned to one server address as the town client
 * spells it: the certificate authority that vouches for that server
 * (a county's own, which no other server gets), and the user's yes to
 * sending the token unencrypted over plain http:// to a host that is not
 * this computer. Both live in GSettings; the token itself never does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-server-trust"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-certificate.h"
#include "gw-server-trust.h"

#define CA_KEY "certificate-authorities"
#define PLAIN_KEY "plain-http-servers"

/* The address as the client keeps it (no trailing slash), or NULL. */
static char *
normalize (const char *server_url)
{
  g_autoptr(GwTownClient) client = server_url ? gw_town_client_new (server_url, NULL) : NULL;

  return client ? g_strdup (gw_town_client_get_base_url (client)) : NULL;
}

char *
gw_server_trust_dup_ca_file (GSettings  *settings,
                             const char *server_url)
{
  g_autofree char *url = normalize (server_url);
  g_autoptr(GVariant) map = g_settings_get_value (settings, CA_KEY);
  char *path = NULL;

  if (url == NULL || !g_variant_lookup (map, url, "s", &path))
    return NULL;
  return path;
}

/* @path is checked first: a file that is no CA is refused, and nothing
 * changes. NULL goes back to the system's authorities. */
gboolean
gw_server_trust_set_ca_file (GSettings   *settings,
                             const char  *server_url,
                             const char  *path,
                             GError     **error)
{
  g_autofree char *url = normalize (server_url);
  g_autofree char *absolute = path ? g_canonicalize_filename (path, NULL) : NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GVariant) old = g_settings_get_value (settings, CA_KEY);
  g_auto(GVariantBuilder) map = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *key, *value;

  if (url == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A certificate authority is trusted for one town server: set the server’s address first"));
      return FALSE;
    }
  if (absolute && !(database = gw_certificate_load_authority (absolute, error)))
    return FALSE;

  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, url))
      g_variant_builder_add (&map, "{ss}", key, value);
  if (absolute)
    g_variant_builder_add (&map, "{ss}", url, absolute);

  return g_settings_set_value (settings, CA_KEY, g_variant_builder_end (&map));
}

gboolean
gw_server_trust_plain_http_allowed (GSettings  *settings,
                                    const char *server_url)
{
  g_autofree char *url = normalize (server_url);
  g_auto(GStrv) allowed = g_settings_get_strv (settings, PLAIN_KEY);

  return url != NULL && g_strv_contains ((const char * const *) allowed, url);
}

void
gw_server_trust_allow_plain_http (GSettings  *settings,
                                  const char *server_url)
{
  g_autofree char *url = normalize (server_url);
  g_auto(GStrv) allowed = g_settings_get_strv (settings, PLAIN_KEY);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) more = NULL;

  if (url == NULL || g_strv_contains ((const char * const *) allowed, url))
    return;
  g_strv_builder_addv (builder, (const char **) allowed);
  g_strv_builder_add (builder, url);
  more = g_strv_builder_end (builder);
  g_settings_set_strv (settings, PLAIN_KEY, (const char * const *) more);
}

/* The user's decisions for @client's server, onto the client. A CA file
 * that went missing or bad is logged, and the server is then checked
 * against the system's authorities: its certificate is refused, and the
 * banner says why. */
void
gw_server_trust_apply (GSettings    *settings,
                       GwTownClient *client)
{
  const char *url = gw_town_client_get_base_url (client);
  g_autofree char *ca_file = gw_server_trust_dup_ca_file (settings, url);
  g_autoptr(GError) error = NULL;

  if (ca_file && !gw_town_client_set_ca_file (client, ca_file, &error))
    g_warning ("%s", error->message);
  gw_town_client_allow_plain_token (client, gw_server_trust_plain_http_allowed (settings, url));
}
