/* gw-store-private.h: what the store's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "gw-store-cases.h"

G_BEGIN_DECLS

/* 'GWCH': both kinds of database up to schema 12, when they had one
 * schema. Each kind now has its own id, so that one is never taken for
 * the other; an id that is none of these is some other program's. */
#define GW_STORE_LEGACY_APPLICATION_ID 0x47574348
/* 'GWCA': the app's cache (src/sync). */
#define GW_STORE_CACHE_APPLICATION_ID 0x47574341
/* 'GWSV': the town server's database (src/server/store). */
#define GW_STORE_SERVER_APPLICATION_ID 0x47575356
/* The last schema both kinds shared (gw-store-schema.c). */
#define GW_STORE_ANCESTRAL_VERSION 12

typedef gboolean (*GwStoreMigrationFixup) (sqlite3  *db,
                                           GError  **error);

typedef struct
{
  int version;
  const char *sql;
  GwStoreMigrationFixup fixup;
} GwStoreMigration;

/* One kind of database: its id, what it is called in messages (N_()),
 * its own tables as they are now (a new database is made from them and
 * the domain's), its migrations past the common ancestry, and how to
 * tell, in a database from before the kinds parted, that it is the
 * other kind. */
typedef struct
{
  guint32 application_id;
  const char *name;
  guint32 other_application_id;
  const char *other_name;
  const char *tables;
  const GwStoreMigration *migrations;
  guint n_migrations;
  gboolean (*is_other_kind) (GwStore *store);
} GwStoreSchema;

/* Opens (creating, migrating) the database at @path as one of @schema's
 * kind; a database of the other kind is refused. */
GwStore      *gw_store_open             (const char          *path,
                                         const GwStoreSchema *schema,
                                         GError             **error);
int           gw_store_schema_get_version (const GwStoreSchema *schema);

sqlite3      *gw_store_get_db           (GwStore      *self);
gint64        gw_store_query_int64      (GwStore      *self,
                                         const char   *sql,
                                         gint64        fallback);
void          gw_store_lock             (GwStore      *self);
void          gw_store_unlock           (GwStore      *self);
gboolean      gw_store_begin            (GwStore      *self,
                                         GError      **error);
gboolean      gw_store_commit           (GwStore      *self,
                                         GError      **error);
gboolean      gw_store_rollback         (GwStore      *self);
void          gw_store_invalidate_grids (GwStore      *self);
/* The town server's change feed (src/server/store/gw-store-feed.c) hooks
 * in here: every write to a grid, a case or an inspection plan goes
 * through it, in the writer's transaction. @version 0: one past the
 * entity's last. */
typedef gboolean (*GwStoreChangeFunc) (GwStore      *store,
                                       const char   *kind,
                                       const char   *id,
                                       gint64        version,
                                       const char   *data,
                                       GError      **error);

void          gw_store_set_change_func  (GwStore          *self,
                                         GwStoreChangeFunc func);
gboolean      gw_store_get_records_changes (GwStore   *self);
gboolean      gw_store_append_change    (GwStore      *self,
                                         const char   *kind,
                                         const char   *id,
                                         gint64        version,
                                         const char   *data,
                                         GError      **error);
gboolean      gw_store_record_grid_change (GwStore    *self,
                                         GwGrid       *grid,
                                         GError      **error);
gboolean      gw_store_migrate          (GwStore             *self,
                                         const GwStoreSchema *schema,
                                         GError             **error);
gboolean      gw_store_exec             (sqlite3      *db,
                                         const char   *sql,
                                         GError      **error);
sqlite3_stmt *gw_store_prepare          (sqlite3      *db,
                                         const char   *sql,
                                         GError      **error);
/* Kept prepared for the next caller: hand back with gw_store_finish(),
 * never sqlite3_finalize(). gw_store_finish() finalizes any other. */
sqlite3_stmt *gw_store_prepare_cached   (sqlite3      *db,
                                         const char   *sql,
                                         GError      **error);
void          gw_store_finish           (sqlite3_stmt *stmt);
void          gw_store_forget_statements (sqlite3     *db);
gboolean      gw_store_set_sqlite_error (sqlite3      *db,
                                         GError      **error,
                                         const char   *what);

/* Small lists the server sends whole: the cache replaces them whole. */
/* A text column, as the C string SQLite keeps until the next step. */
#define COL_TEXT(stmt, i) ((const char *) sqlite3_column_text (stmt, i))

typedef gboolean (*GwStoreBindRow) (sqlite3_stmt *stmt, gpointer item);
typedef gpointer (*GwStoreReadRow) (sqlite3_stmt *stmt);

gboolean      gw_store_replace_rows     (GwStore       *self,
                                         const char    *delete_sql,
                                         const char    *insert_sql,
                                         GPtrArray     *items,
                                         GwStoreBindRow bind,
                                         GError       **error);
GPtrArray    *gw_store_list_rows        (GwStore       *self,
                                         const char    *sql,
                                         GwStoreReadRow read,
                                         GError       **error);

/* Cases, for the sync stack's and the server's own queries. */
#define GW_STORE_CASE_COLUMNS_OF(t) \
  t "id, status, category, source, lat, lon, grid, priority, description, reporter, media, " \
  "reported_at, deadline, assignee, " t "version, created_at, updated_at, pending, lifecycle"
/* Every write to a case stamps it with a number larger than any before,
 * so a reader can ask for what changed since it last looked. */
#define GW_STORE_NEXT_TOUCHED "(SELECT ifnull(max(touched), 0) + 1 FROM cases)"

GwCase       *gw_store_read_case        (sqlite3_stmt  *stmt);
gboolean      gw_store_upsert_case      (GwStore       *self,
                                         GwCase        *kase,
                                         GError       **error);
/* In the caller's transaction: cases only move forward, and never over
 * a queued action; @written_cases (may be NULL) gets those written. */
gboolean      gw_store_upsert_feed_cases (GwStore      *self,
                                         GPtrArray     *cases,
                                         GPtrArray     *written_cases,
                                         GError       **error);
GPtrArray    *gw_store_list_case_rows   (GwStore            *self,
                                         const char         *columns,
                                         const char         *joins,
                                         const GwCaseQuery  *query,
                                         GwStoreReadRow      read_row,
                                         GDestroyNotify      free_row,
                                         GError            **error);

G_END_DECLS
