/* gw-store-schema.c: the history both databases share, and the runner
 * of each one's migrations
 *
 * Up to schema 12 the app's cache and the town server's database had one
 * schema: both had every table. Those twelve migrations are the common
 * ancestry of both kinds; from 13 on each kind has its own (the cache's
 * in src/sync/gw-cache-schema.c, the server's in
 * src/server/store/gw-server-schema.c), starting by dropping the other's
 * tables, and its own application_id.
 *
 * A new database does not replay that history: it is made at once from
 * the domain's tables as they are now (below) and its kind's own; the
 * test /store/new-equals-migrated holds the two ways to the same schema.
 *
 * Each migration runs once, in its own transaction, and is never edited
 * after it ships: databases in the field were created by the old text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-store-private.h"

static gboolean
backfill_grid_index (sqlite3  *db,
                     GError  **error)
{
  sqlite3_stmt *read = NULL, *write_index = NULL, *write_area = NULL;
  gboolean ok = FALSE;
  int rc;

  /* Bounds and areas come from the geometry blobs, which SQL cannot read. */
  if (!(read = gw_store_prepare (db, "SELECT rowid, geometry FROM grids", error)) ||
      !(write_index = gw_store_prepare (db,
                                        "INSERT INTO grid_index (id, min_lon, max_lon, min_lat, max_lat) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5)", error)) ||
      !(write_area = gw_store_prepare (db, "UPDATE grids SET area = ?2 WHERE rowid = ?1", error)))
    goto out;

  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) blob = g_bytes_new (sqlite3_column_blob (read, 1), sqlite3_column_bytes (read, 1));
      g_autoptr(GwGeometry) geometry = gw_geometry_new_from_bytes (blob, NULL);
      const GwBounds *b;

      if (geometry == NULL)
        continue;   /* load_grids skips it too, with a warning */

      b = gw_geometry_get_bounds (geometry);
      sqlite3_reset (write_index);
      sqlite3_bind_int64 (write_index, 1, sqlite3_column_int64 (read, 0));
      sqlite3_bind_double (write_index, 2, b->min_lon);
      sqlite3_bind_double (write_index, 3, b->max_lon);
      sqlite3_bind_double (write_index, 4, b->min_lat);
      sqlite3_bind_double (write_index, 5, b->max_lat);
      sqlite3_reset (write_area);
      sqlite3_bind_int64 (write_area, 1, sqlite3_column_int64 (read, 0));
      sqlite3_bind_double (write_area, 2, gw_geometry_get_area (geometry));
      if (sqlite3_step (write_index) != SQLITE_DONE || sqlite3_step (write_area) != SQLITE_DONE)
        {
          gw_store_set_sqlite_error (db, error, _("Cannot index the grids"));
          goto out;
        }
    }

  ok = rc == SQLITE_DONE;
  if (!ok)
    gw_store_set_sqlite_error (db, error, _("Cannot index the grids"));

out:
  sqlite3_finalize (read);
  sqlite3_finalize (write_index);
  sqlite3_finalize (write_area);
  return ok;
}

