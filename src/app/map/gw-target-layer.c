/* gw-target-layer.c: inspection targets on the map, by status and risk
 *
 * Each enterprise is a square (cases are circles and pins, so the two
 * never read alike): its fill says where it stands in the plan today,
 * its size and a dark rim say its risk, so a high-risk enterprise with an
 * overdue rectification is a large red square with a rim from across
 * the room. About 1,500 targets are two render nodes each; nothing is
 * cached because nothing here is slow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-target-layer"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-geo.h"
#include "gw-map-transform.h"
#include "gw-target-layer.h"

struct _GwTargetLayer
{
  ShumateLayer parent_instance;

  GwInspectionData *data;
  GwInspectionPlan *plan;
  double *mercator;            /* x, y per target */
  GwTargetStatus *statuses;
  guint *next_visit;
  guint n_targets;
  int selected;
};

G_DEFINE_FINAL_TYPE (GwTargetLayer, gw_target_layer, SHUMATE_TYPE_LAYER)

/* GNOME's palette; the worse the status, the warmer. */
void
gw_target_layer_status_color (GwTargetStatus  status,
                              GdkRGBA        *color)
{
  static const char *colors[GW_TARGET_N_STATUSES] = {
    [GW_TARGET_NOT_DUE] = "#9a9996",
    [GW_TARGET_INSPECTED] = "#26a269",
    [GW_TARGET_UPCOMING] = "#1c71d8",
    [GW_TARGET_DRAWN] = "#813d9c",
    [GW_TARGET_VISIT_MISSED] = "#e5a50a",
    [GW_TARGET_NOTICE_OPEN] = "#e66100",
    [GW_TARGET_NOTICE_OVERDUE] = "#c01c28",
  };

  gdk_rgba_parse (color, colors[MIN (status, GW_TARGET_N_STATUSES - 1)]);
}

static double
half_size (GwRisk risk,
           double zoom)
{
  double base = risk == GW_RISK_HIGH ? 6.5 : risk == GW_RISK_LOW ? 3.5 : 5;

  /* A little larger close in, where they no longer crowd. */
  return base * (zoom >= 15 ? 1.4 : 1.0);
}

static void
gw_target_layer_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  GwTargetLayer *self = GW_TARGET_LAYER (widget);
  const GwInspectionTarget *targets;
  GwMapTransform t;
  guint n;
  GdkRGBA rim = { 0.1, 0.1, 0.1, 0.85 }, white = { 1, 1, 1, 0.9 };

  if (self->data == NULL || self->n_targets == 0 ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), widget))
    return;
  targets = gw_inspection_data_get_targets (self->data, &n);
  /* The least urgent first, so the urgent ones lie on top. */
  for (int pass = 0; pass < GW_TARGET_N_STATUSES; pass++)
    for (guint i = 0; i < MIN (n, self->n_targets); i++)
      {
        double x, y, h;
        GdkRGBA fill;
        GskRoundedRect box;
        gboolean high = targets[i].risk == GW_RISK_HIGH;
        const GdkRGBA *edge;
        float width;

        if ((int) self->statuses[i] != pass)
          continue;
        gw_map_transform_to_screen_rotated (&t, self->mercator[2 * i], self->mercator[2 * i + 1], &x, &y);
        h = half_size (targets[i].risk, t.zoom);
        if (x < -h || y < -h || x > t.half_width * 2 + h || y > t.half_height * 2 + h)
          continue;
        gw_target_layer_status_color (self->statuses[i], &fill);
        gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (x - h, y - h, 2 * h, 2 * h), 1.5);
        gtk_snapshot_append_color (snapshot, &fill, &box.bounds);
        edge = high ? &rim : &white;
        width = high ? 2 : 1;
        gtk_snapshot_append_border (snapshot, &box, (float[4]) { width, width, width, width },
                                    (GdkRGBA[4]) { *edge, *edge, *edge, *edge });
        if ((int) i == self->selected)
          {
            GskRoundedRect ring;
            GdkRGBA accent = { 0.208, 0.518, 0.894, 1 };

            gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x - h - 4, y - h - 4, 2 * h + 8, 2 * h + 8), 3);
            gtk_snapshot_append_border (snapshot, &ring, (float[4]) { 3, 3, 3, 3 },
                                        (GdkRGBA[4]) { accent, accent, accent, accent });
          }
      }
}

