/* gw-grid-labels.c: grid names as the map draws them
 *
 * A name is drawn once into an image surface, with a halo in the background
 * colour so it reads over any fill, and placed as often as the view asks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-grid-labels.h"

cairo_surface_t *
gw_grid_label_render (GtkWidget     *widget,
                      const char    *name,
                      int            size,
                      gboolean       bold,
                      const GdkRGBA *fg,
                      const GdkRGBA *bg)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, name);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  int scale = gtk_widget_get_scale_factor (widget);
  cairo_surface_t *surface;
  cairo_t *cr;
  int w, h;

  pango_attr_list_insert (attrs, pango_attr_size_new_absolute (size * PANGO_SCALE));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_get_pixel_size (layout, &w, &h);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (w + 6) * scale, (h + 6) * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_move_to (cr, 3, 3);
  pango_cairo_layout_path (cr, layout);
  gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { bg->red, bg->green, bg->blue, 0.85 });
  cairo_set_line_width (cr, 3.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, 3, 3);
  gdk_cairo_set_source_rgba (cr, fg);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* Painted at the widget's own scale: one device pixel per pixel. */
  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

/* Close to what Pango will measure, without a layout: Chinese characters
 * are about as wide as the font is high, Latin letters and digits about
 * six tenths of it. Used to skip names that cannot fit before making them. */
double
gw_grid_label_estimate_width (const char *name,
                              int         size)
{
  double width = 0;

  for (const char *p = name; p && *p; p = g_utf8_next_char (p))
    width += (guchar) *p < 0x80 ? 0.55 * size : 1.0 * size;
  return width;
}
