/* gw-case-symbols.c: how a case looks, on the map, in the list and in the legend
 *
 * Every symbol and cluster bubble is drawn once into a small texture and
 * then placed as often as needed: tens of thousands of cairo arcs per
 * frame cost more than a few hundred small texture nodes, and unlike one
 * window-sized cairo node they cost the renderer only the pixels they
 * cover. The textures live in a process-wide cache keyed by everything
 * that changes their pixels; the cache may be emptied, so holders take a
 * reference.
 *
 * Overdue and urgent must be seen from across the room and must not
 * flicker, so they are carried by size, a saturated red and a thick ring,
 * never by blinking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-symbols"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gw-case-symbols.h"
#include "gw-map-tiles.h"

#define BASE_RADIUS 5.5
#define URGENT_RADIUS 8.0
#define RING_WIDTH 3.0
/* Bounded in bytes: cluster counts change with every case that arrives,
 * and on a wall a cluster's picture is some 25 kB, so a bound of 4096
 * pictures let a wall grow by 100 MB before anything was dropped. In each
 * of two generations: a county's view at 1080p shows some 350 clusters
 * of 15 kB, and a single bound of 4 MB, emptied whole when full, was
 * emptied in every frame, so every bubble and its count were drawn again
 * (more than half the map's snapshot at 100,000 cases). */
#define MAX_GENERATION_BYTES (6 * 1024 * 1024)
/* And in time: counts change as cases come, so on a wall running for
 * days the generations filled with pictures of counts long gone, a
 * quarter of a megabyte a minute up to the bound. A picture not asked
 * for in one to two minutes is drawn again if it is needed (some 50 µs). */
#define GENERATION_US (60 * G_USEC_PER_SEC)

static const GdkRGBA urgent_red = { 0.878, 0.106, 0.141, 1 };
static const GdkRGBA selected_ring = { 0.208, 0.518, 0.894, 1 };

void
gw_case_symbols_get_rgba (GwCaseStatus  status,
                          gboolean      urgent,
                          GdkRGBA      *rgba)
{
  if (urgent && gw_case_status_is_running (status))
    *rgba = urgent_red;
  else
    switch (gw_case_stage_of (status))
      {
      case GW_CASE_STAGE_NEW:
        *rgba = (GdkRGBA) { 0.110, 0.443, 0.847, 1 };   /* blue: new */
        break;
      case GW_CASE_STAGE_DISPATCH:
        *rgba = (GdkRGBA) { 0.569, 0.255, 0.675, 1 };   /* purple: with the dispatcher */
        break;
      case GW_CASE_STAGE_HANDLING:
        *rgba = (GdkRGBA) { 0.902, 0.380, 0.000, 1 };   /* orange: being handled */
        break;
      case GW_CASE_STAGE_HANDLED:
        *rgba = (GdkRGBA) { 0.180, 0.761, 0.494, 1 };   /* green: done, to close */
        break;
      case GW_CASE_STAGE_HELD:
      case GW_CASE_STAGE_CLOSED:
      default:
        *rgba = (GdkRGBA) { 0.467, 0.463, 0.482, 1 };   /* grey */
        break;
      }
}

const char *
gw_case_symbols_get_symbol_label (GwCaseSymbol symbol)
{
  switch (symbol)
    {
    case GW_CASE_SYMBOL_SQUARE: return _("Components");
    case GW_CASE_SYMBOL_DIAMOND: return _("Street order and advertising");
    case GW_CASE_SYMBOL_TRIANGLE: return _("Construction");
    case GW_CASE_SYMBOL_STAR: return _("Emergencies");
    case GW_CASE_SYMBOL_CIRCLE:
    default: return _("Environment and other events");
    }
}