static const GwStoreMigration ancestry[] = {
  { 1,
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE grids ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  level TEXT NOT NULL,"
    "  parent TEXT,"
    "  geometry BLOB NOT NULL);"
    "CREATE INDEX grids_parent ON grids (parent);"
    "CREATE TABLE workers ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  phone TEXT,"
    "  full_time INTEGER NOT NULL DEFAULT 1,"
    "  duties TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE grid_staff ("
    "  grid TEXT NOT NULL REFERENCES grids (code) ON DELETE CASCADE,"
    "  worker TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('leader', 'worker')),"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (grid, worker));"
    "CREATE TABLE departments ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  name_en TEXT,"
    "  phone TEXT);"
    "CREATE TABLE categories ("
    "  code TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  major_code TEXT,"
    "  major_name TEXT,"
    "  major_name_en TEXT,"
    "  name TEXT NOT NULL,"
    "  name_en TEXT,"
    "  limit_value INTEGER NOT NULL,"
    "  limit_unit TEXT NOT NULL,"
    "  department TEXT);",
    NULL },

  /* Point lookups scanned every grid; an R*Tree over the bounds and the
   * area (to pick the smallest containing grid) make them logarithmic. */
  { 2,
    "ALTER TABLE grids ADD COLUMN area REAL NOT NULL DEFAULT 0;"
    "CREATE VIRTUAL TABLE grid_index USING rtree (id, min_lon, max_lon, min_lat, max_lat);",
    backfill_grid_index },

  /* Live cases: the cases themselves; the server's compacted change feed
   * (one row per entity, holding its latest JSON); users, audit and
   * idempotency records on the server; the client's outbox. */
  { 3,
    "CREATE TABLE cases ("
    "  id TEXT PRIMARY KEY,"
    "  status TEXT NOT NULL,"
    "  category TEXT,"
    "  source TEXT NOT NULL,"
    "  lat REAL NOT NULL,"
    "  lon REAL NOT NULL,"
    "  grid TEXT,"
    "  priority TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  reporter TEXT,"
    "  media TEXT NOT NULL DEFAULT '',"
    "  reported_at TEXT NOT NULL,"
    "  deadline TEXT,"
    "  assignee TEXT,"
    "  version INTEGER NOT NULL,"
    "  created_at TEXT,"
    "  updated_at TEXT,"
    "  pending INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX cases_status ON cases (status);"
    "CREATE INDEX cases_grid ON cases (grid);"
    "CREATE INDEX cases_reported ON cases (reported_at);"
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
    "  created_at TEXT NOT NULL);"
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
    "  PRIMARY KEY (user, key));"
    "CREATE TABLE outbox ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  case_id TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  params TEXT NOT NULL,"
    "  base_version INTEGER NOT NULL,"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  created_at TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT);",
    NULL },
  /* 4: which cases changed since a reader last looked, so the window
   * reads only those instead of every case on every change. */
  { 4,
    "ALTER TABLE cases ADD COLUMN touched INTEGER NOT NULL DEFAULT 0;"
    "UPDATE cases SET touched = rowid;"
    "CREATE INDEX cases_touched ON cases (touched);",
    NULL },
  /* 5: the lifecycle beyond the status (reasons, counts of reworks and
   * extensions, a pending extension, a suspension), as JSON. */
  { 5,
    "ALTER TABLE cases ADD COLUMN lifecycle TEXT;",
    NULL },
  /* 6: full-text search over cases, kept by the app (gw-store-search.c). */
  { 6,
    "CREATE VIRTUAL TABLE case_search USING fts5 (id UNINDEXED, body);",
    NULL },
  /* 7: grid workers on duty and where they were last seen. */
  { 7,
    "CREATE TABLE worker_status ("
    "  worker_id TEXT PRIMARY KEY,"
    "  on_duty INTEGER NOT NULL,"
    "  lat REAL,"
    "  lon REAL,"
    "  updated_at TEXT);",
    NULL },
  /* 8: photos, by the SHA-256 of their bytes: the server's originals, the
   * app's cached copies. */
  { 8,
    "CREATE TABLE media ("
    "  id TEXT PRIMARY KEY,"
    "  content_type TEXT NOT NULL,"
    "  data BLOB NOT NULL,"
    "  created_at TEXT NOT NULL);",
    NULL },
  /* 9: joint inspection: targets and inspectors as the server keeps
   * them, and plans with their visits and results. */
  { 9,
    "CREATE TABLE inspection_data ("
    "  name TEXT PRIMARY KEY,"
    "  body TEXT NOT NULL);"
    "CREATE TABLE inspection_plans ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  version INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  body TEXT NOT NULL);",
    NULL },

  /* 10: a hostile client: an idempotency key remembers the request it
   * answered (a reuse with another one is refused), and failed logins are
   * counted per address and minute rather than audited one by one. */
  { 10,
    "ALTER TABLE idempotency ADD COLUMN request TEXT;"
    "CREATE TABLE auth_failures ("
    "  minute TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  last_path TEXT,"
    "  PRIMARY KEY (minute, address));",
    NULL },

  /* 11: changes of the feed the app could not read, set aside with the
   * reason and their text as it came (gw-store-quarantine.c). */
  { 11,
    "CREATE TABLE feed_quarantine ("
    "  kind TEXT NOT NULL,"
    "  id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  raw BLOB NOT NULL,"
    "  quarantined_at TEXT NOT NULL,"
    "  PRIMARY KEY (kind, id));",
    NULL },

  /* 12: a token may expire, and a user may be revoked: their token is
   * refused from then on (gw-store-users.c). Times are UTC, RFC 3339. */
  { 12,
    "ALTER TABLE users ADD COLUMN expires_at TEXT;"
    "ALTER TABLE users ADD COLUMN revoked_at TEXT;",
    NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (ancestry) == GW_STORE_ANCESTRAL_VERSION);

/* The domain's tables as the ancestry leaves them, for a new database.
 * A column added by a later migration goes last here too. */
