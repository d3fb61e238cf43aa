/* gw-geojson.c: reading grids from GeoJSON boundary files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-geojson"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "gw-error.h"
#include "gw-geojson.h"
#include "gw-grid.h"
#include "gw-json.h"

/* A long list of errors helps nobody; the first ones show what is wrong. */
#define MAX_REPORTED_PROBLEMS 20

static const char * const code_names[] = { "code", "adcode", "id", "gid", "CODE", NULL };
static const char * const name_names[] = { "name", "NAME", "Name", "名称", NULL };

static JsonNode *
first_property (JsonObject         *props,
                const char         *explicit_name,
                const char * const *fallbacks)
{
  if (props == NULL)
    return NULL;

  if (explicit_name != NULL)
    return json_object_get_member (props, explicit_name);

  for (guint i = 0; fallbacks[i]; i++)
    {
      JsonNode *node = json_object_get_member (props, fallbacks[i]);
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        return node;
    }

  return NULL;
}

static char *
parent_code_from (JsonNode   *node,
                  const char *code)
{
  JsonObject *obj;

  /* DataV nests the parent as {"adcode": N}. */
  if ((obj = gw_json_node_get_object (node)) != NULL)
    {
      JsonNode *inner = json_object_get_member (obj, "adcode");
      if (inner == NULL)
        inner = json_object_get_member (obj, "code");
      return gw_json_node_dup_scalar (inner);
    }
  if (node != NULL)
    return gw_json_node_dup_scalar (node);

  /* National codes carry their parent in their first digits. */
  if (code != NULL)
    {
      GwGridLevel level;
      gsize len = strlen (code);

      if (gw_grid_level_from_code (code, &level) && level != GW_GRID_LEVEL_COUNTY)
        return g_strndup (code, len - 3);
    }

  return NULL;
}

static gboolean
check_crs_member (JsonObject  *root,
                  GError     **error)
{
  JsonObject *crs, *props;
  const char *name;

  if (root == NULL || !(crs = gw_json_node_get_object (json_object_get_member (root, "crs"))))
    return TRUE;

  props = gw_json_node_get_object (json_object_get_member (crs, "properties"));
  name = gw_json_object_get_string (props, "name");
  if (name == NULL ||
      strstr (name, "CRS84") != NULL ||
      g_str_has_suffix (name, "EPSG::4326") ||
      g_str_has_suffix (name, "EPSG:4326"))
    return TRUE;

  g_set_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED,
               _("The file declares the coordinate system “%s”; only longitude/latitude "
               "(WGS84 or GCJ-02) can be imported. Reproject it to EPSG:4326 first."), name);
  return FALSE;
}

static JsonArray *
find_features (JsonNode  *root,
               GError   **error)
{
  JsonObject *obj;
  const char *type;

  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);

  if (!(obj = gw_json_node_get_object (root)))
    goto not_geojson;

  /* ECharts ships maps in its own compressed encoding that looks like
   * GeoJSON on the outside; say what it is rather than "bad coordinates". */
  if (json_object_has_member (obj, "UTF8Encoding"))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_GEOJSON,
                   _("This is an ECharts-encoded map (UTF8Encoding), not GeoJSON: its "
                   "coordinates are compressed strings. Export the boundaries as plain GeoJSON."));
      return NULL;
    }

  type = gw_json_object_get_string (obj, "type");
  if (g_strcmp0 (type, "FeatureCollection") == 0)
    {
      JsonArray *features = gw_json_object_get_array (obj, "features");
      if (features == NULL)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_NOT_GEOJSON,
                       _("The FeatureCollection has no “features” array"));
          return NULL;
        }
      if (!check_crs_member (obj, error))
        return NULL;
      return features;
    }

not_geojson:
  g_set_error (error, GW_ERROR, GW_ERROR_NOT_GEOJSON,
               _("Not GeoJSON: expected a FeatureCollection or an array of Features"));
  return NULL;
}

