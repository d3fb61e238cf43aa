/* gw-case-list.c: the live cases, newest first
 *
 * The rows show GwCaseListItems, which stay the same while their cases
 * get new versions: a change to a case changes the text of its row,
 * through the row's bindings, and GTK keeps the row widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-list"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-list.h"
#include "gw-case-list-model.h"
#include "gw-case-list-row.h"
#include "gw-drip-model.h"

struct _GwCaseList
{
  GtkWidget parent_instance;
  GtkWidget *scroller;
  GtkListView *list_view;
  GtkSingleSelection *selection;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GwDripModel *drip;       /* the rows built a screenful per turn */
  GtkCustomFilter *custom_filter;
  GwCaseListModel *items;
  GwCaseFilter *filter;
  char *selected_id;       /* the case last selected, by a user or by a call */
  gboolean can_act;
};

G_DEFINE_FINAL_TYPE (GwCaseList, gw_case_list, GTK_TYPE_WIDGET)

/* A change of this many cases is filtered and sorted between frames. */
#define INCREMENTAL_FROM 5000

enum {
  CASE_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CAN_ACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A row for life: it shows whatever item the list item holds, and offers
 * Accept when the list does. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GwCaseList *self = user_data;
  GtkWidget *row = g_object_new (GW_TYPE_CASE_LIST_ROW, NULL);
  g_autoptr(GtkExpression) shown = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");

  gtk_expression_bind (g_steal_pointer (&shown), row, "item", item);
  g_object_bind_property (self, "can-act", row, "can-act", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
}

static GwCase *
case_of (gpointer item)
{
  return gw_case_list_item_get_case (GW_CASE_LIST_ITEM (item));
}

/* "selected" moves with the selected row's position too, and a new case
 * arriving above it moves it: only another case is news. Otherwise the
 * map, which shows the selected case, went back to it on every arrival,
 * undoing whatever the user had zoomed to. */
static void
on_selected (GwCaseList *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);
  const char *id = item ? gw_case_get_id (case_of (item)) : NULL;

  if (g_strcmp0 (id, self->selected_id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  if (id != NULL)
    g_signal_emit (self, signals[CASE_SELECTED], 0, id);
}

static gboolean
match_case (gpointer item,
            gpointer user_data)
{
  GwCaseList *self = user_data;

  return self->filter == NULL ||
         gw_case_filter_match (self->filter, case_of (item), g_get_real_time () / G_USEC_PER_SEC);
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  GwCase *ca = case_of ((gpointer) a), *cb = case_of ((gpointer) b);
  gint64 ta = gw_case_get_reported_unix (ca), tb = gw_case_get_reported_unix (cb);

  if (ta != tb)
    return ta > tb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return -g_strcmp0 (gw_case_get_id (ca), gw_case_get_id (cb));
}

static void
on_filter_changed (GwCaseList *self)
{
  gtk_filter_changed (GTK_FILTER (self->custom_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The list shows @cases as @filter lets through, newest first; both are
 * shared with the map. */
void
gw_case_list_set_model (GwCaseList   *self,
                        GListModel   *cases,
                        GwCaseFilter *filter)
{
  g_return_if_fail (GW_IS_CASE_LIST (self));

  if (self->filter)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_set_object (&self->filter, filter);
  if (filter)
    g_signal_connect_swapped (filter, "changed", G_CALLBACK (on_filter_changed), self);
  gw_case_list_model_set_cases (self->items, cases);
  on_filter_changed (self);
}

/* Where the rows find the names of categories and grids. */
void
gw_case_list_set_reference_data (GwCaseList      *self,
                                 GwReferenceData *reference)
{
  g_return_if_fail (GW_IS_CASE_LIST (self));

  gw_case_list_model_set_reference_data (self->items, reference);
}

/* Time passed: overdue and time windows may let other cases through. */
void
gw_case_list_refilter (GwCaseList *self)
{
  g_return_if_fail (GW_IS_CASE_LIST (self));

  if (self->filter && gw_case_filter_depends_on_time (self->filter))
    on_filter_changed (self);
}

void
gw_case_list_set_can_act (GwCaseList *self,
                          gboolean    can_act)
{
  g_return_if_fail (GW_IS_CASE_LIST (self));

  can_act = !!can_act;
  if (self->can_act == can_act)
    return;
  self->can_act = can_act;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ACT]);
}

void
gw_case_list_select (GwCaseList *self,
                     const char *case_id)
{
  guint n;

  g_return_if_fail (GW_IS_CASE_LIST (self));

  gw_drip_model_flush (self->drip);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwCaseListItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (g_strcmp0 (gw_case_get_id (gw_case_list_item_get_case (item)), case_id) == 0)
        {
          g_signal_handlers_block_by_func (self->selection, on_selected, self);
          gtk_single_selection_set_selected (self->selection, i);
          g_signal_handlers_unblock_by_func (self->selection, on_selected, self);
          g_free (self->selected_id);
          self->selected_id = g_strdup (case_id);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return;
        }
    }
}

/* The cases in the list's rows: a long list's first rows come a
 * screenful per main-loop turn. */
guint
gw_case_list_get_n_cases (GwCaseList *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->drip));
}