void
gw_case_symbols_draw_shape (cairo_t      *cr,
                            GwCaseSymbol  symbol,
                            double        cx,
                            double        cy,
                            double        r)
{
  switch (symbol)
    {
    case GW_CASE_SYMBOL_SQUARE:
      /* Same visual weight as the circle: a slightly smaller side. */
      cairo_rectangle (cr, cx - r * 0.88, cy - r * 0.88, r * 1.76, r * 1.76);
      break;
    case GW_CASE_SYMBOL_DIAMOND:
      cairo_move_to (cr, cx, cy - r * 1.15);
      cairo_line_to (cr, cx + r * 1.15, cy);
      cairo_line_to (cr, cx, cy + r * 1.15);
      cairo_line_to (cr, cx - r * 1.15, cy);
      cairo_close_path (cr);
      break;
    case GW_CASE_SYMBOL_TRIANGLE:
      cairo_move_to (cr, cx, cy - r * 1.2);
      cairo_line_to (cr, cx + r * 1.1, cy + r * 0.8);
      cairo_line_to (cr, cx - r * 1.1, cy + r * 0.8);
      cairo_close_path (cr);
      break;
    case GW_CASE_SYMBOL_STAR:
      for (int i = 0; i < 10; i++)
        {
          double a = -G_PI / 2 + i * G_PI / 5;
          double rr = i % 2 ? r * 0.55 : r * 1.3;

          if (i == 0)
            cairo_move_to (cr, cx + rr * cos (a), cy + rr * sin (a));
          else
            cairo_line_to (cr, cx + rr * cos (a), cy + rr * sin (a));
        }
      cairo_close_path (cr);
      break;
    case GW_CASE_SYMBOL_CIRCLE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
      break;
    }
}

/* What was drawn or used since the last turn, and before it: a turn
 * drops only what the frames since the one before have not asked for. */
static GHashTable *current, *previous;
static gsize current_bytes, previous_bytes;
static gint64 current_since;
static GTimeSpan generation_time = GENERATION_US;

static void
cache_insert (char            *key,
              cairo_surface_t *surface)
{
  gint64 now = g_get_monotonic_time ();

  if (current == NULL || current_bytes + gw_map_tiles_surface_bytes (surface) > MAX_GENERATION_BYTES ||
      now - current_since > generation_time)
    {
      g_clear_pointer (&previous, g_hash_table_unref);
      previous = current;
      previous_bytes = current_bytes;
      current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cairo_surface_destroy);
      current_bytes = 0;
      current_since = now;
    }
  current_bytes += gw_map_tiles_surface_bytes (surface);
  g_hash_table_insert (current, key, surface);
}

GdkTexture *
gw_case_symbols_to_texture (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), gw_map_tiles_surface_bytes (surface));
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), cairo_image_surface_get_height (surface),
                                 GDK_MEMORY_DEFAULT, bytes, cairo_image_surface_get_stride (surface));
}

/* The picture kept under @key, moved to the newer generation; NULL. */
static cairo_surface_t *
cache_lookup (const char *key)
{
  cairo_surface_t *surface = current ? g_hash_table_lookup (current, key) : NULL;
  char *stolen_key;

  if (surface != NULL)
    return surface;
  if (previous && g_hash_table_steal_extended (previous, key, (gpointer *) &stolen_key, (gpointer *) &surface))
    {
      previous_bytes -= gw_map_tiles_surface_bytes (surface);
      cache_insert (stolen_key, surface);
      return surface;
    }
  return NULL;
}

static cairo_surface_t *
cache_draw (const char *key,
            double      size,
            double      scale,
            void      (*draw) (cairo_t *cr, double size, gconstpointer data),
            gconstpointer data)
{
  int pixels = (int) ceil (size * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixels, pixels);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  draw (cr, size, data);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  cache_insert (g_strdup (key), surface);
  return surface;
}

static cairo_surface_t *
cache_lookup_or_draw (const char *key,
                      double      size,
                      double      scale,
                      void      (*draw) (cairo_t *cr, double size, gconstpointer data),
                      gconstpointer data)
{
  cairo_surface_t *surface = cache_lookup (key);

  return surface != NULL ? surface : cache_draw (key, size, scale, draw, data);
}

typedef struct
{
  GwCaseSymbol symbol;
  GdkRGBA fill;
  double radius;
  guint look;
} SymbolLook;

