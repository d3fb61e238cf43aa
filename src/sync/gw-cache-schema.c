/* gw-cache-schema.c: the app's cache: its schema, migrations and id
 *
 * The domain's tables come from the ancestry both kinds share
 * (src/core/store/gw-store-schema.c); what follows is the cache's alone.
 * Each migration runs once, in its own transaction, and is never edited
 * after it ships.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-cache-schema.h"
#include "gw-store-private.h"

static const GwStoreMigration migrations[] = {
  /* 13: the cache and the server's database part: the server's tables
   * (its users, audit trail, idempotency keys, failed logins and change
   * feed) were always empty here. */
  { 13,
    "DROP TABLE users;"
    "DROP TABLE audit;"
    "DROP TABLE idempotency;"
    "DROP TABLE auth_failures;"
    "DROP TABLE changes;",
    NULL },
};

G_STATIC_ASSERT (GW_STORE_ANCESTRAL_VERSION + G_N_ELEMENTS (migrations) == GW_CACHE_SCHEMA_VERSION);

/* A database from before the kinds parted is a server's if it has users
 * or a change feed: a cache never had either. */
static gboolean
is_server_database (GwStore *store)
{
  return gw_store_query_int64 (store, "SELECT EXISTS (SELECT 1 FROM users)", 0) ||
         gw_store_query_int64 (store, "SELECT EXISTS (SELECT 1 FROM changes)", 0);
}

static const GwStoreSchema cache_schema = {
  .application_id = GW_STORE_CACHE_APPLICATION_ID,
  .name = N_("the app's cache"),
  .other_application_id = GW_STORE_SERVER_APPLICATION_ID,
  .other_name = N_("a town server's database"),
  .migrations = migrations,
  .n_migrations = G_N_ELEMENTS (migrations),
  .is_other_kind = is_server_database,
};

GwStore *
gw_cache_open (const char  *path,
               GError     **error)
{
  return gw_store_open (path, &cache_schema, error);
}
