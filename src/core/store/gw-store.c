/* gw-store.c: the SQLite database behind the town server and the app's cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <sqlite3.h>

#include "gw-error.h"
#include "gw-json.h"
#include "gw-private-file.h"
#include "gw-store-private.h"

struct _GwStore
{
  GObject parent_instance;
  GRecMutex mutex;
  guint transaction_depth;
  GwStoreChangeFunc change_func;   /* the server keeps a change feed */
  sqlite3 *db;
  char *path;
  GThread *forbidden_thread;    /* a window's main thread: never waits here */

  /* Decoded grids by rowid, so point lookups and map loads do not decode
   * blobs again; dropped whenever grids are written. */
  GHashTable *grids_by_rowid;
  GHashTable *grids_by_code;
  guint64 grids_generation;
  guint grid_writes;
  gboolean extent_known;
  gboolean has_extent;
  double extent[4];             /* min lon, min lat, max lon, max lat */

  /* data_version only moves for other connections' commits; our own are
   * counted here, so that together they say "something changed". */
  guint32 local_commits;

  /* Point lookups run thousands of times a second; preparing SQL each time
   * cost more than the lookup itself. */
  sqlite3_stmt *grid_at_stmt;
  sqlite3_stmt *data_version_stmt;
};

G_DEFINE_FINAL_TYPE (GwStore, gw_store, G_TYPE_OBJECT)

/* Every open connection of the process, not owned: for
 * gw_store_release_all_memory(). */
static GMutex open_stores_lock;
static GPtrArray *open_stores;

static void
track_open_store (GwStore *self)
{
  g_mutex_lock (&open_stores_lock);
  if (open_stores == NULL)
    open_stores = g_ptr_array_new ();
  g_ptr_array_add (open_stores, self);
  g_mutex_unlock (&open_stores_lock);
}

static void
untrack_open_store (GwStore *self)
{
  g_mutex_lock (&open_stores_lock);
  if (open_stores != NULL)
    g_ptr_array_remove_fast (open_stores, self);
  g_mutex_unlock (&open_stores_lock);
}

gboolean
gw_store_set_sqlite_error (sqlite3     *db,
                           GError     **error,
                           const char  *what)
{
  int code = sqlite3_extended_errcode (db);
  const char *hint = "";

  if ((code & 0xff) == SQLITE_FULL)
    hint = _(" (the disk is full; nothing was changed)");
  else if ((code & 0xff) == SQLITE_READONLY)
    hint = _(" (the database is read-only)");

  g_set_error (error, GW_ERROR, (code & 0xff) == SQLITE_FULL ? GW_ERROR_STORAGE_FULL : GW_ERROR_STORAGE,
               "%s: %s%s", what, sqlite3_errmsg (db), hint);
  return FALSE;
}

gboolean
gw_store_exec (sqlite3     *db,
               const char  *sql,
               GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return gw_store_set_sqlite_error (db, error, _("Database error"));
  return TRUE;
}

sqlite3_stmt *
gw_store_prepare (sqlite3     *db,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      gw_store_set_sqlite_error (db, error, _("Database error"));
      return NULL;
    }
  return stmt;
}

void
gw_store_lock (GwStore *self)
{
  /* A window that waits here stalls for as long as a writer's
   * transaction lasts: a regression, said loudly (tests make it fatal). */
  if G_UNLIKELY (self->forbidden_thread != NULL && self->forbidden_thread == g_thread_self ())
    g_critical ("The store %s was entered on the thread that must never wait for it", self->path);
  g_rec_mutex_lock (&self->mutex);
}

void
gw_store_forbid_thread (GwStore *self,
                        GThread *thread)
{
  g_return_if_fail (GW_IS_STORE (self));
  self->forbidden_thread = thread;
}

