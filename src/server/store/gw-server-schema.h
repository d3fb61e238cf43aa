/* gw-server-schema.h: the town server's database: its schema, migrations
 * and id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

#define GW_SERVER_SCHEMA_VERSION 16

/* Opens (creating or migrating) a town server's database at @path; the
 * app's cache is refused. */
GwStore *gw_server_store_open (const char  *path,
                               GError     **error);

G_END_DECLS
