/* gw-queue-text.c: one cell's text in the case queue, shaped once per string
 *
 * What GtkInscription does for the queue's cells (one line, cut with an
 * ellipsis at the end, no natural size), with one difference: a text is
 * shaped once, not once per cell each time the cell is given it. A filter
 * change gives forty rows new text, and shaping it again (fonts found,
 * HarfBuzz run, lines broken and cut) was the larger half of the frame
 * that follows; going back to a view shows the same texts again, and many
 * cells of a screen show the same category, grid, state or assignee.
 *
 * So the layouts are kept in a table shared by every cell, by text, size
 * and style: what the widget's font, language, resolution, font options
 * and direction make of a text. A layout is made on a Pango context of
 * its own that nothing changes afterwards, so a layout in the table stays
 * what its key says. Colour is not in the key: the layout keeps the text
 * nodes last drawn from it, with their colour and place, and a cell that
 * needs another colour draws them anew. (A text shadow is not compared:
 * the queue's cells have none.)
 *
 * The table holds two generations of GENERATION texts: when the newer
 * is full the older goes, and a layout found in the older moves to the
 * newer. A cell keeps the layout it draws.
 *
 * Accessibility is the inscription's: the label role, and the text as
 * the accessible label. Unlike an inscription's, the layout takes no
 * text attributes from CSS (letter spacing, font features, decoration):
 * GTK 4.8 does not give them out, and the queue's cells set none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-text"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "gw-queue-text.h"

/* A screenful is some 350 cells, of which ID and time are new to each
 * view. A text kept costs about 2 kB with its nodes (3 kB a Chinese one
 * cut short), so the table holds 4-6 MB at most. */
#define GENERATION 1000

typedef struct
{
  const char *style;    /* interned */
  int width;
  int height;
  char *text;
} Key;

typedef struct
{
  Key key;              /* first: the table's key is the entry */
  PangoLayout *layout;
  PangoRectangle logical;   /* in pixels */
  int baseline;             /* in pixels */
  gboolean ellipsized;
  GskRenderNode *node;      /* the layout drawn at x, y in color; NULL: none yet */
  GdkRGBA color;
  float x, y;
} Shaped;

struct _GwQueueText
{
  GtkWidget parent_instance;

  char *text;
  const char *style;        /* interned; NULL: to be found */
  guint serial;             /* of the widget's Pango context, when found */
  PangoLayout *model;       /* what a new layout here starts from */
  Shaped *shaped;           /* what is drawn; NULL: to be found */
};

G_DEFINE_FINAL_TYPE (GwQueueText, gw_queue_text, GTK_TYPE_WIDGET)

static GHashTable *newer, *older;

static void
shaped_clear (gpointer data)
{
  Shaped *shaped = data;

  g_free (shaped->key.text);
  g_object_unref (shaped->layout);
  g_clear_pointer (&shaped->node, gsk_render_node_unref);
}

static void
shaped_release (gpointer data)
{
  g_rc_box_release_full (data, shaped_clear);
}

static guint
key_hash (gconstpointer data)
{
  const Key *key = data;

  return g_str_hash (key->text) ^ g_direct_hash (key->style) ^ (guint) (key->width * 31 + key->height);
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const Key *ka = a, *kb = b;

  return ka->style == kb->style && ka->width == kb->width && ka->height == kb->height &&
         g_str_equal (ka->text, kb->text);
}

static GHashTable *
new_generation (void)
{
  return g_hash_table_new_full (key_hash, key_equal, NULL, shaped_release);
}

static void
keep (Shaped *shaped)
{
  if (newer == NULL)
    newer = new_generation ();
  if (g_hash_table_size (newer) >= GENERATION)
    {
      g_clear_pointer (&older, g_hash_table_unref);
      older = g_steal_pointer (&newer);
      newer = new_generation ();
    }
  g_hash_table_add (newer, g_rc_box_acquire (shaped));
}

