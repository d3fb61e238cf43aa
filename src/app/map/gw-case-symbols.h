/* gw-case-symbols.h: how a case looks, on the map, in the list and in the legend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-points.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CASE_LOOK_URGENT   = 1 << 0,   /* larger, red */
  GW_CASE_LOOK_OVERDUE  = 1 << 1,   /* a thick red ring */
  GW_CASE_LOOK_SELECTED = 1 << 2,   /* a ring in the accent colour */
  GW_CASE_LOOK_DUE_SOON = 1 << 3,   /* a thinner amber ring */
  GW_CASE_LOOK_ESCALATED = 1 << 4,  /* a violet whistle flag */
  GW_CASE_LOOK_NEUTRAL  = 1 << 5,   /* grey: the shape alone, as the legend shows it */
  GW_CASE_LOOK_DUPLICATE = 1 << 6,  /* a small double square: possible duplicates */
} GwCaseLook;

void        gw_case_symbols_get_rgba         (GwCaseStatus  status,
                                              gboolean      urgent,
                                              GdkRGBA      *rgba);
/* Drawn once at @scale device pixels a unit and cached, owned by the
 * cache: a cairo image surface, since GTK 4.8's cairo renderer converts
 * a texture's every pixel through floats each time it is drawn. */
cairo_surface_t *gw_case_symbols_get_symbol  (GwCaseSymbol  symbol,
                                              GwCaseStatus  status,
                                              guint         look,
                                              double        scale,
                                              double       *size);
cairo_surface_t *gw_case_symbols_get_cluster (guint         count,
                                              guint         n_urgent,
                                              guint         n_overdue,
                                              double        scale,
                                              double       *size);
/* For a picture outside the map (the legend): a copy as a texture. */
GdkTexture *gw_case_symbols_to_texture       (cairo_surface_t *surface);
double      gw_case_symbols_get_symbol_diameter  (guint       look);
double      gw_case_symbols_get_cluster_diameter (guint       count);
void        gw_case_symbols_draw_shape       (cairo_t      *cr,
                                              GwCaseSymbol  symbol,
                                              double        cx,
                                              double        cy,
                                              double        radius);
const char *gw_case_symbols_get_symbol_label (GwCaseSymbol  symbol);
gsize       gw_case_symbols_get_cached_bytes (void);
void        gw_case_symbols_forget           (void);
void        gw_case_symbols_set_generation_time (GTimeSpan span);

G_END_DECLS
