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
 * Tiles are drawn on a thread of their own, never in a frame. A frame
 * paints what is drawn, lets a cached level stand in for the rest (or
 * leaves it empty, at the first sight of a place), and asks the thread
 * for what it lacked, the middle first; each frame's list replaces the
 * last, so the thread never draws for a view already left. When tiles
 * are drawn the layer is told (GwMapTilesReady) and asks for a frame,
 * which takes them. Drawing tiles in the frame, within a budget, made
 * the frames that drew them a map's slowest: at 1080p with 100,000
 * cases and 5,000 grids, 4 to 10 ms of drawing, and the kernel faulting
 * in the frame's own image where the tiles had taken the space the
 * last one freed, 12 to 42 ms a frame against 1 to 3 for a frame that
 * drew none (bench map, frame=texture). A tile's pixels are mapped for
 * it alone (gw_map_tiles_create_surface), apart from the frames' images.
 *
 * The thread draws from a scene (gw_map_tiles_set_scene): the layer's
 * data at one moment, which the layer must not change once given.
 * Whatever makes tiles out of date (a new scene, a clear) starts a new
 * generation, and tiles drawn for an older one are let go unseen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map-tiles"

#include "config.h"

#include <math.h>
#include <sys/mman.h>

#include "gw-map-tiles.h"

#define TILE GW_MAP_TILE_SIZE
#define MAX_PYRAMID_ZOOM 22
/* In each table, in bytes rather than tiles: a tile at scale 2 holds
 * four times the pixels. About three 1080p screens' worth at scale 1. */
#define MAX_BYTES (24 * 1024 * 1024)

typedef struct
{
  gint64 key;
  double world;
  gint64 tx, ty;
  cairo_surface_t *surface;   /* NULL: nothing to draw there */
  gsize bytes;                /* the pixels and the bookkeeping */
  guint64 used;
} Tile;

/* A tile a frame lacked, asked of the drawing thread, and once drawn. */
typedef struct
{
  gint64 key;
  double world;
  int zoom;
  gint64 tx, ty;
  int scale;
  gboolean exact;             /* for the table at the view's own zoom */
  guint generation;
  cairo_surface_t *surface;   /* drawn; NULL: nothing there */
} Job;

/* What the drawing thread draws from. */
typedef struct
{
  gatomicrefcount ref;
  gpointer data;
  GDestroyNotify free;
} Scene;

typedef struct
{
  GSource source;
  GwMapTiles *tiles;
} ReadySource;

struct _GwMapTiles
{
  GwMapTileRender render;
  GwMapTilesReady ready;
  gpointer user_data;
  GSource *ready_source;      /* dispatched when the thread drew tiles */
  GArray *asked;              /* of Job: what this frame lacked, middle first */
  GHashTable *pyramid;        /* key -> Tile, at integer zoom levels */
  GHashTable *exact;          /* key -> Tile, at exact_world */
  double exact_world;
  double last_world;
  guint64 frame;
  gboolean incomplete;
  gsize max_bytes;            /* in each table */
  GArray *order;              /* of gint64 pairs: the view's tiles, middle first */

  /* Shared with the drawing thread, under the lock. */
  GMutex lock;
  GCond more;
  GThread *thread;
  gboolean stopping;
  GArray *wanted;             /* of Job: to draw, the first first */
  GArray *drawn;              /* of Job: drawn, not yet in a table */
  Job drawing;                /* when busy */
  gboolean busy;
  Scene *scene;
  guint generation;           /* changed by the owner's thread only */
};

static Scene *
scene_ref (Scene *scene)
{
  if (scene != NULL)
    g_atomic_ref_count_inc (&scene->ref);
  return scene;
}

static void
scene_unref (Scene *scene)
{
  if (scene == NULL || !g_atomic_ref_count_dec (&scene->ref))
    return;
  if (scene->free != NULL)
    scene->free (scene->data);
  g_free (scene);
}

static gpointer
draw_in_thread (gpointer user_data)
{
  GwMapTiles *tiles = user_data;

  g_mutex_lock (&tiles->lock);
  while (!tiles->stopping)
    {
      Scene *scene;
      Job job;

      if (tiles->wanted->len == 0)
        {
          g_cond_wait (&tiles->more, &tiles->lock);
          continue;
        }
      job = g_array_index (tiles->wanted, Job, 0);
      g_array_remove_index (tiles->wanted, 0);
      tiles->drawing = job;
      tiles->busy = TRUE;
      scene = scene_ref (tiles->scene);
      g_mutex_unlock (&tiles->lock);

      job.surface = tiles->render (scene ? scene->data : NULL, job.world, job.zoom,
                                   (double) job.tx * TILE, (double) job.ty * TILE, job.scale);
      scene_unref (scene);

      g_mutex_lock (&tiles->lock);
      tiles->busy = FALSE;
      if (job.generation == tiles->generation)
        {
          g_array_append_val (tiles->drawn, job);
          g_source_set_ready_time (tiles->ready_source, 0);
        }
      else
        g_clear_pointer (&job.surface, cairo_surface_destroy);
    }
  g_mutex_unlock (&tiles->lock);
  return NULL;
}

