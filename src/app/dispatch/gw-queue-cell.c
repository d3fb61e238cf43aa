/* gw-queue-cell.c: what one cell of the case queue shows, kept up to date
 *
 * A cell of the queue is a GwQueueText, made once for one column by the
 * column's factory: like an inscription it does not measure its text, so
 * forty rows changing their text need no new layout, and it shapes a text
 * once for every cell that shows it. A GwQueueCell, attached to the list
 * item for its life, follows the GwQueueRow the item holds and that row's
 * "case", and writes what the column shows into the text. GTK keeps
 * about two hundred rows bound but maps only those near the view, and a
 * filter change gives every bound row a new case: a cell that is not
 * mapped is not told (gw-queue-row.c), and catches up when it is mapped,
 * by the row's serial.
 *
 * It is an object beside the text, not a widget around it: a
 * second widget in each of the queue's cells cost a tenth of a frame in
 * bench-queue.
 *
 * A row without a case is one of the queue model's placeholders, kept so
 * that GTK does not destroy and rebuild rows: its cells hide the row, so
 * it takes no room, and keep the focus from it (can-focus, not focusable
 * nor sensitive: those two are accessible states, and with the
 * accessibility bus up each change was a D-Bus signal, three quarters of
 * what turning two hundred rows into placeholders and back cost).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-cell"

#include "config.h"

#include "gw-queue-cell.h"
#include "gw-queue-text.h"

struct _GwQueueCell
{
  GObject parent_instance;

  GwQueueText *text;          /* weak: the list item owns it */
  GtkExpressionWatch *watch;  /* of the list item's row; owns the cell */
  GwQueueColumn column;
  GwQueueDescribe describe;
  gpointer describe_data;     /* the queue, which outlives its cells */
  GwQueueRow *row;
  guint shown;                /* the row's serial when last shown */
  gboolean row_told;          /* the row widget knows the row and */
  gboolean placeholder;       /* whether it was a placeholder then */
};

G_DEFINE_FINAL_TYPE (GwQueueCell, gw_queue_cell, G_TYPE_OBJECT)

/* error, warning or none; only the cells that change are touched. */
static void
set_tone (GtkWidget  *cell,
          const char *tone)
{
  static const char *tones[] = { "error", "warning" };

  for (guint i = 0; i < G_N_ELEMENTS (tones); i++)
    if (g_strcmp0 (tone, tones[i]) != 0 && gtk_widget_has_css_class (cell, tones[i]))
      gtk_widget_remove_css_class (cell, tones[i]);
  if (tone && !gtk_widget_has_css_class (cell, tone))
    gtk_widget_add_css_class (cell, tone);
}

static void
show_case (GwQueueCell *self)
{
  GwCase *kase = self->row ? gw_queue_row_get_case (self->row) : NULL;
  g_autofree char *text = NULL;
  const char *tone = NULL;

  self->shown = self->row ? gw_queue_row_get_serial (self->row) : 0;
  if (self->text == NULL)
    return;
  if (kase)
    text = self->describe (self->column, kase, &tone, self->describe_data);
  gw_queue_text_set_text (self->text, text);
  set_tone (GTK_WIDGET (self->text), tone);
}

/* GTK 4.8 has no API for a column view's row widget: it is the parent
 * of the list item's cell, whose child the text is. */
static void
show_row (GwQueueCell *self)
{
  gboolean placeholder = self->row == NULL || gw_queue_row_get_case (self->row) == NULL;
  GtkWidget *cell = self->text ? gtk_widget_get_parent (GTK_WIDGET (self->text)) : NULL;
  GtkWidget *row = cell ? gtk_widget_get_parent (cell) : NULL;

  if (row == NULL)
    return;
  if (self->row)
    gw_queue_row_set_widget (self->row, row);
  self->row_told = TRUE;
  self->placeholder = placeholder;
  if (gtk_widget_get_visible (row) == !placeholder)
    return;
  gtk_widget_set_visible (row, !placeholder);
  gtk_widget_set_can_focus (row, !placeholder);
}

/* The row widget changes only when the row turns into a placeholder or
 * back: seven cells asking GTK for it on every change cost a tenth of
 * the change in bench-queue. */
static void
on_case_changed (GwQueueCell *self)
{
  if (!self->row_told || self->placeholder != (gw_queue_row_get_case (self->row) == NULL))
    show_row (self);
  if (self->text && gtk_widget_get_mapped (GTK_WIDGET (self->text)))
    show_case (self);
}

static void
on_mapped (GwQueueCell *self)
{
  if (self->row && gw_queue_row_get_serial (self->row) != self->shown)
    show_case (self);
}

/* A row given is shown at once, mapped or not: GTK measures it. */
static void
set_row (GwQueueCell *self,
         GwQueueRow  *row)
{
  if (self->row == row)
    return;
  if (self->row)
    g_signal_handlers_disconnect_by_data (self->row, self);
  g_set_object (&self->row, row);
  self->row_told = FALSE;
  if (row)
    g_signal_connect_swapped (row, "notify::case", G_CALLBACK (on_case_changed), self);
  show_row (self);
  show_case (self);
}

static void
on_item_changed (gpointer user_data)
{
  GwQueueCell *self = user_data;
  g_auto(GValue) value = G_VALUE_INIT;

  if (gtk_expression_watch_evaluate (self->watch, &value))
    set_row (self, g_value_get_object (&value));
  else
    set_row (self, NULL);
}

static void
gw_queue_cell_dispose (GObject *object)
{
  GwQueueCell *self = GW_QUEUE_CELL (object);

  if (self->row)
    g_signal_handlers_disconnect_by_data (self->row, self);
  g_clear_object (&self->row);
  g_clear_weak_pointer (&self->text);

  G_OBJECT_CLASS (gw_queue_cell_parent_class)->dispose (object);
}

static void
gw_queue_cell_class_init (GwQueueCellClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_queue_cell_dispose;
}

static void
gw_queue_cell_init (GwQueueCell *self)
{
}

/* Gives @item a text for @column that follows the item's row for
 * the item's life. */
void
gw_queue_cell_attach (GtkListItem     *item,
                      GwQueueColumn    column,
                      GwQueueDescribe  describe,
                      gpointer         user_data)
{
  g_autoptr(GtkExpression) shown = NULL;
  GwQueueCell *self;
  GtkWidget *text;

  g_return_if_fail (GTK_IS_LIST_ITEM (item));
  g_return_if_fail (describe != NULL);

  text = gw_queue_text_new ();
  gtk_list_item_set_child (item, text);

  self = g_object_new (GW_TYPE_QUEUE_CELL, NULL);
  self->column = column;
  self->describe = describe;
  self->describe_data = user_data;
  g_set_weak_pointer (&self->text, GW_QUEUE_TEXT (text));
  g_signal_connect_object (text, "map", G_CALLBACK (on_mapped), self, G_CONNECT_SWAPPED);
  /* The watch ends with the list item, and takes the cell with it. */
  shown = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
  self->watch = gtk_expression_watch (shown, item, on_item_changed, self, g_object_unref);
  on_item_changed (self);
}
