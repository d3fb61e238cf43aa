/* gw-test-tls.h: a test certificate authority and a server certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  char *ca;             /* the county's CA, PEM */
  char *cert;           /* the server's, for 127.0.0.1 (IP SAN), signed by ca */
  char *key;
  char *stranger_key;   /* a key of no certificate */
  char *fingerprint;    /* cert's SHA-256, AB:CD:…, as openssl says it */
} GwTestTls;

/* NULL without openssl. */
GwTestTls *gw_test_tls_new  (void);
void       gw_test_tls_free (GwTestTls *tls);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTestTls, gw_test_tls_free)

G_END_DECLS