static gboolean
ready_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  GwMapTiles *tiles = ((ReadySource *) source)->tiles;

  g_source_set_ready_time (source, -1);
  if (tiles->ready != NULL)
    tiles->ready (tiles->user_data);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs ready_funcs = { .dispatch = ready_dispatch };

static void
job_clear (Job *job)
{
  g_clear_pointer (&job->surface, cairo_surface_destroy);
}

/* Of Job, each letting go of its tile's pixels. */
static GArray *
job_array_new (void)
{
  GArray *jobs = g_array_new (FALSE, FALSE, sizeof (Job));

  g_array_set_clear_func (jobs, (GDestroyNotify) job_clear);
  return jobs;
}

/* The tiles drawn and not yet taken, the lock held; NULL if none. */
static GArray *
take_drawn_locked (GwMapTiles *tiles)
{
  GArray *drawn;

  if (tiles->drawn->len == 0)
    return NULL;
  drawn = tiles->drawn;
  tiles->drawn = job_array_new ();
  return drawn;
}

/* What the tables hold is out of date: what the thread draws now, or
 * was asked to, is for the tables as they were. What it drew and no
 * frame took yet goes now (unmapped as @stale goes, out of the lock): a
 * wall whose map is out of sight paints no frame that would take it. */
static void
start_generation (GwMapTiles *tiles)
{
  g_autoptr(GArray) stale = NULL;

  g_mutex_lock (&tiles->lock);
  tiles->generation++;
  g_array_set_size (tiles->wanted, 0);
  stale = take_drawn_locked (tiles);
  g_mutex_unlock (&tiles->lock);
}

/* The scene the next tiles are drawn from; @scene_free is called on
 * either thread once neither needs it. Tiles drawn from the last scene
 * and not yet taken are let go. */
void
gw_map_tiles_set_scene (GwMapTiles     *tiles,
                        gpointer        scene,
                        GDestroyNotify  scene_free)
{
  Scene *next = g_new0 (Scene, 1), *last;

  g_atomic_ref_count_init (&next->ref);
  next->data = scene;
  next->free = scene_free;
  g_mutex_lock (&tiles->lock);
  last = tiles->scene;
  tiles->scene = next;
  g_mutex_unlock (&tiles->lock);
  start_generation (tiles);
  scene_unref (last);
}

static void
tile_free (Tile *tile)
{
  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

GwMapTiles *
gw_map_tiles_new (GwMapTileRender render,
                  GwMapTilesReady ready,
                  gpointer        user_data)
{
  GwMapTiles *tiles = g_new0 (GwMapTiles, 1);

  tiles->render = render;
  tiles->ready = ready;
  tiles->user_data = user_data;
  g_mutex_init (&tiles->lock);
  g_cond_init (&tiles->more);
  tiles->asked = g_array_new (FALSE, FALSE, sizeof (Job));
  tiles->wanted = g_array_new (FALSE, FALSE, sizeof (Job));
  tiles->drawn = job_array_new ();
  tiles->ready_source = g_source_new (&ready_funcs, sizeof (ReadySource));
  ((ReadySource *) tiles->ready_source)->tiles = tiles;
  g_source_set_static_name (tiles->ready_source, "gw-map-tiles drawn");
  g_source_set_ready_time (tiles->ready_source, -1);
  g_source_attach (tiles->ready_source, g_main_context_get_thread_default ());
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
  if (tiles->thread != NULL)
    {
      g_mutex_lock (&tiles->lock);
      tiles->stopping = TRUE;
      g_cond_signal (&tiles->more);
      g_mutex_unlock (&tiles->lock);
      /* At most the one tile being drawn: a few milliseconds. */
      g_thread_join (tiles->thread);
    }
  g_source_destroy (tiles->ready_source);
  g_source_unref (tiles->ready_source);
  g_array_unref (tiles->asked);
  g_array_unref (tiles->wanted);
  g_array_unref (tiles->drawn);
  scene_unref (tiles->scene);
  g_mutex_clear (&tiles->lock);
  g_cond_clear (&tiles->more);
  g_hash_table_unref (tiles->pyramid);
  g_hash_table_unref (tiles->exact);
  g_array_unref (tiles->order);
  g_free (tiles);
}

void
gw_map_tiles_clear (GwMapTiles *tiles)
{
  start_generation (tiles);
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

/* No generation starts here, only with the new scene that follows
 * (see the header): a live county drops a few grids' areas at every
 * recount, and each drop also throwing away every tile drawn elsewhere
 * since the last frame was work done twice. */
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

static const cairo_user_data_key_t mapping_key;

typedef struct
{
  void *pixels;
  gsize bytes;
} Mapping;

static void
unmap_pixels (gpointer data)
{
  Mapping *mapping = data;

  munmap (mapping->pixels, mapping->bytes);
  g_free (mapping);
}

/* A clear square tile @pixels wide, for the tiles' thread to draw in.
 * Its pixels are mapped for it alone and unmapped with it, not taken
 * from malloc: the cache keeps tens of megabytes of tiles and lets them
 * go in any order, which left a malloc arena of their own with holes
 * that no tile fitted and the process some 12 MB larger (bench map's
 * map-memory), and never handed back between a wall's rounds. The pages
 * come in at once (MAP_POPULATE): one call into the kernel, not one
 * fault for each page the first fill touches. */
cairo_surface_t *
gw_map_tiles_create_surface (int pixels)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, pixels);
  Mapping *mapping = g_new (Mapping, 1);
  cairo_surface_t *surface;

  mapping->bytes = (gsize) stride * pixels;
  mapping->pixels = mmap (NULL, mapping->bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (mapping->pixels == MAP_FAILED)
    {
      g_free (mapping);
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixels, pixels);
    }
  surface = cairo_image_surface_create_for_data (mapping->pixels, CAIRO_FORMAT_ARGB32, pixels, pixels, stride);
  if (cairo_surface_set_user_data (surface, &mapping_key, mapping, unmap_pixels) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      unmap_pixels (mapping);
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixels, pixels);
    }
  return surface;
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

