/* gw-department.h: a functional department that cases can be sent to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GW_TYPE_DEPARTMENT (gw_department_get_type ())

G_DECLARE_FINAL_TYPE (GwDepartment, gw_department, GW, DEPARTMENT, GObject)

GwDepartment *gw_department_new             (const char    *id,
                                             const char    *name,
                                             const char    *name_en,
                                             const char    *phone);
GwDepartment *gw_department_new_from_json   (JsonNode      *node,
                                             GError       **error);
JsonNode     *gw_department_to_json         (GwDepartment  *self);
const char   *gw_department_get_id          (GwDepartment  *self);
const char   *gw_department_get_name        (GwDepartment  *self);
const char   *gw_department_get_name_en     (GwDepartment  *self);
/* The name in the user interface's language: the English one where the
 * UI is not Chinese and the county gave one, else the Chinese. */
const char   *gw_department_get_display_name (GwDepartment *self);
const char   *gw_department_get_phone       (GwDepartment  *self);

G_END_DECLS
