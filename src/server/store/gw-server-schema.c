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

/* The server's own tables as its migrations leave them, for a new
 * database. */
static const char tables[] =
  "CREATE TABLE changes ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  data TEXT NOT NULL,"
  "  UNIQUE (kind, id));"
  "CREATE TABLE users ("
  "  name TEXT PRIMARY KEY,"
  "  role TEXT NOT NULL,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  expires_at TEXT,"
  "  revoked_at TEXT,"
  "  display_name TEXT);"
  "CREATE TABLE audit ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at TEXT NOT NULL,"
  "  user TEXT,"
  "  role TEXT,"
  "  action TEXT NOT NULL,"
  "  case_id TEXT,"
  "  idempotency_key TEXT,"
  "  before_version INTEGER,"
  "  after_version INTEGER,"
  "  status INTEGER NOT NULL,"
  "  detail TEXT);"
  "CREATE INDEX audit_case ON audit (case_id);"
  "CREATE TABLE idempotency ("
  "  user TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  body TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  request TEXT,"
  "  PRIMARY KEY (user, key));"
  "CREATE TABLE auth_failures ("
  "  minute TEXT NOT NULL,"
  "  address TEXT NOT NULL,"
  "  count INTEGER NOT NULL,"
  "  last_path TEXT,"
  "  PRIMARY KEY (minute, address));"
  "CREATE TABLE worker_track ("
  "  worker TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  on_duty INTEGER NOT NULL,"
  "  lat REAL NOT NULL,"
  "  lon REAL NOT NULL);"
  "CREATE INDEX worker_track_at ON worker_track (worker, at);"
  "CREATE TABLE case_callers ("
  "  case_id TEXT PRIMARY KEY,"
  "  phone TEXT NOT NULL);"
  "CREATE INDEX cases_place ON cases (lat, lon);";

static const GwStoreMigration migrations[] = {
  /* 13: the server's database and the cache part: the cache's tables
   * (the outbox, the feed's quarantine and the search index) were always
   * empty here. */
  { 13,
    "DROP TABLE outbox;"
    "DROP TABLE feed_quarantine;"
    "DROP TABLE case_search;",
    NULL },
  /* 14: the territorial list's cooperating departments and the towns
   * that handle a category themselves (issue 16), one a line. */
  { 14,
    "ALTER TABLE categories ADD COLUMN cooperating TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE categories ADD COLUMN town_handles TEXT NOT NULL DEFAULT '';",
    NULL },
  /* 15: where each worker's phone said it was, for the day's track; a
   * caller's number, kept beside the case and out of the change feed. */
  { 15,
    "CREATE TABLE worker_track ("
    "  worker TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  on_duty INTEGER NOT NULL,"
    "  lat REAL NOT NULL,"
    "  lon REAL NOT NULL);"
    "CREATE INDEX worker_track_at ON worker_track (worker, at);"
    "CREATE TABLE case_callers ("
    "  case_id TEXT PRIMARY KEY,"
    "  phone TEXT NOT NULL);"
    /* Every arriving case asks for the open cases around it. */
    "CREATE INDEX cases_place ON cases (lat, lon);",
    NULL },
  /* 16: the name people see for a user, where the login name is a code
   * (issue 17: "ux-dispatcher" in a history). */
  { 16,
    "ALTER TABLE users ADD COLUMN display_name TEXT;",
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
  .tables = tables,
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
