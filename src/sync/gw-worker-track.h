/* gw-worker-track.h: where a grid worker went on one day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-town-client.h"
#include "gw-worker-status.h"

G_BEGIN_DECLS

/* A phone reporting every ten seconds all day is 8,640 points. */
#define GW_WORKER_TRACK_MAX_POINTS 20000

GPtrArray *gw_worker_track_from_json    (JsonNode            *root,
                                         GError             **error);
void       gw_worker_track_fetch_async  (GwTownClient        *client,
                                         const char          *worker,
                                         const char          *date,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *gw_worker_track_fetch_finish (GwTownClient        *client,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
