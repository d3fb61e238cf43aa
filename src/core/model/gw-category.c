/* gw-category.c: a case category with its time limit and responsible department
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-category"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-category.h"
#include "gw-json.h"

struct _GwCategory
{
  GObject parent_instance;
  GwCategoryInfo info;   /* strings owned by this object */
};

G_DEFINE_FINAL_TYPE (GwCategory, gw_category, G_TYPE_OBJECT)

const char *
gw_category_kind_to_string (GwCategoryKind kind)
{
  return kind == GW_CATEGORY_KIND_COMPONENT ? "component" : "event";
}

gboolean
gw_category_kind_from_string (const char     *name,
                              GwCategoryKind *kind)
{
  if (g_strcmp0 (name, "component") == 0)
    *kind = GW_CATEGORY_KIND_COMPONENT;
  else if (g_strcmp0 (name, "event") == 0)
    *kind = GW_CATEGORY_KIND_EVENT;
  else
    return FALSE;
  return TRUE;
}

const char *
gw_time_unit_to_string (GwTimeUnit unit)
{
  return unit == GW_TIME_UNIT_WORKING_HOURS ? "working_hours" : "working_days";
}

gboolean
gw_time_unit_from_string (const char *name,
                          GwTimeUnit *unit)
{
  if (g_strcmp0 (name, "working_hours") == 0)
    *unit = GW_TIME_UNIT_WORKING_HOURS;
  else if (g_strcmp0 (name, "working_days") == 0)
    *unit = GW_TIME_UNIT_WORKING_DAYS;
  else
    return FALSE;
  return TRUE;
}

static void
gw_category_finalize (GObject *object)
{
  GwCategoryInfo *info = &GW_CATEGORY (object)->info;

  g_free ((char *) info->code);
  g_free ((char *) info->major_code);
  g_free ((char *) info->major_name);
  g_free ((char *) info->major_name_en);
  g_free ((char *) info->name);
  g_free ((char *) info->name_en);
  g_free ((char *) info->department);
  g_strfreev ((char **) info->cooperating);
  g_strfreev ((char **) info->town_handles);

  G_OBJECT_CLASS (gw_category_parent_class)->finalize (object);
}

static void
gw_category_class_init (GwCategoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_category_finalize;
}

static void
gw_category_init (GwCategory *self)
{
}

GwCategory *
gw_category_new (const GwCategoryInfo *info)
{
  GwCategory *self;

  g_return_val_if_fail (info != NULL && info->code != NULL, NULL);

  self = g_object_new (GW_TYPE_CATEGORY, NULL);
  self->info = *info;
  self->info.code = g_strdup (info->code);
  self->info.major_code = g_strdup (info->major_code);
  self->info.major_name = g_strdup (info->major_name);
  self->info.major_name_en = g_strdup (info->major_name_en ? info->major_name_en : info->major_name);
  self->info.name = g_strdup (info->name ? info->name : info->code);
  self->info.name_en = g_strdup (info->name_en ? info->name_en : self->info.name);
  self->info.department = g_strdup (info->department);
  self->info.cooperating = (const char * const *) (info->cooperating ? g_strdupv ((char **) info->cooperating)
                                                                     : g_new0 (char *, 1));
  self->info.town_handles = (const char * const *) (info->town_handles ? g_strdupv ((char **) info->town_handles)
                                                                       : g_new0 (char *, 1));

  return self;
}

const GwCategoryInfo *
gw_category_get_info (GwCategory *self)
{
  g_return_val_if_fail (GW_IS_CATEGORY (self), NULL);
  return &self->info;
}

const char *
gw_category_get_code (GwCategory *self)
{
  g_return_val_if_fail (GW_IS_CATEGORY (self), NULL);
  return self->info.code;
}

const char *
gw_category_get_name (GwCategory *self)
{
  g_return_val_if_fail (GW_IS_CATEGORY (self), NULL);
  return self->info.name;
}

JsonNode *
gw_category_to_json (GwCategory *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const GwCategoryInfo *info;

  g_return_val_if_fail (GW_IS_CATEGORY (self), NULL);

  info = &self->info;
  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "code", info->code);
  gw_json_builder_add_string (b, "kind", gw_category_kind_to_string (info->kind));
  gw_json_builder_add_string (b, "major_code", info->major_code);
  gw_json_builder_add_string (b, "major_name", info->major_name);
  gw_json_builder_add_string (b, "major_name_en", info->major_name_en);
  gw_json_builder_add_string (b, "name", info->name);
  gw_json_builder_add_string (b, "name_en", info->name_en);
  json_builder_set_member_name (b, "time_limit");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "value");
  json_builder_add_int_value (b, info->limit_value);
  gw_json_builder_add_string (b, "unit", gw_time_unit_to_string (info->limit_unit));
  json_builder_end_object (b);
  gw_json_builder_add_string (b, "department", info->department);
  gw_json_builder_add_strv (b, "cooperating", info->cooperating);
  gw_json_builder_add_strv (b, "town_handles", info->town_handles);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

GwCategory *
gw_category_new_from_json (JsonNode  *node,
                           GError   **error)
{
  GwCategoryInfo info = { 0 };
  JsonObject *obj, *limit;
  gint64 value;
  g_auto(GStrv) cooperating = NULL;
  g_auto(GStrv) town_handles = NULL;

  if (!(obj = gw_json_node_get_object (node)))
    return gw_json_fail (error, _("category is not an object"));

  info.code = gw_json_object_get_string (obj, "code");
  if (info.code == NULL || *info.code == '\0')
    return gw_json_fail (error, _("category has no code"));
  if (!gw_category_kind_from_string (gw_json_object_get_string (obj, "kind"), &info.kind))
    return gw_json_fail (error, _("category %s has an unknown kind"), info.code);

  limit = gw_json_node_get_object (json_object_get_member (obj, "time_limit"));
  value = gw_json_object_get_int (limit, "value", -1);
  if (value <= 0 || value > 10000 ||
      !gw_time_unit_from_string (gw_json_object_get_string (limit, "unit"), &info.limit_unit))
    return gw_json_fail (error, _("category %s has no valid time limit"), info.code);
  info.limit_value = value;

  info.major_code = gw_json_object_get_string (obj, "major_code");
  info.major_name = gw_json_object_get_string (obj, "major_name");
  info.major_name_en = gw_json_object_get_string (obj, "major_name_en");
  info.name = gw_json_object_get_string (obj, "name");
  info.name_en = gw_json_object_get_string (obj, "name_en");
  info.department = gw_json_object_get_string (obj, "department");
  cooperating = gw_json_object_dup_strv (obj, "cooperating");
  town_handles = gw_json_object_dup_strv (obj, "town_handles");
  info.cooperating = (const char * const *) cooperating;
  info.town_handles = (const char * const *) town_handles;

  return gw_category_new (&info);
}

GHashTable *
gw_category_departments_of (GPtrArray *categories)
{
  GHashTable *departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; categories && i < categories->len; i++)
    {
      const GwCategoryInfo *info = gw_category_get_info (g_ptr_array_index (categories, i));

      if (info->department)
        g_hash_table_insert (departments, g_strdup (info->code), g_strdup (info->department));
    }
  return departments;
}

char *
gw_category_town_handler (GwCategory *self,
                          const char *town)
{
  g_return_val_if_fail (GW_IS_CATEGORY (self), NULL);

  if (town == NULL || self->info.town_handles == NULL || !g_strv_contains (self->info.town_handles, town))
    return NULL;
  return g_strconcat ("town:", town, NULL);
}
