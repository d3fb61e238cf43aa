/* gw-worker.h: a grid worker or grid leader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GW_TYPE_WORKER (gw_worker_get_type ())

G_DECLARE_FINAL_TYPE (GwWorker, gw_worker, GW, WORKER, GObject)

GwWorker           *gw_worker_new            (const char         *id,
                                              const char         *name,
                                              const char         *phone,
                                              gboolean            full_time,
                                              const char * const *duties);
GwWorker           *gw_worker_new_from_json  (JsonNode           *node,
                                              GError            **error);
JsonNode           *gw_worker_to_json        (GwWorker           *self);
const char         *gw_worker_get_id         (GwWorker           *self);
const char         *gw_worker_get_name       (GwWorker           *self);
const char         *gw_worker_get_phone      (GwWorker           *self);
gboolean            gw_worker_get_full_time  (GwWorker           *self);
const char * const *gw_worker_get_duties     (GwWorker           *self);

G_END_DECLS
