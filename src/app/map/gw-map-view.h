/* gw-map-view.h: the map, its layers and its controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gw-case-layer.h"
#include "gw-grid-layer.h"
#include "gw-target-layer.h"
#include "gw-worker-layer.h"

G_BEGIN_DECLS

#define GW_TYPE_MAP_VIEW (gw_map_view_get_type ())

G_DECLARE_FINAL_TYPE (GwMapView, gw_map_view, GW, MAP_VIEW, GtkWidget)

void          gw_map_view_set_grids          (GwMapView        *self,
                                              GPtrArray        *grids);
void          gw_map_view_fit_grids          (GwMapView        *self,
                                              gboolean          animate);
void          gw_map_view_show_grid          (GwMapView        *self,
                                              GwGrid           *grid);
void          gw_map_view_show_location      (GwMapView        *self,
                                              double            lat,
                                              double            lon);
gboolean      gw_map_view_show_case          (GwMapView        *self,
                                              const char       *case_id);
void          gw_map_view_set_basemap        (GwMapView        *self,
                                              ShumateMapSource *source);
void          gw_map_view_set_empty_text     (GwMapView        *self,
                                              const char       *title,
                                              const char       *description);
void          gw_map_view_set_case_points    (GwMapView        *self,
                                              GwCasePoints     *points);
char        **gw_map_view_get_selected_cases (GwMapView        *self);
void          gw_map_view_select_cases       (GwMapView        *self,
                                              const char * const *case_ids);
void          gw_map_view_get_position       (GwMapView        *self,
                                              double           *lat,
                                              double           *lon,
                                              double           *zoom);
void          gw_map_view_set_position       (GwMapView        *self,
                                              double            lat,
                                              double            lon,
                                              double            zoom);
GwCaseLayer  *gw_map_view_get_case_layer     (GwMapView        *self);
ShumateMap   *gw_map_view_get_map            (GwMapView        *self);
GwGridLayer  *gw_map_view_get_grid_layer     (GwMapView        *self);
GwTargetLayer *gw_map_view_get_target_layer  (GwMapView        *self);
void          gw_map_view_show_target        (GwMapView        *self,
                                              guint             target);
void          gw_map_view_set_wall_mode      (GwMapView        *self,
                                              int               text_size);

/* gw-map-view-workers.c */
GwWorkerLayer *gw_map_view_get_worker_layer  (GwMapView        *self);
void          gw_map_view_show_card          (GwMapView        *self,
                                              GtkPopover       *card,
                                              double            lat,
                                              double            lon);
GtkPopover   *gw_map_view_get_card           (GwMapView        *self);
void          gw_map_view_close_card         (GwMapView        *self);

G_END_DECLS
