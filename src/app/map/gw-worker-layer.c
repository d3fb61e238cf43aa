/* gw-worker-layer.c: grid workers on duty, where their phones last were
 *
 * A county has one to three thousand grid workers, so the layer draws the
 * way the case layer does: positions kept once in normalised Mercator,
 * and each worker one texture node from a small atlas drawn once per
 * size (close in and far out), age (fresh, an hour, up to four hours,
 * fading) and workload (a ring around the dot, a ninth of it per open
 * case up to eight, green, amber, then red). A frame only culls and
 * places: nothing of ours is allocated per frame. Workers off duty,
 * without a position or silent for four hours are not shown; an hour
 * passing fades them without a new report, so a timer redraws.
 *
 * One worker's day can be drawn too, as a line through their reported
 * positions, oldest to newest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-worker-layer"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-geo.h"
#include "gw-map-transform.h"
#include "gw-worker-layer.h"
#include "gw-worker-status.h"

#define N_SIZES 2
#define N_AGES 3
#define N_LOADS 9          /* 0 to 8 or more open cases */
#define FRESH_SECONDS (15 * 60)
#define RECENT_SECONDS 3600
#define CLOSE_ZOOM 14
#define REDRAW_SECONDS 60

typedef struct
{
  char *id;
  double x, y;             /* normalised Mercator */
  gint64 reported;         /* Unix seconds */
  guint open_cases;
} Worker;

struct _GwWorkerLayer
{
  ShumateLayer parent_instance;

  GArray *workers;         /* of Worker */
  GHashTable *by_id;       /* id (borrowed) -> index + 1 */
  GHashTable *open_cases;  /* worker id -> count, as last given */
  int selected;
  guint n_drawn;

  GdkTexture *atlas[N_SIZES][N_AGES][N_LOADS];
  int atlas_scale;
  guint redraw_id;

  char *track_worker;
  GArray *track;           /* x, y pairs in normalised Mercator */
};

G_DEFINE_FINAL_TYPE (GwWorkerLayer, gw_worker_layer, SHUMATE_TYPE_LAYER)

static const double diameters[N_SIZES] = { 14, 20 };
static const double age_alpha[N_AGES] = { 1.0, 0.7, 0.4 };

/* Dark teal: apart from the cases' status colours and the targets'. */
void
gw_worker_layer_get_color (GdkRGBA *color)
{
  *color = (GdkRGBA) { 0.04, 0.45, 0.50, 1 };
}

static void
load_color (guint    open_cases,
            GdkRGBA *color)
{
  gdk_rgba_parse (color, open_cases < 3 ? "#26a269" : open_cases < 6 ? "#e5a50a" : "#c01c28");
}

static void
worker_clear (gpointer data)
{
  g_free (((Worker *) data)->id);
}

static void
draw_mark (cairo_t *cr,
           double   size,
           double   alpha,
           guint    load)
{
  double c = size / 2, dot = size / 2 - 3.5;
  GdkRGBA teal, ring;

  gw_worker_layer_get_color (&teal);
  cairo_arc (cr, c, c, dot, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, teal.red, teal.green, teal.blue, alpha);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, alpha);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
  /* A white eye in the dot: a person, not a new case's blue disc. */
  cairo_arc (cr, c, c, dot * 0.38, 0, 2 * G_PI);
  cairo_fill (cr);
  if (load == 0)
    return;
  /* The ring's share is the load: a full ring is a full day's work. */
  load_color (load, &ring);
  cairo_set_line_width (cr, 2.5);
  cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.5 * alpha);
  cairo_arc (cr, c, c, c - 1.5, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, ring.red, ring.green, ring.blue, alpha);
  cairo_arc (cr, c, c, c - 1.5, -G_PI / 2, -G_PI / 2 + 2 * G_PI * MIN (load, N_LOADS - 1) / (N_LOADS - 1));
  cairo_stroke (cr);
}

static GdkTexture *
atlas_texture (GwWorkerLayer *self,
               guint          size,
               guint          age,
               guint          load)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int pixels;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;

  if (scale != self->atlas_scale)
    {
      for (guint i = 0; i < N_SIZES * N_AGES * N_LOADS; i++)
        g_clear_object (&(&self->atlas[0][0][0])[i]);
      self->atlas_scale = scale;
    }
  if (self->atlas[size][age][load])
    return self->atlas[size][age][load];

  pixels = (int) ceil (diameters[size] * scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixels, pixels);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  draw_mark (cr, diameters[size], age_alpha[age], load);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * pixels);
  self->atlas[size][age][load] = gdk_memory_texture_new (pixels, pixels, GDK_MEMORY_DEFAULT, bytes,
                                                         cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return self->atlas[size][age][load];
}

