/* gw-process.h: settings of the process made before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     gw_process_init           (void);
void     gw_process_release_memory (void);
gboolean gw_process_get_heap_use    (gsize *in_use_bytes,
                                    gsize *free_bytes);

G_END_DECLS
