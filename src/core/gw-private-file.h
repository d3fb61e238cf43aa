/* gw-private-file.h: files only their owner may read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean gw_private_file_create        (const char  *path,
                                        GError     **error);
void     gw_private_file_tighten_companions (const char *path);
gboolean gw_private_file_check         (const char  *path,
                                        GError     **error);

G_END_DECLS
