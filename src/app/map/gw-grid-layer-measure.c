/* gw-grid-layer-measure.c: what the grid layer's fill says, and in which colours
 *
 * The fill is a choropleth of a chosen measure over the unit grids, or
 * the town each belongs to. Cases are counted per grid when they change
 * (once per main-loop turn however many changes came); when cases
 * change, only the tiles under grids whose class changed are dropped;
 * when the class breaks themselves move, all of them, and the legend
 * reads them again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-grid-layer"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-grid-layer-private.h"

/* Distinct hues from the GNOME palette, one per town. */
static const GdkRGBA palette[GW_GRID_N_TOWN_COLORS] = {
  { 0.208, 0.518, 0.894, 1 },   /* blue 3 */
  { 0.200, 0.820, 0.478, 1 },   /* green 3 */
  { 0.965, 0.827, 0.176, 1 },   /* yellow 3 */
  { 1.000, 0.471, 0.000, 1 },   /* orange 3 */
  { 0.569, 0.255, 0.675, 1 },   /* purple 3 */
  { 0.596, 0.416, 0.267, 1 },   /* brown 3 */
  { 0.129, 0.565, 0.643, 1 },   /* teal */
  { 0.878, 0.106, 0.141, 1 },   /* red 3 */
  { 0.475, 0.694, 0.000, 1 },   /* lime */
  { 0.753, 0.380, 0.796, 1 },   /* pink-purple */
};

/* A sequential ramp, light to dark, that reads in greyscale too. */
static const GdkRGBA ramp[GW_CLASS_BREAKS_MAX_CLASSES] = {
  { 1.000, 0.929, 0.627, 0.60 },
  { 0.996, 0.749, 0.353, 0.62 },
  { 0.992, 0.553, 0.235, 0.64 },
  { 0.890, 0.290, 0.200, 0.66 },
  { 0.741, 0.000, 0.149, 0.70 },
};
static const GdkRGBA no_value = { 0.6, 0.6, 0.6, 0.10 };

const char *
gw_grid_fill_get_label (GwGridFill fill)
{
  switch (fill)
    {
    case GW_GRID_FILL_CASES: return _("Cases");
    case GW_GRID_FILL_OVERDUE: return _("Overdue cases");
    case GW_GRID_FILL_PER_WORKER: return _("Cases per grid worker");
    case GW_GRID_FILL_ESCALATIONS: return _("Escalated cases");
    case GW_GRID_FILL_TOWN:
    default: return _("Town");
    }
}

void
gw_grid_layer_entry_rgba (GwGridLayer *self,
                          const Entry *e,
                          GdkRGBA     *rgba)
{
  if (self->fill == GW_GRID_FILL_TOWN)
    {
      *rgba = palette[e->town_color];
      rgba->alpha = 0.28;
    }
  else
    *rgba = e->klass < 0 ? no_value : ramp[e->klass];
}

static void
drop_all_tiles (GwGridLayer *self)
{
  gw_map_tiles_clear (self->tiles);
  self->scene_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drop_tiles_under (GwGridLayer *self,
                  const Entry *e)
{
  gw_map_tiles_drop_area (self->tiles, e->min_x, e->min_y, e->max_x, e->max_y);
  self->scene_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
compute_breaks (GwGridLayer   *self,
                GwClassBreaks *breaks)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);

      if (e->is_leaf)
        g_array_append_val (values, e->value);
    }
  gw_class_breaks_compute (breaks, (double *) values->data, values->len, self->fill != GW_GRID_FILL_PER_WORKER);
}

static void
update_classes (GwGridLayer *self)
{
  GwClassBreaks breaks;

  compute_breaks (self, &breaks);
  if (!self->breaks_valid || !gw_class_breaks_equal (&breaks, &self->breaks))
    {
      self->breaks = breaks;
      self->breaks_valid = TRUE;
      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *e = &g_array_index (self->entries, Entry, i);

          e->klass = gw_class_breaks_class_of (&self->breaks, e->value);
        }
      if (self->fill != GW_GRID_FILL_TOWN)
        drop_all_tiles (self);
      g_signal_emit_by_name (self, "legend-changed");
      return;
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      int klass = gw_class_breaks_class_of (&self->breaks, e->value);

      if (klass != e->klass)
        {
          e->klass = klass;
          if (e->is_leaf && self->fill != GW_GRID_FILL_TOWN)
            drop_tiles_under (self, e);
        }
    }
}

