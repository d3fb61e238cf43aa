/* gw-review-cell.c: one figure of the leader review's table, with its change
 *
 * A cell belongs to one column for its life (the columns are the
 * review's static table) and is shown one unit's row after another: the
 * figure now, and beside it the change from before in green when better,
 * red when worse, grey when neither.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-review-cell"

#include "config.h"

#include "gw-review-cell.h"

struct _GwReviewCell
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *value;
  GtkLabel *change;
  const GwReviewColumn *column;   /* static */
};

G_DEFINE_FINAL_TYPE (GwReviewCell, gw_review_cell, GTK_TYPE_WIDGET)

/* Green when better than before, red when worse, grey when neither; the
 * page's summary tiles show their changes the same way. */
void
gw_review_show_change (GtkLabel             *label,
                       const GwReviewColumn *column,
                       const GwReviewRow    *row)
{
  g_autofree char *change = gw_review_format_change (column, row);
  int better = gw_review_compare_before (column, row);

  gtk_label_set_text (label, change ? change : "");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (label), better > 0 ? "success" : better < 0 ? "error" : "dim-label");
}

void
gw_review_cell_show (GwReviewCell      *self,
                     const GwReviewRow *row)
{
  g_autofree char *value = NULL;

  g_return_if_fail (GW_IS_REVIEW_CELL (self));
  g_return_if_fail (row != NULL);

  value = gw_review_format_value (self->column, self->column->value (row->now));
  gtk_label_set_text (self->value, value);
  gw_review_show_change (self->change, self->column, row);
}

static void
gw_review_cell_dispose (GObject *object)
{
  GwReviewCell *self = GW_REVIEW_CELL (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_review_cell_parent_class)->dispose (object);
}

static void
gw_review_cell_class_init (GwReviewCellClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gw_review_cell_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-review-cell");
}

static void
gw_review_cell_init (GwReviewCell *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->value = GTK_LABEL (gtk_label_new (NULL));
  self->change = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_halign (self->box, GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->value), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->change), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->change), "caption");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->value));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->change));
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
gw_review_cell_new (const GwReviewColumn *column)
{
  GwReviewCell *self = g_object_new (GW_TYPE_REVIEW_CELL, NULL);

  g_return_val_if_fail (column != NULL, GTK_WIDGET (self));

  self->column = column;
  return GTK_WIDGET (self);
}
