/* gw-map-tiles.c: a cache of rendered map tiles for one layer
 *
 * Two sets of tiles are kept. While the zoom level changes from frame to
 * frame, the view is painted from a pyramid at integer levels, the
 * nearer level scaled; as soon as it rests (two frames at one zoom),
 * tiles are drawn for exactly that zoom and copied pixel for pixel, so a
 * pan at any zoom only draws the tiles it uncovers and copies the rest.
 *
 * Tiles are painted from their cairo surfaces into one cairo node no
 * larger than the view: as texture nodes the cairo renderer would convert
 * and copy every tile's pixels on every frame, and the cairo renderer is
 * what a wall screen without a GPU runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map-tiles"

#include "config.h"

#include <math.h>

#include "gw-map-tiles.h"

#define TILE GW_MAP_TILE_SIZE
#define MAX_PYRAMID_ZOOM 22
/* In each table, in bytes rather than tiles: a tile at scale 2 holds
 * four times the pixels. About three 1080p screens' worth at scale 1. */
#define MAX_BYTES (24 * 1024 * 1024)
/* Time spent per frame drawing tiles afresh, once the view rests, when a
 * cached level can stand in for the rest meanwhile: a frame stays short,
 * and the view is sharp a few frames later. While the zoom moves, cached
 * levels stand in wherever they can and nothing is drawn that the next
 * frame would not use. */
#define RENDER_BUDGET_US 4000
/* Time spent per frame drawing tiles that nothing can stand in for: the
 * first sight of a county drew its whole view in one frame, 45 to 112 ms
 * in one main-loop iteration. Past this, such tiles stay empty for a few
 * frames and are drawn in the next ones, nearest the middle first. */
#define FILL_BUDGET_US 8000

typedef struct
{
  gint64 key;
  double world;
  gint64 tx, ty;
  cairo_surface_t *surface;   /* NULL: nothing to draw there */
  gsize bytes;                /* the pixels and the bookkeeping */
  guint64 used;
} Tile;

struct _GwMapTiles
{
  GwMapTileRender render;
  gpointer user_data;
  GHashTable *pyramid;        /* key -> Tile, at integer zoom levels */
  GHashTable *exact;          /* key -> Tile, at exact_world */
  double exact_world;
  double last_world;
  guint64 frame;
  gboolean incomplete;
  gsize max_bytes;            /* in each table */
  GArray *order;              /* of gint64 pairs: the view's tiles, middle first */
};

static void
tile_free (Tile *tile)
{
  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

GwMapTiles *
gw_map_tiles_new (GwMapTileRender render,
                   gpointer         user_data)
{
  GwMapTiles *tiles = g_new0 (GwMapTiles, 1);

  tiles->render = render;
  tiles->user_data = user_data;
  tiles->max_bytes = MAX_BYTES;
  tiles->pyramid = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) tile_free);
  tiles->exact = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) tile_free);
  tiles->order = g_array_new (FALSE, FALSE, sizeof (gint64));
  return tiles;
}

void
gw_map_tiles_free (GwMapTiles *tiles)
{
  if (tiles == NULL)
    return;
  g_hash_table_unref (tiles->pyramid);
  g_hash_table_unref (tiles->exact);
  g_array_unref (tiles->order);
  g_free (tiles);
}

void
gw_map_tiles_clear (GwMapTiles *tiles)
{
  g_hash_table_remove_all (tiles->pyramid);
  g_hash_table_remove_all (tiles->exact);
}

static void
drop_area_in (GHashTable *table,
              double      min_x,
              double      min_y,
              double      max_x,
              double      max_y)
{
  GHashTableIter iter;
  Tile *tile;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tile))
    {
      double x0 = tile->tx * TILE / tile->world, y0 = tile->ty * TILE / tile->world;
      double size = TILE / tile->world;

      if (max_x >= x0 && min_x <= x0 + size && max_y >= y0 && min_y <= y0 + size)
        g_hash_table_iter_remove (&iter);
    }
}