static const char domain_tables[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE grids ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  level TEXT NOT NULL,"
  "  parent TEXT,"
  "  geometry BLOB NOT NULL,"
  "  area REAL NOT NULL DEFAULT 0);"
  "CREATE INDEX grids_parent ON grids (parent);"
  "CREATE VIRTUAL TABLE grid_index USING rtree (id, min_lon, max_lon, min_lat, max_lat);"
  "CREATE TABLE workers ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  phone TEXT,"
  "  full_time INTEGER NOT NULL DEFAULT 1,"
  "  duties TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE grid_staff ("
  "  grid TEXT NOT NULL REFERENCES grids (code) ON DELETE CASCADE,"
  "  worker TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('leader', 'worker')),"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (grid, worker));"
  "CREATE TABLE departments ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  name_en TEXT,"
  "  phone TEXT);"
  "CREATE TABLE categories ("
  "  code TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  major_code TEXT,"
  "  major_name TEXT,"
  "  major_name_en TEXT,"
  "  name TEXT NOT NULL,"
  "  name_en TEXT,"
  "  limit_value INTEGER NOT NULL,"
  "  limit_unit TEXT NOT NULL,"
  "  department TEXT,"
  "  cooperating TEXT NOT NULL DEFAULT '',"
  "  town_handles TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE cases ("
  "  id TEXT PRIMARY KEY,"
  "  status TEXT NOT NULL,"
  "  category TEXT,"
  "  source TEXT NOT NULL,"
  "  lat REAL NOT NULL,"
  "  lon REAL NOT NULL,"
  "  grid TEXT,"
  "  priority TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  reporter TEXT,"
  "  media TEXT NOT NULL DEFAULT '',"
  "  reported_at TEXT NOT NULL,"
  "  deadline TEXT,"
  "  assignee TEXT,"
  "  version INTEGER NOT NULL,"
  "  created_at TEXT,"
  "  updated_at TEXT,"
  "  pending INTEGER NOT NULL DEFAULT 0,"
  "  touched INTEGER NOT NULL DEFAULT 0,"
  "  lifecycle TEXT);"
  "CREATE INDEX cases_status ON cases (status);"
  "CREATE INDEX cases_grid ON cases (grid);"
  "CREATE INDEX cases_reported ON cases (reported_at);"
  "CREATE INDEX cases_touched ON cases (touched);"
  "CREATE TABLE worker_status ("
  "  worker_id TEXT PRIMARY KEY,"
  "  on_duty INTEGER NOT NULL,"
  "  lat REAL,"
  "  lon REAL,"
  "  updated_at TEXT);"
  "CREATE TABLE media ("
  "  id TEXT PRIMARY KEY,"
  "  content_type TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  created_at TEXT NOT NULL);"
  "CREATE TABLE inspection_data ("
  "  name TEXT PRIMARY KEY,"
  "  body TEXT NOT NULL);"
  "CREATE TABLE inspection_plans ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  version INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  created_by TEXT NOT NULL,"
  "  body TEXT NOT NULL);";

int
gw_store_schema_get_version (const GwStoreSchema *schema)
{
  return GW_STORE_ANCESTRAL_VERSION + schema->n_migrations;
}

static gboolean
run_script (GwStore                *self,
            const GwStoreSchema    *schema,
            int                     version,
            const char             *sql,
            GwStoreMigrationFixup   fixup,
            GError                **error)
{
  sqlite3 *db = gw_store_get_db (self);
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                           version, (int) schema->application_id);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!gw_store_exec (db, sql, error) ||
      (fixup && !fixup (db, error)) ||
      !gw_store_exec (db, bump, error))
    {
      g_prefix_error (error, _("Cannot upgrade %s to schema %d: "), gw_store_get_path (self), version);
      return gw_store_rollback (self);
    }
  return gw_store_commit (self, error);
}

/* A new database, made at its latest schema in one transaction. */
static gboolean
create (GwStore              *self,
        const GwStoreSchema  *schema,
        GError              **error)
{
  g_autofree char *sql = g_strconcat (domain_tables, schema->tables, NULL);

  return run_script (self, schema, gw_store_schema_get_version (schema), sql, NULL, error);
}

static gboolean
run_migration (GwStore                *self,
               const GwStoreSchema    *schema,
               const GwStoreMigration *m,
               GError                **error)
{
  return run_script (self, schema, m->version, m->sql, m->fixup, error);
}

gboolean
gw_store_migrate (GwStore              *self,
                  const GwStoreSchema  *schema,
                  GError              **error)
{
  sqlite3 *db = gw_store_get_db (self);
  int version = gw_store_query_int64 (self, "PRAGMA user_version", -1);
  int latest = gw_store_schema_get_version (schema);

  if (version < 0)
    return gw_store_set_sqlite_error (db, error, _("Cannot read the database version"));

  if (version > latest)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_SCHEMA_TOO_NEW,
                   _("%s was written by a newer Gridwatch (schema %d; this version understands "
                   "up to %d). Update Gridwatch, or use another database; this one is left untouched."),
                   gw_store_get_path (self), version, latest);
      return FALSE;
    }

  if (version == 0)
    return create (self, schema, error);

  for (guint i = 0; i < G_N_ELEMENTS (ancestry); i++)
    if (ancestry[i].version > version && !run_migration (self, schema, &ancestry[i], error))
      return FALSE;

  for (guint i = 0; i < schema->n_migrations; i++)
    {
      const GwStoreMigration *m = &schema->migrations[i];

      g_assert (m->version == GW_STORE_ANCESTRAL_VERSION + 1 + (int) i);
      if (m->version > version && !run_migration (self, schema, m, error))
        return FALSE;
    }

  return TRUE;
}