static GwGrid *
read_feature (JsonNode                *node,
              guint                    index,
              const GwGeojsonOptions  *options,
              gboolean                *level_known,
              GError                 **error)
{
  g_autoptr(GwGeometry) geometry = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parent = NULL;
  JsonObject *feature, *props;
  JsonNode *level_node;
  GwGridLevel level = GW_GRID_LEVEL_GRID;

  if (!(feature = gw_json_node_get_object (node)) ||
      g_strcmp0 (gw_json_object_get_string (feature, "type"), "Feature") != 0)
    return gw_json_fail (error, _("feature %u: not a GeoJSON Feature"), index);

  props = gw_json_node_get_object (json_object_get_member (feature, "properties"));
  name = gw_json_node_dup_scalar (first_property (props, options->name_property, name_names));
  code = gw_json_node_dup_scalar (first_property (props, options->code_property, code_names));
  if (code == NULL && options->code_property == NULL)
    code = gw_json_node_dup_scalar (json_object_get_member (feature, "id"));
  if (code == NULL && options->code_property == NULL && name != NULL)
    code = g_strdup (name);
  if ((code == NULL || *code == '\0') && options->code_property != NULL)
    return gw_json_fail (error, _("feature %u (%s): no code in property %s"), index,
                         name ? name : _("unnamed"), options->code_property);
  if (code == NULL || *code == '\0')
    return gw_json_fail (error, _("feature %u (%s): no code"), index, name ? name : _("unnamed"));

  level_node = first_property (props, options->level_property,
                               (const char * const[]) { "level", NULL });
  if (level_node != NULL)
    {
      g_autofree char *level_name = gw_json_node_dup_scalar (level_node);
      if (!gw_grid_level_from_string (level_name, &level))
        return gw_json_fail (error, _("feature %u (%s): unknown level “%s”"), index,
                             name ? name : code, level_name ? level_name : "");
    }
  else if (!gw_grid_level_from_code (code, &level))
    *level_known = FALSE;

  parent = parent_code_from (first_property (props, options->parent_property,
                                             (const char * const[]) { "parent", NULL }),
                             code);

  geometry = gw_geometry_new_from_geojson (json_object_get_member (feature, "geometry"),
                                           options->crs, &local_error);
  if (geometry == NULL)
    return gw_json_fail (error, _("feature %u (%s): %s"), index, name ? name : code,
                         local_error->message);

  return gw_grid_new (code, name, level, parent, geometry);
}

/* The level of a grid the file leaves open, from where it stands in the
 * file's tree: a leaf is a unit grid, a top a county, the county's
 * children towns; below a town, the parents of unit grids are
 * communities and anything between is a management area (管区). */
static GwGridLevel
level_from_tree (GwGrid     *grid,
                 GHashTable *by_code,
                 GHashTable *unknown,
                 GHashTable *children)
{
  GPtrArray *kids = g_hash_table_lookup (children, gw_grid_get_code (grid));
  const char *parent_code = gw_grid_get_parent_code (grid);
  GwGrid *parent = parent_code ? g_hash_table_lookup (by_code, parent_code) : NULL;

  if (kids == NULL)
    return GW_GRID_LEVEL_GRID;
  if (parent == NULL)
    return GW_GRID_LEVEL_COUNTY;
  if (g_hash_table_contains (unknown, parent)
      ? !(gw_grid_get_parent_code (parent) && g_hash_table_contains (by_code, gw_grid_get_parent_code (parent)))
      : gw_grid_get_level (parent) == GW_GRID_LEVEL_COUNTY)
    return GW_GRID_LEVEL_TOWN;
  for (guint i = 0; i < kids->len; i++)
    if (g_hash_table_contains (children, gw_grid_get_code (g_ptr_array_index (kids, i))))
      return GW_GRID_LEVEL_AREA;
  return GW_GRID_LEVEL_COMMUNITY;
}

