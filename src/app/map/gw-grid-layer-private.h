/* gw-grid-layer-private.h: what the grid layer's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-class-breaks.h"
#include "gw-grid-layer.h"
#include "gw-grid-shape.h"
#include "gw-map-tiles.h"

G_BEGIN_DECLS

/* Towns are told apart by this many hues. */
#define GW_GRID_N_TOWN_COLORS 10

typedef struct
{
  GwGrid *grid;
  GwGridLevel level;
  guint town_color;
  gboolean is_leaf;         /* no child grid in the set: it gets the fill */
  GwGridShape *shape;
  double min_x, min_y, max_x, max_y;
  double label_x, label_y;  /* Mercator; found when first in view */
  gboolean have_label_point;
  cairo_surface_t *label;
  guint64 label_used;       /* the labels pass that last placed it */
  double value;
  int klass;                /* -1: no value (zero), else a class of the breaks */
  guint workers;
} Entry;

struct _GwGridLayer
{
  ShumateLayer parent_instance;
  GArray *entries;          /* of Entry, sorted by level then code */
  GHashTable *by_code;      /* code -> index + 1 */
  gboolean have_bounds;
  GwBounds bounds;
  char *selected;
  GwGrid *hovered;

  int min_label_size;       /* px; a wall screen's names are large */
  GArray *keepout;          /* of graphene_rect_t: overlays names avoid */
  GArray *placed;           /* of graphene_rect_t: the names last drawn */
  guint64 labels_pass;      /* counts paint_labels calls */
  gsize label_bytes;        /* the pixels of every entry's label */
  gsize max_label_bytes;    /* beyond those in view */

  GwGridFill fill;
  GwClassBreaks breaks;
  gboolean breaks_valid;
  GwCasePoints *points;
  GPtrArray *counted;       /* the GwCase counted at each position */
  GArray *counted_entry;    /* its entry index + 1, or 0 */
  guint recount_id;
  guint redraw_id;

  GwMapTiles *tiles;
  guint scene_serial;       /* counts changes to what the tiles show */
  guint scene_given;        /* the change the tiles' scene has */
  GdkRGBA tile_fg;
  int tile_scale;

  GwCaseLayer *guest;       /* weak */
};

static inline Entry *
gw_grid_layer_lookup_entry (GwGridLayer *self,
                            const char  *code)
{
  guint index = code && self->by_code ? GPOINTER_TO_UINT (g_hash_table_lookup (self->by_code, code)) : 0;

  return index ? &g_array_index (self->entries, Entry, index - 1) : NULL;
}

/* gw-grid-layer-measure.c */
void gw_grid_layer_entry_rgba (GwGridLayer *self,
                               const Entry *e,
                               GdkRGBA     *rgba);
void gw_grid_layer_recount    (GwGridLayer *self);

G_END_DECLS
