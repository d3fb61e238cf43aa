/* gw-certificate.h: what a user needs to judge a server's certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char         *gw_certificate_describe_errors  (GTlsCertificateFlags   errors);
char         *gw_certificate_get_fingerprint  (GTlsCertificate       *certificate);
GTlsDatabase *gw_certificate_load_authority   (const char            *path,
                                               GError               **error);

G_END_DECLS
