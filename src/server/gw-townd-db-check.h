/* gw-townd-db-check.h: the server's database is no one else's to read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gw_townd_check_db_private (const char *path,
                                    gboolean    refuse);

G_END_DECLS
