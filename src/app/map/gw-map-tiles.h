/* gw-map-tiles.h: a cache of rendered map tiles for one layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-map-transform.h"

G_BEGIN_DECLS

#define GW_MAP_TILE_SIZE 256

/* Draws the tile (@tx, @ty) of a world @world pixels wide, in the area
 * (@origin_x, @origin_y, GW_MAP_TILE_SIZE square) of world pixels; NULL
 * when there is nothing there. @simplify_zoom is the zoom level whose
 * simplified outlines are good enough. Called on the tiles' own
 * thread, with the scene last set (gw_map_tiles_set_scene). */
typedef cairo_surface_t *(*GwMapTileRender) (gpointer scene,
                                              double   world,
                                              int      simplify_zoom,
                                              double   origin_x,
                                              double   origin_y,
                                              int      scale);

typedef struct _GwMapTiles GwMapTiles;

/* Called on the thread that made the tiles: new tiles are drawn. */
typedef void (*GwMapTilesReady) (gpointer user_data);

GwMapTiles *gw_map_tiles_new          (GwMapTileRender      render,
                                         GwMapTilesReady      ready,
                                         gpointer              user_data);
void         gw_map_tiles_set_scene    (GwMapTiles          *tiles,
                                         gpointer              scene,
                                         GDestroyNotify        scene_free);
void         gw_map_tiles_free         (GwMapTiles          *tiles);
void         gw_map_tiles_clear        (GwMapTiles          *tiles);
void         gw_map_tiles_set_max_bytes (GwMapTiles         *tiles,
                                         gsize               max_bytes);
/* Forgets the cached tiles over a Mercator box whose drawing changed.
 * Tiles the thread drew, or is drawing, from the old scene and that no
 * frame has taken yet are not let go here: the caller hands over the
 * new scene (gw_map_tiles_set_scene) before the next paint, and that
 * is what discards them. */
void         gw_map_tiles_drop_area    (GwMapTiles          *tiles,
                                         double                min_x,
                                         double                min_y,
                                         double                max_x,
                                         double                max_y);
/* The tiles of the view @t into @cr, in widget coordinates: copied,
 * not blended, so they go first, onto a clear surface. */
void         gw_map_tiles_paint        (GwMapTiles          *tiles,
                                         cairo_t              *cr,
                                         const GwMapTransform *t,
                                         int                   scale);
guint        gw_map_tiles_get_n_cached (GwMapTiles          *tiles);
gboolean     gw_map_tiles_is_complete  (GwMapTiles          *tiles);
/* What an image surface's pixels take: the map's caches are bounded in
 * bytes, not in count. */
gsize        gw_map_tiles_surface_bytes (cairo_surface_t    *surface);
cairo_surface_t *gw_map_tiles_create_surface (int        pixels);

G_END_DECLS
