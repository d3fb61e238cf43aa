/* gw-basemap.c: what is drawn under the grids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-basemap"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-basemap.h"
#include "gw-mbtiles-source.h"

#define TILE_SIZE 256
#define MAX_ZOOM 19

ShumateMapSource *
gw_basemap_new_reference (void)
{
  /* The viewport needs a map source for its projection and zoom limits
   * even when nothing is drawn under the grids. No layer ever asks this
   * one for a tile, so its URL is never fetched. */
  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full_from_url (
    "gridwatch-none", _("No basemap"), "", NULL, 0, MAX_ZOOM, TILE_SIZE,
    SHUMATE_MAP_PROJECTION_MERCATOR, "none://{z}/{x}/{y}"));
}

ShumateMapSource *
gw_basemap_new (GwBasemapKind   kind,
                const char     *xyz_url,
                const char     *mbtiles_path,
                GError        **error)
{
  switch (kind)
    {
    case GW_BASEMAP_NONE:
      return NULL;

    case GW_BASEMAP_XYZ:
      if (xyz_url == NULL || !strstr (xyz_url, "{z}") || !strstr (xyz_url, "{x}") || !strstr (xyz_url, "{y}") ||
          !(g_str_has_prefix (xyz_url, "http://") || g_str_has_prefix (xyz_url, "https://")))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The tile server address must start with http:// or https:// and contain {z}, {x} and {y}"));
          return NULL;
        }
      return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full_from_url (
        "gridwatch-xyz", _("Tile server"), "", NULL, 0, MAX_ZOOM, TILE_SIZE,
        SHUMATE_MAP_PROJECTION_MERCATOR, xyz_url));

    case GW_BASEMAP_MBTILES:
      {
        g_autoptr(GwMbtilesSource) source = NULL;
        GwMbtiles *mbtiles;

        if (mbtiles_path == NULL || *mbtiles_path == '\0')
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("No MBTiles file is chosen"));
            return NULL;
          }
        if (!(source = gw_mbtiles_source_new (mbtiles_path, error)))
          return NULL;

        mbtiles = gw_mbtiles_source_get_mbtiles (source);
        return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (
          "gridwatch-mbtiles", gw_mbtiles_get_name (mbtiles),
          gw_mbtiles_get_attribution (mbtiles) ? gw_mbtiles_get_attribution (mbtiles) : "",
          NULL, gw_mbtiles_get_min_zoom (mbtiles), gw_mbtiles_get_max_zoom (mbtiles), TILE_SIZE,
          SHUMATE_MAP_PROJECTION_MERCATOR, SHUMATE_DATA_SOURCE (source)));
      }

    default:
      g_return_val_if_reached (NULL);
    }
}

ShumateMapSource *
gw_basemap_new_from_settings (GSettings  *settings,
                              GError    **error)
{
  g_autofree char *url = g_settings_get_string (settings, "basemap-xyz-url");
  g_autofree char *path = g_settings_get_string (settings, "basemap-mbtiles-path");

  return gw_basemap_new (g_settings_get_enum (settings, "basemap"), url, path, error);
}
