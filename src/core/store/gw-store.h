/* gw-store.h: the SQLite database behind the town server and the app's cache:
 * the domain's tables both keep. Opened as one kind or the other:
 * gw_cache_open() (src/sync), gw_server_store_open() (src/server/store).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-category.h"
#include "gw-department.h"
#include "gw-grid.h"
#include "gw-inspection-data.h"
#include "gw-worker.h"
#include "gw-worker-status.h"

G_BEGIN_DECLS

#define GW_TYPE_STORE (gw_store_get_type ())

G_DECLARE_FINAL_TYPE (GwStore, gw_store, GW, STORE, GObject)

typedef gboolean (*GwStoreTransactionFunc) (GwStore   *store,
                                            gpointer   user_data,
                                            GError   **error);

gboolean    gw_store_transaction         (GwStore                *self,
                                          GwStoreTransactionFunc  func,
                                          gpointer                user_data,
                                          GError                **error);
const char *gw_store_get_path            (GwStore     *self);
GwStore    *gw_store_open_reader         (GwStore     *self,
                                          GError     **error);
/* Entering the store on @thread (NULL: none) is a g_critical(): the app
 * forbids its main thread, which must never wait for SQLite. */
void        gw_store_forbid_thread       (GwStore     *self,
                                          GThread     *thread);
int         gw_store_get_schema_version  (GwStore     *self);
guint64     gw_store_get_generation      (GwStore     *self);

/* Grids. "import" adds or updates by code; "replace" makes the set equal
 * to the given one. Both are one transaction: all or nothing. */
gboolean    gw_store_import_grids        (GwStore     *self,
                                          GPtrArray   *grids,
                                          GError     **error);
gboolean    gw_store_replace_grids       (GwStore     *self,
                                          GPtrArray   *grids,
                                          GError     **error);
GPtrArray  *gw_store_list_grids          (GwStore     *self,
                                          GError     **error);
GwGrid     *gw_store_lookup_grid         (GwStore     *self,
                                          const char  *code);
char       *gw_store_town_of_grid        (GwStore     *self,
                                          const char  *code);
GwGrid     *gw_store_grid_at             (GwStore     *self,
                                          double       lat,
                                          double       lon);
guint       gw_store_count_grids         (GwStore     *self);
gboolean    gw_store_get_extent          (GwStore     *self,
                                          double      *min_lon,
                                          double      *min_lat,
                                          double      *max_lon,
                                          double      *max_lat);

gboolean    gw_store_replace_workers     (GwStore     *self,
                                          GPtrArray   *workers,
                                          GError     **error);
GPtrArray  *gw_store_list_workers        (GwStore     *self,
                                          GError     **error);
gboolean    gw_store_replace_worker_statuses (GwStore   *self,
                                          GPtrArray   *statuses,
                                          GError     **error);
GPtrArray  *gw_store_list_worker_statuses (GwStore    *self,
                                          GError     **error);
gboolean    gw_store_put_worker_statuses (GwStore     *self,
                                          GPtrArray   *statuses,
                                          GError     **error);
char       *gw_store_put_media           (GwStore     *self,
                                          GBytes      *data,
                                          const char  *content_type,
                                          GError     **error);
GBytes     *gw_store_get_media           (GwStore     *self,
                                          const char  *id,
                                          char       **content_type);
gboolean    gw_store_put_inspection_data (GwStore     *self,
                                          const char  *name,
                                          const char  *body,
                                          GError     **error);
char       *gw_store_get_inspection_data (GwStore     *self,
                                          const char  *name);
gint64      gw_store_add_inspection_plan (GwStore     *self,
                                          const char  *created_by,
                                          const char  *body,
                                          GError     **error);
gboolean    gw_store_update_inspection_plan (GwStore  *self,
                                          gint64       id,
                                          gint64       base_version,
                                          const char  *body,
                                          gint64      *new_version,
                                          GError     **error);
char       *gw_store_get_inspection_plan (GwStore     *self,
                                          gint64       id,
                                          gint64      *version,
                                          char       **created_at,
                                          char       **created_by);
GArray     *gw_store_list_inspection_plans (GwStore   *self);
gboolean    gw_store_replace_departments (GwStore     *self,
                                          GPtrArray   *departments,
                                          GError     **error);
GPtrArray  *gw_store_list_departments    (GwStore     *self,
                                          GError     **error);
gboolean    gw_store_replace_categories  (GwStore     *self,
                                          GPtrArray   *categories,
                                          GError     **error);
GPtrArray  *gw_store_list_categories     (GwStore     *self,
                                          GError     **error);
GwCategory *gw_store_lookup_category     (GwStore     *self,
                                          const char  *code);
/* The county's inspection catalogue when it imported one, the built-in
 * one else (a GwInspectionData). */
GwInspectionData *gw_store_load_catalogue (GwStore  *self,
                                           GError  **error);

char       *gw_store_get_meta            (GwStore     *self,
                                          const char  *key);
gboolean    gw_store_set_meta            (GwStore     *self,
                                          const char  *key,
                                          const char  *value,
                                          GError     **error);

/* Bytes SQLite holds in this process, every connection together: the
 * wall soak tells the database's caches from the app's own data. */
gsize       gw_store_get_memory_used     (void);
void        gw_store_release_all_memory  (void);

G_END_DECLS