static guint
age_class (gint64 age)
{
  return age < FRESH_SECONDS ? 0 : age < RECENT_SECONDS ? 1 : 2;
}

static void
snapshot_track (GwWorkerLayer        *self,
                GtkSnapshot          *snapshot,
                const GwMapTransform *t)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_t *cr;
  GdkRGBA teal;

  if (self->track == NULL || self->track->len < 2)
    return;
  gw_worker_layer_get_color (&teal);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < self->track->len; i += 2)
    {
      double x, y;

      gw_map_transform_to_screen_rotated (t, g_array_index (self->track, double, i),
                                          g_array_index (self->track, double, i + 1), &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  /* A white casing under the line keeps it readable over any basemap. */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_set_line_width (cr, 5);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgba (cr, teal.red, teal.green, teal.blue, 0.9);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
gw_worker_layer_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  GwWorkerLayer *self = GW_WORKER_LAYER (widget);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GwMapTransform t;
  guint size;
  double d;

  self->n_drawn = 0;
  if (!gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), widget))
    return;
  snapshot_track (self, snapshot, &t);

  size = t.zoom >= CLOSE_ZOOM ? 1 : 0;
  d = diameters[size];
  for (guint i = 0; i < self->workers->len; i++)
    {
      const Worker *w = &g_array_index (self->workers, Worker, i);
      gint64 age = now - w->reported;
      double x, y;

      if (age > GW_WORKER_LAYER_MAX_AGE_SECONDS)
        continue;
      gw_map_transform_to_screen_rotated (&t, w->x, w->y, &x, &y);
      if (x < -d || y < -d || x > 2 * t.half_width + d || y > 2 * t.half_height + d)
        continue;
      gtk_snapshot_append_texture (snapshot, atlas_texture (self, size, age_class (MAX (age, 0)),
                                                            MIN (w->open_cases, N_LOADS - 1)),
                                   &GRAPHENE_RECT_INIT (round (x - d / 2), round (y - d / 2), d, d));
      self->n_drawn++;
      if ((int) i == self->selected)
        {
          GskRoundedRect ring;
          GdkRGBA accent = { 0.208, 0.518, 0.894, 1 };

          gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x - d / 2 - 4, y - d / 2 - 4, d + 8, d + 8),
                                           d / 2 + 4);
          gtk_snapshot_append_border (snapshot, &ring, (float[4]) { 3, 3, 3, 3 },
                                      (GdkRGBA[4]) { accent, accent, accent, accent });
        }
    }
}