static void
draw_symbol (cairo_t       *cr,
             double         size,
             gconstpointer  data)
{
  const SymbolLook *s = data;
  double c = size / 2;

  if (s->look & GW_CASE_LOOK_SELECTED)
    {
      cairo_arc (cr, c, c, s->radius + 7.5, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &selected_ring);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
    }
  if ((s->look & GW_CASE_LOOK_DUE_SOON) && !(s->look & GW_CASE_LOOK_OVERDUE))
    {
      cairo_arc (cr, c, c, s->radius + 3, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0.898, 0.647, 0.039, 1);
      cairo_set_line_width (cr, 2.2);
      cairo_stroke (cr);
    }
  if (s->look & GW_CASE_LOOK_OVERDUE)
    {
      cairo_arc (cr, c, c, s->radius + 3.5, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &urgent_red);
      cairo_set_line_width (cr, RING_WIDTH);
      cairo_stroke (cr);
    }

  /* A dark hairline outside a white one keeps the symbol readable on
   * light and dark basemaps alike. */
  gw_case_symbols_draw_shape (cr, s->symbol, c, c, s->radius);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_set_line_width (cr, 3.2);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 1);
  cairo_set_line_width (cr, 1.6);
  cairo_stroke_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &s->fill);
  cairo_fill (cr);

  /* Possible duplicates: two small overlapping squares at the lower
   * left, as "copy" is drawn everywhere; dark on white, in any state. */
  if (s->look & GW_CASE_LOOK_DUPLICATE)
    {
      double side = s->radius * 0.6, x = c - s->radius * 1.1, y = c + s->radius * 0.2;

      for (int k = 1; k >= 0; k--)
        {
          cairo_rectangle (cr, x + k * side * 0.45, y + k * side * 0.45, side, side);
          cairo_set_source_rgba (cr, 1, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, 0.24, 0.22, 0.27, 1);   /* GNOME dark 3 */
          cairo_set_line_width (cr, 1.3);
          cairo_stroke (cr);
        }
    }

  /* Escalated: a violet pennant on a staff above the symbol's right
   * shoulder, a shape no state colour uses, so it reads without colour. */
  if (s->look & GW_CASE_LOOK_ESCALATED)
    {
      double x = c + s->radius * 0.55, top = c - s->radius * 1.25;

      cairo_move_to (cr, x, c - s->radius * 0.2);
      cairo_line_to (cr, x, top);
      cairo_line_to (cr, x + s->radius * 0.95, top + s->radius * 0.3);
      cairo_line_to (cr, x, top + s->radius * 0.6);
      cairo_close_path (cr);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_source_rgba (cr, 1, 1, 1, 1);
      cairo_set_line_width (cr, 2.4);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgba (cr, 0.569, 0.255, 0.675, 1);   /* GNOME purple 3 */
      cairo_fill (cr);
    }
}

/* The shape's own width, without rings and flags: what the eye reads. */
double
gw_case_symbols_get_symbol_diameter (guint look)
{
  return 2 * (look & GW_CASE_LOOK_URGENT ? URGENT_RADIUS : BASE_RADIUS);
}

cairo_surface_t *
gw_case_symbols_get_symbol (GwCaseSymbol  symbol,
                            GwCaseStatus  status,
                            guint         look,
                            double        scale,
                            double       *size)
{
  SymbolLook s = { symbol, { 0 }, look & GW_CASE_LOOK_URGENT ? URGENT_RADIUS : BASE_RADIUS, look };
  char key[64];

  gw_case_symbols_get_rgba (status, (look & GW_CASE_LOOK_URGENT) != 0, &s.fill);
  if (look & GW_CASE_LOOK_NEUTRAL)
    s.fill = (GdkRGBA) { 0.55, 0.55, 0.55, 1 };
  /* As tight as the look allows: every pixel is composited every frame. */
  *size = 2 * ceil (s.radius * (look & GW_CASE_LOOK_ESCALATED ? 1.7 : 1.3) + 2 +
                    (look & GW_CASE_LOOK_SELECTED ? 8 : look & (GW_CASE_LOOK_OVERDUE | GW_CASE_LOOK_DUE_SOON) ? 4 : 0));
  g_snprintf (key, sizeof key, "s%d-%d-%u-%.3f", symbol, (int) status, look, scale);
  return cache_lookup_or_draw (key, *size, scale, draw_symbol, &s);
}

typedef struct
{
  guint count;
  double radius;
  gboolean urgent;
  gboolean overdue;
  guint n_urgent;
  cairo_surface_t *bubble;    /* draw_bubble()'s picture, as large */
  cairo_surface_t *badge;     /* draw_badge()'s, when urgent */
  double scale;               /* device pixels per pixel */
} ClusterLook;

/* ---- counts ---- */

/* A count is drawn from pictures of its digits, made once for each size
 * and scale: laying out and rendering each new count's text with Pango
 * was two fifths of drawing a cluster's picture (perf, bench map), and a
 * zoom across a whole level draws some 270 new pictures at 1080p, in one
 * frame. Digits keep their hinted advances, as Pango places them, and
 * each lands on a whole device pixel, as cairo places glyphs. */
#define DIGIT_PAD 2
static const char digit_chars[] = "0123456789k";
#define N_DIGIT_CHARS (sizeof digit_chars - 1)

typedef struct
{
  double size;
  double scale;
  double height;                          /* of the line */
  double advance[N_DIGIT_CHARS];
  cairo_surface_t *mask[N_DIGIT_CHARS];   /* A8: the glyph, its origin at (DIGIT_PAD, DIGIT_PAD) */
} Digits;

