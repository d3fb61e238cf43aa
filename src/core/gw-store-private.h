/* gw-store-private.h: what the store's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "gw-store.h"

G_BEGIN_DECLS

/* 'GWCH': lets us refuse to migrate some other program's database. */
#define GW_APPLICATION_ID 0x47574348

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
gboolean      gw_store_migrate          (GwStore      *self,
                                         GError      **error);
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

G_END_DECLS
