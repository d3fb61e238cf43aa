/* gw-server-schema.c: the town server's database: its schema, migrations
 * and id
 *
 * The domain's tables come from the ancestry both kinds share
 * (src/core/store/gw-store-schema.c); what follows is the server's alone.
 * Each migration runs once, in its own transaction, and is never edited
 * after it ships.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-server-schema.h"
#include "gw-store-private.h"

static const GwStoreMigration migrations[] = {
  /* 13: the server's database and the cache part: the cache's tables
   * (the outbox, the feed's quarantine and the search index) were always
   * empty here. */
  { 13,
    "DROP TABLE outbox;"
    "DROP TABLE feed_quarantine;"
    "DROP TABLE case_search;",
    NULL },
};

G_STATIC_ASSERT (GW_STORE_ANCESTRAL_VERSION + G_N_ELEMENTS (migrations) == GW_SERVER_SCHEMA_VERSION);

/* A database from before the kinds parted is a cache if it has queued
 * actions, set-aside changes or a feed cursor: a server never had them. */
static gboolean
is_cache (GwStore *store)
{
  return gw_store_query_int64 (store, "SELECT EXISTS (SELECT 1 FROM outbox)", 0) ||
         gw_store_query_int64 (store, "SELECT EXISTS (SELECT 1 FROM feed_quarantine)", 0) ||
         gw_store_query_int64 (store, "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'feed-cursor')", 0);
}

static const GwStoreSchema server_schema = {
  .application_id = GW_STORE_SERVER_APPLICATION_ID,
  .name = N_("a town server's database"),
  .other_application_id = GW_STORE_CACHE_APPLICATION_ID,
  .other_name = N_("the app's cache"),
  .migrations = migrations,
  .n_migrations = G_N_ELEMENTS (migrations),
  .is_other_kind = is_cache,
};

GwStore *
gw_server_store_open (const char  *path,
                      GError     **error)
{
  return gw_store_open (path, &server_schema, error);
}
