/* gw-worker-layer.h: grid workers on duty, where their phones last were
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* A report older than a shift says nothing about now. */
#define GW_WORKER_LAYER_MAX_AGE_SECONDS (4 * 3600)

#define GW_TYPE_WORKER_LAYER (gw_worker_layer_get_type ())

G_DECLARE_FINAL_TYPE (GwWorkerLayer, gw_worker_layer, GW, WORKER_LAYER, ShumateLayer)

GwWorkerLayer *gw_worker_layer_new          (ShumateViewport *viewport);
void           gw_worker_layer_set_statuses (GwWorkerLayer   *self,
                                             GPtrArray       *statuses,
                                             gint64           now);
void           gw_worker_layer_set_open_cases (GwWorkerLayer *self,
                                             GHashTable      *open_cases);
guint          gw_worker_layer_get_n_workers (GwWorkerLayer  *self);
int            gw_worker_layer_find         (GwWorkerLayer   *self,
                                             const char      *worker);
const char    *gw_worker_layer_get_worker   (GwWorkerLayer   *self,
                                             guint            index,
                                             double          *lat,
                                             double          *lon,
                                             gint64          *reported);
guint          gw_worker_layer_get_open_cases (GwWorkerLayer *self,
                                             guint            index);
int            gw_worker_layer_pick         (GwWorkerLayer   *self,
                                             double           x,
                                             double           y);
gboolean       gw_worker_layer_get_screen_position (GwWorkerLayer *self,
                                             guint            index,
                                             double          *x,
                                             double          *y);
void           gw_worker_layer_select       (GwWorkerLayer   *self,
                                             int              index);
guint          gw_worker_layer_get_n_drawn  (GwWorkerLayer   *self);
void           gw_worker_layer_set_track    (GwWorkerLayer   *self,
                                             const char      *worker,
                                             GPtrArray       *points);
guint          gw_worker_layer_get_track_length (GwWorkerLayer *self);
gboolean       gw_worker_layer_get_track_point (GwWorkerLayer *self,
                                             guint            index,
                                             double          *x,
                                             double          *y);
void           gw_worker_layer_get_color    (GdkRGBA         *color);
GtkWidget     *gw_worker_legend_new         (void);

G_END_DECLS
