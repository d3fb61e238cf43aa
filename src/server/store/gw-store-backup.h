/* gw-store-backup.h: copying a live town database, and checking a copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a checked copy holds. */
typedef struct
{
  gint64 cases;
  gint64 feed_cases;    /* changes of kind "case" */
  gint64 last_seq;      /* the feed's newest sequence number */
  gint64 audit;
} GwStoreCopyCheck;

gboolean gw_store_backup     (const char        *source_path,
                              const char        *dest_path,
                              GCancellable      *cancellable,
                              GError           **error);
gboolean gw_store_check_copy (const char        *path,
                              GwStoreCopyCheck  *check,
                              GCancellable      *cancellable,
                              GError           **error);

G_END_DECLS
