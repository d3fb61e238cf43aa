/* gw-queue-keys.h: End and Page Down in a queue shorter than its rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-queue-model.h"

G_BEGIN_DECLS

void gw_queue_keys_attach (GtkColumnView *view,
                           GwQueueModel  *model);

G_END_DECLS
