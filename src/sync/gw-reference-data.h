/* gw-reference-data.h: the town's grids, towns, departments, categories, workers and whistle items, in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"
#include "gw-whistle-list.h"

G_BEGIN_DECLS

#define GW_TYPE_REFERENCE_DATA (gw_reference_data_get_type ())

G_DECLARE_FINAL_TYPE (GwReferenceData, gw_reference_data, GW, REFERENCE_DATA, GObject)

GwReferenceData *gw_reference_data_new                (GwStore         *store);
void             gw_reference_data_reload             (GwReferenceData *self);
void             gw_reference_data_reload_statuses    (GwReferenceData *self);
gboolean         gw_reference_data_is_loaded          (GwReferenceData *self);

/* Each sorted by code, never NULL, owned by @self until the next
 * "changed". */
GPtrArray       *gw_reference_data_get_grids          (GwReferenceData *self);
GPtrArray       *gw_reference_data_get_departments    (GwReferenceData *self);
GPtrArray       *gw_reference_data_get_categories     (GwReferenceData *self);
GPtrArray       *gw_reference_data_get_workers        (GwReferenceData *self);
GPtrArray       *gw_reference_data_get_worker_statuses (GwReferenceData *self);

GwGrid          *gw_reference_data_lookup_grid        (GwReferenceData *self,
                                                       const char      *code);
GwCategory      *gw_reference_data_lookup_category    (GwReferenceData *self,
                                                       const char      *code);
GwDepartment    *gw_reference_data_lookup_department  (GwReferenceData *self,
                                                       const char      *id);
GwWorker        *gw_reference_data_lookup_worker      (GwReferenceData *self,
                                                       const char      *id);

GHashTable      *gw_reference_data_get_grid_index     (GwReferenceData *self);
GPtrArray       *gw_reference_data_get_towns          (GwReferenceData *self);
GHashTable      *gw_reference_data_get_town_of        (GwReferenceData *self);
GwWhistleList   *gw_reference_data_get_whistle_list   (GwReferenceData *self);

const char      *gw_reference_data_get_grid_name      (GwReferenceData *self,
                                                       const char      *code);
const char      *gw_reference_data_get_category_name  (GwReferenceData *self,
                                                       const char      *code);

gboolean         gw_reference_data_follow             (GwReferenceData **field,
                                                       GwReferenceData  *reference,
                                                       gpointer          follower,
                                                       GCallback         on_changed);

G_END_DECLS
