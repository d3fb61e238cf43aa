/* gw-grid.c: one management grid at any level of the hierarchy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-grid"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "gw-error.h"
#include "gw-grid.h"
#include "gw-json.h"

struct _GwGrid
{
  GObject parent_instance;
  char *code;
  char *name;
  char *parent_code;
  GwGridLevel level;
  GwGeometry *geometry;
  char *leader;
  char **workers;
};

G_DEFINE_FINAL_TYPE (GwGrid, gw_grid, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_LEVEL,
  PROP_PARENT_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const level_names[GW_GRID_N_LEVELS] = { "county", "town", "area", "community", "grid" };

const char *
gw_grid_level_to_string (GwGridLevel level)
{
  g_return_val_if_fail (level < GW_GRID_N_LEVELS, "grid");

  return level_names[level];
}

gboolean
gw_grid_level_from_string (const char  *name,
                           GwGridLevel *level)
{
  /* Our own names first, then the administrative levels that DataV-style
   * boundary files use, then the words counties write in their own
   * files; everything at or above a county is a county here. */
  static const struct { const char *name; GwGridLevel level; } aliases[] = {
    { "county", GW_GRID_LEVEL_COUNTY },
    { "district", GW_GRID_LEVEL_COUNTY },
    { "city", GW_GRID_LEVEL_COUNTY },
    { "province", GW_GRID_LEVEL_COUNTY },
    { "town", GW_GRID_LEVEL_TOWN },
    { "street", GW_GRID_LEVEL_TOWN },
    { "township", GW_GRID_LEVEL_TOWN },
    { "area", GW_GRID_LEVEL_AREA },
    { "management_area", GW_GRID_LEVEL_AREA },
    { "community", GW_GRID_LEVEL_COMMUNITY },
    { "village", GW_GRID_LEVEL_COMMUNITY },
    { "grid", GW_GRID_LEVEL_GRID },
    { "县", GW_GRID_LEVEL_COUNTY },
    { "区", GW_GRID_LEVEL_COUNTY },
    { "县区", GW_GRID_LEVEL_COUNTY },
    { "市", GW_GRID_LEVEL_COUNTY },
    { "镇", GW_GRID_LEVEL_TOWN },
    { "乡", GW_GRID_LEVEL_TOWN },
    { "乡镇", GW_GRID_LEVEL_TOWN },
    { "街道", GW_GRID_LEVEL_TOWN },
    { "管区", GW_GRID_LEVEL_AREA },
    { "片区", GW_GRID_LEVEL_AREA },
    { "社区", GW_GRID_LEVEL_COMMUNITY },
    { "村", GW_GRID_LEVEL_COMMUNITY },
    { "村居", GW_GRID_LEVEL_COMMUNITY },
    { "网格", GW_GRID_LEVEL_GRID },
    { "单元网格", GW_GRID_LEVEL_GRID },
  };

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (name, aliases[i].name) == 0)
      {
        *level = aliases[i].level;
        return TRUE;
      }

  return FALSE;
}

