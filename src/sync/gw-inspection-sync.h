/* gw-inspection-sync.h: the town's inspection catalogue and plan, from the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-inspection-data.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

/* What the planning page shows: the catalogue (targets and inspectors)
 * and the newest plan's answer ({"id", "version", "plan"}), NULL while
 * the town has no plan. */
typedef struct
{
  GwInspectionData *data;
  JsonNode *plan;
} GwInspectionLoad;

void              gw_inspection_load_free          (GwInspectionLoad    *load);

void              gw_inspection_sync_load_async    (GwTownClient        *client,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GwInspectionLoad *gw_inspection_sync_load_finish   (GAsyncResult        *result,
                                                    GError             **error);
void              gw_inspection_sync_change_async  (GwTownClient        *client,
                                                    const char          *path,
                                                    JsonNode            *body,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode         *gw_inspection_sync_change_finish (GAsyncResult        *result,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwInspectionLoad, gw_inspection_load_free)

G_END_DECLS