/* Never let go: a few sizes, a few kilobytes each. */
static GPtrArray *digit_sets;

static Digits *
digits_for (double size,
            double scale)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans Bold");
  g_autoptr(PangoLayout) layout = NULL;
  cairo_surface_t *scratch;
  cairo_t *cr;
  Digits *d;
  int width, height;

  for (guint i = 0; digit_sets && i < digit_sets->len; i++)
    {
      d = g_ptr_array_index (digit_sets, i);
      if (d->size == size && d->scale == scale)
        return d;
    }

  d = g_new0 (Digits, 1);
  d->size = size;
  d->scale = scale;
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  /* Measured as drawn: hinting happens in device pixels. */
  scratch = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (scratch);
  cairo_scale (cr, scale, scale);
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, digit_chars, -1);
  pango_layout_get_size (layout, &width, &height);
  d->height = height / (double) PANGO_SCALE;
  for (guint i = 0; i < N_DIGIT_CHARS; i++)
    {
      PangoRectangle pos;

      pango_layout_index_to_pos (layout, i, &pos);
      d->advance[i] = pos.width / (double) PANGO_SCALE;
    }
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);

  for (guint i = 0; i < N_DIGIT_CHARS; i++)
    {
      d->mask[i] = cairo_image_surface_create (CAIRO_FORMAT_A8, (int) ceil ((d->advance[i] + 2 * DIGIT_PAD) * scale),
                                               (int) ceil ((d->height + 2 * DIGIT_PAD) * scale));
      cairo_surface_set_device_scale (d->mask[i], scale, scale);
      cr = cairo_create (d->mask[i]);
      pango_cairo_update_layout (cr, layout);
      pango_layout_set_text (layout, &digit_chars[i], 1);
      cairo_move_to (cr, DIGIT_PAD, DIGIT_PAD);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      cairo_surface_flush (d->mask[i]);
    }

  if (digit_sets == NULL)
    digit_sets = g_ptr_array_new ();
  g_ptr_array_add (digit_sets, d);
  return d;
}

/* @text, of digit_chars only, in white, centred on (@cx, @cy) of @cr,
 * which is scaled by @scale. */
static void
draw_count (cairo_t    *cr,
            const char *text,
            double      cx,
            double      cy,
            double      size,
            double      scale)
{
  Digits *d = digits_for (size, scale);
  double width = 0, x, y;

  for (const char *c = text; *c; c++)
    width += d->advance[strchr (digit_chars, *c) - digit_chars];
  x = cx - width / 2;
  y = round ((cy - d->height / 2 - DIGIT_PAD) * scale) / scale;
  cairo_set_source_rgba (cr, 1, 1, 1, 1);
  for (const char *c = text; *c; c++)
    {
      guint i = strchr (digit_chars, *c) - digit_chars;

      cairo_mask_surface (cr, d->mask[i], round ((x - DIGIT_PAD) * scale) / scale, y);
      x += d->advance[i];
    }
}

/* A circle's stroke, filled as the ring it is: cairo's stroker took
 * three fifths of drawing a cluster's picture, and a view at 4K draws
 * hundreds of new ones as it zooms. */
static void
fill_ring (cairo_t *cr,
           double   cx,
           double   cy,
           double   radius,
           double   width)
{
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, radius + width / 2, 0, 2 * G_PI);
  cairo_new_sub_path (cr);
  cairo_arc_negative (cr, cx, cy, radius - width / 2, 2 * G_PI, 0);
  cairo_fill (cr);
}

/* The bubble without its count: its halo, its edge and the overdue ring.
 * Clusters of many counts share a radius, so bubbles are drawn once per
 * radius and copied under each count; their fills were nine tenths of
 * drawing a cluster's picture. */
static void
draw_bubble (cairo_t       *cr,
             double         size,
             gconstpointer  data)
{
  const ClusterLook *k = data;
  double c = size / 2;

  /* A halo says "many"; the bubble stays one calm colour so that the red
   * of urgent and overdue stands out wherever it is. */
  cairo_arc (cr, c, c, k->radius + 4, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.30);
  cairo_fill (cr);

  cairo_arc (cr, c, c, k->radius, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0.106, 0.275, 0.549, 1);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 1);
  fill_ring (cr, c, c, k->radius, 1.5);

  if (k->overdue)
    {
      gdk_cairo_set_source_rgba (cr, &urgent_red);
      fill_ring (cr, c, c, k->radius + 2.5, RING_WIDTH);
    }
}

