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
#include "gw-reference-pull.h"
#include "gw-store-private.h"

/* The cache's own tables as its migrations leave them, for a new cache. */
static const char tables[] =
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  case_id TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  params TEXT NOT NULL,"
  "  base_version INTEGER NOT NULL,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT);"
  "CREATE TABLE outbox_photos ("
  "  seq INTEGER NOT NULL REFERENCES outbox (seq) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  url TEXT,"
  "  PRIMARY KEY (seq, position));"
  "CREATE VIRTUAL TABLE case_search USING fts5 (id UNINDEXED, body);"
  "CREATE TABLE feed_quarantine ("
  "  kind TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  raw BLOB NOT NULL,"
  "  quarantined_at TEXT NOT NULL,"
  "  PRIMARY KEY (kind, id));";

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
  /* 14: the territorial list's cooperating departments and the towns
   * that handle a category themselves (issue 16), one a line. */
  { 14,
    "ALTER TABLE categories ADD COLUMN cooperating TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE categories ADD COLUMN town_handles TEXT NOT NULL DEFAULT '';",
    NULL },
  /* 15: a new case's photos wait with it in the outbox, and are uploaded
   * (their address kept, so a retry does not send them twice) before the
   * report goes. */
  { 15,
    "CREATE TABLE outbox_photos ("
    "  seq INTEGER NOT NULL REFERENCES outbox (seq) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  content_type TEXT NOT NULL,"
    "  data BLOB NOT NULL,"
    "  url TEXT,"
    "  PRIMARY KEY (seq, position));",
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
  .tables = tables,
  .migrations = migrations,
  .n_migrations = G_N_ELEMENTS (migrations),
  .is_other_kind = is_server_database,
};

GwStore *
gw_cache_open (const char  *path,
               GError     **error)
{
  GwStore *store = gw_store_open (path, &cache_schema, error);

  /* Offline, the county's whistle list is the one last pulled. */
  if (store)
    gw_reference_restore_whistle_list (store);
  return store;
}