/* A new reference to the layout kept for @key, or NULL. */
static Shaped *
find (const Key *key)
{
  Shaped *shaped = newer ? g_hash_table_lookup (newer, key) : NULL;

  if (shaped)
    return g_rc_box_acquire (shaped);
  if (older && g_hash_table_steal_extended (older, key, (gpointer *) &shaped, NULL))
    {
      keep (shaped);
      return shaped;   /* the older table's reference */
    }
  return NULL;
}

/* What shapes text in this widget besides the text and its size. */
static void
find_style (GwQueueText *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GObject) owned = G_OBJECT (gtk_widget_create_pango_context (widget));
  PangoContext *context = PANGO_CONTEXT (owned);
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  g_autofree char *font = pango_font_description_to_string (pango_context_get_font_description (context));
  g_autofree char *style = NULL;

  self->serial = pango_context_get_serial (gtk_widget_get_pango_context (widget));
  style = g_strdup_printf ("%s\n%s\n%g\n%lu\n%d\n%d\n%d\n%p\n%u", font,
                           pango_language_to_string (pango_context_get_language (context)),
                           pango_cairo_context_get_resolution (context),
                           options ? cairo_font_options_hash (options) : 0, pango_context_get_base_dir (context),
                           rtl, pango_context_get_round_glyph_positions (context),
                           pango_context_get_font_map (context),
                           pango_font_map_get_serial (pango_context_get_font_map (context)));
  if (self->style == g_intern_string (style) && self->model)
    return;
  self->style = g_intern_string (style);
  g_clear_object (&self->model);
  self->model = pango_layout_new (context);
  pango_layout_set_wrap (self->model, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (self->model, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (self->model, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  g_clear_pointer (&self->shaped, shaped_release);
}

static Shaped *
shape (GwQueueText *self,
       const Key   *key)
{
  Shaped *shaped = g_rc_box_new0 (Shaped);

  shaped->key = *key;
  shaped->key.text = g_strdup (key->text);
  shaped->layout = pango_layout_copy (self->model);
  pango_layout_set_text (shaped->layout, key->text, -1);
  pango_layout_set_width (shaped->layout, key->width * PANGO_SCALE);
  pango_layout_set_height (shaped->layout, key->height * PANGO_SCALE);
  pango_layout_get_pixel_extents (shaped->layout, NULL, &shaped->logical);
  shaped->baseline = pango_layout_get_baseline (shaped->layout) / PANGO_SCALE;
  shaped->ellipsized = pango_layout_is_ellipsized (shaped->layout);
  keep (shaped);
  return shaped;
}

static Shaped *
get_shaped (GwQueueText *self,
            int          width,
            int          height)
{
  Key key = { NULL, width, height, self->text };

  if (self->style == NULL || self->serial != pango_context_get_serial (gtk_widget_get_pango_context (GTK_WIDGET (self))))
    find_style (self);
  if (self->shaped && self->shaped->key.width == width && self->shaped->key.height == height)
    return self->shaped;
  g_clear_pointer (&self->shaped, shaped_release);
  key.style = self->style;
  self->shaped = find (&key);
  if (self->shaped == NULL)
    self->shaped = shape (self, &key);
  return self->shaped;
}

/* The layout's text nodes, drawn as GtkInscription draws them, kept
 * with the layout: making them walked the layout's runs and measured
 * every glyph again. Cells of one text with another colour (a tone) or
 * place make them anew. */
static GskRenderNode *
get_node (GtkWidget *widget,
          Shaped    *shaped,
          float      x,
          float      y)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  GdkRGBA color;

  gtk_style_context_get_color (style, &color);
  if (shaped->node && shaped->x == x && shaped->y == y && gdk_rgba_equal (&shaped->color, &color))
    return shaped->node;
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_render_layout (snapshot, style, x, y, shaped->layout);
  g_clear_pointer (&shaped->node, gsk_render_node_unref);
  shaped->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  shaped->color = color;
  shaped->x = x;
  shaped->y = y;
  return shaped->node;
}

/* Where GtkInscription puts its layout, for xalign 0 and yalign 0.5. */
static void
gw_queue_text_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwQueueText *self = GW_QUEUE_TEXT (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  int baseline = gtk_widget_get_allocated_baseline (widget);
  GskRenderNode *node;
  Shaped *shaped;
  float x = 0, y = 0;

  if (self->text == NULL || *self->text == '\0')
    return;
  shaped = get_shaped (self, width, height);
  if (width <= 0)
    x = floor ((gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? width - shaped->logical.width : 0) -
               shaped->logical.x);
  if (baseline != -1)
    y = baseline - shaped->baseline;
  else if (!shaped->ellipsized)
    y = MAX (0, floor ((height - shaped->logical.height) * 0.5f));

  node = get_node (widget, shaped, x, y);
  if (node == NULL)
    return;
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_node (snapshot, node);
  gtk_snapshot_pop (snapshot);
}

static void
gw_queue_text_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  GwQueueText *self = GW_QUEUE_TEXT (widget);

  if (self->shaped && (self->shaped->key.width != width || self->shaped->key.height != height))
    g_clear_pointer (&self->shaped, shaped_release);
}

