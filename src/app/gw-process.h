/* gw-process.h: settings of the process made before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     gw_process_init           (void);
void     gw_process_release_memory_async  (gpointer             source_object,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gssize   gw_process_release_memory_finish (GAsyncResult        *result,
                                          GError             **error);
gboolean gw_process_get_heap_use    (gsize *in_use_bytes,
                                    gsize *free_bytes);
char    *gw_process_describe_arenas (void);

G_END_DECLS