void
gw_store_unlock (GwStore *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

sqlite3 *
gw_store_get_db (GwStore *self)
{
  return self->db;
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE, which takes the
 * write lock up front so two writers queue on the busy timeout instead of
 * failing halfway; inner ones are savepoints. Each takes the store's
 * (recursive) lock until it ends, so one thread's transaction is never
 * interleaved with another's statements. */
gboolean
gw_store_begin (GwStore  *self,
                GError  **error)
{
  gw_store_lock (self);
  if (!gw_store_exec (self->db, self->transaction_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested", error))
    {
      gw_store_unlock (self);
      return FALSE;
    }
  self->transaction_depth++;
  return TRUE;
}

gboolean
gw_store_commit (GwStore  *self,
                 GError  **error)
{
  gboolean outer = self->transaction_depth == 1;
  gboolean ok = gw_store_exec (self->db, outer ? "COMMIT" : "RELEASE nested", error);

  if (!ok)
    sqlite3_exec (self->db, outer ? "ROLLBACK" : "ROLLBACK TO nested; RELEASE nested", NULL, NULL, NULL);
  else if (outer)
    self->local_commits++;

  self->transaction_depth--;
  gw_store_unlock (self);
  return ok;
}

gboolean
gw_store_rollback (GwStore *self)
{
  sqlite3_exec (self->db, self->transaction_depth == 1 ? "ROLLBACK" : "ROLLBACK TO nested; RELEASE nested",
                NULL, NULL, NULL);
  self->transaction_depth--;
  /* Cached grids may hold rows that no longer exist. */
  gw_store_invalidate_grids (self);
  gw_store_unlock (self);
  return FALSE;
}

gboolean
gw_store_transaction (GwStore                *self,
                      GwStoreTransactionFunc  func,
                      gpointer                user_data,
                      GError                **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!func (self, user_data, error))
    return gw_store_rollback (self);
  return gw_store_commit (self, error);
}

/* Moves only for other connections' commits. */
static guint64
data_version_locked (GwStore *self)
{
  guint64 data_version = 0;

  if (self->data_version_stmt == NULL &&
      sqlite3_prepare_v3 (self->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                          &self->data_version_stmt, NULL) != SQLITE_OK)
    return 0;

  if (sqlite3_step (self->data_version_stmt) == SQLITE_ROW)
    data_version = sqlite3_column_int64 (self->data_version_stmt, 0);
  sqlite3_reset (self->data_version_stmt);
  return data_version;
}

static guint64
generation_locked (GwStore *self)
{
  /* Our own commits are counted in local_commits, so together they say
   * "something changed". */
  return (data_version_locked (self) << 32) | self->local_commits;
}

guint64
gw_store_get_generation (GwStore *self)
{
  guint64 generation;

  g_return_val_if_fail (GW_IS_STORE (self), 0);

  gw_store_lock (self);
  generation = generation_locked (self);
  gw_store_unlock (self);

  return generation;
}

void
gw_store_invalidate_grids (GwStore *self)
{
  self->extent_known = self->has_extent = FALSE;
  g_clear_pointer (&self->grids_by_rowid, g_hash_table_unref);
  g_clear_pointer (&self->grids_by_code, g_hash_table_unref);
}

static void
gw_store_finalize (GObject *object)
{
  GwStore *self = (GwStore *) object;

  untrack_open_store (self);
  gw_store_invalidate_grids (self);
  g_clear_pointer (&self->grid_at_stmt, sqlite3_finalize);
  g_clear_pointer (&self->data_version_stmt, sqlite3_finalize);
  gw_store_forget_statements (self->db);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (gw_store_parent_class)->finalize (object);
}

static void
gw_store_class_init (GwStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_store_finalize;
}

static void
gw_store_init (GwStore *self)
{
  g_rec_mutex_init (&self->mutex);
}

gint64
gw_store_query_int64 (GwStore    *self,
                      const char *sql,
                      gint64      fallback)
{
  sqlite3_stmt *stmt;
  gint64 value = fallback;

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (self->db, sql, NULL)))
    {
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        value = sqlite3_column_int64 (stmt, 0);
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);

  return value;
}

/* Refuses a database of the other kind, and anything not Gridwatch's. */
static gboolean
check_kind (GwStore              *self,
            const GwStoreSchema  *schema,
            GError              **error)
{
  gint64 app_id = gw_store_query_int64 (self, "PRAGMA application_id", -1);
  gboolean other;

  if (app_id < 0)
    return gw_store_set_sqlite_error (self->db, error, self->path);

  /* Before the kinds parted both had the same id: what is in it tells. */
  other = app_id == schema->other_application_id ||
          (app_id == GW_STORE_LEGACY_APPLICATION_ID && schema->is_other_kind (self));
  if (other)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED,
                   /* Translators: "%s is a town server's database, not the app's cache" */
                   _("%s is %s, not %s; it is left untouched"),
                   self->path, _(schema->other_name), _(schema->name));
      return FALSE;
    }
  if (app_id != 0 && app_id != GW_STORE_LEGACY_APPLICATION_ID && app_id != schema->application_id)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED,
                   _("%s is not a Gridwatch database"), self->path);
      return FALSE;
    }
  return TRUE;
}

