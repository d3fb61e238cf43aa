/* gw-map-legend.c: what the colours and shapes on the map mean
 *
 * The choropleth's classes come from the grid layer and change with the
 * cases; the case symbols are fixed. Both are drawn with the same code
 * that draws the map, so the legend cannot drift from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map-legend"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-symbols.h"
#include "gw-map-legend.h"

struct _GwMapLegend
{
  GtkWidget parent_instance;
  GwGridLayer *grid_layer;
  GtkWidget *box;
  GtkWidget *fill_title;
  GtkWidget *classes;
};

G_DEFINE_FINAL_TYPE (GwMapLegend, gw_map_legend, GTK_TYPE_WIDGET)

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  const GdkRGBA *rgba = user_data;

  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  gdk_cairo_set_source_rgba (cr, rgba);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

/* @max_width_chars: wrap beyond this many characters; 0: never wrap. */
static GtkWidget *
entry_row_wrapped (GtkWidget  *icon,
                   const char *text,
                   int         max_width_chars)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (max_width_chars > 0)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), max_width_chars);
    }
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), label);
  return row;
}

static GtkWidget *
entry_row (GtkWidget  *icon,
           const char *text)
{
  return entry_row_wrapped (icon, text, 0);
}

static GtkWidget *
symbol_picture (cairo_surface_t *symbol,
                double           size)
{
  g_autoptr(GdkTexture) texture = gw_case_symbols_to_texture (symbol);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, (int) size, (int) size);
  return picture;
}

static void
rebuild_classes (GwMapLegend *self)
{
  g_autoptr(GPtrArray) legend = gw_grid_layer_get_legend (self->grid_layer);
  GwGridFill fill = gw_grid_layer_get_fill (self->grid_layer);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->classes)))
    gtk_box_remove (GTK_BOX (self->classes), child);

  {
    /* Translators: the title of the map legend's colour scale, e.g. "Grid colour: Overdue cases" */
    g_autofree char *title = g_strdup_printf (_("Grid colour: %s"), gw_grid_fill_get_label (fill));

    gtk_label_set_text (GTK_LABEL (self->fill_title), title);
  }
  gtk_widget_set_visible (self->classes, legend->len > 0);

  for (guint i = 0; i < legend->len; i++)
    {
      GwGridLegendClass *klass = g_ptr_array_index (legend, i);
      GtkWidget *swatch = gtk_drawing_area_new ();

      gtk_widget_set_size_request (swatch, 16, 12);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                      g_memdup2 (&klass->color, sizeof klass->color), g_free);
      gtk_box_append (GTK_BOX (self->classes), entry_row (swatch, klass->label));
    }
}

static void
add_symbols (GwMapLegend *self)
{
  static const struct {
    GwCaseStatus status;
    guint look;
    const char *label;
  } states[] = {
    { GW_CASE_STATUS_REPORTED, 0, N_("New") },
    { GW_CASE_STATUS_ACCEPTED, 0, N_("With the dispatcher") },
    { GW_CASE_STATUS_IN_PROGRESS, 0, N_("Being handled") },
    { GW_CASE_STATUS_HANDLED, 0, N_("Handled, to close") },
    { GW_CASE_STATUS_REPORTED, GW_CASE_LOOK_URGENT, N_("Urgent") },
    { GW_CASE_STATUS_IN_PROGRESS, GW_CASE_LOOK_DUE_SOON, N_("Due soon") },
    { GW_CASE_STATUS_IN_PROGRESS, GW_CASE_LOOK_OVERDUE, N_("Overdue") },
    { GW_CASE_STATUS_IN_PROGRESS, GW_CASE_LOOK_ESCALATED, N_("Whistled up") },
    { GW_CASE_STATUS_REPORTED, GW_CASE_LOOK_DUPLICATE, N_("Possible duplicate") },
  };
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  GtkWidget *title = gtk_label_new (_("Case symbols"));
  GtkWidget *grid = gtk_grid_new ();
  double size;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_top (title, 6);
  gtk_box_append (GTK_BOX (self->box), title);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_box_append (GTK_BOX (self->box), grid);

  /* Colours on the left, shapes on the right. */
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      cairo_surface_t *drawn = gw_case_symbols_get_symbol (GW_CASE_SYMBOL_CIRCLE, states[i].status, states[i].look, scale, &size);

      gtk_grid_attach (GTK_GRID (grid), entry_row (symbol_picture (drawn, size), _(states[i].label)), 0, i, 1, 1);
    }
  for (GwCaseSymbol symbol = 0; symbol < GW_CASE_N_SYMBOLS; symbol++)
    {
      /* Grey: the shape tells the kind of case, the colour its state. */
      cairo_surface_t *drawn = gw_case_symbols_get_symbol (symbol, GW_CASE_STATUS_FILED, GW_CASE_LOOK_NEUTRAL, scale, &size);

      gtk_grid_attach (GTK_GRID (grid), entry_row (symbol_picture (drawn, size), gw_case_symbols_get_symbol_label (symbol)),
                       1, symbol, 1, 1);
    }
  {
    cairo_surface_t *drawn = gw_case_symbols_get_cluster (25, 2, 1, scale, &size);
    GtkWidget *row = entry_row_wrapped (symbol_picture (drawn, size * 0.75),
                                        _("Many cases close together, with the urgent ones among them; click to zoom in"), 30);

    gtk_widget_set_margin_top (row, 4);
    gtk_grid_attach (GTK_GRID (grid), row, 0, G_N_ELEMENTS (states), 2, 1);
  }
}

static void
gw_map_legend_dispose (GObject *object)
{
  GwMapLegend *self = (GwMapLegend *) object;

  if (self->grid_layer)
    g_signal_handlers_disconnect_by_data (self->grid_layer, self);
  g_clear_object (&self->grid_layer);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_map_legend_parent_class)->dispose (object);
}

static void
gw_map_legend_class_init (GwMapLegendClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_map_legend_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "gw-map-legend");
}

static void
gw_map_legend_init (GwMapLegend *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->fill_title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->fill_title), 0);
  gtk_widget_add_css_class (self->fill_title, "heading");
  self->classes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_append (GTK_BOX (self->box), self->fill_title);
  gtk_box_append (GTK_BOX (self->box), self->classes);
}

GtkWidget *
gw_map_legend_new (GwGridLayer *grid_layer)
{
  GwMapLegend *self = g_object_new (GW_TYPE_MAP_LEGEND, NULL);

  self->grid_layer = g_object_ref (grid_layer);
  g_signal_connect_swapped (grid_layer, "legend-changed", G_CALLBACK (rebuild_classes), self);
  rebuild_classes (self);
  add_symbols (self);
  return GTK_WIDGET (self);
}
