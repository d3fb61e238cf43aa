/* gw-townd-backup.h: one checked backup of the town database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-store-backup.h"

G_BEGIN_DECLS

gboolean gw_townd_backup_write   (const char        *db_path,
                                  const char        *file,
                                  GCancellable      *cancellable,
                                  GwStoreCopyCheck  *check,
                                  GError           **error);
char    *gw_townd_backup_name    (GDateTime         *when);
gboolean gw_townd_backup_is_name (const char        *name);
gboolean gw_townd_backup_prune   (const char        *dir,
                                  guint              keep,
                                  guint             *removed,
                                  GError           **error);
int      gw_townd_backup_main    (const char        *db_path,
                                  const char        *file);

G_END_DECLS