static void
on_viewport_changed (GwTargetLayer *self)
{
  if (self->n_targets > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_target_layer_constructed (GObject *object)
{
  GwTargetLayer *self = (GwTargetLayer *) object;

  G_OBJECT_CLASS (gw_target_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_target_layer_finalize (GObject *object)
{
  GwTargetLayer *self = (GwTargetLayer *) object;

  g_clear_object (&self->data);
  g_clear_object (&self->plan);
  g_free (self->mercator);
  g_free (self->statuses);
  g_free (self->next_visit);

  G_OBJECT_CLASS (gw_target_layer_parent_class)->finalize (object);
}

static void
gw_target_layer_class_init (GwTargetLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gw_target_layer_constructed;
  object_class->finalize = gw_target_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = gw_target_layer_snapshot;
}

static void
gw_target_layer_init (GwTargetLayer *self)
{
  self->selected = -1;
}

GwTargetLayer *
gw_target_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_TARGET_LAYER, "viewport", viewport, NULL);
}

/* @plan may be NULL: every target is then not due. */
void
gw_target_layer_set_plan (GwTargetLayer    *self,
                          GwInspectionData *data,
                          GwInspectionPlan *plan,
                          guint32           today)
{
  const GwInspectionTarget *targets;
  guint n = 0;

  g_return_if_fail (GW_IS_TARGET_LAYER (self));

  g_set_object (&self->data, data);
  g_set_object (&self->plan, plan);
  targets = data ? gw_inspection_data_get_targets (data, &n) : NULL;
  if (n != self->n_targets)
    {
      self->mercator = g_renew (double, self->mercator, 2 * n);
      self->statuses = g_renew (GwTargetStatus, self->statuses, n);
      self->next_visit = g_renew (guint, self->next_visit, n);
      self->n_targets = n;
      self->selected = -1;
    }
  for (guint i = 0; i < n; i++)
    {
      self->mercator[2 * i] = gw_mercator_x_from_lon (targets[i].lon);
      self->mercator[2 * i + 1] = gw_mercator_y_from_lat (targets[i].lat);
      self->statuses[i] = GW_TARGET_NOT_DUE;
      self->next_visit[i] = 0;
    }
  if (plan && n > 0)
    gw_inspection_plan_target_statuses (plan, today, self->statuses, self->next_visit);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GwInspectionData *
gw_target_layer_get_data (GwTargetLayer *self)
{
  g_return_val_if_fail (GW_IS_TARGET_LAYER (self), NULL);
  return self->data;
}

GwTargetStatus
gw_target_layer_get_status (GwTargetLayer *self,
                            guint          target)
{
  g_return_val_if_fail (GW_IS_TARGET_LAYER (self), GW_TARGET_NOT_DUE);
  return target < self->n_targets ? self->statuses[target] : GW_TARGET_NOT_DUE;
}

/* The visit to open for a target: its next, or its last. */
guint
gw_target_layer_get_next_visit (GwTargetLayer *self,
                                guint          target)
{
  g_return_val_if_fail (GW_IS_TARGET_LAYER (self), 0);
  return target < self->n_targets ? self->next_visit[target] : 0;
}

guint
gw_target_layer_count (GwTargetLayer  *self,
                       GwTargetStatus  status)
{
  guint count = 0;

  g_return_val_if_fail (GW_IS_TARGET_LAYER (self), 0);

  for (guint i = 0; i < self->n_targets; i++)
    count += self->statuses[i] == status;
  return count;
}

/* The target under widget coordinates, the most urgent when several
 * overlap; -1 for none. */
int
gw_target_layer_pick (GwTargetLayer *self,
                      double         x,
                      double         y)
{
  const GwInspectionTarget *targets;
  GwMapTransform t;
  int best = -1;
  guint n;

  g_return_val_if_fail (GW_IS_TARGET_LAYER (self), -1);

  if (self->data == NULL || !gtk_widget_get_visible (GTK_WIDGET (self)) ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self)))
    return -1;
  targets = gw_inspection_data_get_targets (self->data, &n);
  for (guint i = 0; i < MIN (n, self->n_targets); i++)
    {
      double sx, sy, h = half_size (targets[i].risk, t.zoom) + 2;

      gw_map_transform_to_screen_rotated (&t, self->mercator[2 * i], self->mercator[2 * i + 1], &sx, &sy);
      if (fabs (sx - x) <= h && fabs (sy - y) <= h && (best < 0 || self->statuses[i] >= self->statuses[best]))
        best = i;
    }
  return best;
}

void
gw_target_layer_select (GwTargetLayer *self,
                        int            target)
{
  g_return_if_fail (GW_IS_TARGET_LAYER (self));

  self->selected = target;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The status's colour as a square of Pango markup, for legends. */
char *
gw_target_status_swatch (GwTargetStatus status)
{
  GdkRGBA color;

  gw_target_layer_status_color (status, &color);
  return g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">■</span>", (int) (color.red * 255),
                          (int) (color.green * 255), (int) (color.blue * 255));
}

GtkWidget *
gw_target_legend_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (_("Inspection targets"));
  GtkWidget *risk;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  for (int status = GW_TARGET_N_STATUSES - 1; status >= 0; status--)
    {
      g_autofree char *swatch = gw_target_status_swatch (status);
      g_autofree char *label = g_markup_escape_text (gw_target_status_label (status), -1);
      g_autofree char *markup = g_strdup_printf ("%s %s", swatch, label);
      GtkWidget *row;

      row = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (row), markup);
      gtk_label_set_xalign (GTK_LABEL (row), 0);
      gtk_box_append (GTK_BOX (box), row);
    }
  risk = gtk_label_new (_("Larger with a dark rim: high risk; smaller: low risk"));
  gtk_label_set_xalign (GTK_LABEL (risk), 0);
  gtk_label_set_wrap (GTK_LABEL (risk), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (risk), 28);
  gtk_widget_add_css_class (risk, "dim-label");
  gtk_box_append (GTK_BOX (box), risk);
  return box;
}
