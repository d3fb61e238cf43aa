/* gw-queue-view-row.c: one saved view of the queue, with its count
 *
 * Its name, how many cases it holds, and for a department's view the
 * department it narrows the queue to (NULL for the fixed views).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-view-row"

#include "config.h"

#include "gw-queue-view-row.h"

struct _GwQueueViewRow
{
  GtkListBoxRow parent_instance;

  GtkLabel *count;
  char *department_id;
};

G_DEFINE_FINAL_TYPE (GwQueueViewRow, gw_queue_view_row, GTK_TYPE_LIST_BOX_ROW)

static void
gw_queue_view_row_finalize (GObject *object)
{
  g_free (GW_QUEUE_VIEW_ROW (object)->department_id);

  G_OBJECT_CLASS (gw_queue_view_row_parent_class)->finalize (object);
}

static void
gw_queue_view_row_class_init (GwQueueViewRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_queue_view_row_finalize;
}

static void
gw_queue_view_row_init (GwQueueViewRow *self)
{
}

GtkWidget *
gw_queue_view_row_new (const char *name,
                       const char *department_id)
{
  GwQueueViewRow *self = g_object_new (GW_TYPE_QUEUE_VIEW_ROW, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);

  self->department_id = g_strdup (department_id);
  self->count = GTK_LABEL (gtk_label_new ("0"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "numeric");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  return GTK_WIDGET (self);
}

const char *
gw_queue_view_row_get_department (GwQueueViewRow *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_VIEW_ROW (self), NULL);
  return self->department_id;
}

void
gw_queue_view_row_set_count (GwQueueViewRow *self,
                             guint           count)
{
  char text[16];

  g_return_if_fail (GW_IS_QUEUE_VIEW_ROW (self));

  g_snprintf (text, sizeof text, "%u", count);
  gtk_label_set_text (self->count, text);
}
