/* gw-cache-schema.h: the app's cache: its schema, migrations and id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

#define GW_CACHE_SCHEMA_VERSION 15

/* Opens (creating or migrating) the app's cache at @path; a town
 * server's database is refused. */
GwStore  *gw_cache_open                 (const char  *path,
                                         GError     **error);
GwStore  *gw_cache_open_bulk_reader     (GwStore     *store,
                                         GError     **error);
gboolean  gw_cache_defer_case_indexes   (GwStore     *store,
                                         GError     **error);
gboolean  gw_cache_restore_case_indexes (GwStore     *store,
                                         GError     **error);
gboolean  gw_cache_has_case_indexes     (GwStore     *store);

G_END_DECLS
