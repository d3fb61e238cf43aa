/* gw-wal-checkpointer.h: a database's WAL copied back by a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _GwWalCheckpointer GwWalCheckpointer;

GwWalCheckpointer *gw_wal_checkpointer_new     (const char         *path,
                                                sqlite3            *writer,
                                                GError            **error);
void               gw_wal_checkpointer_attach  (GwWalCheckpointer  *self);
void               gw_wal_checkpointer_request (GwWalCheckpointer  *self);
guint              gw_wal_checkpointer_get_n_done (GwWalCheckpointer *self);
void               gw_wal_checkpointer_free    (GwWalCheckpointer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwWalCheckpointer, gw_wal_checkpointer_free)

G_END_DECLS