static void
infer_levels (GPtrArray  *grids,
              GHashTable *unknown)
{
  /* Declared first, so freed after the tables that point into them. */
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GArray) levels = g_array_sized_new (FALSE, FALSE, sizeof (GwGridLevel), grids->len);

  if (g_hash_table_size (unknown) == 0)
    return;

  for (guint i = 0; i < grids->len; i++)
    g_hash_table_insert (by_code, (gpointer) gw_grid_get_code (g_ptr_array_index (grids, i)),
                         g_ptr_array_index (grids, i));
  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      const char *parent = gw_grid_get_parent_code (grid);
      GPtrArray *kids;

      if (parent == NULL || !g_hash_table_contains (by_code, parent))
        continue;
      if (!(kids = g_hash_table_lookup (children, parent)))
        g_hash_table_insert (children, (gpointer) parent, kids = g_ptr_array_new ());
      g_ptr_array_add (kids, grid);
    }

  /* All levels are worked out from the file as read, then set. */
  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      GwGridLevel level = g_hash_table_contains (unknown, grid)
                          ? level_from_tree (grid, by_code, unknown, children)
                          : gw_grid_get_level (grid);
      g_array_append_val (levels, level);
    }
  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);

      if (!g_hash_table_contains (unknown, grid))
        continue;
      g_ptr_array_add (replaced, grid);
      g_ptr_array_index (grids, i) = gw_grid_new (gw_grid_get_code (grid), gw_grid_get_name (grid),
                                                  g_array_index (levels, GwGridLevel, i),
                                                  gw_grid_get_parent_code (grid),
                                                  gw_grid_get_geometry (grid));
    }
}

static GwGrid *
with_unique_code (GwGrid     *grid,
                  GHashTable *seen,
                  guint       index,
                  GStrvBuilder *warnings)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  GwGrid *renamed;

  if (!g_hash_table_contains (seen, gw_grid_get_code (grid)))
    return grid;

  /* Real files repeat codes (Berlin's planning areas do): keep the grid
   * under a derived code and say so, rather than refuse the whole file. */
  for (guint n = 2; code == NULL || g_hash_table_contains (seen, code); n++)
    {
      g_free (code);
      code = g_strdup_printf ("%s-%u", gw_grid_get_code (grid), n);
    }

  message = g_strdup_printf ("feature %u (%s): code %s is used by an earlier feature; imported as %s",
                             index, gw_grid_get_name (grid), gw_grid_get_code (grid), code);
  g_strv_builder_add (warnings, message);
  renamed = gw_grid_new (code, gw_grid_get_name (grid), gw_grid_get_level (grid),
                         gw_grid_get_parent_code (grid), gw_grid_get_geometry (grid));
  g_object_unref (grid);
  return renamed;
}

GPtrArray *
gw_geojson_read_grids (GBytes                 *data,
                       const GwGeojsonOptions *options,
                       char                 ***warnings,
                       GError                **error)
{
  g_autoptr(GStrvBuilder) warning_list = g_strv_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) grids = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) unknown_level = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  GwGeojsonOptions defaults = GW_GEOJSON_OPTIONS_INIT;
  JsonArray *features;
  guint n_problems = 0;
  guint n;

  if (options == NULL)
    options = &defaults;

  if (!(root = gw_json_parse_bytes (data, &local_error)))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_GEOJSON, _("Not GeoJSON: %s"), local_error->message);
      return NULL;
    }

  if (!(features = find_features (root, error)))
    return NULL;

  n = json_array_get_length (features);
  if (n == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("The file has no features"));
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) feature_error = NULL;
      gboolean level_known = TRUE;
      GwGrid *grid = read_feature (json_array_get_element (features, i), i, options,
                                   &level_known, &feature_error);

      if (grid == NULL)
        {
          if (n_problems++ < MAX_REPORTED_PROBLEMS)
            g_string_append_printf (problems, "%s\n", feature_error->message);
          continue;
        }

      grid = with_unique_code (grid, seen, i, warning_list);
      g_hash_table_add (seen, (gpointer) gw_grid_get_code (grid));
      g_ptr_array_add (grids, grid);
      if (!level_known)
        g_hash_table_add (unknown_level, grid);
    }

  if (n_problems > 0)
    {
      if (n_problems > MAX_REPORTED_PROBLEMS)
        g_string_append_printf (problems, "… and %u more\n", n_problems - MAX_REPORTED_PROBLEMS);
      g_string_truncate (problems, problems->len - 1);
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("%u of %u features cannot be imported, so nothing was imported:\n%s"),
                   n_problems, n, problems->str);
      return NULL;
    }

  infer_levels (grids, unknown_level);
  if (warnings)
    *warnings = g_strv_builder_end (warning_list);

  return g_steal_pointer (&grids);
}
