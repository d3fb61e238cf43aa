/* gw-test-tls.c: a test certificate authority and a server certificate
 *
 * Made with openssl in a folder of their own, once per test program;
 * without openssl the TLS tests skip, saying so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gw-test-tls.h"

static char *
openssl (const char *dir,
         const char *command)
{
  g_autofree char *line = g_strdup_printf ("openssl %s", command);
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_shell_parse_argv (line, NULL, &argv, &error));
  g_spawn_sync (dir, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl %s failed: %s", command, err);
  return g_steal_pointer (&out);
}

GwTestTls *
gw_test_tls_new (void)
{
  g_autoptr(GwTestTls) tls = g_new0 (GwTestTls, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("openssl");
  g_autofree char *fingerprint = NULL;
  g_autofree char *extensions = NULL;
  const char *equals;

  /* The caller's tests skip, saying so. */
  if (program == NULL)
    return NULL;

  tls->dir = g_dir_make_tmp ("gw-tls-XXXXXX", &error);
  g_assert_no_error (error);
  extensions = g_build_filename (tls->dir, "server.ext", NULL);
  g_assert_true (g_file_set_contents (extensions,
                                      "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                                      "extendedKeyUsage=serverAuth\n", -1, NULL));

  g_free (openssl (tls->dir, "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                             "-keyout ca.key -out ca.pem -days 30 -subj /CN=Test\\ County\\ CA"));
  g_free (openssl (tls->dir, "req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                             "-keyout server.key -out server.csr -subj /CN=127.0.0.1"));
  g_free (openssl (tls->dir, "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                             "-out server.pem -days 30 -extfile server.ext"));
  g_free (openssl (tls->dir, "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out stranger.key"));
  fingerprint = openssl (tls->dir, "x509 -in server.pem -noout -fingerprint -sha256");

  equals = strchr (fingerprint, '=');
  g_assert_nonnull (equals);
  tls->fingerprint = g_strstrip (g_strdup (equals + 1));
  tls->ca = g_build_filename (tls->dir, "ca.pem", NULL);
  tls->cert = g_build_filename (tls->dir, "server.pem", NULL);
  tls->key = g_build_filename (tls->dir, "server.key", NULL);
  tls->stranger_key = g_build_filename (tls->dir, "stranger.key", NULL);

  return g_steal_pointer (&tls);
}

void
gw_test_tls_free (GwTestTls *tls)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (tls == NULL)
    return;
  if (tls->dir && (dir = g_dir_open (tls->dir, 0, NULL)))
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (tls->dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (tls->dir);
    }
  g_free (tls->dir);
  g_free (tls->ca);
  g_free (tls->cert);
  g_free (tls->key);
  g_free (tls->stranger_key);
  g_free (tls->fingerprint);
  g_free (tls);
}
