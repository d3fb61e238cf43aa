/* gw-case-layer.h: live cases on the map, as symbols, clusters or a heatmap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gw-case-points.h"
#include "gw-grid-layer.h"
#include "gw-map-transform.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CASE_LAYER_SYMBOLS,
  GW_CASE_LAYER_HEATMAP,
} GwCaseLayerMode;

/* What is under a point of the map. */
typedef struct
{
  guint count;              /* 0: nothing; 1: one case; more: a cluster */
  guint position;           /* the case's position in the model when count is 1 */
  double x, y;              /* where it is drawn, in widget pixels */
  double min_x, min_y, max_x, max_y;   /* its cases' Mercator bounds */
} GwCaseLayerHit;

/* Above this zoom level every case is drawn on its own. */
#define GW_CASE_LAYER_CLUSTER_MAX_ZOOM 17

#define GW_TYPE_CASE_LAYER (gw_case_layer_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseLayer, gw_case_layer, GW, CASE_LAYER, ShumateLayer)

GwCaseLayer    *gw_case_layer_new              (ShumateViewport *viewport);
void            gw_case_layer_set_points       (GwCaseLayer     *self,
                                                GwCasePoints    *points);
GwCasePoints   *gw_case_layer_get_points       (GwCaseLayer     *self);
void            gw_case_layer_set_mode         (GwCaseLayer     *self,
                                                GwCaseLayerMode  mode);
GwCaseLayerMode gw_case_layer_get_mode         (GwCaseLayer     *self);
gboolean        gw_case_layer_pick             (GwCaseLayer     *self,
                                                double           x,
                                                double           y,
                                                GwCaseLayerHit  *hit);
gboolean        gw_case_layer_locate           (GwCaseLayer     *self,
                                                guint            position,
                                                GwCaseLayerHit  *hit);
guint           gw_case_layer_get_n_drawn      (GwCaseLayer     *self);
void            gw_case_layer_set_selection    (GwCaseLayer     *self,
                                                const guint     *positions,
                                                guint            n_positions);
GArray         *gw_case_layer_get_selection    (GwCaseLayer     *self);
guint           gw_case_layer_select_in_rect   (GwCaseLayer     *self,
                                                const graphene_rect_t *rect);
void            gw_case_layer_set_magnify      (GwCaseLayer     *self,
                                                double           magnify);
void            gw_case_layer_get_smallest     (GwCaseLayer     *self,
                                                double          *symbol,
                                                double          *cluster);
void            gw_case_layer_set_band         (GwCaseLayer     *self,
                                                const graphene_rect_t *rect);
/* @host, the layer right under this one but for hidden ones, paints the
 * symbols into its own node whenever it can; see gw-case-layer.c. */
void            gw_case_layer_set_host         (GwCaseLayer     *self,
                                                GwGridLayer     *host);
gboolean        gw_case_layer_is_hosted        (GwCaseLayer     *self);
/* The symbols for @t, into @cr (the host's). */
void            gw_case_layer_paint            (GwCaseLayer     *self,
                                                cairo_t         *cr,
                                                const GwMapTransform *t);

G_END_DECLS
