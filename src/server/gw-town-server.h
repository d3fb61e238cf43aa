/* gw-town-server.h: the town server's HTTP API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_TOWN_SERVER (gw_town_server_get_type ())

G_DECLARE_FINAL_TYPE (GwTownServer, gw_town_server, GW, TOWN_SERVER, GObject)

GwTownServer *gw_town_server_new     (GwStore       *store);
gboolean      gw_town_server_listen  (GwTownServer  *self,
                                      const char    *address,
                                      GError       **error);
char         *gw_town_server_get_url (GwTownServer  *self);

G_END_DECLS
