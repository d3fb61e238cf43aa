/* gw-whistle-list.c: what may be whistled up, and how soon it is answered
 *
 * The list is data: six categories of items, each with how soon the
 * called party must report and which county department reports when the
 * town whistles. The demo's list is built in; a county imports its own
 * into the town server, which serves it (GET /api/v1/whistle-items), and
 * both sides make it the default.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-whistle-list"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-error.h"
#include "gw-json.h"
#include "gw-whistle-list.h"

GResource *gw_core_get_resource (void);

struct _GwWhistleList
{
  GObject parent_instance;
  GArray *items;              /* of GwWhistleItem */
};

G_DEFINE_FINAL_TYPE (GwWhistleList, gw_whistle_list, G_TYPE_OBJECT)

static void
clear_item (gpointer data)
{
  GwWhistleItem *item = data;

  g_free (item->code);
  g_free (item->name);
  g_free (item->name_en);
  g_free (item->category_code);
  g_free (item->category_name);
  g_free (item->category_name_en);
  g_free (item->department);
  g_strfreev (item->case_categories);
}

static void
gw_whistle_list_finalize (GObject *object)
{
  g_clear_pointer (&GW_WHISTLE_LIST (object)->items, g_array_unref);

  G_OBJECT_CLASS (gw_whistle_list_parent_class)->finalize (object);
}

static void
gw_whistle_list_class_init (GwWhistleListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_whistle_list_finalize;
}

static void
gw_whistle_list_init (GwWhistleList *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (GwWhistleItem));
  g_array_set_clear_func (self->items, clear_item);
}

static gboolean
read_item (GwWhistleList  *self,
           JsonObject     *category,
           JsonObject     *obj,
           GError        **error)
{
  GwWhistleItem item = { 0 };
  JsonObject *report = gw_json_node_get_object (json_object_get_member (obj, "report"));
  const char *code = gw_json_object_get_string (obj, "code");
  const char *unit = gw_json_object_get_string (report, "unit");
  gint64 value = gw_json_object_get_int (report, "value", 0);

  if (code == NULL || gw_json_object_get_string (obj, "name") == NULL)
    return gw_json_fail (error, _("a whistle item has no code or name")), FALSE;
  if (g_strcmp0 (unit, "same_day") == 0)
    item.report_unit = GW_REPORT_SAME_DAY;
  else if (g_strcmp0 (unit, "working_days") == 0 && value >= 1 && value <= 60)
    item.report_unit = GW_REPORT_WORKING_DAYS;
  else
    return gw_json_fail (error, _("whistle item %s has no valid report time"), code), FALSE;

  item.code = g_strdup (code);
  item.name = g_strdup (gw_json_object_get_string (obj, "name"));
  item.name_en = g_strdup (gw_json_object_get_string (obj, "name_en"));
  item.category_code = g_strdup (gw_json_object_get_string (category, "code"));
  item.category_name = g_strdup (gw_json_object_get_string (category, "name"));
  item.category_name_en = g_strdup (gw_json_object_get_string (category, "name_en"));
  item.report_value = MAX (value, 1);
  item.department = g_strdup (gw_json_object_get_string (obj, "department"));
  item.case_categories = gw_json_object_dup_strv (obj, "categories");
  if (item.case_categories == NULL)
    item.case_categories = g_new0 (char *, 1);
  g_array_append_val (self->items, item);
  return TRUE;
}

/* Two shapes: the built-in file's categories, each with its items, and
 * the server's flat list, each item naming its "group". */
