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
  GwReferenceData *reference;   /* the items' names */
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
      gw_case_list_item_set_reference_data (item, self->reference);
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

/* Names are read again only when the town's reference data changed, not
 * with every read of the cases: only then do the rows redo their texts. */
static void
on_names_changed (GwCaseListModel *self)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_ptr_array_index (self->items, i))
      gw_case_list_item_names_changed (g_ptr_array_index (self->items, i));
}

/* Where the items' texts find the names of categories and grids. */
void
gw_case_list_model_set_reference_data (GwCaseListModel *self,
                                       GwReferenceData *reference)
{
  g_return_if_fail (GW_IS_CASE_LIST_MODEL (self));

  if (!gw_reference_data_follow (&self->reference, reference, self, G_CALLBACK (on_names_changed)))
    return;
  for (guint i = 0; i < self->items->len; i++)
    if (g_ptr_array_index (self->items, i))
      gw_case_list_item_set_reference_data (g_ptr_array_index (self->items, i), reference);
}

static void
gw_case_list_model_dispose (GObject *object)
{
  GwCaseListModel *self = GW_CASE_LIST_MODEL (object);

  if (self->cases)
    g_signal_handlers_disconnect_by_data (self->cases, self);
  g_clear_object (&self->cases);
  gw_reference_data_follow (&self->reference, NULL, self, NULL);

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
