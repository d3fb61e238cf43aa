/* gw-queue-row.c: one row of the case queue, whichever case it shows
 *
 * GTK 4.8's list views make new widgets for every item that replaces
 * another, and a filter change replaces nearly all of them: forty rows of
 * six cells each cost most of a frame to build. The queue therefore lists
 * rows, not cases: row 3 stays row 3 while the case it shows changes, and
 * its cells (GwQueueCell) follow its "case" property.
 *
 * GTK keeps some two hundred rows bound and maps only those near the
 * view. A row whose widget is not mapped takes a new case without a
 * notification, which seven cells each heard for nothing: its serial
 * changes, and its cells catch up when it is mapped. Only a row that
 * turns into a placeholder or back is told at once, since that changes
 * its height.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-row"

#include "config.h"

#include "gw-queue-row.h"

struct _GwQueueRow
{
  GObject parent_instance;
  GwCase *kase;
  GtkWidget *widget;    /* weak: the row widget showing it, if any */
  guint serial;         /* changes with what the row shows */
};

G_DEFINE_FINAL_TYPE (GwQueueRow, gw_queue_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gw_queue_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, GW_QUEUE_ROW (object)->kase);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_queue_row_finalize (GObject *object)
{
  g_clear_object (&GW_QUEUE_ROW (object)->kase);
  g_clear_weak_pointer (&GW_QUEUE_ROW (object)->widget);

  G_OBJECT_CLASS (gw_queue_row_parent_class)->finalize (object);
}

static void
gw_queue_row_class_init (GwQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gw_queue_row_get_property;
  object_class->finalize = gw_queue_row_finalize;

  /* The case the row shows; notified also when what it shows of the same
   * case changed (time left, names). */
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, GW_TYPE_CASE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_queue_row_init (GwQueueRow *self)
{
}

GwQueueRow *
gw_queue_row_new (GwCase *kase)
{
  GwQueueRow *self = g_object_new (GW_TYPE_QUEUE_ROW, NULL);

  self->kase = kase ? g_object_ref (kase) : NULL;
  return self;
}

GwCase *
gw_queue_row_get_case (GwQueueRow *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_ROW (self), NULL);
  return self->kase;
}

/* force: the same case, but what it shows (time left, names) changed. */
void
gw_queue_row_set_case (GwQueueRow *self,
                       GwCase     *kase,
                       gboolean    force)
{
  gboolean was_placeholder;

  g_return_if_fail (GW_IS_QUEUE_ROW (self));

  was_placeholder = self->kase == NULL;
  if (!g_set_object (&self->kase, kase) && !force)
    return;
  self->serial++;
  if (self->widget && !gtk_widget_get_mapped (self->widget) && was_placeholder == (kase == NULL))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

/* Changes whenever what the row shows changes, told or not. */
guint
gw_queue_row_get_serial (GwQueueRow *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_ROW (self), 0);
  return self->serial;
}

/* The row widget GTK shows this row in, for the keys that move the focus
 * to a row of their choosing (gw-queue-keys.c). */
GtkWidget *
gw_queue_row_get_widget (GwQueueRow *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_ROW (self), NULL);
  return self->widget;
}

void
gw_queue_row_set_widget (GwQueueRow *self,
                         GtkWidget  *widget)
{
  g_return_if_fail (GW_IS_QUEUE_ROW (self));
  g_set_weak_pointer (&self->widget, widget);
}