/* Forgets the tiles over a Mercator box whose drawing changed. */
void
gw_map_tiles_drop_area (GwMapTiles *tiles,
                         double       min_x,
                         double       min_y,
                         double       max_x,
                         double       max_y)
{
  drop_area_in (tiles->pyramid, min_x, min_y, max_x, max_y);
  drop_area_in (tiles->exact, min_x, min_y, max_x, max_y);
}

guint
gw_map_tiles_get_n_cached (GwMapTiles *tiles)
{
  return g_hash_table_size (tiles->pyramid) + g_hash_table_size (tiles->exact);
}

static int
compare_used (gconstpointer a,
              gconstpointer b)
{
  const Tile *ta = *(Tile * const *) a, *tb = *(Tile * const *) b;

  return ta->used < tb->used ? -1 : ta->used > tb->used;
}

static void
evict (GwMapTiles *tiles,
       GHashTable *table)
{
  g_autoptr(GPtrArray) by_age = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  Tile *tile;
  gsize bytes = 0;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tile))
    {
      bytes += tile->bytes;
      g_ptr_array_add (by_age, tile);
    }
  if (bytes <= tiles->max_bytes)
    return;

  /* The least recently drawn first, down to three quarters of the bound
   * in one go, and never what this frame drew: a small cache on a large
   * screen would otherwise draw the whole view afresh every frame. */
  g_ptr_array_sort (by_age, compare_used);
  for (guint i = 0; i < by_age->len && bytes > tiles->max_bytes / 4 * 3; i++)
    {
      tile = g_ptr_array_index (by_age, i);
      if (tile->used >= tiles->frame)
        break;
      bytes -= tile->bytes;
      g_hash_table_remove (table, &tile->key);
    }
}

gsize
gw_map_tiles_surface_bytes (cairo_surface_t *surface)
{
  return (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface);
}

static gint64
tile_key (int    zoom,
          gint64 tx,
          gint64 ty)
{
  return ((gint64) zoom << 52) | (tx << 26) | ty;
}

static Tile *
lookup_tile (GwMapTiles *tiles,
             GHashTable  *table,
             int          zoom,
             gint64       tx,
             gint64       ty)
{
  gint64 key = tile_key (zoom, tx, ty);
  Tile *tile = g_hash_table_lookup (table, &key);

  if (tile)
    tile->used = tiles->frame;
  return tile;
}

static Tile *
render_tile (GwMapTiles *tiles,
             GHashTable  *table,
             double       world,
             int          zoom,
             gint64       tx,
             gint64       ty,
             int          scale)
{
  Tile *tile = g_new0 (Tile, 1);

  tile->key = tile_key (zoom, tx, ty);
  tile->world = world;
  tile->tx = tx;
  tile->ty = ty;
  tile->used = tiles->frame;
  tile->surface = tiles->render (tiles->user_data, world, zoom, (double) tx * TILE, (double) ty * TILE, scale);
  tile->bytes = sizeof (Tile) + 4 * sizeof (gpointer);
  if (tile->surface != NULL)
    tile->bytes += gw_map_tiles_surface_bytes (tile->surface);
  g_hash_table_insert (table, &tile->key, tile);
  return tile;
}

