/* gw-map-view-workers.c: the map's grid workers, and the cards shown at a symbol
 *
 * The workers layer lies under the cases (a case is what a dispatcher
 * came for; a worker hidden under one shows on zooming in) and is
 * switched like the targets, with its own legend.
 * A card — a case's or a worker's, made by whoever knows what to put in
 * it — is a popover pointing at the symbol; one at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map-view"

#include "config.h"

#include "gw-map-view-private.h"

void
gw_map_view_setup_workers (GwMapView *self)
{
  self->worker_layer = gw_worker_layer_new (shumate_map_get_viewport (self->map));
  gtk_widget_set_visible (GTK_WIDGET (self->worker_layer), FALSE);
  shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->worker_layer), SHUMATE_LAYER (self->case_layer));
  self->worker_legend = gw_worker_legend_new ();
  gtk_widget_set_margin_top (self->worker_legend, 6);
  gtk_widget_set_visible (self->worker_legend, FALSE);
  gtk_box_append (self->legend_box, self->worker_legend);
}

GwWorkerLayer *
gw_map_view_get_worker_layer (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->worker_layer;
}

static void
on_card_closed (GtkPopover *card)
{
  gtk_widget_unparent (GTK_WIDGET (card));
}

/* Shows @card (floating, taken) pointing at @lat, @lon, in place of the
 * card shown before. */
void
gw_map_view_show_card (GwMapView  *self,
                       GtkPopover *card,
                       double      lat,
                       double      lon)
{
  double x, y;

  g_return_if_fail (GW_IS_MAP_VIEW (self));
  g_return_if_fail (GTK_IS_POPOVER (card));

  gw_map_view_close_card (self);
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (self->map), GTK_WIDGET (self->map),
                                              lat, lon, &x, &y);
  gtk_widget_set_parent (GTK_WIDGET (card), GTK_WIDGET (self));
  gtk_popover_set_pointing_to (card, &(GdkRectangle) { (int) x - 6, (int) y - 6, 12, 12 });
  g_signal_connect (card, "closed", G_CALLBACK (on_card_closed), NULL);
  g_set_weak_pointer (&self->card, GTK_WIDGET (card));
  gtk_popover_popup (card);
}

/* The card shown, or NULL. */
GtkPopover *
gw_map_view_get_card (GwMapView *self)
{
  g_return_val_if_fail (GW_IS_MAP_VIEW (self), NULL);
  return self->card ? GTK_POPOVER (self->card) : NULL;
}

void
gw_map_view_close_card (GwMapView *self)
{
  g_return_if_fail (GW_IS_MAP_VIEW (self));

  if (self->card)
    {
      /* Held: "closed", on the way down, unparents it. */
      g_autoptr(GtkWidget) card = g_object_ref (self->card);

      g_clear_weak_pointer (&self->card);
      gtk_popover_popdown (GTK_POPOVER (card));
    }
}
