/* gw-queue-text.h: one cell's text in the case queue, shaped once per string
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_QUEUE_TEXT (gw_queue_text_get_type ())

G_DECLARE_FINAL_TYPE (GwQueueText, gw_queue_text, GW, QUEUE_TEXT, GtkWidget)

GtkWidget   *gw_queue_text_new        (void);
void         gw_queue_text_set_text   (GwQueueText *self,
                                       const char  *text);
const char  *gw_queue_text_get_text   (GwQueueText *self);
PangoLayout *gw_queue_text_get_layout (GwQueueText *self);

G_END_DECLS
