/* gw-grid-sidebar.c: the grid hierarchy as a searchable tree
 *
 * Browsing shows the tree as deep as the data (county > towns > management
 * areas > communities > unit grids, 3 to 6 levels);
 * searching shows a flat list of matches, because a match deep in a
 * collapsed tree would be invisible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-grid-sidebar"

#include "config.h"

#include <string.h>

#include "gw-grid-sidebar.h"

struct _GwGridSidebar
{
  GtkWidget parent_instance;

  GtkSearchEntry *search_entry;
  GtkListView *list_view;
  GtkLabel *no_results_label;

  GtkSingleSelection *selection;
  GListStore *roots;
  GListStore *all;
  GHashTable *children;     /* code -> GListStore of child grids */
  GHashTable *by_code;      /* code -> GwGrid */
  char *search_text;        /* casefolded, or NULL when browsing */
  gboolean selecting;       /* set while we select from code */
  char *selected_code;      /* the grid selected last, to tell a move from a change */
};

G_DEFINE_FINAL_TYPE (GwGridSidebar, gw_grid_sidebar, GTK_TYPE_WIDGET)

enum {
  GRID_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GwGridSidebar *self = user_data;
  GListStore *children = g_hash_table_lookup (self->children, gw_grid_get_code (item));

  return children ? g_object_ref (G_LIST_MODEL (children)) : NULL;
}

static gboolean
matches_search (gpointer item,
                gpointer user_data)
{
  GwGridSidebar *self = user_data;
  g_autofree char *name = g_utf8_casefold (gw_grid_get_name (item), -1);

  return strstr (name, self->search_text) != NULL ||
         strstr (gw_grid_get_code (item), self->search_text) != NULL;
}

static void
rebuild_model (GwGridSidebar *self)
{
  g_autoptr(GtkTreeListModel) tree = NULL;
  guint n;

  if (self->search_text == NULL)
    tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)), FALSE, FALSE,
                                    create_children, self, NULL);
  else
    {
      GtkCustomFilter *filter = gtk_custom_filter_new (matches_search, self, NULL);
      GtkFilterListModel *matches = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->all)),
                                                               GTK_FILTER (filter));

      tree = gtk_tree_list_model_new (G_LIST_MODEL (matches), FALSE, FALSE, NULL, NULL, NULL);
    }

  self->selecting = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;

  /* Open the top of the tree, so the towns show without a click. */
  if (self->search_text == NULL)
    for (guint i = 0, roots = g_list_model_get_n_items (G_LIST_MODEL (self->roots)); i < roots; i++)
      {
        g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (tree, i);
        if (row != NULL)
          gtk_tree_list_row_set_expanded (row, roots == 1);
      }

  n = g_list_model_get_n_items (G_LIST_MODEL (tree));
  gtk_widget_set_visible (GTK_WIDGET (self->no_results_label), self->search_text != NULL && n == 0);
}

static void
on_search_changed (GwGridSidebar  *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->search_text, g_free);
  if (text != NULL && *text != '\0')
    self->search_text = g_utf8_casefold (text, -1);

  rebuild_model (self);
}

