/* gw-sliced-sort.c: a merge sort of positions that stops and resumes
 *
 * Sorting 100,000 cases takes a tenth of a second or more on the main
 * thread, where the comparisons must run (the column view's sorter is a
 * GTK object). Done in slices of a few milliseconds between frames, the
 * window keeps drawing: blocks are sorted first, then merged bottom-up,
 * pass after pass, each merge resumable at any element. Stable, like
 * g_array_sort_with_data, so equal cases keep the order they came in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-sliced-sort"

#include "config.h"

#include "gw-sliced-sort.h"

/* Sorted whole at first: a block's sort is well under a millisecond. */
#define BLOCK 512
/* How many elements between two looks at the clock. */
#define CHECK_EVERY 256

struct _GwSlicedSort
{
  GCompareDataFunc compare;
  gpointer user_data;
  GArray *from;             /* of guint: the current pass reads here */
  GArray *to;               /* and writes here */
  guint n;
  guint width;              /* of the runs merged in this pass; 0: blocks */
  guint start;              /* of the pair of runs being merged */
  guint left, right, out;   /* where that merge is */
  guint blocks_done;
};

GwSlicedSort *
gw_sliced_sort_new (GArray           *positions,
                    GCompareDataFunc  compare,
                    gpointer          user_data)
{
  GwSlicedSort *self = g_new0 (GwSlicedSort, 1);

  self->compare = compare;
  self->user_data = user_data;
  self->from = g_array_ref (positions);
  self->n = positions->len;
  self->to = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->n);
  g_array_set_size (self->to, self->n);
  return self;
}

void
gw_sliced_sort_free (GwSlicedSort *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->from, g_array_unref);
  g_clear_pointer (&self->to, g_array_unref);
  g_free (self);
}

static void
begin_merge (GwSlicedSort *self)
{
  self->left = self->out = self->start;
  self->right = MIN (self->start + self->width, self->n);
}

/* Merges on from where it stopped; TRUE when the pass is done. */
static gboolean
merge_some (GwSlicedSort *self,
            guint         count)
{
  guint *from = (guint *) self->from->data, *to = (guint *) self->to->data;

  while (count > 0 && self->start < self->n)
    {
      guint middle = MIN (self->start + self->width, self->n);
      guint end = MIN (self->start + 2 * self->width, self->n);

      for (; count > 0 && self->out < end; count--)
        {
          /* Ties take the left run's first: the sort stays stable. */
          if (self->right >= end ||
              (self->left < middle && self->compare (&from[self->left], &from[self->right], self->user_data) <= 0))
            to[self->out++] = from[self->left++];
          else
            to[self->out++] = from[self->right++];
        }
      if (self->out == end)
        {
          self->start = end;
          begin_merge (self);
        }
    }
  return self->start >= self->n;
}

/* Works for about @budget_us; TRUE when the positions are sorted. */
gboolean
gw_sliced_sort_step (GwSlicedSort *self,
                     gint64        budget_us)
{
  gint64 until = g_get_monotonic_time () + budget_us;

  g_return_val_if_fail (self != NULL, TRUE);

  while (self->width == 0)
    {
      guint first = self->blocks_done * BLOCK;

      if (first >= self->n)
        {
          self->width = BLOCK;
          self->start = 0;
          begin_merge (self);
          break;
        }
      g_qsort_with_data (&g_array_index (self->from, guint, first), MIN (BLOCK, self->n - first),
                         sizeof (guint), self->compare, self->user_data);
      self->blocks_done++;
      if (g_get_monotonic_time () > until)
        return FALSE;
    }

  while (self->width < self->n)
    {
      if (merge_some (self, CHECK_EVERY))
        {
          GArray *swap = self->from;

          self->from = self->to;
          self->to = swap;
          self->width *= 2;
          self->start = 0;
          begin_merge (self);
        }
      if (g_get_monotonic_time () > until)
        return self->width >= self->n;
    }
  return TRUE;
}

/* The sorted positions, once gw_sliced_sort_step() said so. */
GArray *
gw_sliced_sort_steal (GwSlicedSort *self)
{
  g_return_val_if_fail (self != NULL && self->width >= self->n, NULL);
  return g_steal_pointer (&self->from);
}
