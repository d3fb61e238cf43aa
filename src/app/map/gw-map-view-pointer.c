/* gw-map-view-pointer.c: what the pointer does on the map
 *
 * Clicks are answered from what the layers drew: a target, a case or a
 * worker is activated, a cluster is zoomed into, else the grid beneath is
 * selected. Shift and drag selects the cases in a rectangle; hovering
 * lights a grid; the tooltip names whatever the pointer rests on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-map-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gw-map-view-private.h"

static void
zoom_into_cluster (GwMapView            *self,
                   const GwCaseLayerHit *hit)
{
  /* Cases at one spot never split: go no deeper than where every case
   * is drawn on its own. */
  gw_map_view_fit_mercator (self, hit->min_x, hit->min_y, hit->max_x, hit->max_y,
                GW_CASE_LAYER_CLUSTER_MAX_ZOOM + 0.5, TRUE);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GwMapView       *self)
{
  GwCaseLayerHit hit;
  GwGrid *grid;
  int target, worker;

  if (n_press != 1)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  /* Shown on purpose, targets come before the cases beneath them. */
  if ((target = gw_target_layer_pick (self->target_layer, x, y)) >= 0)
    {
      gw_target_layer_select (self->target_layer, target);
      g_signal_emit_by_name (self, "target-activated", (guint) target);
      return;
    }
  if (gw_case_layer_pick (self->case_layer, x, y, &hit))
    {
      if (hit.count > 1)
        zoom_into_cluster (self, &hit);
      else
        {
          GwCase *kase = gw_case_model_get (gw_case_points_get_model (self->points), hit.position);

          gw_case_layer_set_selection (self->case_layer, &hit.position, 1);
          g_signal_emit_by_name (self, "selection-changed");
          g_signal_emit_by_name (self, "case-activated", gw_case_get_id (kase));
        }
      return;
    }

  /* Workers lie under the cases: one is picked where no case is. */
  if ((worker = gw_worker_layer_pick (self->worker_layer, x, y)) >= 0)
    {
      gw_worker_layer_select (self->worker_layer, worker);
      g_signal_emit_by_name (self, "worker-activated",
                     gw_worker_layer_get_worker (self->worker_layer, worker, NULL, NULL, NULL));
      return;
    }

  grid = gw_grid_layer_get_grid_at (self->grid_layer, x, y);
  if (grid != NULL)
    {
      gw_grid_layer_set_selected (self->grid_layer, gw_grid_get_code (grid));
      g_signal_emit_by_name (self, "grid-activated", grid);
    }
}

static void
on_band_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               GwMapView      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* Only Shift-drag selects; a plain drag is the map's to pan. */
  self->banding = (state & GDK_SHIFT_MASK) != 0;
  if (!self->banding)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->band_x = x;
  self->band_y = y;
}

static graphene_rect_t
band_rect (GwMapView *self,
           double     dx,
           double     dy)
{
  return GRAPHENE_RECT_INIT (MIN (self->band_x, self->band_x + dx), MIN (self->band_y, self->band_y + dy),
                             fabs (dx), fabs (dy));
}

static void
on_band_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                GwMapView      *self)
{
  graphene_rect_t rect = band_rect (self, dx, dy);

  if (self->banding)
    gw_case_layer_set_band (self->case_layer, &rect);
}