static void
on_stop_search (GwGridSidebar  *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

GwGrid *
gw_grid_sidebar_get_selected (GwGridSidebar *self)
{
  GtkTreeListRow *row;

  g_return_val_if_fail (GW_IS_GRID_SIDEBAR (self), NULL);

  row = gtk_single_selection_get_selected_item (self->selection);
  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
emit_selected (GwGridSidebar *self)
{
  g_autoptr(GwGrid) grid = gw_grid_sidebar_get_selected (self);

  if (grid != NULL && !self->selecting)
    g_signal_emit (self, signals[GRID_SELECTED], 0, grid);
}

/* Opening or closing a row above the selected one moves it, which
 * GtkSingleSelection reports as a change: only another grid is one. */
static void
on_selection_changed (GwGridSidebar *self)
{
  g_autoptr(GwGrid) grid = gw_grid_sidebar_get_selected (self);
  const char *code = grid ? gw_grid_get_code (grid) : NULL;

  if (g_strcmp0 (code, self->selected_code) == 0)
    return;
  g_free (self->selected_code);
  self->selected_code = g_strdup (code);
  emit_selected (self);
}

static void
on_row_activated (GwGridSidebar *self,
                  guint          position,
                  GtkListView   *list_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  emit_selected (self);
}

static gint
compare_by_code (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (gw_grid_get_code ((GwGrid *) a), gw_grid_get_code ((GwGrid *) b));
}

void
gw_grid_sidebar_set_grids (GwGridSidebar *self,
                           GPtrArray     *grids)
{
  g_autofree char *selected_code = NULL;
  g_autoptr(GwGrid) selected = NULL;

  g_return_if_fail (GW_IS_GRID_SIDEBAR (self));

  if ((selected = gw_grid_sidebar_get_selected (self)))
    selected_code = g_strdup (gw_grid_get_code (selected));

  g_list_store_remove_all (self->roots);
  g_list_store_remove_all (self->all);
  g_hash_table_remove_all (self->children);
  g_hash_table_remove_all (self->by_code);

  for (guint i = 0; grids && i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      g_hash_table_insert (self->by_code, g_strdup (gw_grid_get_code (grid)), g_object_ref (grid));
    }

  for (guint i = 0; grids && i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      const char *parent = gw_grid_get_parent_code (grid);

      g_list_store_append (self->all, grid);

      /* A parent outside the data (DataV's province, say) makes a root. */
      if (parent == NULL || !g_hash_table_contains (self->by_code, parent))
        g_list_store_append (self->roots, grid);
      else
        {
          GListStore *siblings = g_hash_table_lookup (self->children, parent);

          if (siblings == NULL)
            {
              siblings = g_list_store_new (GW_TYPE_GRID);
              g_hash_table_insert (self->children, g_strdup (parent), siblings);
            }
          g_list_store_append (siblings, grid);
        }
    }

  g_list_store_sort (self->roots, compare_by_code, NULL);
  g_list_store_sort (self->all, compare_by_code, NULL);

  rebuild_model (self);

  if (selected_code)
    gw_grid_sidebar_select (self, selected_code);
}

static guint
find_row (GListModel *model,
          guint       from,
          const char *code)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = from; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(GwGrid) grid = gtk_tree_list_row_get_item (row);

      if (g_str_equal (gw_grid_get_code (grid), code))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

void
gw_grid_sidebar_select (GwGridSidebar *self,
                        const char    *code)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  GListModel *model;
  GwGrid *grid;
  guint position = 0;

  g_return_if_fail (GW_IS_GRID_SIDEBAR (self));

  if (code == NULL || !(grid = g_hash_table_lookup (self->by_code, code)))
    return;

  /* Searching hides the tree; a selection made on the map shows it again. */
  if (self->search_text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  for (GwGrid *g = grid; g != NULL && chain->len < 16;
       g = gw_grid_get_parent_code (g) ? g_hash_table_lookup (self->by_code, gw_grid_get_parent_code (g)) : NULL)
    g_ptr_array_insert (chain, 0, (gpointer) gw_grid_get_code (g));

  model = gtk_single_selection_get_model (self->selection);
  for (guint i = 0; i < chain->len; i++)
    {
      position = find_row (model, position, g_ptr_array_index (chain, i));
      if (position == GTK_INVALID_LIST_POSITION)
        return;

      if (i + 1 < chain->len)
        {
          g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, position);
          gtk_tree_list_row_set_expanded (row, TRUE);
        }
    }

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

void
gw_grid_sidebar_focus_search (GwGridSidebar *self)
{
  g_return_if_fail (GW_IS_GRID_SIDEBAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

guint
gw_grid_sidebar_get_n_visible (GwGridSidebar *self)
{
  g_return_val_if_fail (GW_IS_GRID_SIDEBAR (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
}

static void
gw_grid_sidebar_dispose (GObject *object)
{
  GwGridSidebar *self = (GwGridSidebar *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_GRID_SIDEBAR);
  /* Template children that are not bound are ours to unparent too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))); )
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->roots);
  g_clear_object (&self->all);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->selected_code, g_free);

  G_OBJECT_CLASS (gw_grid_sidebar_parent_class)->dispose (object);
}

static void
gw_grid_sidebar_class_init (GwGridSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_grid_sidebar_dispose;

  /* Emitted when the user picks a grid in the list. */
  signals[GRID_SELECTED] =
    g_signal_new ("grid-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_GRID);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-grid-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, GwGridSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GwGridSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, GwGridSidebar, no_results_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_set_css_name (widget_class, "gw-grid-sidebar");
}

static void
gw_grid_sidebar_init (GwGridSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->roots = g_list_store_new (GW_TYPE_GRID);
  self->all = g_list_store_new (GW_TYPE_GRID);
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);

  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/org/gridwatch/Gridwatch/gw-grid-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  rebuild_model (self);
}