static void
paint_tile (cairo_t              *cr,
            const GwMapTransform *t,
            const Tile           *tile,
            gboolean              whole_pixels,
            int                   scale)
{
  double size = TILE * t->world / tile->world;
  double x, y, x0, y0, x1, y1;

  if (tile->surface == NULL)
    return;

  gw_map_transform_to_screen (t, tile->tx * TILE / tile->world, tile->ty * TILE / tile->world, &x, &y);
  /* Scaled, the tile is stretched by less than a pixel to whole-pixel
   * edges: a box with fractional edges is composited through a coverage
   * mask, some 40 % slower, and its neighbours left faint seams. Its
   * edges are where its neighbours' are, rounded alike. */
  x0 = round (x);
  y0 = round (y);
  x1 = whole_pixels ? x0 + TILE : round (x + size);
  y1 = whole_pixels ? y0 + TILE : round (y + size);
  if (x1 <= x0 || y1 <= y0)
    return;
  cairo_save (cr);
  cairo_translate (cr, x0, y0);
  cairo_scale (cr, (x1 - x0) / TILE, (y1 - y0) / TILE);
  cairo_scale (cr, 1.0 / scale, 1.0 / scale);
  /* Copied, not blended: tiles are painted first into a node that cairo
   * replays onto a clear area (it clears it first when it replays in
   * place, and an image of the node's own otherwise), and they do not
   * overlap. Blending read every pixel of the frame's new image before
   * writing it, so the kernel faulted each page in twice, and blended
   * pixels that were all clear: half of the frame's rendering. */
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, tile->surface, 0, 0);
  /* While zooming, the fastest scaling: it lasts a few frames. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, TILE * scale, TILE * scale);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Paints cached pyramid tiles over the Mercator box of a tile not drawn
 * yet, clipped to it: the nearest coarser level that has the whole box,
 * else the finer level if all of it is there. */
static gboolean
paint_stand_in (GwMapTiles          *tiles,
                cairo_t              *cr,
                const GwMapTransform *t,
                int                   near_zoom,
                double                mx0,
                double                my0,
                double                mx1,
                double                my1,
                int                   scale)
{
  static const int tries[] = { 0, -1, -2, -3, 1 };
  double x0, y0, x1, y1;

  gw_map_transform_to_screen (t, mx0, my0, &x0, &y0);
  gw_map_transform_to_screen (t, mx1, my1, &x1, &y1);

  for (guint i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      int zoom = near_zoom + tries[i];
      double world = ldexp (256.0, zoom);
      gint64 tx0 = (gint64) floor (mx0 * world / TILE), ty0 = (gint64) floor (my0 * world / TILE);
      gint64 tx1 = (gint64) ceil (mx1 * world / TILE) - 1, ty1 = (gint64) ceil (my1 * world / TILE) - 1;
      gboolean all = TRUE;

      if (zoom < 0 || zoom > MAX_PYRAMID_ZOOM)
        continue;
      for (gint64 ty = ty0; ty <= ty1 && all; ty++)
        for (gint64 tx = tx0; tx <= tx1 && all; tx++)
          all = lookup_tile (tiles, tiles->pyramid, zoom, tx, ty) != NULL;
      if (!all)
        continue;

      cairo_save (cr);
      /* On whole pixels, as the tiles are (see paint_tile). */
      cairo_rectangle (cr, round (x0), round (y0), round (x1) - round (x0), round (y1) - round (y0));
      cairo_clip (cr);
      for (gint64 ty = ty0; ty <= ty1; ty++)
        for (gint64 tx = tx0; tx <= tx1; tx++)
          paint_tile (cr, t, lookup_tile (tiles, tiles->pyramid, zoom, tx, ty), FALSE, scale);
      cairo_restore (cr);
      return TRUE;
    }
  return FALSE;
}

/* The tiles (@tx0, @ty0)–(@tx1, @ty1) in rings around the middle, the
 * middle first: what the eye goes to is drawn first. Ring r holds the
 * tiles whose larger distance from the middle, across or down, is r. */
static void
list_middle_out (gint64  tx0,
                 gint64  ty0,
                 gint64  tx1,
                 gint64  ty1,
                 GArray *order)
{
  gint64 cx = (tx0 + tx1) / 2, cy = (ty0 + ty1) / 2;
  gint64 reach = MAX (MAX (cx - tx0, tx1 - cx), MAX (cy - ty0, ty1 - cy));

  g_array_set_size (order, 0);
  for (gint64 r = 0; r <= reach; r++)
    for (gint64 y = MAX (cy - r, ty0); y <= MIN (cy + r, ty1); y++)
      for (gint64 x = MAX (cx - r, tx0); x <= MIN (cx + r, tx1); x++)
        if (MAX (ABS (x - cx), ABS (y - cy)) == r)
          {
            gint64 xy[2] = { x, y };

            g_array_append_vals (order, xy, 2);
          }
}