static void
on_band_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             GwMapView      *self)
{
  graphene_rect_t rect = band_rect (self, dx, dy);

  /* A denied drag ends too, after every plain click: it selects nothing,
   * and must not empty the selection the click is about to use. */
  if (!self->banding)
    return;
  self->banding = FALSE;
  gw_case_layer_set_band (self->case_layer, NULL);
  gw_case_layer_select_in_rect (self->case_layer, &rect);
  g_signal_emit_by_name (self, "selection-changed");
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           GwMapView                *self)
{
  gw_grid_layer_set_hovered (self->grid_layer, gw_grid_layer_get_grid_at (self->grid_layer, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          GwMapView                *self)
{
  gw_grid_layer_set_hovered (self->grid_layer, NULL);
}

static const char *
level_label (GwGridLevel level)
{
  switch (level)
    {
    case GW_GRID_LEVEL_COUNTY: return _("County");
    case GW_GRID_LEVEL_TOWN: return _("Town or street");
    case GW_GRID_LEVEL_AREA: return _("Management area");
    case GW_GRID_LEVEL_COMMUNITY: return _("Community or village");
    case GW_GRID_LEVEL_GRID: return _("Unit grid");
    default: return "";
    }
}

/* Where a grid lies, nearest first and without the county: its
 * community, management areas and town, as many as the data has. */
static char *
ancestry_text (GwMapView *self,
               GwGrid    *grid)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GwGrid *up = grid;

  for (guint depth = 0; depth <= 2 * GW_GRID_N_LEVELS; depth++)
    {
      const char *parent = gw_grid_get_parent_code (up);

      if (!parent || !(up = gw_grid_layer_lookup (self->grid_layer, parent)) ||
          gw_grid_get_level (up) == GW_GRID_LEVEL_COUNTY)
        break;
      g_string_append_printf (text, "%s%s", text->len ? " › " : "", gw_grid_get_name (up));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  GwMapView  *self)
{
  GwGrid *grid;
  GwCaseLayerHit hit;
  g_autofree char *markup = NULL;
  g_autofree char *ancestry = NULL;
  int target;

  /* A card says more than a tooltip, and one would lie over it. */
  if (self->card)
    return FALSE;
  if ((target = gw_target_layer_pick (self->target_layer, x, y)) >= 0)
    {
      guint n;
      const GwInspectionTarget *t = &gw_inspection_data_get_targets (gw_target_layer_get_data (self->target_layer), &n)[target];

      markup = g_markup_printf_escaped ("<b>%s</b>\n%s · %s\n%s\n%s", t->name, gw_risk_label (t->risk), t->address ? t->address : "",
                                        gw_target_status_label (gw_target_layer_get_status (self->target_layer, target)),
                                        _("Click for its visit"));
      gtk_tooltip_set_markup (tooltip, markup);
      return TRUE;
    }

  if (gw_case_layer_pick (self->case_layer, x, y, &hit))
    {
      if (hit.count == 1)
        {
          GwCase *kase = gw_case_model_get (gw_case_points_get_model (self->points), hit.position);

          g_signal_emit_by_name (self, "case-tooltip", gw_case_get_id (kase), tooltip);
        }
      else
        {
          g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases", hit.count), hit.count);

          markup = g_markup_printf_escaped ("<b>%s</b>\n%s", count, _("Click to zoom in"));
          gtk_tooltip_set_markup (tooltip, markup);
        }
      return TRUE;
    }

  if (!(grid = gw_grid_layer_get_grid_at (self->grid_layer, x, y)))
    return FALSE;
  ancestry = ancestry_text (self, grid);

  if (gw_grid_layer_get_fill (self->grid_layer) != GW_GRID_FILL_TOWN)
    {
      GwGridFill fill = gw_grid_layer_get_fill (self->grid_layer);
      double value = gw_grid_layer_get_value (self->grid_layer, gw_grid_get_code (grid));

      markup = g_markup_printf_escaped (fill == GW_GRID_FILL_PER_WORKER ? "<b>%s</b>\n%s · %s\n%s%s%s: %.1f"
                                                                         : "<b>%s</b>\n%s · %s\n%s%s%s: %.0f",
                                        gw_grid_get_name (grid), level_label (gw_grid_get_level (grid)),
                                        gw_grid_get_code (grid), ancestry, *ancestry ? "\n" : "",
                                        gw_grid_fill_get_label (fill), value);
    }
  else
    markup = g_markup_printf_escaped ("<b>%s</b>\n%s · %s%s%s", gw_grid_get_name (grid),
                                      level_label (gw_grid_get_level (grid)), gw_grid_get_code (grid),
                                      *ancestry ? "\n" : "", ancestry);
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

void
gw_map_view_setup_pointer (GwMapView *self)
{
  GtkGesture *click, *band;
  GtkEventController *motion;

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));

  band = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (band), GTK_PHASE_CAPTURE);
  g_signal_connect (band, "drag-begin", G_CALLBACK (on_band_begin), self);
  g_signal_connect (band, "drag-update", G_CALLBACK (on_band_update), self);
  g_signal_connect (band, "drag-end", G_CALLBACK (on_band_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (band));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), motion);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->map), TRUE);
  g_signal_connect (self->map, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
}