static void
gw_case_list_dispose (GObject *object)
{
  GwCaseList *self = (GwCaseList *) object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  if (self->filter)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
  g_clear_object (&self->selection);
  g_clear_object (&self->drip);
  g_clear_object (&self->items);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (gw_case_list_parent_class)->dispose (object);
}

static void
gw_case_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CAN_ACT:
      g_value_set_boolean (value, GW_CASE_LIST (object)->can_act);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CAN_ACT:
      gw_case_list_set_can_act (GW_CASE_LIST (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_list_class_init (GwCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gw_case_list_get_property;
  object_class->set_property = gw_case_list_set_property;
  object_class->dispose = gw_case_list_dispose;

  /* The user may take cases in: the rows offer Accept. */
  properties[PROP_CAN_ACT] =
    g_param_spec_boolean ("can-act", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user picked a case in the list. */
  signals[CASE_SELECTED] =
    g_signal_new ("case-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-case-list");
}

/* A pull's 100,000 cases are filtered and sorted a slice per main-loop
 * turn rather than in one stall of the window. Only then: filtered
 * incrementally, a case's new version would leave the list and come back
 * (a new row), where it now keeps its row. */
static void
on_items_changing (GwCaseList *self,
                   guint       position,
                   guint       removed,
                   guint       added)
{
  if (added < INCREMENTAL_FROM)
    return;
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);
}

/* Done with the many: one case at a time again. */
static void
on_pending (GwCaseList *self)
{
  if (gtk_filter_list_model_get_pending (self->filtered) > 0)
    return;
  gtk_filter_list_model_set_incremental (self->filtered, FALSE);
  if (gtk_sort_list_model_get_pending (self->sorted) == 0)
    gtk_sort_list_model_set_incremental (self->sorted, FALSE);
}

static void
gw_case_list_init (GwCaseList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->items = gw_case_list_model_new ();
  /* Before the filter's own handler: it must know in time. */
  g_signal_connect_swapped (self->items, "items-changed", G_CALLBACK (on_items_changing), self);
  self->custom_filter = gtk_custom_filter_new (match_case, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                              GTK_FILTER (self->custom_filter));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                          GTK_SORTER (gtk_custom_sorter_new (newest_first, NULL, NULL)));
  g_signal_connect_swapped (self->filtered, "notify::pending", G_CALLBACK (on_pending), self);
  g_signal_connect_swapped (self->sorted, "notify::pending", G_CALLBACK (on_pending), self);
  self->drip = gw_drip_model_new (G_LIST_MODEL (self->sorted));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->drip)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selected), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection)),
                                                      g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cases"), -1);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->list_view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}