/* FALSE when some tiles were stood in for or left for later frames. */
gboolean
gw_map_tiles_is_complete (GwMapTiles *tiles)
{
  return !tiles->incomplete;
}

void
gw_map_tiles_paint (GwMapTiles           *tiles,
                    cairo_t              *cr,
                    const GwMapTransform *t,
                    int                   scale)
{
  gboolean resting = t->world == tiles->last_world || t->world == tiles->exact_world;
  int near_zoom = CLAMP ((int) floor (t->zoom + 0.5), 0, MAX_PYRAMID_ZOOM);
  int zoom = resting ? CLAMP ((int) floor (t->zoom), 0, MAX_PYRAMID_ZOOM) : near_zoom;
  double world = resting ? t->world : ldexp (256.0, zoom);
  GHashTable *table = resting ? tiles->exact : tiles->pyramid;
  gint64 n_tiles = (gint64) ceil (world / TILE);
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (resting ? RENDER_BUDGET_US : 0);
  double min_x, min_y, max_x, max_y;
  gint64 tx0, ty0, tx1, ty1;

  tiles->frame++;
  tiles->last_world = t->world;
  tiles->incomplete = FALSE;
  if (resting && tiles->exact_world != t->world)
    {
      g_hash_table_remove_all (tiles->exact);
      tiles->exact_world = t->world;
    }

  gw_map_transform_visible_mercator (t, &min_x, &min_y, &max_x, &max_y);
  tx0 = CLAMP ((gint64) floor (min_x * world / TILE), 0, n_tiles - 1);
  ty0 = CLAMP ((gint64) floor (min_y * world / TILE), 0, n_tiles - 1);
  tx1 = CLAMP ((gint64) floor (max_x * world / TILE), 0, n_tiles - 1);
  ty1 = CLAMP ((gint64) floor (max_y * world / TILE), 0, n_tiles - 1);

  list_middle_out (tx0, ty0, tx1, ty1, tiles->order);
  for (guint i = 0; i < tiles->order->len; i += 2)
    {
      gint64 tx = g_array_index (tiles->order, gint64, i), ty = g_array_index (tiles->order, gint64, i + 1);
      Tile *tile;

      if ((tile = lookup_tile (tiles, table, zoom, tx, ty)) == NULL)
        {
          gint64 now = g_get_monotonic_time ();

          /* Over budget, a cached level stands in until a later frame;
           * with nothing to stand in, the tile is drawn now, unless this
           * frame has drawn enough already. */
          if (now >= deadline &&
              paint_stand_in (tiles, cr, t, near_zoom, tx * TILE / world, ty * TILE / world,
                              (tx + 1) * TILE / world, (ty + 1) * TILE / world, scale))
            {
              tiles->incomplete = TRUE;
              continue;
            }
          if (now >= start + FILL_BUDGET_US)
            {
              tiles->incomplete = TRUE;
              continue;
            }
          tile = render_tile (tiles, table, world, zoom, tx, ty, scale);
        }
      paint_tile (cr, t, tile, resting, scale);
    }

  evict (tiles, table);
  /* At rest, what the last motion drew at whole zoom levels is only kept
   * for the next motion: within the bound, like the view's own table. */
  if (resting)
    evict (tiles, tiles->pyramid);
}

/* A wall shows one view at a time and goes round: a screen or two's worth
 * is enough, and a smaller cache stops filling sooner. 0: the default. */
void
gw_map_tiles_set_max_bytes (GwMapTiles *tiles,
                            gsize       max_bytes)
{
  tiles->max_bytes = max_bytes > 0 ? max_bytes : MAX_BYTES;
  evict (tiles, tiles->pyramid);
  evict (tiles, tiles->exact);
}
