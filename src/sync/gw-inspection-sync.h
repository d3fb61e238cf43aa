/* gw-inspection-sync.h: the town's inspection catalogue and plan, from the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-inspection-data.h"
#include "gw-inspection-plan.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

/* What the planning page shows: the catalogue (targets and inspectors)
 * and a plan, read from the server's answers in a thread. */
typedef struct
{
  GwInspectionData *data;
  GwInspectionPlan *plan;     /* NULL while the town has no plan */
  gint64 plan_id;
  gint64 plan_version;
  JsonObject *answer;         /* the rest of the answer, without its plan */
} GwInspectionLoad;

void              gw_inspection_load_free          (GwInspectionLoad    *load);

/* The catalogue and the newest plan. */
void              gw_inspection_sync_load_async    (GwTownClient        *client,
                                                    GwWorkCalendar      *calendar,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GwInspectionLoad *gw_inspection_sync_load_finish   (GAsyncResult        *result,
                                                    GError             **error);
/* POSTs @body to @path (a plan, an action on one, a preview); the answer
 * is the plan as the server now has it, read against @data. */
void              gw_inspection_sync_change_async  (GwTownClient        *client,
                                                    const char          *path,
                                                    JsonNode            *body,
                                                    GwInspectionData    *data,
                                                    GwWorkCalendar      *calendar,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GwInspectionLoad *gw_inspection_sync_change_finish (GAsyncResult        *result,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwInspectionLoad, gw_inspection_load_free)

G_END_DECLS
