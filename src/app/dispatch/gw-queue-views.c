/* gw-queue-views.c: the queue's saved views, with how many cases each holds
 *
 * The fixed views first (all open, new, overdue, …), then one view per
 * department with what it has been given and not yet handled back: a
 * dispatcher chasing a department, or the department's own officer, sees
 * that list and its length at a glance. "view-selected" says which.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-views"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-department.h"
#include "gw-queue-view-row.h"
#include "gw-queue-views.h"

struct _GwQueueViews
{
  GtkWidget parent_instance;
  GtkListBox *list;
  GwQueueViewRow *views[GW_QUEUE_N_VIEWS];
  GtkWidget *department_heading;
  GPtrArray *department_rows;   /* of GwQueueViewRow */
  gboolean selecting;           /* our own selection: nobody to tell */
};

G_DEFINE_FINAL_TYPE (GwQueueViews, gw_queue_views, GTK_TYPE_WIDGET)

enum {
  VIEW_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
view_label (GwQueueView view)
{
  switch (view)
    {
    case GW_QUEUE_VIEW_NEW: return _("New");
    case GW_QUEUE_VIEW_OVERDUE: return _("Overdue");
    case GW_QUEUE_VIEW_DUE_SOON: return _("Due Soon");
    case GW_QUEUE_VIEW_RETURNED: return _("Returned");
    case GW_QUEUE_VIEW_EXTENSIONS: return _("Extensions to Approve");
    case GW_QUEUE_VIEW_HELD: return _("Suspended and Registered");
    case GW_QUEUE_VIEW_MINE: return _("Mine");
    case GW_QUEUE_VIEW_UNPLACED: return _("Location Unknown");
    case GW_QUEUE_VIEW_TOWNS: return _("Handled by Towns");
    case GW_QUEUE_VIEW_VISITS: return _("Return Visits Due");
    case GW_QUEUE_VIEW_DEPARTMENT:
    case GW_QUEUE_VIEW_OPEN:
    default: return _("All Open");
    }
}

static void
on_row_selected (GwQueueViews  *self,
                 GtkListBoxRow *row)
{
  const char *department;

  if (row == NULL || self->selecting)
    return;
  department = GW_IS_QUEUE_VIEW_ROW (row) ? gw_queue_view_row_get_department (GW_QUEUE_VIEW_ROW (row)) : NULL;
  if (department)
    g_signal_emit (self, signals[VIEW_SELECTED], 0, GW_QUEUE_VIEW_DEPARTMENT, department);
  else
    g_signal_emit (self, signals[VIEW_SELECTED], 0, gtk_list_box_row_get_index (row), NULL);
}

static void
gw_queue_views_dispose (GObject *object)
{
  GwQueueViews *self = (GwQueueViews *) object;

  g_clear_pointer (&self->department_rows, g_ptr_array_unref);
  g_clear_pointer ((GtkWidget **) &self->list, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_queue_views_parent_class)->dispose (object);
}

static void
gw_queue_views_class_init (GwQueueViewsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_queue_views_dispose;

  /* (view, department id or NULL) */
  signals[VIEW_SELECTED] = g_signal_new ("view-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-queue-views");
}

static void
gw_queue_views_init (GwQueueViews *self)
{
  GtkWidget *heading;

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Saved Views"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));

  for (GwQueueView v = 0; v < GW_QUEUE_N_VIEWS; v++)
    {
      self->views[v] = GW_QUEUE_VIEW_ROW (gw_queue_view_row_new (view_label (v), NULL));
      gtk_list_box_append (self->list, GTK_WIDGET (self->views[v]));
    }

  /* A heading, not a view: it cannot be selected. */
  heading = gtk_label_new (_("Departments"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_widget_set_margin_top (heading, 12);
  self->department_heading = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->department_heading), heading);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self->department_heading), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->department_heading), FALSE);
  gtk_widget_set_visible (self->department_heading, FALSE);
  gtk_list_box_append (self->list, self->department_heading);
  self->department_rows = g_ptr_array_new ();

  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  g_signal_connect_swapped (self->list, "row-selected", G_CALLBACK (on_row_selected), self);
}

/* Of GwDepartment; the same list again changes nothing. */
void
gw_queue_views_set_departments (GwQueueViews *self,
                                GPtrArray    *departments)
{
  gboolean same;

  g_return_if_fail (GW_IS_QUEUE_VIEWS (self));

  same = departments && departments->len == self->department_rows->len;
  for (guint i = 0; same && i < departments->len; i++)
    same = g_strcmp0 (gw_department_get_id (g_ptr_array_index (departments, i)),
                      gw_queue_view_row_get_department (g_ptr_array_index (self->department_rows, i))) == 0;
  if (same)
    return;

  for (guint i = 0; i < self->department_rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->department_rows, i));
  g_ptr_array_set_size (self->department_rows, 0);
  for (guint i = 0; departments && i < departments->len; i++)
    {
      GwDepartment *department = g_ptr_array_index (departments, i);
      GtkWidget *row = gw_queue_view_row_new (gw_department_get_display_name (department), gw_department_get_id (department));

      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->department_rows, row);
    }
  gtk_widget_set_visible (self->department_heading, self->department_rows->len > 0);
}

/* @counts: one per fixed view; @department_counts: id → count. */
void
gw_queue_views_set_counts (GwQueueViews *self,
                           const guint  *counts,
                           GHashTable   *department_counts)
{
  g_return_if_fail (GW_IS_QUEUE_VIEWS (self));

  for (GwQueueView v = 0; v < GW_QUEUE_N_VIEWS; v++)
    gw_queue_view_row_set_count (self->views[v], counts[v]);
  for (guint i = 0; i < self->department_rows->len; i++)
    {
      GwQueueViewRow *row = g_ptr_array_index (self->department_rows, i);
      gpointer n = department_counts ? g_hash_table_lookup (department_counts, gw_queue_view_row_get_department (row)) : NULL;

      gw_queue_view_row_set_count (row, GPOINTER_TO_UINT (n));
    }
}

void
gw_queue_views_select (GwQueueViews *self,
                       GwQueueView   view,
                       const char   *department_id)
{
  GtkListBoxRow *row = NULL;

  g_return_if_fail (GW_IS_QUEUE_VIEWS (self));

  if (view < GW_QUEUE_N_VIEWS)
    row = gtk_list_box_get_row_at_index (self->list, view);
  for (guint i = 0; row == NULL && department_id && i < self->department_rows->len; i++)
    if (g_strcmp0 (gw_queue_view_row_get_department (g_ptr_array_index (self->department_rows, i)), department_id) == 0)
      row = g_ptr_array_index (self->department_rows, i);

  self->selecting = TRUE;
  gtk_list_box_select_row (self->list, row);
  self->selecting = FALSE;
}
