/* gw-case-layer.c: live cases on the map
 *
 * One dot per open case from plain arrays, projected to Mercator when the
 * cases change and drawn in one cairo node; not a widget per marker.
 * Colour says the state, a red ring says overdue, size says urgent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-layer"

#include "config.h"

#include <math.h>

#include "gw-case-layer.h"
#include "gw-geo.h"
#include "gw-map-transform.h"

#define HIT_RADIUS 9.0

typedef struct
{
  char *id;
  double x, y;          /* normalised Mercator */
  GwCaseStatus status;
  gboolean urgent;
  gint64 deadline;      /* unix seconds, 0 when none */
} Dot;

struct _GwCaseLayer
{
  ShumateLayer parent_instance;
  GArray *dots;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (GwCaseLayer, gw_case_layer, SHUMATE_TYPE_LAYER)

static void
dot_clear (Dot *dot)
{
  g_clear_pointer (&dot->id, g_free);
}

void
gw_case_layer_get_rgba (GwCaseStatus  status,
                        gboolean      urgent,
                        GdkRGBA      *rgba)
{
  if (urgent && gw_case_status_is_open (status) && status < GW_CASE_STATUS_HANDLED)
    *rgba = (GdkRGBA) { 0.878, 0.106, 0.141, 1 };       /* red */
  else
    switch (status)
      {
      case GW_CASE_STATUS_REPORTED:
        *rgba = (GdkRGBA) { 0.110, 0.443, 0.847, 1 };   /* blue: new */
        break;
      case GW_CASE_STATUS_ACCEPTED:
      case GW_CASE_STATUS_FILED:
      case GW_CASE_STATUS_RETURNED:
        *rgba = (GdkRGBA) { 0.569, 0.255, 0.675, 1 };   /* purple: with the dispatcher */
        break;
      case GW_CASE_STATUS_DISPATCHED:
      case GW_CASE_STATUS_IN_PROGRESS:
        *rgba = (GdkRGBA) { 0.902, 0.380, 0.000, 1 };   /* orange: being handled */
        break;
      case GW_CASE_STATUS_HANDLED:
      case GW_CASE_STATUS_VERIFIED:
        *rgba = (GdkRGBA) { 0.180, 0.761, 0.494, 1 };   /* green: done, to close */
        break;
      case GW_CASE_STATUS_CLOSED:
      case GW_CASE_STATUS_REJECTED:
      case GW_CASE_STATUS_SUSPENDED:
      case GW_CASE_STATUS_REGISTERED:
      default:
        *rgba = (GdkRGBA) { 0.467, 0.463, 0.482, 1 };   /* grey */
        break;
      }
}

static void
gw_case_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GwCaseLayer *self = GW_CASE_LAYER (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GwMapTransform t;
  cairo_t *cr;

  if (self->dots == NULL || self->dots->len == 0 ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), widget))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Urgent last, so they are never hidden under the others. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->dots->len; i++)
      {
        Dot *d = &g_array_index (self->dots, Dot, i);
        gboolean overdue = d->deadline > 0 && d->deadline < now && gw_case_status_is_open (d->status) &&
                           d->status < GW_CASE_STATUS_HANDLED;
        double x, y, r = d->urgent ? 6.5 : 4.5;
        GdkRGBA rgba;

        if (d->urgent != (pass == 1))
          continue;

        gw_map_transform_to_screen_rotated (&t, d->x, d->y, &x, &y);
        if (x < -10 || y < -10 || x > width + 10 || y > height + 10)
          continue;

        gw_case_layer_get_rgba (d->status, d->urgent, &rgba);
        cairo_new_path (cr);
        cairo_arc (cr, x, y, r, 0, 2 * G_PI);
        gdk_cairo_set_source_rgba (cr, &rgba);
        cairo_fill_preserve (cr);
        cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
        cairo_set_line_width (cr, 1.2);
        cairo_stroke (cr);

        if (overdue)
          {
            cairo_new_path (cr);
            cairo_arc (cr, x, y, r + 3, 0, 2 * G_PI);
            cairo_set_source_rgba (cr, 0.878, 0.106, 0.141, 1);
            cairo_set_line_width (cr, 2);
            cairo_stroke (cr);
          }
      }

  cairo_destroy (cr);
}

static void
on_viewport_changed (GwCaseLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
redraw_for_deadlines (gpointer user_data)
{
  /* Cases go overdue with time, not only with changes. */
  gtk_widget_queue_draw (GTK_WIDGET (user_data));
  return G_SOURCE_CONTINUE;
}

static void
gw_case_layer_constructed (GObject *object)
{
  GwCaseLayer *self = (GwCaseLayer *) object;

  G_OBJECT_CLASS (gw_case_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  self->tick_id = g_timeout_add_seconds (30, redraw_for_deadlines, self);
}

static void
gw_case_layer_dispose (GObject *object)
{
  GwCaseLayer *self = (GwCaseLayer *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->dots, g_array_unref);

  G_OBJECT_CLASS (gw_case_layer_parent_class)->dispose (object);
}

static void
gw_case_layer_class_init (GwCaseLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gw_case_layer_constructed;
  object_class->dispose = gw_case_layer_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = gw_case_layer_snapshot;
}

static void
gw_case_layer_init (GwCaseLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwCaseLayer *
gw_case_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_CASE_LAYER, "viewport", viewport, NULL);
}

void
gw_case_layer_set_cases (GwCaseLayer *self,
                         GPtrArray   *cases)
{
  g_return_if_fail (GW_IS_CASE_LAYER (self));

  g_clear_pointer (&self->dots, g_array_unref);
  self->dots = g_array_sized_new (FALSE, TRUE, sizeof (Dot), cases ? cases->len : 0);
  g_array_set_clear_func (self->dots, (GDestroyNotify) dot_clear);

  for (guint i = 0; cases && i < cases->len; i++)
    {
      const GwCaseData *c = gw_case_get_data (g_ptr_array_index (cases, i));
      g_autoptr(GDateTime) deadline = c->deadline ? g_date_time_new_from_iso8601 (c->deadline, NULL) : NULL;
      Dot dot = {
        .id = g_strdup (c->id),
        .x = gw_mercator_x_from_lon (c->lon),
        .y = gw_mercator_y_from_lat (c->lat),
        .status = c->status,
        .urgent = c->urgent,
        .deadline = deadline ? g_date_time_to_unix (deadline) : 0,
      };

      g_array_append_val (self->dots, dot);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gw_case_layer_get_n_cases (GwCaseLayer *self)
{
  g_return_val_if_fail (GW_IS_CASE_LAYER (self), 0);
  return self->dots ? self->dots->len : 0;
}

const char *
gw_case_layer_get_case_at (GwCaseLayer *self,
                           double       x,
                           double       y)
{
  GwMapTransform t;
  const char *best = NULL;
  double best_d2 = HIT_RADIUS * HIT_RADIUS;

  g_return_val_if_fail (GW_IS_CASE_LAYER (self), NULL);

  if (self->dots == NULL ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self)))
    return NULL;

  for (guint i = 0; i < self->dots->len; i++)
    {
      Dot *d = &g_array_index (self->dots, Dot, i);
      double sx, sy, d2;

      gw_map_transform_to_screen_rotated (&t, d->x, d->y, &sx, &sy);
      d2 = (sx - x) * (sx - x) + (sy - y) * (sy - y);
      if (d2 <= best_d2)
        {
          best_d2 = d2;
          best = d->id;
        }
    }

  return best;
}
