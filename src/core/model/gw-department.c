/* gw-department.c: a functional department that cases can be sent to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-department"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-department.h"
#include "gw-ui-language.h"
#include "gw-json.h"

struct _GwDepartment
{
  GObject parent_instance;
  char *id;
  char *name;
  char *name_en;
  char *phone;
};

G_DEFINE_FINAL_TYPE (GwDepartment, gw_department, G_TYPE_OBJECT)

static void
gw_department_finalize (GObject *object)
{
  GwDepartment *self = (GwDepartment *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->name_en, g_free);
  g_clear_pointer (&self->phone, g_free);

  G_OBJECT_CLASS (gw_department_parent_class)->finalize (object);
}

static void
gw_department_class_init (GwDepartmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_department_finalize;
}

static void
gw_department_init (GwDepartment *self)
{
}

GwDepartment *
gw_department_new (const char *id,
                   const char *name,
                   const char *name_en,
                   const char *phone)
{
  GwDepartment *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (GW_TYPE_DEPARTMENT, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name ? name : id);
  self->name_en = g_strdup (name_en ? name_en : self->name);
  self->phone = g_strdup (phone);

  return self;
}

const char *
gw_department_get_id (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->id;
}

const char *
gw_department_get_name (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->name;
}

const char *
gw_department_get_display_name (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return !gw_ui_language_is_chinese (NULL) && self->name_en && self->name_en[0] ? self->name_en : self->name;
}

const char *
gw_department_get_name_en (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->name_en;
}

const char *
gw_department_get_phone (GwDepartment *self)
{
  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);
  return self->phone;
}

JsonNode *
gw_department_to_json (GwDepartment *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (GW_IS_DEPARTMENT (self), NULL);

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "id", self->id);
  gw_json_builder_add_string (b, "name", self->name);
  gw_json_builder_add_string (b, "name_en", self->name_en);
  gw_json_builder_add_string (b, "phone", self->phone);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

GwDepartment *
gw_department_new_from_json (JsonNode  *node,
                             GError   **error)
{
  JsonObject *obj;
  const char *id;

  if (!(obj = gw_json_node_get_object (node)))
    return gw_json_fail (error, _("department is not an object"));
  if (!(id = gw_json_object_get_string (obj, "id")) || *id == '\0')
    return gw_json_fail (error, _("department has no id"));

  return gw_department_new (id,
                            gw_json_object_get_string (obj, "name"),
                            gw_json_object_get_string (obj, "name_en"),
                            gw_json_object_get_string (obj, "phone"));
}
