/* gw-map-view-private.h: what the map view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-map-view.h"
#include "gw-worker-layer.h"

G_BEGIN_DECLS

struct _GwMapView
{
  GtkWidget parent_instance;

  GtkOverlay *overlay;
  ShumateMap *map;
  AdwStatusPage *empty_page;
  ShumateScale *scale;
  ShumateLicense *license;
  GtkWidget *legend_revealer;
  GtkWidget *controls;          /* the zoom and layer buttons, on the right */
  GtkBox *legend_box;
  GtkImage *legend_arrow;     /* on the legend's title: which way it folds */

  ShumateMapSource *reference;
  ShumateMapSource *basemap;
  ShumateMapLayer *basemap_layer;
  GwGridLayer *grid_layer;
  GwCaseLayer *case_layer;
  GwTargetLayer *target_layer;
  GtkWidget *target_legend;
  GwWorkerLayer *worker_layer;
  GtkWidget *worker_legend;
  GtkWidget *card;            /* weak: the popover shown at a symbol */
  GwCasePoints *points;

  gboolean legend_visible;
  gboolean on_wall;
  gboolean fitted_once;
  gboolean fit_pending;
  guint fit_idle_id;
  double band_x, band_y;
  gboolean banding;           /* a Shift-drag claimed the pointer */
};

/* gw-map-view.c */
void     gw_map_view_fit_mercator      (GwMapView  *self,
                                        double      min_x,
                                        double      min_y,
                                        double      max_x,
                                        double      max_y,
                                        double      max_zoom,
                                        gboolean    animate);

/* gw-map-view-pointer.c */
void     gw_map_view_setup_pointer     (GwMapView  *self);

/* gw-map-view-workers.c */
void     gw_map_view_setup_workers     (GwMapView  *self);

G_END_DECLS
