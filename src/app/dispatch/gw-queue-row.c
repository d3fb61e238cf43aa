/* gw-queue-row.c: one row of the case queue, whichever case it shows
 *
 * GTK 4.8's list views make new widgets for every item that replaces
 * another, and a filter change replaces nearly all of them: forty rows of
 * six cells each cost most of a frame to build. The queue therefore lists
 * rows, not cases: row 3 stays row 3 while the case it shows changes, and
 * its cells only change their text when told so by "changed".
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
};

G_DEFINE_FINAL_TYPE (GwQueueRow, gw_queue_row, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
gw_queue_row_finalize (GObject *object)
{
  g_clear_object (&GW_QUEUE_ROW (object)->kase);

  G_OBJECT_CLASS (gw_queue_row_parent_class)->finalize (object);
}

static void
gw_queue_row_class_init (GwQueueRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_queue_row_finalize;

  /* The row shows another case, or its case changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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
  g_return_if_fail (GW_IS_QUEUE_ROW (self));

  if (g_set_object (&self->kase, kase) || force)
    g_signal_emit (self, signals[CHANGED], 0);
}
