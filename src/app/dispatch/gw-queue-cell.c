/* gw-queue-cell.c: one cell of the case queue, for one column
 *
 * A cell is made for one column and follows the "case" of whichever
 * GwQueueRow its list item holds. GTK keeps about two hundred rows bound
 * but maps only those near the view, and a filter change gives every
 * bound row a new case: a cell that is not mapped only notes that it is
 * behind, and catches up when it is mapped. The text is an inscription,
 * which does not measure it: forty rows changing their text then need no
 * new layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-cell"

#include "config.h"

#include "gw-queue-cell.h"

struct _GwQueueCell
{
  GtkWidget parent_instance;

  GtkInscription *text;
  GwQueueColumn column;
  GwQueueDescribe describe;
  gpointer describe_data;     /* the queue, which outlives its cells */
  GwQueueRow *row;
  gboolean behind;            /* the case changed while unmapped */
};

G_DEFINE_FINAL_TYPE (GwQueueCell, gw_queue_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  self->behind = FALSE;
  if (kase)
    text = self->describe (self->column, kase, &tone, self->describe_data);
  gtk_inscription_set_text (self->text, text);
  set_tone (GTK_WIDGET (self->text), tone);
}

static void
on_case_changed (GwQueueCell *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_case (self);
  else
    self->behind = TRUE;
}

GwQueueRow *
gw_queue_cell_get_row (GwQueueCell *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_CELL (self), NULL);
  return self->row;
}

/* A row given is shown at once, mapped or not: GTK measures it. */
void
gw_queue_cell_set_row (GwQueueCell *self,
                       GwQueueRow  *row)
{
  g_return_if_fail (GW_IS_QUEUE_CELL (self));
  g_return_if_fail (row == NULL || GW_IS_QUEUE_ROW (row));

  if (self->row == row)
    return;
  if (self->row)
    g_signal_handlers_disconnect_by_data (self->row, self);
  g_set_object (&self->row, row);
  if (row)
    g_signal_connect_swapped (row, "notify::case", G_CALLBACK (on_case_changed), self);
  show_case (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW]);
}

const char *
gw_queue_cell_get_text (GwQueueCell *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_CELL (self), NULL);
  return gtk_inscription_get_text (self->text);
}

static void
gw_queue_cell_map (GtkWidget *widget)
{
  GwQueueCell *self = GW_QUEUE_CELL (widget);

  GTK_WIDGET_CLASS (gw_queue_cell_parent_class)->map (widget);
  if (self->behind)
    show_case (self);
}

static void
gw_queue_cell_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_object (value, GW_QUEUE_CELL (object)->row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_queue_cell_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ROW:
      gw_queue_cell_set_row (GW_QUEUE_CELL (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_queue_cell_dispose (GObject *object)
{
  GwQueueCell *self = GW_QUEUE_CELL (object);

  if (self->row)
    g_signal_handlers_disconnect_by_data (self->row, self);
  g_clear_object (&self->row);
  g_clear_pointer ((GtkWidget **) &self->text, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_queue_cell_parent_class)->dispose (object);
}

static void
gw_queue_cell_class_init (GwQueueCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gw_queue_cell_get_property;
  object_class->set_property = gw_queue_cell_set_property;
  object_class->dispose = gw_queue_cell_dispose;
  widget_class->map = gw_queue_cell_map;

  properties[PROP_ROW] =
    g_param_spec_object ("row", NULL, NULL, GW_TYPE_QUEUE_ROW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-queue-cell");
}

static void
gw_queue_cell_init (GwQueueCell *self)
{
  self->text = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_xalign (self->text, 0);
  gtk_inscription_set_text_overflow (self->text, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_parent (GTK_WIDGET (self->text), GTK_WIDGET (self));
}

GtkWidget *
gw_queue_cell_new (GwQueueColumn   column,
                   GwQueueDescribe describe,
                   gpointer        user_data)
{
  GwQueueCell *self = g_object_new (GW_TYPE_QUEUE_CELL, NULL);

  self->column = column;
  self->describe = describe;
  self->describe_data = user_data;
  return GTK_WIDGET (self);
}
