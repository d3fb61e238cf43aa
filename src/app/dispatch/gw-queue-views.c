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
#include "gw-queue-views.h"

struct _GwQueueViews
{
  GtkWidget parent_instance;
  GtkListBox *list;
  GtkLabel *counts[GW_QUEUE_N_VIEWS];
  GtkWidget *department_heading;
  GPtrArray *department_rows;   /* of GtkListBoxRow, with "department" and "count" data */
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
    case GW_QUEUE_VIEW_DEPARTMENT:
    case GW_QUEUE_VIEW_OPEN:
    default: return _("All Open");
    }
}

static GtkWidget *
view_row (const char  *name,
          GtkLabel   **count_out)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *count = gtk_label_new ("0");

  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  *count_out = GTK_LABEL (count);
  return row;
}

static void
on_row_selected (GwQueueViews  *self,
                 GtkListBoxRow *row)
{
  const char *department;

  if (row == NULL || self->selecting)
    return;
  department = g_object_get_data (G_OBJECT (row), "department");
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
    gtk_list_box_append (self->list, view_row (view_label (v), &self->counts[v]));

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
                      g_object_get_data (g_ptr_array_index (self->department_rows, i), "department")) == 0;
  if (same)
    return;

  for (guint i = 0; i < self->department_rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->department_rows, i));
  g_ptr_array_set_size (self->department_rows, 0);
  for (guint i = 0; departments && i < departments->len; i++)
    {
      GwDepartment *department = g_ptr_array_index (departments, i);
      GtkLabel *count;
      GtkWidget *row = view_row (gw_department_get_name (department), &count);

      g_object_set_data_full (G_OBJECT (row), "department", g_strdup (gw_department_get_id (department)), g_free);
      g_object_set_data (G_OBJECT (row), "count", count);
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
  char text[16];

  g_return_if_fail (GW_IS_QUEUE_VIEWS (self));

  for (GwQueueView v = 0; v < GW_QUEUE_N_VIEWS; v++)
    {
      g_snprintf (text, sizeof text, "%u", counts[v]);
      gtk_label_set_text (self->counts[v], text);
    }
  for (guint i = 0; i < self->department_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->department_rows, i);
      gpointer n = department_counts ? g_hash_table_lookup (department_counts, g_object_get_data (row, "department")) : NULL;

      g_snprintf (text, sizeof text, "%u", GPOINTER_TO_UINT (n));
      gtk_label_set_text (g_object_get_data (row, "count"), text);
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
    if (g_strcmp0 (g_object_get_data (g_ptr_array_index (self->department_rows, i), "department"), department_id) == 0)
      row = g_ptr_array_index (self->department_rows, i);

  self->selecting = TRUE;
  gtk_list_box_select_row (self->list, row);
  self->selecting = FALSE;
}
