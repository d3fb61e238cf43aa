/* gw-case-snapshot.h: what the window needs from the cache after a change, read off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *cases;             /* of GwCase: written after the stamp asked for */
  gint64 touched;               /* the stamp to ask from next time */
} GwCaseSnapshot;

void            gw_case_snapshot_free        (GwCaseSnapshot       *snap);
void            gw_case_snapshot_read_async  (GwStore              *store,
                                              gint64                touched_after,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GwCaseSnapshot *gw_case_snapshot_read_finish (GAsyncResult         *result,
                                              GError              **error);

/* A read started before anyone waits for it: the window's first, begun
 * before the window is built, so the two share the machine's cores. */
typedef struct _GwCaseSnapshotEarly GwCaseSnapshotEarly;

GwCaseSnapshotEarly *gw_case_snapshot_start      (GwStore              *store);
GwStore             *gw_case_snapshot_early_get_store (GwCaseSnapshotEarly *early);
void                 gw_case_snapshot_early_free (GwCaseSnapshotEarly  *early);
void                 gw_case_snapshot_take_async (GwCaseSnapshotEarly  *early,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCaseSnapshot, gw_case_snapshot_free)

G_END_DECLS