static gboolean
all_digits (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

gboolean
gw_grid_level_from_code (const char  *code,
                         GwGridLevel *level)
{
  /* 6 county + 3 town + 3 community + 3 grid digits. */
  if (code == NULL || !all_digits (code))
    return FALSE;

  switch (strlen (code))
    {
    case 6: *level = GW_GRID_LEVEL_COUNTY; return TRUE;
    case 9: *level = GW_GRID_LEVEL_TOWN; return TRUE;
    case 12: *level = GW_GRID_LEVEL_COMMUNITY; return TRUE;
    case 15: *level = GW_GRID_LEVEL_GRID; return TRUE;
    default: return FALSE;
    }
}

gboolean
gw_grid_code_is_unit_code (const char *code)
{
  return code != NULL && strlen (code) == 15 && all_digits (code);
}

static void
gw_grid_finalize (GObject *object)
{
  GwGrid *self = (GwGrid *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->parent_code, g_free);
  g_clear_pointer (&self->geometry, gw_geometry_unref);
  g_clear_pointer (&self->leader, g_free);
  g_clear_pointer (&self->workers, g_strfreev);

  G_OBJECT_CLASS (gw_grid_parent_class)->finalize (object);
}

static void
gw_grid_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  GwGrid *self = GW_GRID (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LEVEL:
      g_value_set_uint (value, self->level);
      break;

    case PROP_PARENT_CODE:
      g_value_set_string (value, self->parent_code);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_grid_class_init (GwGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_grid_finalize;
  object_class->get_property = gw_grid_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_uint ("level", NULL, NULL, 0, GW_GRID_N_LEVELS - 1, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARENT_CODE] =
    g_param_spec_string ("parent-code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_grid_init (GwGrid *self)
{
}

GwGrid *
gw_grid_new (const char  *code,
             const char  *name,
             GwGridLevel  level,
             const char  *parent_code,
             GwGeometry  *geometry)
{
  GwGrid *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (level < GW_GRID_N_LEVELS, NULL);
  g_return_val_if_fail (geometry != NULL, NULL);

  self = g_object_new (GW_TYPE_GRID, NULL);
  self->code = g_strdup (code);
  self->name = g_strdup (name ? name : code);
  self->level = level;
  self->parent_code = parent_code && *parent_code ? g_strdup (parent_code) : NULL;
  self->geometry = gw_geometry_ref (geometry);

  return self;
}

const char *
gw_grid_get_code (GwGrid *self)
{
  g_return_val_if_fail (GW_IS_GRID (self), NULL);
  return self->code;
}

const char *
gw_grid_get_name (GwGrid *self)
{
  g_return_val_if_fail (GW_IS_GRID (self), NULL);
  return self->name;
}

GwGridLevel
gw_grid_get_level (GwGrid *self)
{
  g_return_val_if_fail (GW_IS_GRID (self), GW_GRID_LEVEL_GRID);
  return self->level;
}

const char *
gw_grid_get_parent_code (GwGrid *self)
{
  g_return_val_if_fail (GW_IS_GRID (self), NULL);
  return self->parent_code;
}

GwGeometry *
gw_grid_get_geometry (GwGrid *self)
{
  g_return_val_if_fail (GW_IS_GRID (self), NULL);
  return self->geometry;
}

const char *
gw_grid_get_leader (GwGrid *self)
{
  g_return_val_if_fail (GW_IS_GRID (self), NULL);
  return self->leader;
}

const char * const *
gw_grid_get_workers (GwGrid *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (GW_IS_GRID (self), NULL);
  return self->workers ? (const char * const *) self->workers : none;
}

void
gw_grid_set_staff (GwGrid             *self,
                   const char         *leader,
                   const char * const *workers)
{
  g_return_if_fail (GW_IS_GRID (self));

  g_free (self->leader);
  self->leader = g_strdup (leader);
  g_strfreev (self->workers);
  self->workers = g_strdupv ((char **) workers);
}

JsonNode *
gw_grid_to_json (GwGrid *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (GW_IS_GRID (self), NULL);

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "code", self->code);
  gw_json_builder_add_string (b, "name", self->name);
  gw_json_builder_add_string (b, "level", gw_grid_level_to_string (self->level));
  gw_json_builder_add_string (b, "parent", self->parent_code);
  gw_json_builder_add_string (b, "leader", self->leader);
  gw_json_builder_add_strv (b, "workers", (const char * const *) self->workers);
  json_builder_set_member_name (b, "geometry");
  json_builder_add_value (b, gw_geometry_to_geojson (self->geometry));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

GwGrid *
gw_grid_new_from_json (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(GwGeometry) geometry = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) workers = NULL;
  JsonObject *obj;
  const char *code, *name, *level_name;
  GwGridLevel level;
  GwGrid *grid;

  if (!(obj = gw_json_node_get_object (node)))
    return gw_json_fail (error, _("grid is not an object"));

  code = gw_json_object_get_string (obj, "code");
  name = gw_json_object_get_string (obj, "name");
  level_name = gw_json_object_get_string (obj, "level");
  if (code == NULL || *code == '\0')
    return gw_json_fail (error, _("grid has no code"));
  if (!gw_grid_level_from_string (level_name, &level))
    return gw_json_fail (error, _("grid %s has an unknown level"), code);

  geometry = gw_geometry_new_from_geojson (json_object_get_member (obj, "geometry"),
                                           GW_CRS_WGS84, &local_error);
  if (geometry == NULL)
    return gw_json_fail (error, _("grid %s: %s"), code, local_error->message);

  grid = gw_grid_new (code, name, level, gw_json_object_get_string (obj, "parent"), geometry);
  workers = gw_json_object_dup_strv (obj, "workers");
  gw_grid_set_staff (grid, gw_json_object_get_string (obj, "leader"), (const char * const *) workers);

  return grid;
}

/* The nearest grid of @level above @self in @by_code (code -> GwGrid),
 * or @self when it is of @level itself: a unit grid's community is its
 * parent in four levels, its grandparent's parent in six. NULL when the
 * chain has no such level or breaks off. */
GwGrid *
gw_grid_find_ancestor (GwGrid      *self,
                       GHashTable  *by_code,
                       GwGridLevel  level)
{
  GwGrid *g = self;

  g_return_val_if_fail (GW_IS_GRID (self), NULL);

  /* The depth bound guards against a cycle in bad data. */
  for (guint depth = 0; g != NULL && depth <= 2 * GW_GRID_N_LEVELS; depth++)
    {
      if (g->level == level)
        return g;
      if (g->level < level || g->parent_code == NULL)
        return NULL;
      g = g_hash_table_lookup (by_code, g->parent_code);
    }
  return NULL;
}

/* grid code -> the code of the town it lies in, for every grid at or
 * below a town; @grids may be NULL. */
GHashTable *
gw_grid_towns_of (GPtrArray *grids)
{
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *towns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; grids && i < grids->len; i++)
    g_hash_table_insert (by_code, (gpointer) gw_grid_get_code (g_ptr_array_index (grids, i)),
                         g_ptr_array_index (grids, i));

  for (guint i = 0; grids && i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      GwGrid *g = gw_grid_find_ancestor (grid, by_code, GW_GRID_LEVEL_TOWN);

      if (g != NULL)
        g_hash_table_insert (towns, g_strdup (gw_grid_get_code (grid)), g_strdup (gw_grid_get_code (g)));
    }
  return towns;
}
