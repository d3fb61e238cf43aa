/* gw-grid-layer.h: every grid of the county, as a choropleth drawn from cached tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gw-case-points.h"
#include "gw-grid.h"

G_BEGIN_DECLS

/* What the fill of a unit grid says. */
typedef enum
{
  GW_GRID_FILL_TOWN,          /* which town it belongs to */
  GW_GRID_FILL_CASES,         /* cases shown by the filter */
  GW_GRID_FILL_OVERDUE,       /* overdue cases among them */
  GW_GRID_FILL_PER_WORKER,    /* cases shown per grid worker */
  GW_GRID_FILL_ESCALATIONS,   /* escalated cases among them */
} GwGridFill;

#define GW_GRID_N_FILLS 5

/* One class of the legend. */
typedef struct
{
  GdkRGBA color;
  char *label;
} GwGridLegendClass;

#define GW_TYPE_GRID_LAYER (gw_grid_layer_get_type ())

G_DECLARE_FINAL_TYPE (GwGridLayer, gw_grid_layer, GW, GRID_LAYER, ShumateLayer)

typedef struct _GwCaseLayer GwCaseLayer;

GwGridLayer *gw_grid_layer_new             (ShumateViewport *viewport);
void         gw_grid_layer_set_grids       (GwGridLayer     *self,
                                            GPtrArray       *grids);
guint        gw_grid_layer_get_n_grids     (GwGridLayer     *self);
/* The case layer whose symbols this layer paints over its own when
 * gw_case_layer_is_hosted() says so; set by gw_case_layer_set_host(). */
void         gw_grid_layer_set_guest       (GwGridLayer     *self,
                                            GwCaseLayer     *guest);
gboolean     gw_grid_layer_get_bounds      (GwGridLayer     *self,
                                            GwBounds        *bounds);
void         gw_grid_layer_set_selected    (GwGridLayer     *self,
                                            const char      *code);
const char  *gw_grid_layer_get_selected    (GwGridLayer     *self);
void         gw_grid_layer_set_hovered     (GwGridLayer     *self,
                                            GwGrid          *grid);
GwGrid      *gw_grid_layer_lookup          (GwGridLayer     *self,
                                            const char      *code);
GwGrid      *gw_grid_layer_get_grid_at     (GwGridLayer     *self,
                                            double           x,
                                            double           y);
void         gw_grid_layer_get_fill_rgba   (GwGridLayer     *self,
                                            GwGrid          *grid,
                                            GdkRGBA         *rgba);
void         gw_grid_layer_set_fill        (GwGridLayer     *self,
                                            GwGridFill       fill);
GwGridFill   gw_grid_layer_get_fill        (GwGridLayer     *self);
const char  *gw_grid_fill_get_label        (GwGridFill       fill);
void         gw_grid_layer_set_case_points (GwGridLayer     *self,
                                            GwCasePoints    *points);
double       gw_grid_layer_get_value       (GwGridLayer     *self,
                                            const char      *code);
GPtrArray   *gw_grid_layer_get_legend      (GwGridLayer     *self);
gboolean     gw_grid_layer_is_complete        (GwGridLayer  *self);
guint        gw_grid_layer_get_n_cached_tiles (GwGridLayer  *self);

void          gw_grid_layer_set_label_keepout (GwGridLayer           *self,
                                               const graphene_rect_t *rects,
                                               guint                  n_rects);
const graphene_rect_t *gw_grid_layer_get_label_rects (GwGridLayer *self,
                                                      guint       *n_rects);
void          gw_grid_layer_set_min_label_size (GwGridLayer *self,
                                                int          size);
void          gw_grid_layer_set_max_tile_bytes (GwGridLayer *self,
                                                gsize        max_bytes);
void          gw_grid_layer_set_max_label_bytes (GwGridLayer *self,
                                                 gsize        max_bytes);
gsize         gw_grid_layer_get_label_bytes     (GwGridLayer *self);
void          gw_grid_layer_forget_drawn        (GwGridLayer *self);

G_END_DECLS