GwStore *
gw_store_open (const char           *path,
               const GwStoreSchema  *schema,
               GError              **error)
{
  g_autoptr(GwStore) self = NULL;
  gboolean on_disk;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (schema != NULL, NULL);

  /* Made private before SQLite sees it: SQLite would make it 0644. */
  on_disk = *path != '\0' && *path != ':' && !g_str_has_prefix (path, "file:");
  if (on_disk && !gw_private_file_create (path, error))
    return NULL;

  self = g_object_new (GW_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      gw_store_set_sqlite_error (self->db, error, _("Cannot open the database"));
      return NULL;
    }
  track_open_store (self);

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  if (!check_kind (self, schema, error))
    return NULL;

  if (!gw_store_exec (self->db,
                      "PRAGMA journal_mode = WAL;"
                      "PRAGMA synchronous = NORMAL;"
                      "PRAGMA foreign_keys = ON;", error))
    return NULL;
  if (on_disk)
    gw_private_file_tighten_companions (path);

  if (!gw_store_migrate (self, schema, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* A second connection to the same file that only reads: in WAL mode it
 * reads the last commit while the writer's transaction runs, so the
 * window's reads do not queue behind a feed page. A database that is not
 * a file has no second connection: that one is shared. */
GwStore *
gw_store_open_reader (GwStore  *self,
                      GError  **error)
{
  g_autoptr(GwStore) reader = NULL;
  const char *path;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  path = self->path;
  if (*path == '\0' || *path == ':' || g_str_has_prefix (path, "file:"))
    return g_object_ref (self);

  reader = g_object_new (GW_TYPE_STORE, NULL);
  reader->path = g_strdup (path);
  /* Opened to write, but refusing to: a connection opened read-only
   * cannot make the WAL's index when it is the first to look. */
  if (sqlite3_open_v2 (path, &reader->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      gw_store_set_sqlite_error (reader->db, error, _("Cannot open the database"));
      return NULL;
    }
  track_open_store (reader);
  sqlite3_busy_timeout (reader->db, 5000);
  sqlite3_extended_result_codes (reader->db, 1);
  if (!gw_store_exec (reader->db, "PRAGMA query_only = ON", error))
    return NULL;
  return g_steal_pointer (&reader);
}

void
gw_store_set_change_func (GwStore           *self,
                          GwStoreChangeFunc  func)
{
  g_return_if_fail (GW_IS_STORE (self));
  self->change_func = func;
}

gboolean
gw_store_get_records_changes (GwStore *self)
{
  return self->change_func != NULL;
}

gboolean
gw_store_append_change (GwStore     *self,
                        const char  *kind,
                        const char  *id,
                        gint64       version,
                        const char  *data,
                        GError     **error)
{
  return self->change_func == NULL || self->change_func (self, kind, id, version, data, error);
}

gboolean
gw_store_record_grid_change (GwStore  *self,
                             GwGrid   *grid,
                             GError  **error)
{
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GBytes) data = NULL;

  if (self->change_func == NULL)
    return TRUE;

  json = gw_grid_to_json (grid);
  data = gw_json_to_bytes (json);
  return gw_store_append_change (self, "grid", gw_grid_get_code (grid), 0, g_bytes_get_data (data, NULL), error);
}

const char *
gw_store_get_path (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  return self->path;
}

int
gw_store_get_schema_version (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), -1);

  return gw_store_query_int64 (self, "PRAGMA user_version", -1);
}

/* Grids */

static gboolean
insert_staff (sqlite3_stmt *stmt,
              const char   *grid,
              const char   *worker,
              const char   *role,
              int           position)
{
  if (worker == NULL)
    return TRUE;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, grid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, worker, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, role, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, position);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

static gboolean
write_grid (GwStore  *self,
            GwGrid   *grid,
            GError  **error)
{
  g_autoptr(GBytes) blob = gw_geometry_to_bytes (gw_grid_get_geometry (grid));
  const GwBounds *b = gw_geometry_get_bounds (gw_grid_get_geometry (grid));
  const char * const *workers = gw_grid_get_workers (grid);
  sqlite3_stmt *stmt;
  sqlite3_int64 rowid;
  gsize len;
  const void *data = g_bytes_get_data (blob, &len);
  gboolean ok = FALSE;

  stmt = gw_store_prepare (self->db,
                           "INSERT INTO grids (code, name, level, parent, geometry, area) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                           "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
                           "level = excluded.level, parent = excluded.parent, "
                           "geometry = excluded.geometry, area = excluded.area "
                           "RETURNING rowid", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, gw_grid_get_code (grid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, gw_grid_get_name (grid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, gw_grid_level_to_string (gw_grid_get_level (grid)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, gw_grid_get_parent_code (grid), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 5, data, len, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 6, gw_geometry_get_area (gw_grid_get_geometry (grid)));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    goto out;
  rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  stmt = gw_store_prepare (self->db,
                           "INSERT OR REPLACE INTO grid_index (id, min_lon, max_lon, min_lat, max_lat) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_double (stmt, 2, b->min_lon);
  sqlite3_bind_double (stmt, 3, b->max_lon);
  sqlite3_bind_double (stmt, 4, b->min_lat);
  sqlite3_bind_double (stmt, 5, b->max_lat);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto out;
  sqlite3_finalize (stmt);

  stmt = gw_store_prepare (self->db, "DELETE FROM grid_staff WHERE grid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, gw_grid_get_code (grid), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto out;
  sqlite3_finalize (stmt);

  stmt = gw_store_prepare (self->db,
                           "INSERT OR IGNORE INTO grid_staff (grid, worker, role, position) "
                           "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  if (!insert_staff (stmt, gw_grid_get_code (grid), gw_grid_get_leader (grid), "leader", 0))
    goto out;
  for (guint i = 0; workers[i] != NULL; i++)
    if (!insert_staff (stmt, gw_grid_get_code (grid), workers[i], "worker", i + 1))
      goto out;

  ok = TRUE;

out:
  if (!ok && error != NULL && *error == NULL)
    gw_store_set_sqlite_error (self->db, error, _("Cannot store the grids"));
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
write_grids_tx (GwStore    *self,
                GPtrArray  *grids,
                gboolean    replace,
                GError    **error)
{
  if (!gw_store_begin (self, error))
    return FALSE;

  if (replace &&
      !gw_store_exec (self->db, "DELETE FROM grid_staff; DELETE FROM grid_index; DELETE FROM grids;", error))
    return gw_store_rollback (self);

  for (guint i = 0; i < grids->len; i++)
    if (!write_grid (self, g_ptr_array_index (grids, i), error) ||
        !gw_store_record_grid_change (self, g_ptr_array_index (grids, i), error))
      return gw_store_rollback (self);

  return gw_store_commit (self, error);
}

static gboolean
write_grids (GwStore    *self,
             GPtrArray  *grids,
             gboolean    replace,
             GError    **error)
{
  gboolean ok;

  /* Whether it was committed or rolled back, what is cached may no
   * longer be what is stored; and nothing read inside the transaction
   * may stay cached after it. */
  gw_store_lock (self);
  gw_store_invalidate_grids (self);
  ok = write_grids_tx (self, grids, replace, error);
  self->grid_writes++;
  gw_store_invalidate_grids (self);
  gw_store_unlock (self);
  return ok;
}

gboolean
gw_store_import_grids (GwStore    *self,
                       GPtrArray  *grids,
                       GError    **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  return write_grids (self, grids, FALSE, error);
}

gboolean
gw_store_replace_grids (GwStore    *self,
                        GPtrArray  *grids,
                        GError    **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  return write_grids (self, grids, TRUE, error);
}

static gboolean
load_grids_locked (GwStore  *self,
                   GError  **error)
{
  g_autoptr(GHashTable) by_rowid = NULL;
  g_autoptr(GHashTable) by_code = NULL;
  g_autoptr(GHashTable) staff = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* Not the store's generation, which every case written moves: the
   * grids change only by write_grids() here or by another connection. */
  guint64 generation = (data_version_locked (self) << 32) | self->grid_writes;

  if (self->grids_by_rowid != NULL && self->grids_generation == generation)
    return TRUE;
  gw_store_invalidate_grids (self);

  by_rowid = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  by_code = g_hash_table_new (g_str_hash, g_str_equal);
  staff = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  /* Staff first, so each grid is complete when it is built. */
  if (!(stmt = gw_store_prepare (self->db,
                                 "SELECT grid, worker, role FROM grid_staff ORDER BY grid, position",
                                 error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *grid = (const char *) sqlite3_column_text (stmt, 0);
      GPtrArray *list = g_hash_table_lookup (staff, grid);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (list, NULL);   /* slot 0: the leader */
          g_hash_table_insert (staff, g_strdup (grid), list);
        }
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "leader") == 0)
        {
          g_free (g_ptr_array_index (list, 0));
          g_ptr_array_index (list, 0) = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      else
        g_ptr_array_add (list, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (self->db, error, _("Cannot read the grids"));

  if (!(stmt = gw_store_prepare (self->db,
                                 "SELECT rowid, code, name, level, parent, geometry FROM grids",
                                 error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) blob = g_bytes_new (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));
      g_autoptr(GwGeometry) geometry = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *code = (const char *) sqlite3_column_text (stmt, 1);
      GwGridLevel level;
      GPtrArray *list;
      GwGrid *grid;
      gint64 *rowid;

      /* One damaged row must not hide the others. */
      if (!(geometry = gw_geometry_new_from_bytes (blob, &local_error)) ||
          !gw_grid_level_from_string ((const char *) sqlite3_column_text (stmt, 3), &level))
        {
          g_warning ("Skipping grid %s in %s: %s", code, self->path,
                     local_error ? local_error->message : "unknown level");
          continue;
        }

      grid = gw_grid_new (code, (const char *) sqlite3_column_text (stmt, 2), level,
                          (const char *) sqlite3_column_text (stmt, 4), geometry);
      if ((list = g_hash_table_lookup (staff, code)))
        {
          g_ptr_array_add (list, NULL);
          gw_grid_set_staff (grid, g_ptr_array_index (list, 0),
                             (const char * const *) list->pdata + 1);
        }

      rowid = g_new (gint64, 1);
      *rowid = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (by_rowid, rowid, grid);
      g_hash_table_insert (by_code, (gpointer) gw_grid_get_code (grid), grid);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (self->db, error, _("Cannot read the grids"));

  self->grids_by_rowid = g_steal_pointer (&by_rowid);
  self->grids_by_code = g_steal_pointer (&by_code);
  self->grids_generation = generation;
  return TRUE;
}

static int
compare_grids_by_code (gconstpointer a,
                       gconstpointer b)
{
  return g_strcmp0 (gw_grid_get_code (*(GwGrid **) a), gw_grid_get_code (*(GwGrid **) b));
}

GPtrArray *
gw_store_list_grids (GwStore  *self,
                     GError  **error)
{
  GPtrArray *grids = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (load_grids_locked (self, error))
    {
      grids = g_ptr_array_new_full (g_hash_table_size (self->grids_by_rowid), g_object_unref);
      g_hash_table_iter_init (&iter, self->grids_by_rowid);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (grids, g_object_ref (value));
    }
  gw_store_unlock (self);

  if (grids)
    g_ptr_array_sort (grids, compare_grids_by_code);

  return grids;
}

guint
gw_store_count_grids (GwStore *self)
{
  guint n = 0;

  g_return_val_if_fail (GW_IS_STORE (self), 0);

  gw_store_lock (self);
  if (load_grids_locked (self, NULL))
    n = g_hash_table_size (self->grids_by_rowid);
  gw_store_unlock (self);

  return n;
}

/* The bounds of every grid; FALSE when there is none. */
gboolean
gw_store_get_extent (GwStore *self,
                     double  *min_lon,
                     double  *min_lat,
                     double  *max_lon,
                     double  *max_lat)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  gw_store_lock (self);
  /* Kept with the grids, and dropped with them: every new case asks. */
  if (load_grids_locked (self, NULL) && !self->extent_known &&
      (stmt = gw_store_prepare (self->db, "SELECT min (min_lon), min (min_lat), max (max_lon), max (max_lat) "
                                          "FROM grid_index", NULL)))
    {
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          self->extent[0] = sqlite3_column_double (stmt, 0);
          self->extent[1] = sqlite3_column_double (stmt, 1);
          self->extent[2] = sqlite3_column_double (stmt, 2);
          self->extent[3] = sqlite3_column_double (stmt, 3);
          self->has_extent = TRUE;
        }
      self->extent_known = TRUE;
      sqlite3_finalize (stmt);
    }
  if ((found = self->grids_by_rowid != NULL && self->extent_known && self->has_extent))
    {
      *min_lon = self->extent[0];
      *min_lat = self->extent[1];
      *max_lon = self->extent[2];
      *max_lat = self->extent[3];
    }
  gw_store_unlock (self);

  return found;
}

GwGrid *
gw_store_lookup_grid (GwStore    *self,
                      const char *code)
{
  GwGrid *grid = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (code != NULL && load_grids_locked (self, NULL))
    grid = g_hash_table_lookup (self->grids_by_code, code);
  if (grid)
    g_object_ref (grid);
  gw_store_unlock (self);

  return grid;
}

/* The code of the town @code lies in (or is), else NULL. */
char *
gw_store_town_of_grid (GwStore    *self,
                       const char *code)
{
  GwGrid *grid = NULL, *town = NULL;
  char *found = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (code != NULL && load_grids_locked (self, NULL) && (grid = g_hash_table_lookup (self->grids_by_code, code)))
    town = gw_grid_find_ancestor (grid, self->grids_by_code, GW_GRID_LEVEL_TOWN);
  if (town)
    found = g_strdup (gw_grid_get_code (town));
  gw_store_unlock (self);

  return found;
}

static gboolean
grid_is_better (GwGrid *candidate,
                GwGrid *best)
{
  /* The smallest containing grid: the deepest level, then the least area,
   * then the code so that equal candidates give a stable answer. */
  if (best == NULL)
    return TRUE;
  if (gw_grid_get_level (candidate) != gw_grid_get_level (best))
    return gw_grid_get_level (candidate) > gw_grid_get_level (best);
  if (gw_geometry_get_area (gw_grid_get_geometry (candidate)) !=
      gw_geometry_get_area (gw_grid_get_geometry (best)))
    return gw_geometry_get_area (gw_grid_get_geometry (candidate)) <
           gw_geometry_get_area (gw_grid_get_geometry (best));
  return g_strcmp0 (gw_grid_get_code (candidate), gw_grid_get_code (best)) < 0;
}

GwGrid *
gw_store_grid_at (GwStore *self,
                  double   lat,
                  double   lon)
{
  sqlite3_stmt *stmt;
  GwGrid *best = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  if (!gw_coordinate_is_valid (lon, lat))
    return NULL;

  gw_store_lock (self);
  if (self->grid_at_stmt == NULL &&
      sqlite3_prepare_v3 (self->db,
                          "SELECT id FROM grid_index WHERE min_lon <= ?1 AND max_lon >= ?1 "
                          "AND min_lat <= ?2 AND max_lat >= ?2",
                          -1, SQLITE_PREPARE_PERSISTENT, &self->grid_at_stmt, NULL) != SQLITE_OK)
    {
      gw_store_unlock (self);
      return NULL;
    }
  if (!load_grids_locked (self, NULL))
    {
      gw_store_unlock (self);
      return NULL;
    }

  stmt = self->grid_at_stmt;
  sqlite3_bind_double (stmt, 1, lon);
  sqlite3_bind_double (stmt, 2, lat);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      GwGrid *grid = g_hash_table_lookup (self->grids_by_rowid, &rowid);

      if (grid != NULL &&
          gw_geometry_contains (gw_grid_get_geometry (grid), lon, lat) &&
          grid_is_better (grid, best))
        best = grid;
    }
  sqlite3_reset (stmt);

  if (best)
    g_object_ref (best);
  gw_store_unlock (self);

  return best;
}

char *
gw_store_get_meta (GwStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (self->db, "SELECT value FROM meta WHERE key = ?1", NULL)))
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup (COL_TEXT (stmt, 0));
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);

  return value;
}

gboolean
gw_store_set_meta (GwStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  gw_store_lock (self);
  if ((stmt = gw_store_prepare_cached (self->db,
                                value ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"
                                      : "DELETE FROM meta WHERE key = ?1", error)))
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (value)
        sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        gw_store_set_sqlite_error (self->db, error, _("Cannot save a setting"));
      gw_store_finish (stmt);
    }
  gw_store_unlock (self);

  return ok;
}

gsize
gw_store_get_memory_used (void)
{
  return (gsize) sqlite3_memory_used ();
}

/* Hands back the pages every open connection keeps in its cache. A wall
 * between two rounds has no use for them, and a connection's cache fills
 * towards its bound as the database grows, which a long run reads as the
 * app growing; the next read finds the pages in the system's file cache.
 * Waits for connections in use: never on a window's thread. */
void
gw_store_release_all_memory (void)
{
  g_mutex_lock (&open_stores_lock);
  for (guint i = 0; open_stores != NULL && i < open_stores->len; i++)
    {
      GwStore *store = g_ptr_array_index (open_stores, i);

      g_warn_if_fail (store->forbidden_thread != g_thread_self ());
      sqlite3_db_release_memory (store->db);
    }
  g_mutex_unlock (&open_stores_lock);
}