/* A tile the thread drew, into its table. */
static void
add_tile (GwMapTiles *tiles,
          GHashTable *table,
          Job        *job)
{
  Tile *tile = g_new0 (Tile, 1);

  tile->key = job->key;
  tile->world = job->world;
  tile->tx = job->tx;
  tile->ty = job->ty;
  /* Not this frame's until it is looked up: a tile of a view already
   * left may go at once. */
  tile->used = tiles->frame - 1;
  tile->surface = g_steal_pointer (&job->surface);
  tile->bytes = sizeof (Tile) + 4 * sizeof (gpointer);
  if (tile->surface != NULL)
    tile->bytes += gw_map_tiles_surface_bytes (tile->surface);
  g_hash_table_insert (table, &tile->key, tile);
}

/* The tiles the thread drew since the last frame, for this one. */
static void
take_drawn (GwMapTiles *tiles)
{
  g_autoptr(GArray) drawn = NULL;

  g_mutex_lock (&tiles->lock);
  drawn = take_drawn_locked (tiles);
  g_mutex_unlock (&tiles->lock);

  for (guint i = 0; drawn && i < drawn->len; i++)
    {
      Job *job = &g_array_index (drawn, Job, i);
      GHashTable *table = job->exact ? tiles->exact : tiles->pyramid;

      /* The exact table may have moved to another zoom since. */
      if (job->generation == tiles->generation && (!job->exact || job->world == tiles->exact_world) &&
          !g_hash_table_contains (table, &job->key))
        add_tile (tiles, table, job);
    }
}

static gboolean
same_job (const Job *a,
          const Job *b)
{
  return a->key == b->key && a->exact == b->exact && a->world == b->world &&
         a->scale == b->scale && a->generation == b->generation;
}

/* What this frame lacked becomes the thread's list, less what it draws
 * already or has drawn. */
static void
ask_for_lacking (GwMapTiles *tiles)
{
  g_mutex_lock (&tiles->lock);
  g_array_set_size (tiles->wanted, 0);
  for (guint i = 0; i < tiles->asked->len; i++)
    {
      const Job *job = &g_array_index (tiles->asked, Job, i);
      gboolean have = tiles->busy && same_job (&tiles->drawing, job);

      for (guint k = 0; k < tiles->drawn->len && !have; k++)
        have = same_job (&g_array_index (tiles->drawn, Job, k), job);
      if (!have)
        g_array_append_val (tiles->wanted, *job);
    }
  if (tiles->wanted->len > 0)
    {
      if (tiles->thread == NULL)
        tiles->thread = g_thread_new ("gw-map-tiles", draw_in_thread, tiles);
      g_cond_signal (&tiles->more);
    }
  g_mutex_unlock (&tiles->lock);
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
  take_drawn (tiles);
  g_array_set_size (tiles->asked, 0);

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
          Job job = {
            .key = tile_key (zoom, tx, ty), .world = world, .zoom = zoom, .tx = tx, .ty = ty,
            .scale = scale, .exact = resting, .generation = tiles->generation,
          };

          /* A cached level stands in, or nothing, until it is drawn. */
          g_array_append_val (tiles->asked, job);
          tiles->incomplete = TRUE;
          paint_stand_in (tiles, cr, t, near_zoom, tx * TILE / world, ty * TILE / world,
                          (tx + 1) * TILE / world, (ty + 1) * TILE / world, scale);
          continue;
        }
      paint_tile (cr, t, tile, resting, scale);
    }
  ask_for_lacking (tiles);

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
