/* gw-case-list-model.c: the cases as GwCaseListItems that keep their identity
 *
 * A list of GwCase announces a new version of a case as the old object
 * removed and a new one added, and GTK's list views make a new row widget
 * for a new object. This model stands between: one GwCaseListItem per
 * position, made when first asked for, that is given each new version of
 * its case. The change is still announced, with the same item in and out,
 * so that filters and sorters look at the case again; the list view finds
 * the item it already shows and keeps its row, whose labels follow the
 * item's properties.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-list-model"

#include "config.h"

#include "gw-case-list-model.h"

struct _GwCaseListModel
{
  GObject parent_instance;

  GListModel *cases;            /* of GwCase */
  GPtrArray *items;             /* of GwCaseListItem or NULL, by position */
  GHashTable *category_names;
  GHashTable *grid_names;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwCaseListModel, gw_case_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return GW_TYPE_CASE_LIST_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return GW_CASE_LIST_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GwCaseListModel *self = GW_CASE_LIST_MODEL (model);
  GwCaseListItem *item;

  if (position >= self->items->len)
    return NULL;
  item = g_ptr_array_index (self->items, position);
  if (item == NULL)
    {
      g_autoptr(GwCase) kase = g_list_model_get_item (self->cases, position);

      item = gw_case_list_item_new (kase);
      gw_case_list_item_set_names (item, self->category_names, self->grid_names);
      g_ptr_array_index (self->items, position) = item;
    }
  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
on_cases_changed (GwCaseListModel *self,
                  guint            position,
                  guint            removed,
                  guint            added)
{
  if (removed == added)
    {
      /* New versions: the same items, with their new cases. */
      for (guint i = position; i < position + added; i++)
        {
          GwCaseListItem *item = g_ptr_array_index (self->items, i);
          g_autoptr(GwCase) kase = NULL;

          if (item == NULL)
            continue;
          kase = g_list_model_get_item (self->cases, i);
          gw_case_list_item_set_case (item, kase);
        }
    }
  else
    {
      g_ptr_array_remove_range (self->items, position, removed);
      for (guint i = 0; i < added; i++)
        g_ptr_array_insert (self->items, position + i, NULL);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* @cases: of GwCase. */
void
gw_case_list_model_set_cases (GwCaseListModel *self,
                              GListModel      *cases)
{
  guint removed;

  g_return_if_fail (GW_IS_CASE_LIST_MODEL (self));
  g_return_if_fail (cases == NULL || G_IS_LIST_MODEL (cases));

  if (self->cases)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_set_object (&self->cases, cases);
  removed = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->items, cases ? g_list_model_get_n_items (cases) : 0);
  if (cases)
    g_signal_connect_swapped (cases, "items-changed", G_CALLBACK (on_cases_changed), self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
}

/* Whether @held, the model's copy, says what @names says. */
static gboolean
same_names (GHashTable *held,
            GHashTable *names)
{
  GHashTableIter iter;
  gpointer code, name;

  if (held == NULL || names == NULL)
    return held == names;
  if (g_hash_table_size (held) != g_hash_table_size (names))
    return FALSE;
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &code, &name))
    if (g_strcmp0 (g_hash_table_lookup (held, code), name) != 0)
      return FALSE;
  return TRUE;
}

/* A copy: the window fills its tables again in place. */
static GHashTable *
copy_names (GHashTable *names)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer code, name;

  if (names == NULL)
    return NULL;
  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &code, &name))
    g_hash_table_insert (copy, g_strdup (code), g_strdup (name));
  return copy;
}

/* Names for the items' texts: categories and grids by code. They come
 * again with every read of the cases, mostly unchanged; telling every
 * row to redo its texts then would stall the window for nothing. */
void
gw_case_list_model_set_names (GwCaseListModel *self,
                              GHashTable      *category_names,
                              GHashTable      *grid_names)
{
  g_return_if_fail (GW_IS_CASE_LIST_MODEL (self));

  if (same_names (self->category_names, category_names) && same_names (self->grid_names, grid_names))
    return;
  g_clear_pointer (&self->category_names, g_hash_table_unref);
  g_clear_pointer (&self->grid_names, g_hash_table_unref);
  self->category_names = copy_names (category_names);
  self->grid_names = copy_names (grid_names);
  for (guint i = 0; i < self->items->len; i++)
    if (g_ptr_array_index (self->items, i))
      gw_case_list_item_set_names (g_ptr_array_index (self->items, i), self->category_names, self->grid_names);
}

static void
gw_case_list_model_dispose (GObject *object)
{
  GwCaseListModel *self = GW_CASE_LIST_MODEL (object);

  if (self->cases)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_clear_object (&self->cases);
  g_clear_pointer (&self->category_names, g_hash_table_unref);
  g_clear_pointer (&self->grid_names, g_hash_table_unref);

  G_OBJECT_CLASS (gw_case_list_model_parent_class)->dispose (object);
}

static void
gw_case_list_model_finalize (GObject *object)
{
  g_ptr_array_unref (GW_CASE_LIST_MODEL (object)->items);

  G_OBJECT_CLASS (gw_case_list_model_parent_class)->finalize (object);
}

static void
gw_case_list_model_class_init (GwCaseListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_case_list_model_dispose;
  object_class->finalize = gw_case_list_model_finalize;
}

/* g_object_unref would not take the NULLs of items never asked for. */
static void
item_free (gpointer item)
{
  if (item)
    g_object_unref (item);
}

static void
gw_case_list_model_init (GwCaseListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (item_free);
}

GwCaseListModel *
gw_case_list_model_new (void)
{
  return g_object_new (GW_TYPE_CASE_LIST_MODEL, NULL);
}