/* The red badge of a cluster with urgent cases, and their number. */
#define BADGE_SIZE 20.0

static void
draw_badge (cairo_t       *cr,
            double         size,
            gconstpointer  data)
{
  const ClusterLook *k = data;
  double c = size / 2;
  char urgent[8];

  g_snprintf (urgent, sizeof urgent, "%u", MIN (k->n_urgent, 99));
  cairo_arc (cr, c, c, 8, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &urgent_red);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 1);
  fill_ring (cr, c, c, 8, 1.5);
  draw_count (cr, urgent, c, c, 9.5, k->scale);
}

static void
draw_cluster (cairo_t       *cr,
              double         size,
              gconstpointer  data)
{
  const ClusterLook *k = data;
  double c = size / 2, scale = k->scale;
  char text[16];

  /* The picture is new and clear: the bubble is copied, pixel for pixel. */
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, k->bubble, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);

  if (k->count >= 10000)
    g_snprintf (text, sizeof text, "%uk", k->count / 1000);
  else
    g_snprintf (text, sizeof text, "%u", k->count);
  draw_count (cr, text, c, c, k->count >= 1000 ? 11 : 12.5, scale);

  /* Urgent cases inside: the red badge with their number, on whole
   * device pixels so that it is copied, not resampled. */
  if (k->badge)
    {
      double bx = round ((c + k->radius * 0.75 - BADGE_SIZE / 2) * scale);
      double by = round ((c - k->radius * 0.75 - BADGE_SIZE / 2) * scale);

      cairo_save (cr);
      cairo_identity_matrix (cr);
      cairo_set_source_surface (cr, k->badge, bx, by);
      cairo_paint (cr);
      cairo_restore (cr);
    }
}

static double
cluster_radius (guint count)
{
  /* Grows with the order of magnitude, so a thousand is not a hundred
   * times a ten. */
  return MIN (13 + 5.5 * log10 (MAX (count, 1)), 34);
}

/* The bubble's width, without its halo. */
double
gw_case_symbols_get_cluster_diameter (guint count)
{
  return 2 * cluster_radius (count);
}

cairo_surface_t *
gw_case_symbols_get_cluster (guint  count,
                             guint  n_urgent,
                             guint  n_overdue,
                             double scale,
                             double *size)
{
  /* In quarter pixels: no eye tells them apart, and they share bubbles. */
  ClusterLook k = { count, round (cluster_radius (count) * 4) / 4, n_urgent > 0, n_overdue > 0, MIN (n_urgent, 99),
                    .scale = scale };
  cairo_surface_t *picture;
  char key[64], bubble_key[64];

  /* The badge sits on the halo, inside this square. */
  *size = 2 * ceil (k.radius + 5);
  g_snprintf (key, sizeof key, "c%u-%u-%d-%.3f", count, k.n_urgent, k.overdue, scale);
  if ((picture = cache_lookup (key)))
    return picture;
  /* Held: drawing the picture may turn the cache's generations. */
  g_snprintf (bubble_key, sizeof bubble_key, "b%.2f-%d-%.3f", k.radius, k.overdue, scale);
  k.bubble = cairo_surface_reference (cache_lookup_or_draw (bubble_key, *size, scale, draw_bubble, &k));
  if (k.urgent)
    {
      char badge_key[64];

      g_snprintf (badge_key, sizeof badge_key, "u%u-%.3f", k.n_urgent, scale);
      k.badge = cairo_surface_reference (cache_lookup_or_draw (badge_key, BADGE_SIZE, scale, draw_badge, &k));
    }
  picture = cache_draw (key, *size, scale, draw_cluster, &k);
  cairo_surface_destroy (k.bubble);
  g_clear_pointer (&k.badge, cairo_surface_destroy);
  return picture;
}

/* How long a generation lasts before the next picture drawn begins
 * another; 0: the default. For the tests that age the cache. */
void
gw_case_symbols_set_generation_time (GTimeSpan span)
{
  generation_time = span > 0 ? span : GENERATION_US;
}

/* Every picture let go: a wall at the end of its round draws the next
 * one's in a few frames, and between rounds it keeps none of those the
 * live counts have left behind. */
void
gw_case_symbols_forget (void)
{
  g_clear_pointer (&previous, g_hash_table_unref);
  g_clear_pointer (&current, g_hash_table_unref);
  previous_bytes = current_bytes = 0;
}

/* The pixels kept, for the wall's account of its memory. */
gsize
gw_case_symbols_get_cached_bytes (void)
{
  return current_bytes + previous_bytes;
}
