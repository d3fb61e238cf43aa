/* gw-server-trust.h: what the user decided to trust, per town server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-town-client.h"

G_BEGIN_DECLS

char     *gw_server_trust_dup_ca_file         (GSettings    *settings,
                                               const char   *server_url);
gboolean  gw_server_trust_set_ca_file         (GSettings    *settings,
                                               const char   *server_url,
                                               const char   *path,
                                               GError      **error);
gboolean  gw_server_trust_plain_http_allowed  (GSettings    *settings,
                                               const char   *server_url);
void      gw_server_trust_allow_plain_http    (GSettings    *settings,
                                               const char   *server_url);
void      gw_server_trust_apply               (GSettings    *settings,
                                               GwTownClient *client);

G_END_DECLS
