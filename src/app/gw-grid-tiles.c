/* gw-grid-tiles.c: a cache of rendered map tiles for one layer
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
#define G_LOG_DOMAIN "gw-grid-tiles"

#include "config.h"

#include <math.h>

#include "gw-grid-tiles.h"

#define TILE GW_GRID_TILE_SIZE
#define MAX_PYRAMID_ZOOM 22
/* About 40 MB at 256 pixels: two screens' worth at two zoom levels. */
#define MAX_TILES 160

typedef struct
{
  gint64 key;
  double world;
  gint64 tx, ty;
  cairo_surface_t *surface;   /* NULL: nothing to draw there */
  guint64 used;
} Tile;

struct _GwGridTiles
{
  GwGridTileRender render;
  gpointer user_data;
  GHashTable *pyramid;        /* key -> Tile, at integer zoom levels */
  GHashTable *exact;          /* key -> Tile, at exact_world */
  double exact_world;
  double last_world;
  guint64 frame;
};

static void
tile_free (Tile *tile)
{
  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

GwGridTiles *
gw_grid_tiles_new (GwGridTileRender render,
                   gpointer         user_data)
{
  GwGridTiles *tiles = g_new0 (GwGridTiles, 1);

  tiles->render = render;
  tiles->user_data = user_data;
  tiles->pyramid = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) tile_free);
  tiles->exact = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) tile_free);
  return tiles;
}

void
gw_grid_tiles_free (GwGridTiles *tiles)
{
  if (tiles == NULL)
    return;
  g_hash_table_unref (tiles->pyramid);
  g_hash_table_unref (tiles->exact);
  g_free (tiles);
}

void
gw_grid_tiles_clear (GwGridTiles *tiles)
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
gw_grid_tiles_drop_area (GwGridTiles *tiles,
                         double       min_x,
                         double       min_y,
                         double       max_x,
                         double       max_y)
{
  drop_area_in (tiles->pyramid, min_x, min_y, max_x, max_y);
  drop_area_in (tiles->exact, min_x, min_y, max_x, max_y);
}

guint
gw_grid_tiles_get_n_cached (GwGridTiles *tiles)
{
  return g_hash_table_size (tiles->pyramid) + g_hash_table_size (tiles->exact);
}

static int
compare_uint64 (gconstpointer a,
                gconstpointer b)
{
  guint64 ua = *(const guint64 *) a, ub = *(const guint64 *) b;

  return ua < ub ? -1 : ua > ub;
}

static void
evict (GHashTable *table)
{
  g_autoptr(GArray) ages = NULL;
  GHashTableIter iter;
  Tile *tile;
  guint64 cutoff;

  if (g_hash_table_size (table) <= MAX_TILES)
    return;

  /* Drop the least recently drawn quarter in one go. */
  ages = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tile))
    g_array_append_val (ages, tile->used);
  g_array_sort (ages, compare_uint64);
  cutoff = g_array_index (ages, guint64, ages->len / 4);

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tile))
    if (tile->used <= cutoff)
      g_hash_table_iter_remove (&iter);
}

static Tile *
get_tile (GwGridTiles *tiles,
          GHashTable  *table,
          double       world,
          int          zoom,
          gint64       tx,
          gint64       ty,
          int          scale)
{
  gint64 key = ((gint64) zoom << 52) | (tx << 26) | ty;
  Tile *tile = g_hash_table_lookup (table, &key);

  if (tile == NULL)
    {
      tile = g_new0 (Tile, 1);
      tile->key = key;
      tile->world = world;
      tile->tx = tx;
      tile->ty = ty;
      tile->surface = tiles->render (tiles->user_data, world, zoom, (double) tx * TILE, (double) ty * TILE, scale);
      g_hash_table_insert (table, &tile->key, tile);
    }
  tile->used = tiles->frame;
  return tile;
}

void
gw_grid_tiles_snapshot (GwGridTiles          *tiles,
                        GtkSnapshot          *snapshot,
                        const GwMapTransform *t,
                        int                   scale)
{
  gboolean resting = t->world == tiles->last_world || t->world == tiles->exact_world;
  int zoom = CLAMP ((int) floor (t->zoom + 0.5), 0, MAX_PYRAMID_ZOOM);
  double world = resting ? t->world : ldexp (256.0, zoom);
  double ratio = t->world / world;
  GHashTable *table = resting ? tiles->exact : tiles->pyramid;
  /* Under rotation the corners of the view reach further out. */
  double reach = t->rotation != 0 ? hypot (t->half_width, t->half_height) : 0;
  graphene_rect_t view = GRAPHENE_RECT_INIT (t->half_width - MAX (reach, t->half_width),
                                             t->half_height - MAX (reach, t->half_height),
                                             2 * MAX (reach, t->half_width), 2 * MAX (reach, t->half_height));
  gint64 n_tiles = (gint64) ceil (world / TILE);
  double min_x, min_y, max_x, max_y;
  gint64 tx0, ty0, tx1, ty1;
  cairo_t *cr = NULL;

  tiles->frame++;
  tiles->last_world = t->world;
  if (resting && tiles->exact_world != t->world)
    {
      g_hash_table_remove_all (tiles->exact);
      tiles->exact_world = t->world;
    }
  /* Exact tiles use the outlines simplified for the level below. */
  if (resting)
    zoom = CLAMP ((int) floor (t->zoom), 0, MAX_PYRAMID_ZOOM);

  gw_map_transform_visible_mercator (t, &min_x, &min_y, &max_x, &max_y);
  tx0 = CLAMP ((gint64) floor (min_x * world / TILE), 0, n_tiles - 1);
  ty0 = CLAMP ((gint64) floor (min_y * world / TILE), 0, n_tiles - 1);
  tx1 = CLAMP ((gint64) floor (max_x * world / TILE), 0, n_tiles - 1);
  ty1 = CLAMP ((gint64) floor (max_y * world / TILE), 0, n_tiles - 1);

  for (gint64 ty = ty0; ty <= ty1; ty++)
    for (gint64 tx = tx0; tx <= tx1; tx++)
      {
        Tile *tile = get_tile (tiles, table, world, zoom, tx, ty, scale);
        double x, y;

        if (tile->surface == NULL)
          continue;
        if (cr == NULL)
          cr = gtk_snapshot_append_cairo (snapshot, &view);

        gw_map_transform_to_screen (t, tx * TILE / world, ty * TILE / world, &x, &y);
        cairo_save (cr);
        if (resting)
          cairo_translate (cr, round (x), round (y));
        else
          {
            cairo_translate (cr, x, y);
            cairo_scale (cr, ratio, ratio);
          }
        cairo_scale (cr, 1.0 / scale, 1.0 / scale);
        cairo_set_source_surface (cr, tile->surface, 0, 0);
        /* While zooming, the fastest scaling: it lasts a few frames. */
        cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
        cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
        cairo_rectangle (cr, 0, 0, TILE * scale, TILE * scale);
        cairo_fill (cr);
        cairo_restore (cr);
      }

  if (cr)
    cairo_destroy (cr);
  evict (table);
}