void
gw_grid_layer_recount (GwGridLayer *self)
{
  const GwCasePoint *points;
  GwCaseModel *model;
  guint n;

  /* A count made now makes a queued one needless. Forgetting its id
   * without removing it left an idle that dispose could not remove, and
   * that ran on the freed layer once the window closed. */
  g_clear_handle_id (&self->recount_id, g_source_remove);
  if (self->entries == NULL)
    return;

  for (guint i = 0; i < self->entries->len; i++)
    g_array_index (self->entries, Entry, i).value = 0;

  if (self->points != NULL && self->fill != GW_GRID_FILL_TOWN)
    {
      model = gw_case_points_get_model (self->points);
      points = gw_case_points_get (self->points, &n);
      if (self->counted->len != n)
        {
          g_ptr_array_set_size (self->counted, n);
          g_array_set_size (self->counted_entry, n);
        }

      for (guint i = 0; i < n; i++)
        {
          GwCase *kase = gw_case_model_get (model, i);
          guint index;

          /* Which grid a case is in changes rarely: remember it per case. */
          if (g_ptr_array_index (self->counted, i) != kase)
            {
              g_clear_object (&g_ptr_array_index (self->counted, i));
              g_ptr_array_index (self->counted, i) = g_object_ref (kase);
              /* A case the server placed in no grid is counted in none. */
              index = gw_case_get_data (kase)->grid
                      ? GPOINTER_TO_UINT (g_hash_table_lookup (self->by_code, gw_case_get_data (kase)->grid)) : 0;
              g_array_index (self->counted_entry, guint, i) = index;
            }
          index = g_array_index (self->counted_entry, guint, i);

          if (index == 0 || !(points[i].flags & GW_CASE_POINT_SHOWN))
            continue;
          if (self->fill == GW_GRID_FILL_OVERDUE && !(points[i].flags & GW_CASE_POINT_OVERDUE))
            continue;
          if (self->fill == GW_GRID_FILL_ESCALATIONS && !(points[i].flags & GW_CASE_POINT_ESCALATED))
            continue;
          g_array_index (self->entries, Entry, index - 1).value += 1;
        }

      if (self->fill == GW_GRID_FILL_PER_WORKER)
        for (guint i = 0; i < self->entries->len; i++)
          {
            Entry *e = &g_array_index (self->entries, Entry, i);

            e->value = e->workers > 0 ? e->value / e->workers : 0;
          }
    }

  update_classes (self);
}

static gboolean
on_recount_idle (gpointer user_data)
{
  GwGridLayer *self = user_data;

  self->recount_id = 0;
  gw_grid_layer_recount (self);
  return G_SOURCE_REMOVE;
}

static void
queue_recount (GwGridLayer *self)
{
  /* A first read of 100,000 cases comes in twenty slices, each with a
   * frame: counted after each, the classes moved every time and every
   * tile was drawn again, ten milliseconds a frame. The grids are counted
   * once the last slice is in. */
  if (self->points && gw_case_model_get_filling (gw_case_points_get_model (self->points)))
    return;
  /* Before the next frame is drawn, once however many changes came. */
  if (self->recount_id == 0)
    self->recount_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, on_recount_idle, self, NULL);
}

void
gw_grid_layer_get_fill_rgba (GwGridLayer *self,
                             GwGrid      *grid,
                             GdkRGBA     *rgba)
{
  Entry *e;

  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if ((e = gw_grid_layer_lookup_entry (self, gw_grid_get_code (grid))))
    gw_grid_layer_entry_rgba (self, e, rgba);
  else
    *rgba = no_value;
}

void
gw_grid_layer_set_fill (GwGridLayer *self,
                        GwGridFill   fill)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));
  g_return_if_fail (fill < GW_GRID_N_FILLS);

  if (self->fill == fill)
    return;
  self->fill = fill;
  self->breaks_valid = FALSE;
  gw_grid_layer_recount (self);
  drop_all_tiles (self);
  g_signal_emit_by_name (self, "legend-changed");
}

GwGridFill
gw_grid_layer_get_fill (GwGridLayer *self)
{
  g_return_val_if_fail (GW_IS_GRID_LAYER (self), GW_GRID_FILL_TOWN);
  return self->fill;
}

void
gw_grid_layer_set_case_points (GwGridLayer  *self,
                               GwCasePoints *points)
{
  g_return_if_fail (GW_IS_GRID_LAYER (self));

  if (self->points == points)
    return;
  if (self->points)
    {
      g_signal_handlers_disconnect_by_data (self->points, self);
      g_signal_handlers_disconnect_by_data (gw_case_points_get_model (self->points), self);
    }
  g_set_object (&self->points, points);
  g_ptr_array_set_size (self->counted, 0);
  g_array_set_size (self->counted_entry, 0);
  if (points)
    {
      g_signal_connect_swapped (points, "changed", G_CALLBACK (queue_recount), self);
      g_signal_connect_swapped (gw_case_points_get_model (points), "notify::filling", G_CALLBACK (queue_recount), self);
      queue_recount (self);
    }
}

double
gw_grid_layer_get_value (GwGridLayer *self,
                         const char  *code)
{
  Entry *e;

  g_return_val_if_fail (GW_IS_GRID_LAYER (self), 0);

  if (self->recount_id != 0)
    gw_grid_layer_recount (self);
  e = gw_grid_layer_lookup_entry (self, code);
  return e ? e->value : 0;
}

static void
legend_class_free (GwGridLegendClass *klass)
{
  g_free (klass->label);
  g_free (klass);
}

/* The classes of the current fill, lightest first, with their ranges. */
GPtrArray *
gw_grid_layer_get_legend (GwGridLayer *self)
{
  GPtrArray *legend = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_class_free);
  gboolean any_value = FALSE;

  g_return_val_if_fail (GW_IS_GRID_LAYER (self), legend);

  if (self->fill == GW_GRID_FILL_TOWN || self->entries == NULL)
    return legend;

  for (guint i = 0; i < self->entries->len && !any_value; i++)
    any_value = g_array_index (self->entries, Entry, i).klass >= 0;

  {
    GwGridLegendClass *none = g_new0 (GwGridLegendClass, 1);

    none->color = no_value;
    none->label = g_strdup ("0");
    g_ptr_array_add (legend, none);
  }
  if (!any_value)
    return legend;

  for (guint k = 0; k <= self->breaks.n_breaks; k++)
    {
      GwGridLegendClass *klass = g_new0 (GwGridLegendClass, 1);

      klass->color = ramp[k];
      klass->label = gw_class_breaks_label (&self->breaks, k);
      g_ptr_array_add (legend, klass);
    }
  return legend;
}