static void
on_viewport_changed (GwWorkerLayer *self)
{
  if (self->workers->len > 0 || self->track)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* An hour passing fades a worker, four hide them: drawn again now and then. */
static gboolean
redraw_for_age (gpointer user_data)
{
  GwWorkerLayer *self = user_data;

  if (self->workers->len > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_CONTINUE;
}

static void
gw_worker_layer_constructed (GObject *object)
{
  GwWorkerLayer *self = (GwWorkerLayer *) object;

  G_OBJECT_CLASS (gw_worker_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_worker_layer_dispose (GObject *object)
{
  GwWorkerLayer *self = (GwWorkerLayer *) object;

  g_clear_handle_id (&self->redraw_id, g_source_remove);
  for (guint i = 0; i < N_SIZES * N_AGES * N_LOADS; i++)
    g_clear_object (&(&self->atlas[0][0][0])[i]);

  G_OBJECT_CLASS (gw_worker_layer_parent_class)->dispose (object);
}

static void
gw_worker_layer_finalize (GObject *object)
{
  GwWorkerLayer *self = (GwWorkerLayer *) object;

  g_hash_table_unref (self->by_id);
  g_clear_pointer (&self->open_cases, g_hash_table_unref);
  g_array_unref (self->workers);
  g_clear_pointer (&self->track, g_array_unref);
  g_free (self->track_worker);

  G_OBJECT_CLASS (gw_worker_layer_parent_class)->finalize (object);
}

static void
gw_worker_layer_class_init (GwWorkerLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gw_worker_layer_constructed;
  object_class->dispose = gw_worker_layer_dispose;
  object_class->finalize = gw_worker_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = gw_worker_layer_snapshot;
}

static void
gw_worker_layer_init (GwWorkerLayer *self)
{
  self->workers = g_array_new (FALSE, TRUE, sizeof (Worker));
  g_array_set_clear_func (self->workers, worker_clear);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->selected = -1;
  self->redraw_id = g_timeout_add_seconds (REDRAW_SECONDS, redraw_for_age, self);
}

GwWorkerLayer *
gw_worker_layer_new (ShumateViewport *viewport)
{
  return g_object_new (GW_TYPE_WORKER_LAYER, "viewport", viewport, NULL);
}

static guint
open_cases_of (GwWorkerLayer *self,
               const char    *worker)
{
  return self->open_cases ? GPOINTER_TO_UINT (g_hash_table_lookup (self->open_cases, worker)) : 0;
}

/* @statuses: GwWorkerStatus, as the reference data has them. Only those
 * on duty, located and heard from in the last four hours before @now
 * (Unix seconds) are kept; the selection follows its worker. */
void
gw_worker_layer_set_statuses (GwWorkerLayer *self,
                              GPtrArray     *statuses,
                              gint64         now)
{
  g_autofree char *selected = NULL;

  g_return_if_fail (GW_IS_WORKER_LAYER (self));

  if (self->selected >= 0)
    selected = g_strdup (g_array_index (self->workers, Worker, self->selected).id);
  g_hash_table_remove_all (self->by_id);
  g_array_set_size (self->workers, 0);
  for (guint i = 0; statuses && i < statuses->len; i++)
    {
      GwWorkerStatus *status = g_ptr_array_index (statuses, i);
      const char *updated_at = gw_worker_status_get_updated_at (status);
      g_autoptr(GDateTime) when = updated_at ? g_date_time_new_from_iso8601 (updated_at, NULL) : NULL;
      double lat, lon;
      Worker w;

      if (!gw_worker_status_get_on_duty (status) || !gw_worker_status_get_location (status, &lat, &lon) ||
          when == NULL || now - g_date_time_to_unix (when) > GW_WORKER_LAYER_MAX_AGE_SECONDS ||
          !gw_coordinate_is_valid (lon, lat))
        continue;
      w = (Worker) { g_strdup (gw_worker_status_get_worker_id (status)), gw_mercator_x_from_lon (lon),
                     gw_mercator_y_from_lat (lat), g_date_time_to_unix (when), 0 };
      w.open_cases = open_cases_of (self, w.id);
      g_array_append_val (self->workers, w);
      g_hash_table_insert (self->by_id, w.id, GUINT_TO_POINTER (self->workers->len));
    }
  self->selected = selected ? gw_worker_layer_find (self, selected) : -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* @open_cases: worker id -> the cases they have open, or NULL. */
void
gw_worker_layer_set_open_cases (GwWorkerLayer *self,
                                GHashTable    *open_cases)
{
  g_return_if_fail (GW_IS_WORKER_LAYER (self));

  g_clear_pointer (&self->open_cases, g_hash_table_unref);
  self->open_cases = open_cases ? g_hash_table_ref (open_cases) : NULL;
  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *w = &g_array_index (self->workers, Worker, i);

      w->open_cases = open_cases_of (self, w->id);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gw_worker_layer_get_n_workers (GwWorkerLayer *self)
{
  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), 0);
  return self->workers->len;
}

/* The index of @worker among those shown, or -1. */
int
gw_worker_layer_find (GwWorkerLayer *self,
                      const char    *worker)
{
  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), -1);
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, worker)) - 1;
}

const char *
gw_worker_layer_get_worker (GwWorkerLayer *self,
                            guint          index,
                            double        *lat,
                            double        *lon,
                            gint64        *reported)
{
  const Worker *w;

  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), NULL);
  g_return_val_if_fail (index < self->workers->len, NULL);

  w = &g_array_index (self->workers, Worker, index);
  if (lat)
    *lat = gw_mercator_lat_from_y (w->y);
  if (lon)
    *lon = gw_mercator_lon_from_x (w->x);
  if (reported)
    *reported = w->reported;
  return w->id;
}

guint
gw_worker_layer_get_open_cases (GwWorkerLayer *self,
                                guint          index)
{
  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), 0);
  return index < self->workers->len ? g_array_index (self->workers, Worker, index).open_cases : 0;
}

/* Where the worker's dot is in widget coordinates, FALSE when the layer
 * cannot tell yet (not allocated). */
gboolean
gw_worker_layer_get_screen_position (GwWorkerLayer *self,
                                     guint          index,
                                     double        *x,
                                     double        *y)
{
  GwMapTransform t;

  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), FALSE);

  if (index >= self->workers->len ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self)))
    return FALSE;
  gw_map_transform_to_screen_rotated (&t, g_array_index (self->workers, Worker, index).x,
                                      g_array_index (self->workers, Worker, index).y, x, y);
  return TRUE;
}

