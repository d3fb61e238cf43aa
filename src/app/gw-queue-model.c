/* gw-queue-model.c: the cases a queue shows, sorted, then filtered
 *
 * GtkFilterListModel and GtkSortListModel reach every case through
 * GListModel, a reference and a type check each; over 100,000 cases a
 * filter change cost a large part of a second. This model keeps the
 * cases' positions in the GwCaseModel in two plain arrays: all of them in
 * the sorter's order, and those that match. A filter change walks the
 * first array once; a sort happens only when the cases or the sorting
 * change. Only the changed middle of the list is announced, so rows
 * that stay at the top are not rebuilt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-model"

#include "config.h"

#include "gw-queue-model.h"

struct _GwQueueModel
{
  GObject parent_instance;
  GwCaseModel *base;
  GtkSorter *sorter;
  GwQueueMatch match;
  gpointer match_data;
  GArray *order;            /* of guint: every position, sorted */
  GArray *shown;            /* of guint: the matching ones, in order */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwQueueModel, gw_queue_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return GW_TYPE_CASE;
}

static guint
get_n_items (GListModel *model)
{
  return GW_QUEUE_MODEL (model)->shown->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GwQueueModel *self = GW_QUEUE_MODEL (model);

  if (position >= self->shown->len || self->base == NULL)
    return NULL;
  return g_object_ref (gw_case_model_get (self->base, g_array_index (self->shown, guint, position)));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  GwQueueModel *self = user_data;
  guint pa = *(const guint *) a, pb = *(const guint *) b;
  int result = gtk_sorter_compare (self->sorter, gw_case_model_get (self->base, pa), gw_case_model_get (self->base, pb));

  return result != 0 ? result : (pa < pb ? -1 : pa > pb);
}

static void
sort (GwQueueModel *self)
{
  guint n = self->base ? gw_case_model_get_size (self->base) : 0;

  g_array_set_size (self->order, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->order, guint, i) = i;
  if (self->sorter && gtk_sorter_get_order (self->sorter) != GTK_SORTER_ORDER_NONE)
    g_array_sort_with_data (self->order, compare_positions, self);
}

/* Recomputes what matches and announces only what changed in between
 * the unchanged start and end of the list. */
void
gw_queue_model_refilter (GwQueueModel *self)
{
  g_autoptr(GArray) old = NULL;
  guint prefix = 0, suffix = 0;

  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  old = self->shown;
  self->shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), old->len);
  for (guint i = 0; i < self->order->len; i++)
    {
      guint position = g_array_index (self->order, guint, i);

      if (self->match == NULL || self->match (gw_case_model_get (self->base, position), self->match_data))
        g_array_append_val (self->shown, position);
    }

  while (prefix < old->len && prefix < self->shown->len &&
         g_array_index (old, guint, prefix) == g_array_index (self->shown, guint, prefix))
    prefix++;
  while (suffix < old->len - prefix && suffix < self->shown->len - prefix &&
         g_array_index (old, guint, old->len - 1 - suffix) ==
         g_array_index (self->shown, guint, self->shown->len - 1 - suffix))
    suffix++;

  if (old->len - prefix - suffix > 0 || self->shown->len - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                                self->shown->len - prefix - suffix);
}

static void
on_base_changed (GwQueueModel *self,
                 guint         position,
                 guint         removed,
                 guint         added)
{
  sort (self);
  gw_queue_model_refilter (self);

  /* Replaced cases that stay where they were still show new data. */
  for (guint i = 0; i < self->shown->len && removed == added; i++)
    {
      guint p = g_array_index (self->shown, guint, i);

      if (p >= position && p < position + added)
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
    }
}

static void
on_sorter_changed (GwQueueModel *self)
{
  sort (self);
  gw_queue_model_refilter (self);
}

static void
gw_queue_model_dispose (GObject *object)
{
  GwQueueModel *self = (GwQueueModel *) object;

  gw_queue_model_set_base (self, NULL);
  gw_queue_model_set_sorter (self, NULL);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->shown, g_array_unref);

  G_OBJECT_CLASS (gw_queue_model_parent_class)->dispose (object);
}

static void
gw_queue_model_class_init (GwQueueModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_queue_model_dispose;
}

static void
gw_queue_model_init (GwQueueModel *self)
{
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
}

GwQueueModel *
gw_queue_model_new (GwQueueMatch match,
                    gpointer     user_data)
{
  GwQueueModel *self = g_object_new (GW_TYPE_QUEUE_MODEL, NULL);

  self->match = match;
  self->match_data = user_data;
  return self;
}

void
gw_queue_model_set_base (GwQueueModel *self,
                         GwCaseModel  *base)
{
  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  if (self->base)
    g_signal_handlers_disconnect_by_data (self->base, self);
  g_set_object (&self->base, base);
  if (base)
    g_signal_connect_swapped (base, "items-changed", G_CALLBACK (on_base_changed), self);
  if (self->order)
    {
      sort (self);
      gw_queue_model_refilter (self);
    }
}

void
gw_queue_model_set_sorter (GwQueueModel *self,
                           GtkSorter    *sorter)
{
  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  if (self->sorter)
    g_signal_handlers_disconnect_by_data (self->sorter, self);
  g_set_object (&self->sorter, sorter);
  if (sorter)
    g_signal_connect_swapped (sorter, "changed", G_CALLBACK (on_sorter_changed), self);
  if (self->order)
    on_sorter_changed (self);
}
