/* gw-certificate.c: what a user needs to judge a server's certificate
 *
 * A refused certificate is explained in words (whose fault it is: an
 * authority we do not know, another host's name, a date) and shown by
 * its SHA-256 fingerprint, which the county's IT office can read out on
 * the phone. A county's own certificate authority is a PEM file; it is
 * checked here before anyone is told it is trusted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-certificate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-certificate.h"

/* Larger than any certificate authority bundle a county would hand out. */
#define MAX_AUTHORITY_FILE (4 * 1024 * 1024)

/* One sentence for all the reasons, most telling first. */
char *
gw_certificate_describe_errors (GTlsCertificateFlags errors)
{
  static const struct
  {
    GTlsCertificateFlags flag;
    const char *text;
  } reasons[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("it is signed by an authority this computer does not trust") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it was issued for another host name or address") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet (or this computer's clock is wrong)") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it was revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("it uses an insecure algorithm") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (errors & reasons[i].flag)
      {
        if (text->len > 0)
          /* Translators: between the reasons a certificate was refused */
          g_string_append (text, _("; "));
        g_string_append (text, _(reasons[i].text));
      }
  if (text->len == 0)
    g_string_append (text, _("it could not be verified"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "AB:CD:…", 32 bytes, as browsers and `openssl x509 -fingerprint -sha256` show it. */
char *
gw_certificate_get_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) text = g_string_new (NULL);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, i > 0 ? ":%02X" : "%02X", digest[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The authorities in @path (PEM), as a database for one server's
 * session; a file without a certificate authority in it is refused. */
GTlsDatabase *
gw_certificate_load_authority (const char  *path,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autolist(GTlsCertificate) certificates = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &local_error)) ||
      g_file_info_get_size (info) > MAX_AUTHORITY_FILE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Cannot use %s as a certificate authority: %s"), path,
                   local_error ? local_error->message : _("the file is too large"));
      return NULL;
    }

  certificates = g_tls_certificate_list_new_from_file (path, &local_error);
  if (certificates == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Cannot use %s as a certificate authority: %s"), path,
                   local_error ? local_error->message : _("it holds no PEM certificate"));
      return NULL;
    }

  if (!(database = g_tls_file_database_new (path, &local_error)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Cannot use %s as a certificate authority: %s"), path,
                   local_error->message);
      return NULL;
    }
  return database;
}
