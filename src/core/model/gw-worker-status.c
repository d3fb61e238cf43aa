/* gw-worker-status.c: whether a grid worker is on duty, and where
 *
 * Grid workers' phones report this to the town server; dispatchers'
 * suggestions weigh it. It changes all day, so it lives apart from the
 * worker's record, which changes when someone is hired.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-worker-status"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-field.h"
#include "gw-json.h"
#include "gw-worker-status.h"

struct _GwWorkerStatus
{
  GObject parent_instance;
  char *worker_id;
  char *updated_at;
  gboolean on_duty;
  gboolean location_known;
  double lat, lon;
};

G_DEFINE_FINAL_TYPE (GwWorkerStatus, gw_worker_status, G_TYPE_OBJECT)

static void
gw_worker_status_finalize (GObject *object)
{
  GwWorkerStatus *self = (GwWorkerStatus *) object;

  g_clear_pointer (&self->worker_id, g_free);
  g_clear_pointer (&self->updated_at, g_free);

  G_OBJECT_CLASS (gw_worker_status_parent_class)->finalize (object);
}

static void
gw_worker_status_class_init (GwWorkerStatusClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_worker_status_finalize;
}

static void
gw_worker_status_init (GwWorkerStatus *self)
{
}

GwWorkerStatus *
gw_worker_status_new (const char *worker_id,
                      gboolean    on_duty,
                      gboolean    location_known,
                      double      lat,
                      double      lon,
                      const char *updated_at)
{
  GwWorkerStatus *self;

  g_return_val_if_fail (worker_id != NULL, NULL);

  self = g_object_new (GW_TYPE_WORKER_STATUS, NULL);
  self->worker_id = g_strdup (worker_id);
  self->on_duty = !!on_duty;
  self->location_known = location_known;
  self->lat = location_known ? lat : 0;
  self->lon = location_known ? lon : 0;
  self->updated_at = g_strdup (updated_at);
  return self;
}

GwWorkerStatus *
gw_worker_status_new_from_json (JsonNode  *node,
                                GError   **error)
{
  JsonObject *obj;
  const char *id = NULL;
  const char *updated_at = NULL;
  double lat = 0, lon = 0;
  gboolean on_duty = FALSE, located = FALSE;

  if (!(obj = gw_json_node_get_object (node)))
    return gw_json_fail (error, _("worker status is not an object"));
  if (!gw_field_text (obj, "worker", GW_FIELD_REQUIRED | GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, &id, error) ||
      !gw_field_bool (obj, "on_duty", GW_FIELD_REQUIRED, &on_duty, error) ||
      !gw_field_position (obj, GW_FIELD_OPTIONAL, &lat, &lon, &located, error) ||
      !gw_field_text (obj, "updated_at", GW_FIELD_OPTIONAL, GW_FIELD_NAME_CHARS, &updated_at, error))
    return NULL;

  return gw_worker_status_new (id, on_duty, located, lat, lon, updated_at);
}

JsonNode *
gw_worker_status_to_json (GwWorkerStatus *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (GW_IS_WORKER_STATUS (self), NULL);

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "worker", self->worker_id);
  json_builder_set_member_name (b, "on_duty");
  json_builder_add_boolean_value (b, self->on_duty);
  if (self->location_known)
    {
      json_builder_set_member_name (b, "lat");
      json_builder_add_double_value (b, self->lat);
      json_builder_set_member_name (b, "lon");
      json_builder_add_double_value (b, self->lon);
    }
  gw_json_builder_add_string (b, "updated_at", self->updated_at);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

const char *
gw_worker_status_get_worker_id (GwWorkerStatus *self)
{
  g_return_val_if_fail (GW_IS_WORKER_STATUS (self), NULL);
  return self->worker_id;
}

gboolean
gw_worker_status_get_on_duty (GwWorkerStatus *self)
{
  g_return_val_if_fail (GW_IS_WORKER_STATUS (self), FALSE);
  return self->on_duty;
}

gboolean
gw_worker_status_get_location (GwWorkerStatus *self,
                               double         *lat,
                               double         *lon)
{
  g_return_val_if_fail (GW_IS_WORKER_STATUS (self), FALSE);

  if (lat)
    *lat = self->lat;
  if (lon)
    *lon = self->lon;
  return self->location_known;
}

const char *
gw_worker_status_get_updated_at (GwWorkerStatus *self)
{
  g_return_val_if_fail (GW_IS_WORKER_STATUS (self), NULL);
  return self->updated_at;
}
