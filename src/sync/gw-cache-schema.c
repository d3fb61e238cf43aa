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

/* The cases' secondary indexes as the domain's tables make them
 * (src/core/store/gw-store-schema.c). The stamp's index stays: every page
 * applied asks for the latest stamp. */
#define CASE_INDEXES \
  "CREATE INDEX IF NOT EXISTS cases_status ON cases (status);" \
  "CREATE INDEX IF NOT EXISTS cases_grid ON cases (grid);" \
  "CREATE INDEX IF NOT EXISTS cases_reported ON cases (reported_at);"

/* SQLite's defaults: KiB of page cache, and WAL pages before a checkpoint. */
#define DEFAULT_CACHE_SIZE "-2000"
#define DEFAULT_AUTOCHECKPOINT "1000"
/* Bytes of the cache file mapped: past a county's 100,000 cases. */
#define CACHE_MMAP_SIZE "268435456"

/* A first pull into an empty cache writes every row once: an index
 * built after the last row is a sort, where one kept row by row is a
 * search at every insert (a tenth of a 100,000-case pull). A page of
 * cases and its indexes also outgrow SQLite's default page cache, which
 * then spills to the WAL in the middle of the page's transaction: 8 MB
 * holds a page of 5,000 cases (about 3 MB) with room to spare, where
 * 32 MB cost 6,000 more page faults as it filled, a few µs each on a
 * virtual machine, for nothing (bench sync's faults=); and
 * the WAL is copied back into the database once, at the end, rather
 * than every thousand pages written.
 * gw_cache_restore_case_indexes() ends it, after the pull has answered;
 * gw_cache_open() repairs a cache whose first pull was cut short. */
static gboolean
exec_locked (GwStore     *store,
             const char  *sql,
             GError     **error)
{
  gboolean ok;

  gw_store_lock (store);
  ok = gw_store_exec (gw_store_get_db (store), sql, error);
  gw_store_unlock (store);
  return ok;
}

gboolean
gw_cache_defer_case_indexes (GwStore  *store,
                             GError  **error)
{
  return exec_locked (store,
                      "PRAGMA cache_size = -8192;"
                      "PRAGMA wal_autocheckpoint = 0;"
                      "DROP INDEX IF EXISTS cases_status;"
                      "DROP INDEX IF EXISTS cases_grid;"
                      "DROP INDEX IF EXISTS cases_reported;", error);
}

gboolean
gw_cache_restore_case_indexes (GwStore  *store,
                               GError  **error)
{
  return exec_locked (store, CASE_INDEXES "PRAGMA cache_size = " DEFAULT_CACHE_SIZE ";"
                      "PRAGMA wal_autocheckpoint = " DEFAULT_AUTOCHECKPOINT ";"
                      "PRAGMA wal_checkpoint (PASSIVE);", error);
}

/* Whether the cases' secondary indexes are all there: after a first pull
 * they come a moment after it answers (gw-case-pull.c). */
gboolean
gw_cache_has_case_indexes (GwStore *store)
{
  return gw_store_query_int64 (store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                      "name IN ('cases_status', 'cases_grid', 'cases_reported')", 0) == 3;
}

GwStore *
gw_cache_open (const char  *path,
               GError     **error)
{
  g_autoptr(GwStore) store = gw_store_open (path, &cache_schema, error);

  /* A first pull killed midway left the cases without their indexes. */
  if (store == NULL || !gw_cache_restore_case_indexes (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

/* A reader (gw_store_open_reader()) for a read of every case at once, as
 * the window's first: through a mapping, SQLite reads the pages where
 * they lie rather than copying each through pread(), a seventh of the
 * read's time. Only such readers map the file: the pages a mapping has
 * touched stay in the process's resident size for as long as it lives,
 * and a wall's writer would hold more of them every hour. */
GwStore *
gw_cache_open_bulk_reader (GwStore  *store,
                           GError  **error)
{
  g_autoptr(GwStore) reader = gw_store_open_reader (store, error);

  if (reader == NULL)
    return NULL;
  if (reader != store && !gw_store_exec (gw_store_get_db (reader), "PRAGMA mmap_size = " CACHE_MMAP_SIZE ";", error))
    return NULL;
  return g_steal_pointer (&reader);
}
