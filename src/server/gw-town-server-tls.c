/* gw-town-server-tls.c: how the server's traffic crosses the network
 *
 * Bearer tokens, phone numbers and every case cross the county's
 * network: off the host they go over TLS, HTTPS and the live WebSocket
 * on the same port. Plain HTTP is for loopback (the demo, the tests)
 * unless the keeper says --insecure-http, and then the server says so
 * at start and in /health, so nobody forgets it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "gw-town-server-private.h"

#define INSECURE_WARNING "insecure_http: this server takes tokens and sends cases over plain HTTP on the network; " \
                         "give it --tls-cert and --tls-key"

/* A certificate and a key that do not belong together would only fail
 * at each client's handshake, and GLib does not compare them: GnuTLS
 * does, when it loads the pair. */
static gboolean
key_matches (const char  *cert_file,
             const char  *key_file,
             GError     **error)
{
  gnutls_certificate_credentials_t credentials;
  int status;

  if (gnutls_certificate_allocate_credentials (&credentials) < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("out of memory"));
      return FALSE;
    }
  status = gnutls_certificate_set_x509_key_file (credentials, cert_file, key_file, GNUTLS_X509_FMT_PEM);
  gnutls_certificate_free_credentials (credentials);
  if (status == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
    {
      g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                           _("the key does not belong to the certificate"));
      return FALSE;
    }
  if (status < 0)
    {
      g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, gnutls_strerror (status));
      return FALSE;
    }
  return TRUE;
}

/* Refused here, where the keeper sees it, rather than at each client. */
static gboolean
certificate_is_usable (GTlsCertificate  *certificate,
                       GError          **error)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) not_after = g_tls_certificate_get_not_valid_after (certificate);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL || der->len == 0)
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, _("the file holds no certificate"));
      return FALSE;
    }
  if (not_after && g_date_time_compare (not_after, now) < 0)
    {
      g_autofree char *when = g_date_time_format_iso8601 (not_after);

      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, _("the certificate expired on %s"), when);
      return FALSE;
    }
  return TRUE;
}

/* @cert_file and @key_file (PEM) for HTTPS, or both NULL; plain HTTP off
 * loopback only if @insecure_http. Checked again by listen(). */
gboolean
gw_town_server_set_transport (GwTownServer  *self,
                              const char    *cert_file,
                              const char    *key_file,
                              gboolean       insecure_http,
                              GError       **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), FALSE);

  self->insecure_http = insecure_http;
  g_clear_object (&self->tls_certificate);
  if (cert_file == NULL && key_file == NULL)
    return TRUE;

  if (cert_file == NULL || key_file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("--tls-cert and --tls-key go together: give both"));
      return FALSE;
    }
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("this system has no TLS support for GLib (install glib-networking)"));
      return FALSE;
    }
  if (!(certificate = g_tls_certificate_new_from_files (cert_file, key_file, &local_error)) ||
      !certificate_is_usable (certificate, &local_error) ||
      !key_matches (cert_file, key_file, &local_error))
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                   _("cannot use the certificate %s with the key %s: %s"), cert_file, key_file,
                   local_error->message);
      return FALSE;
    }

  self->tls_certificate = g_steal_pointer (&certificate);
  return TRUE;
}

/* Before binding @address: plain HTTP off loopback needs --insecure-http. */
gboolean
gw_town_server_check_transport (GwTownServer  *self,
                                GInetAddress  *address,
                                GError       **error)
{
  gboolean loopback = g_inet_address_get_is_loopback (address);

  g_clear_pointer (&self->transport_warning, g_free);
  if (self->tls_certificate != NULL || loopback)
    return TRUE;

  if (!self->insecure_http)
    {
      g_autofree char *text = g_inet_address_to_string (address);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s is not a loopback address, and tokens must not cross the network in clear: "
                     "give --tls-cert FILE --tls-key FILE, or --insecure-http if you really mean it"),
                   text);
      return FALSE;
    }

  self->transport_warning = g_strdup (INSECURE_WARNING);
  return TRUE;
}

/* What /health and the start-up warning say; NULL when all is well. */
const char *
gw_town_server_get_transport_warning (GwTownServer *self)
{
  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), NULL);
  return self->transport_warning;
}

gboolean
gw_town_server_is_https (GwTownServer *self)
{
  g_return_val_if_fail (GW_IS_TOWN_SERVER (self), FALSE);
  return self->tls_certificate != NULL;
}