/* GtkInscription's size with one line and three characters at least,
 * and no natural size beyond. */
static void
gw_queue_text_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  PangoFontMetrics *metrics = pango_context_get_metrics (gtk_widget_get_pango_context (widget), NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                            pango_font_metrics_get_approximate_digit_width (metrics));

      *minimum = *natural = PANGO_PIXELS_CEIL (3 * char_width);
    }
  else
    {
      int ascent = pango_font_metrics_get_ascent (metrics);

      *minimum = *natural = PANGO_PIXELS_CEIL (ascent + pango_font_metrics_get_descent (metrics));
      if (ascent > 0)
        *minimum_baseline = *natural_baseline = PANGO_PIXELS_CEIL (ascent);
      else
        *minimum_baseline = *natural_baseline = 0;
    }
  pango_font_metrics_unref (metrics);
}

/* The font, the text attributes or the direction may have changed. */
static void
gw_queue_text_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (gw_queue_text_parent_class)->css_changed (widget, change);
  GW_QUEUE_TEXT (widget)->style = NULL;
}

static void
gw_queue_text_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (gw_queue_text_parent_class)->direction_changed (widget, previous);
  GW_QUEUE_TEXT (widget)->style = NULL;
  gtk_widget_queue_draw (widget);
}

static void
gw_queue_text_finalize (GObject *object)
{
  GwQueueText *self = GW_QUEUE_TEXT (object);

  g_clear_pointer (&self->shaped, shaped_release);
  g_clear_object (&self->model);
  g_free (self->text);

  G_OBJECT_CLASS (gw_queue_text_parent_class)->finalize (object);
}

static void
gw_queue_text_class_init (GwQueueTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gw_queue_text_finalize;
  widget_class->snapshot = gw_queue_text_snapshot;
  widget_class->size_allocate = gw_queue_text_size_allocate;
  widget_class->measure = gw_queue_text_measure;
  widget_class->css_changed = gw_queue_text_css_changed;
  widget_class->direction_changed = gw_queue_text_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
gw_queue_text_init (GwQueueText *self)
{
}

GtkWidget *
gw_queue_text_new (void)
{
  return g_object_new (GW_TYPE_QUEUE_TEXT, NULL);
}

void
gw_queue_text_set_text (GwQueueText *self,
                        const char  *text)
{
  g_return_if_fail (GW_IS_QUEUE_TEXT (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->shaped, shaped_release);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

const char *
gw_queue_text_get_text (GwQueueText *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_TEXT (self), NULL);
  return self->text;
}

/* The layout drawn now, shared with the cells that show the same text
 * the same way; NULL before the first frame. */
PangoLayout *
gw_queue_text_get_layout (GwQueueText *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_TEXT (self), NULL);
  return self->shaped ? self->shaped->layout : NULL;
}
