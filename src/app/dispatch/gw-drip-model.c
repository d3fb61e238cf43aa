/* gw-drip-model.c: a list that lets a list view build its rows a few at a time
 *
 * GTK 4.8's list views build a row widget for each of the first two
 * hundred or so items in the main-loop turn that brings them: the case
 * list's first fill during a pull, or its return from a filter that left
 * few cases, built two hundred rows of labels in one iteration, a
 * tenth to a quarter of a second. This model passes its model's items
 * through, but while it holds fewer than the rows GTK builds, it lets
 * the list grow by a screenful per main-loop turn; the order and the
 * items are the model's. Past that, every change passes through as it
 * comes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-drip-model"

#include "config.h"

#include <gtk/gtk.h>

#include "gw-drip-model.h"

/* GTK_LIST_VIEW_MAX_LIST_ITEMS and the few around its trackers. */
#define BUILT_ROWS 205
/* Rows built in one main-loop turn: a screenful, a few milliseconds. */
#define ROWS_PER_TURN 20

struct _GwDripModel
{
  GObject parent_instance;
  GListModel *model;
  guint shown;        /* while dripping: the items the list has */
  gboolean dripping;
  guint grow_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwDripModel, gw_drip_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (GW_DRIP_MODEL (model)->model);
}

static guint
get_n_items (GListModel *model)
{
  GwDripModel *self = GW_DRIP_MODEL (model);

  return self->dripping ? self->shown : g_list_model_get_n_items (self->model);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GwDripModel *self = GW_DRIP_MODEL (model);

  if (position >= get_n_items (model))
    return NULL;
  return g_list_model_get_item (self->model, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* One more screenful; all of it once the rows GTK builds are there. */
static gboolean
grow (gpointer user_data)
{
  GwDripModel *self = user_data;
  guint n = g_list_model_get_n_items (self->model);
  guint old = self->shown;
  gboolean more;

  self->shown = MIN (n, old + ROWS_PER_TURN);
  if (self->shown >= BUILT_ROWS)
    {
      self->dripping = FALSE;
      self->shown = n;
    }
  more = self->shown < n;
  if (!more)
    self->grow_id = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->shown - old);
  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
on_items_changed (GwDripModel *self,
                  guint        position,
                  guint        removed,
                  guint        added)
{
  guint n = g_list_model_get_n_items (self->model);
  guint old = self->shown;

  if (!self->dripping)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      /* Few enough that the next many would all be new rows. */
      if (n < BUILT_ROWS)
        {
          self->dripping = TRUE;
          self->shown = n;
        }
      return;
    }
  /* Dripping: the items past those shown wait their turn; those shown
   * from @position on may all have changed. */
  self->shown = MIN (self->shown, n);
  if (position < old)
    g_list_model_items_changed (G_LIST_MODEL (self), position, old - position, self->shown - position);
  if (self->shown < n && self->grow_id == 0)
    self->grow_id = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, grow, self, NULL);
}

static void
gw_drip_model_dispose (GObject *object)
{
  GwDripModel *self = GW_DRIP_MODEL (object);

  g_clear_handle_id (&self->grow_id, g_source_remove);
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (gw_drip_model_parent_class)->dispose (object);
}

static void
gw_drip_model_class_init (GwDripModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_drip_model_dispose;
}

static void
gw_drip_model_init (GwDripModel *self)
{
}

/* Takes @model. */
GwDripModel *
gw_drip_model_new (GListModel *model)
{
  GwDripModel *self = g_object_new (GW_TYPE_DRIP_MODEL, NULL);

  self->model = model;
  self->dripping = TRUE;
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_items_changed), self);
  on_items_changed (self, 0, 0, g_list_model_get_n_items (model));
  return self;
}

/* Every item now, for callers that need the list whole. */
void
gw_drip_model_flush (GwDripModel *self)
{
  g_return_if_fail (GW_IS_DRIP_MODEL (self));

  if (self->grow_id == 0)
    return;
  g_clear_handle_id (&self->grow_id, g_source_remove);
  while (grow (self) == G_SOURCE_CONTINUE)
    ;
}