GwWhistleList *
gw_whistle_list_new_from_bytes (GBytes  *json,
                                GError **error)
{
  g_autoptr(GwWhistleList) self = g_object_new (GW_TYPE_WHISTLE_LIST, NULL);
  g_autoptr(JsonNode) root = gw_json_parse_bytes (json, error);
  JsonArray *categories, *flat;

  if (root == NULL)
    return NULL;
  categories = gw_json_object_get_array (gw_json_node_get_object (root), "categories");
  flat = gw_json_object_get_array (gw_json_node_get_object (root), "items");
  if (categories == NULL && flat == NULL)
    return gw_json_fail (error, _("the whistle list has no categories"));
  for (guint c = 0; categories && c < json_array_get_length (categories); c++)
    {
      JsonObject *category = gw_json_node_get_object (json_array_get_element (categories, c));
      JsonArray *items = gw_json_object_get_array (category, "items");

      for (guint i = 0; items && i < json_array_get_length (items); i++)
        if (!read_item (self, category, gw_json_node_get_object (json_array_get_element (items, i)), error))
          return NULL;
    }
  for (guint i = 0; !categories && i < json_array_get_length (flat); i++)
    {
      JsonObject *item = gw_json_node_get_object (json_array_get_element (flat, i));
      JsonObject *group = gw_json_node_get_object (item ? json_object_get_member (item, "group") : NULL);

      if (!read_item (self, group, item, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

JsonNode *
gw_whistle_list_to_json (GwWhistleList *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (GW_IS_WHISTLE_LIST (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->items->len; i++)
    {
      const GwWhistleItem *item = &g_array_index (self->items, GwWhistleItem, i);

      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "code", item->code);
      gw_json_builder_add_string (b, "name", item->name);
      gw_json_builder_add_string (b, "name_en", item->name_en);
      json_builder_set_member_name (b, "group");
      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "code", item->category_code);
      gw_json_builder_add_string (b, "name", item->category_name);
      gw_json_builder_add_string (b, "name_en", item->category_name_en);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "report");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "value");
      json_builder_add_int_value (b, item->report_value);
      gw_json_builder_add_string (b, "unit", item->report_unit == GW_REPORT_SAME_DAY ? "same_day" : "working_days");
      json_builder_end_object (b);
      gw_json_builder_add_string (b, "department", item->department);
      gw_json_builder_add_strv (b, "categories", (const char * const *) item->case_categories);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}


static GMutex default_lock;
static GwWhistleList *default_list;
/* Every list that was the default: an item handed out stays valid. */
static GPtrArray *former_defaults;

/* The county's list once set, the built-in demo list until then; never
 * NULL. */
GwWhistleList *
gw_whistle_list_get_default (void)
{
  GwWhistleList *list;

  g_mutex_lock (&default_lock);
  if (default_list == NULL)
    default_list = g_object_ref (gw_whistle_list_get_built_in ());
  list = default_list;
  g_mutex_unlock (&default_lock);
  return list;
}

void
gw_whistle_list_set_default (GwWhistleList *list)
{
  g_return_if_fail (list == NULL || GW_IS_WHISTLE_LIST (list));

  g_mutex_lock (&default_lock);
  if (former_defaults == NULL)
    former_defaults = g_ptr_array_new ();
  if (default_list)
    g_ptr_array_add (former_defaults, g_steal_pointer (&default_list));
  default_list = list ? g_object_ref (list) : NULL;
  g_mutex_unlock (&default_lock);
}

/* The demo list shipped with the app and the server; never NULL. */
GwWhistleList *
gw_whistle_list_get_built_in (void)
{
  static GwWhistleList *list;

  if (g_once_init_enter (&list))
    {
      g_autoptr(GBytes) bytes = g_resource_lookup_data (gw_core_get_resource (), "/org/gridwatch/Core/whistle/demo.json",
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autoptr(GError) error = NULL;
      GwWhistleList *loaded = bytes ? gw_whistle_list_new_from_bytes (bytes, &error) : NULL;

      if (loaded == NULL)
        g_error ("The built-in whistle list is broken: %s", error ? error->message : "missing");
      g_once_init_leave (&list, loaded);
    }
  return list;
}

guint
gw_whistle_list_get_n_items (GwWhistleList *self)
{
  g_return_val_if_fail (GW_IS_WHISTLE_LIST (self), 0);
  return self->items->len;
}

const GwWhistleItem *
gw_whistle_list_get_item (GwWhistleList *self,
                          guint          index)
{
  g_return_val_if_fail (GW_IS_WHISTLE_LIST (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return &g_array_index (self->items, GwWhistleItem, index);
}

const GwWhistleItem *
gw_whistle_list_lookup (GwWhistleList *self,
                        const char    *code)
{
  g_return_val_if_fail (GW_IS_WHISTLE_LIST (self), NULL);

  for (guint i = 0; code && i < self->items->len; i++)
    if (g_str_equal (g_array_index (self->items, GwWhistleItem, i).code, code))
      return &g_array_index (self->items, GwWhistleItem, i);
  return NULL;
}

/* The item that covers a case category most closely (the longest code
 * prefix), or NULL. */
const GwWhistleItem *
gw_whistle_list_suggest (GwWhistleList *self,
                         const char    *case_category)
{
  const GwWhistleItem *best = NULL;
  gsize best_length = 0;

  g_return_val_if_fail (GW_IS_WHISTLE_LIST (self), NULL);

  for (guint i = 0; case_category && i < self->items->len; i++)
    {
      const GwWhistleItem *item = &g_array_index (self->items, GwWhistleItem, i);

      for (guint k = 0; item->case_categories[k]; k++)
        {
          /* "E03" covers E0301; a bare "E" would cover every event. */
          const char *prefix = item->case_categories[k];
          gsize length = strlen (prefix);

          if (length > best_length && g_str_has_prefix (case_category, prefix))
            {
              best = item;
              best_length = length;
            }
        }
    }
  return best;
}
