/* gw-worker-status.h: whether a grid worker is on duty, and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GW_TYPE_WORKER_STATUS (gw_worker_status_get_type ())

G_DECLARE_FINAL_TYPE (GwWorkerStatus, gw_worker_status, GW, WORKER_STATUS, GObject)

GwWorkerStatus *gw_worker_status_new            (const char      *worker_id,
                                                 gboolean         on_duty,
                                                 gboolean         location_known,
                                                 double           lat,
                                                 double           lon,
                                                 const char      *updated_at);
GwWorkerStatus *gw_worker_status_new_from_json  (JsonNode        *node,
                                                 GError         **error);
JsonNode       *gw_worker_status_to_json        (GwWorkerStatus  *self);
const char     *gw_worker_status_get_worker_id  (GwWorkerStatus  *self);
gboolean        gw_worker_status_get_on_duty    (GwWorkerStatus  *self);
gboolean        gw_worker_status_get_location   (GwWorkerStatus  *self,
                                                 double          *lat,
                                                 double          *lon);
const char     *gw_worker_status_get_updated_at (GwWorkerStatus  *self);

G_END_DECLS
