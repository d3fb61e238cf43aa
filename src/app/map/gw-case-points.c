/* gw-case-points.c: the cases as plain arrays for drawing, and their clusters
 *
 * The map draws from a flat array with one small struct per case: its
 * Mercator position is computed once, when the case arrives or changes,
 * and updated in place by position as the model reports changes, so a
 * change from the feed touches exactly one entry. The filter's verdict is
 * kept as a flag, recomputed for everyone only when the filter changes.
 *
 * Clusters are cells of a quadtree over the Mercator square: at level L a
 * cell is 2^-L wide. Cells nest, so clusters are hierarchical by
 * construction and their counts add up at every level.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-points"

#include "config.h"

#include <math.h>

#include "gw-case-points.h"
#include "gw-geo.h"

/* Above this many cells in view, a hash table beats a dense array. */
#define MAX_DENSE_CELLS (1u << 20)

struct _GwCasePoints
{
  GObject parent_instance;
  GwCaseModel *model;
  GwCaseFilter *filter;
  GArray *points;           /* of GwCasePoint */
  guint n_shown;
  gint64 fixed_now;         /* tests set the clock; 0 is the real one */
};

G_DEFINE_FINAL_TYPE (GwCasePoints, gw_case_points, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GwCaseSymbol
gw_case_symbol_for_category (const char *category)
{
  /* Codes are kind (C or E), major class, minor class: "E0301". */
  if (category == NULL || category[0] == '\0')
    return GW_CASE_SYMBOL_CIRCLE;
  if (category[0] == 'C')
    return GW_CASE_SYMBOL_SQUARE;
  if (g_str_has_prefix (category, "E02") || g_str_has_prefix (category, "E04"))
    return GW_CASE_SYMBOL_DIAMOND;
  if (g_str_has_prefix (category, "E03"))
    return GW_CASE_SYMBOL_TRIANGLE;
  if (g_str_has_prefix (category, "E05"))
    return GW_CASE_SYMBOL_STAR;
  return GW_CASE_SYMBOL_CIRCLE;
}

gint64
gw_case_points_get_now (GwCasePoints *self)
{
  g_return_val_if_fail (GW_IS_CASE_POINTS (self), 0);
  return self->fixed_now ? self->fixed_now : g_get_real_time () / G_USEC_PER_SEC;
}

static guint8
flags_for (GwCasePoints *self,
           GwCase       *kase,
           gint64        now)
{
  guint8 flags = 0;

  if (gw_case_get_data (kase)->urgent)
    flags |= GW_CASE_POINT_URGENT;
  if (gw_case_is_overdue (kase, now))
    flags |= GW_CASE_POINT_OVERDUE;
  if (gw_case_is_due_soon (kase, now))
    flags |= GW_CASE_POINT_DUE_SOON;
  {
    GwEscalation *escalation = gw_case_data_get_escalation (gw_case_get_data (kase));

    /* A proposal is not an escalation yet. */
    if (escalation && gw_escalation_is_open (escalation) && escalation->state != GW_ESCALATION_PROPOSED)
      flags |= GW_CASE_POINT_ESCALATED;
  }
  /* Worth a look before dispatching, not once it is settled. */
  if (gw_case_get_data (kase)->possible_duplicates && gw_case_get_data (kase)->possible_duplicates[0] &&
      gw_case_status_is_running (gw_case_get_status (kase)))
    flags |= GW_CASE_POINT_DUPLICATE;
  /* A case whose place is unknown has only a stand-in point: it waits
   * in the queue's "Location Unknown" view, not on the map. */
  if (gw_case_filter_match (self->filter, kase, now) && gw_case_get_data (kase)->location != GW_CASE_LOCATION_UNKNOWN)
    flags |= GW_CASE_POINT_SHOWN;
  return flags;
}

static void
set_point (GwCasePoints *self,
           guint         position,
           gint64        now)
{
  GwCase *kase = gw_case_model_get (self->model, position);
  const GwCaseData *d = gw_case_get_data (kase);
  GwCasePoint *p = &g_array_index (self->points, GwCasePoint, position);

  if (p->flags & GW_CASE_POINT_SHOWN)
    self->n_shown--;
  p->x = gw_mercator_x_from_lon (d->lon);
  p->y = gw_mercator_y_from_lat (d->lat);
  p->deadline = gw_case_get_deadline_unix (kase);
  p->status = d->status;
  p->symbol = gw_case_symbol_for_category (d->category);
  p->flags = flags_for (self, kase, now);
  if (p->flags & GW_CASE_POINT_SHOWN)
    self->n_shown++;
}

static void
on_items_changed (GwCasePoints *self,
                  guint         position,
                  guint         removed,
                  guint         added)
{
  guint size = gw_case_model_get_size (self->model);
  gint64 now = gw_case_points_get_now (self);
  /* The model only grows at its end or replaces in place; new cases
   * need points of their own, not everyone's again. Anything else is a
   * new model's worth of cases. */
  gboolean appended = removed == 0 && position <= self->points->len && position + added == size;
  gboolean replaced = removed == added && position + added <= size;

  if (!appended && !replaced)
    {
      g_array_set_size (self->points, 0);
      self->n_shown = 0;
      position = 0;
      added = size;
    }
  if (self->points->len < size)
    {
      guint old = self->points->len;

      g_array_set_size (self->points, size);
      memset (&g_array_index (self->points, GwCasePoint, old), 0, (size - old) * sizeof (GwCasePoint));
    }

  for (guint i = position; i < position + added; i++)
    set_point (self, i, now);

  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
refilter (GwCasePoints *self,
          gboolean      flags_only_for_time)
{
  gint64 now = gw_case_points_get_now (self);
  gboolean any = FALSE;

  if (flags_only_for_time && !gw_case_filter_depends_on_time (self->filter))
    {
      /* Only overdue and due soon change with the clock. */
      for (guint i = 0; i < self->points->len; i++)
        {
          GwCasePoint *p = &g_array_index (self->points, GwCasePoint, i);
          gboolean running = gw_case_status_is_running (p->status);
          gboolean overdue = p->deadline > 0 && p->deadline < now && running;
          gboolean due_soon = p->deadline > now && p->deadline - now <= GW_CASE_DUE_SOON_SECONDS && running;
          guint8 flags = (p->flags & ~(GW_CASE_POINT_OVERDUE | GW_CASE_POINT_DUE_SOON)) |
                         (overdue ? GW_CASE_POINT_OVERDUE : 0) | (due_soon ? GW_CASE_POINT_DUE_SOON : 0);

          any |= flags != p->flags;
          p->flags = flags;
        }
      return any;
    }

  self->n_shown = 0;
  for (guint i = 0; i < self->points->len; i++)
    {
      GwCasePoint *p = &g_array_index (self->points, GwCasePoint, i);
      guint8 flags = flags_for (self, gw_case_model_get (self->model, i), now);

      any |= flags != p->flags;
      p->flags = flags;
      self->n_shown += (flags & GW_CASE_POINT_SHOWN) != 0;
    }
  return any;
}

static void
on_filter_changed (GwCasePoints *self)
{
  refilter (self, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Cases go overdue, and fall out of a time window, as the clock runs. */
gboolean
gw_case_points_refresh_time (GwCasePoints *self)
{
  g_return_val_if_fail (GW_IS_CASE_POINTS (self), FALSE);

  if (!refilter (self, TRUE))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
gw_case_points_dispose (GObject *object)
{
  GwCasePoints *self = (GwCasePoints *) object;

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->filter)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (gw_case_points_parent_class)->dispose (object);
}

static void
gw_case_points_class_init (GwCasePointsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_case_points_dispose;

  /* Some point moved, changed style, or was shown or hidden. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_case_points_init (GwCasePoints *self)
{
  self->points = g_array_new (FALSE, TRUE, sizeof (GwCasePoint));
}

GwCasePoints *
gw_case_points_new (GwCaseModel  *model,
                    GwCaseFilter *filter)
{
  GwCasePoints *self;

  g_return_val_if_fail (GW_IS_CASE_MODEL (model), NULL);
  g_return_val_if_fail (GW_IS_CASE_FILTER (filter), NULL);

  self = g_object_new (GW_TYPE_CASE_POINTS, NULL);
  self->model = g_object_ref (model);
  self->filter = g_object_ref (filter);
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect_swapped (filter, "changed", G_CALLBACK (on_filter_changed), self);
  if (gw_case_model_get_size (model) > 0)
    on_items_changed (self, 0, 0, gw_case_model_get_size (model));
  return self;
}

const GwCasePoint *
gw_case_points_get (GwCasePoints *self,
                    guint        *n_points)
{
  g_return_val_if_fail (GW_IS_CASE_POINTS (self), NULL);

  *n_points = self->points->len;
  return (const GwCasePoint *) self->points->data;
}

guint
gw_case_points_get_n_shown (GwCasePoints *self)
{
  g_return_val_if_fail (GW_IS_CASE_POINTS (self), 0);
  return self->n_shown;
}

GwCaseModel *
gw_case_points_get_model (GwCasePoints *self)
{
  g_return_val_if_fail (GW_IS_CASE_POINTS (self), NULL);
  return self->model;
}

void
gw_case_points_set_now (GwCasePoints *self,
                        gint64        now_unix)
{
  g_return_if_fail (GW_IS_CASE_POINTS (self));

  self->fixed_now = now_unix;
  gw_case_points_refresh_time (self);
}

static void
add_to_cluster (GwCaseCluster     *c,
                const GwCasePoint *p,
                guint              index)
{
  if (c->count == 0)
    {
      c->first = index;
      c->min_x = c->max_x = p->x;
      c->min_y = c->max_y = p->y;
    }
  c->count++;
  /* Sums now, means at the end. */
  c->x += p->x;
  c->y += p->y;
  c->min_x = MIN (c->min_x, p->x);
  c->max_x = MAX (c->max_x, p->x);
  c->min_y = MIN (c->min_y, p->y);
  c->max_y = MAX (c->max_y, p->y);
  c->n_urgent += (p->flags & GW_CASE_POINT_URGENT) != 0;
  c->n_overdue += (p->flags & GW_CASE_POINT_OVERDUE) != 0;
  c->n_new += p->status == GW_CASE_STATUS_REPORTED;
}

/* Appends to @clusters (of GwCaseCluster) one cluster per non-empty cell
 * of level @level that holds a shown case inside the given Mercator box. */
void
gw_case_points_cluster (GwCasePoints *self,
                        int           level,
                        double        min_x,
                        double        min_y,
                        double        max_x,
                        double        max_y,
                        GArray       *clusters)
{
  double cells = ldexp (1.0, CLAMP (level, 0, 30));
  gint64 first_col = (gint64) floor (CLAMP (min_x, 0, 1) * cells);
  gint64 first_row = (gint64) floor (CLAMP (min_y, 0, 1) * cells);
  gint64 cols = (gint64) floor (CLAMP (max_x, 0, 1) * cells) - first_col + 1;
  gint64 rows = (gint64) floor (CLAMP (max_y, 0, 1) * cells) - first_row + 1;
  gboolean dense = cols * rows <= MAX_DENSE_CELLS;
  g_autofree gint32 *cell_index = NULL;
  g_autoptr(GHashTable) sparse = NULL;
  guint first_new = clusters->len;

  g_return_if_fail (GW_IS_CASE_POINTS (self));
  g_return_if_fail (g_array_get_element_size (clusters) == sizeof (GwCaseCluster));

  if (dense)
    {
      cell_index = g_new (gint32, cols * rows);
      memset (cell_index, 0xff, sizeof (gint32) * cols * rows);
    }
  else
    sparse = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < self->points->len; i++)
    {
      const GwCasePoint *p = &g_array_index (self->points, GwCasePoint, i);
      gint64 col, row, key;
      gint32 slot;

      if (!(p->flags & GW_CASE_POINT_SHOWN) || p->x < min_x || p->x > max_x || p->y < min_y || p->y > max_y)
        continue;

      col = MIN ((gint64) (p->x * cells), (gint64) cells - 1) - first_col;
      row = MIN ((gint64) (p->y * cells), (gint64) cells - 1) - first_row;
      key = row * cols + col;

      if (dense)
        slot = cell_index[key];
      else
        {
          gpointer value;

          slot = g_hash_table_lookup_extended (sparse, &key, NULL, &value) ? GPOINTER_TO_INT (value) : -1;
        }

      if (slot < 0)
        {
          GwCaseCluster empty = { 0 };

          slot = clusters->len - first_new;
          g_array_append_val (clusters, empty);
          if (dense)
            cell_index[key] = slot;
          else
            {
              gint64 *stored = g_new (gint64, 1);

              *stored = key;
              g_hash_table_insert (sparse, stored, GINT_TO_POINTER (slot));
            }
        }
      add_to_cluster (&g_array_index (clusters, GwCaseCluster, first_new + slot), p, i);
    }

  if (sparse)
    {
      /* The keys were allocated one by one above. */
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, sparse);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_free (key);
    }

  for (guint i = first_new; i < clusters->len; i++)
    {
      GwCaseCluster *c = &g_array_index (clusters, GwCaseCluster, i);

      c->x /= c->count;
      c->y /= c->count;
    }
}