/* The worker under widget coordinates, the nearest when several are;
 * -1 for none, and always while the layer is hidden. */
int
gw_worker_layer_pick (GwWorkerLayer *self,
                      double         x,
                      double         y)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GwMapTransform t;
  double best_distance = G_MAXDOUBLE, reach;
  int best = -1;

  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), -1);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)) ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self)))
    return -1;
  reach = diameters[t.zoom >= CLOSE_ZOOM ? 1 : 0] / 2 + 2;
  for (guint i = 0; i < self->workers->len; i++)
    {
      const Worker *w = &g_array_index (self->workers, Worker, i);
      double sx, sy, distance;

      if (now - w->reported > GW_WORKER_LAYER_MAX_AGE_SECONDS)
        continue;
      gw_map_transform_to_screen_rotated (&t, w->x, w->y, &sx, &sy);
      distance = hypot (sx - x, sy - y);
      if (distance <= reach && distance < best_distance)
        {
          best = i;
          best_distance = distance;
        }
    }
  return best;
}

void
gw_worker_layer_select (GwWorkerLayer *self,
                        int            index)
{
  g_return_if_fail (GW_IS_WORKER_LAYER (self));

  self->selected = index < (int) self->workers->len ? index : -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* How many workers the last frame drew. */
guint
gw_worker_layer_get_n_drawn (GwWorkerLayer *self)
{
  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), 0);
  return self->n_drawn;
}

/* @points: GwWorkerStatus, oldest first, as gw_worker_track_fetch_finish()
 * gives them; NULL clears the track. */
void
gw_worker_layer_set_track (GwWorkerLayer *self,
                           const char    *worker,
                           GPtrArray     *points)
{
  g_return_if_fail (GW_IS_WORKER_LAYER (self));

  g_clear_pointer (&self->track, g_array_unref);
  g_free (self->track_worker);
  self->track_worker = g_strdup (worker);
  if (points != NULL)
    {
      self->track = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * points->len);
      for (guint i = 0; i < points->len; i++)
        {
          double lat, lon, x, y;

          if (!gw_worker_status_get_location (g_ptr_array_index (points, i), &lat, &lon) ||
              !gw_coordinate_is_valid (lon, lat))
            continue;
          x = gw_mercator_x_from_lon (lon);
          y = gw_mercator_y_from_lat (lat);
          g_array_append_val (self->track, x);
          g_array_append_val (self->track, y);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gw_worker_layer_get_track_length (GwWorkerLayer *self)
{
  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), 0);
  return self->track ? self->track->len / 2 : 0;
}

/* Where the track's @index-th point is drawn, in widget coordinates. */
gboolean
gw_worker_layer_get_track_point (GwWorkerLayer *self,
                                 guint          index,
                                 double        *x,
                                 double        *y)
{
  GwMapTransform t;

  g_return_val_if_fail (GW_IS_WORKER_LAYER (self), FALSE);

  if (self->track == NULL || index >= self->track->len / 2 ||
      !gw_map_transform_init (&t, shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self)))
    return FALSE;
  gw_map_transform_to_screen_rotated (&t, g_array_index (self->track, double, 2 * index),
                                      g_array_index (self->track, double, 2 * index + 1), x, y);
  return TRUE;
}

static void
draw_legend_mark (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        user_data)
{
  draw_mark (cr, diameters[1], 1.0, GPOINTER_TO_UINT (user_data));
}

static GtkWidget *
legend_row (guint       load,
            const char *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mark = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (mark), diameters[1]);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (mark), diameters[1]);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (mark), draw_legend_mark, GUINT_TO_POINTER (load), NULL);
  gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (row), mark);
  gtk_box_append (GTK_BOX (row), label);
  return row;
}

GtkWidget *
gw_worker_legend_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (_("Grid workers on duty"));
  GtkWidget *age = gtk_label_new (_("Fainter the longer since their phone reported; hidden after 4 hours"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), legend_row (0, _("No open cases")));
  gtk_box_append (GTK_BOX (box), legend_row (2, _("Ring: open cases, full at 8")));
  gtk_box_append (GTK_BOX (box), legend_row (6, _("6 or more open cases")));
  gtk_label_set_xalign (GTK_LABEL (age), 0);
  gtk_label_set_wrap (GTK_LABEL (age), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (age), 28);
  gtk_widget_add_css_class (age, "dim-label");
  gtk_box_append (GTK_BOX (box), age);
  return box;
}
