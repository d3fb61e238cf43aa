/* gw-worker.c: a grid worker or grid leader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-worker"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-json.h"
#include "gw-worker.h"

struct _GwWorker
{
  GObject parent_instance;
  char *id;
  char *name;
  char *phone;
  char **duties;
  gboolean full_time;
};

G_DEFINE_FINAL_TYPE (GwWorker, gw_worker, G_TYPE_OBJECT)

static void
gw_worker_finalize (GObject *object)
{
  GwWorker *self = (GwWorker *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->duties, g_strfreev);

  G_OBJECT_CLASS (gw_worker_parent_class)->finalize (object);
}

static void
gw_worker_class_init (GwWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_worker_finalize;
}

static void
gw_worker_init (GwWorker *self)
{
}

GwWorker *
gw_worker_new (const char         *id,
               const char         *name,
               const char         *phone,
               gboolean            full_time,
               const char * const *duties)
{
  GwWorker *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (GW_TYPE_WORKER, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name ? name : id);
  self->phone = g_strdup (phone);
  self->full_time = full_time;
  self->duties = duties ? g_strdupv ((char **) duties) : g_new0 (char *, 1);

  return self;
}

const char *
gw_worker_get_id (GwWorker *self)
{
  g_return_val_if_fail (GW_IS_WORKER (self), NULL);
  return self->id;
}

const char *
gw_worker_get_name (GwWorker *self)
{
  g_return_val_if_fail (GW_IS_WORKER (self), NULL);
  return self->name;
}

const char *
gw_worker_get_phone (GwWorker *self)
{
  g_return_val_if_fail (GW_IS_WORKER (self), NULL);
  return self->phone;
}

gboolean
gw_worker_get_full_time (GwWorker *self)
{
  g_return_val_if_fail (GW_IS_WORKER (self), FALSE);
  return self->full_time;
}

const char * const *
gw_worker_get_duties (GwWorker *self)
{
  g_return_val_if_fail (GW_IS_WORKER (self), NULL);
  return (const char * const *) self->duties;
}

JsonNode *
gw_worker_to_json (GwWorker *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (GW_IS_WORKER (self), NULL);

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "id", self->id);
  gw_json_builder_add_string (b, "name", self->name);
  gw_json_builder_add_string (b, "phone", self->phone);
  json_builder_set_member_name (b, "full_time");
  json_builder_add_boolean_value (b, self->full_time);
  gw_json_builder_add_strv (b, "duties", (const char * const *) self->duties);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

GwWorker *
gw_worker_new_from_json (JsonNode  *node,
                         GError   **error)
{
  g_auto(GStrv) duties = NULL;
  JsonObject *obj;
  const char *id;

  if (!(obj = gw_json_node_get_object (node)))
    return gw_json_fail (error, _("worker is not an object"));
  if (!(id = gw_json_object_get_string (obj, "id")) || *id == '\0')
    return gw_json_fail (error, _("worker has no id"));

  duties = gw_json_object_dup_strv (obj, "duties");
  return gw_worker_new (id,
                        gw_json_object_get_string (obj, "name"),
                        gw_json_object_get_string (obj, "phone"),
                        gw_json_object_get_bool (obj, "full_time", TRUE),
                        (const char * const *) duties);
}
