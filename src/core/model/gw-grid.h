/* gw-grid.h: one management grid at any level of the hierarchy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "gw-geometry.h"

G_BEGIN_DECLS

/* The kinds of grid, from the top. A county has 3 to 6 levels: a town's
 * management areas (管区) may be missing or nested, a small county may
 * have no communities; a grid's kind, not its depth, says which of the
 * escalation chain's levels it is. */
typedef enum
{
  GW_GRID_LEVEL_COUNTY,
  GW_GRID_LEVEL_TOWN,
  GW_GRID_LEVEL_AREA,
  GW_GRID_LEVEL_COMMUNITY,
  GW_GRID_LEVEL_GRID,
} GwGridLevel;

#define GW_GRID_N_LEVELS 5

const char *gw_grid_level_to_string     (GwGridLevel  level);
gboolean    gw_grid_level_from_string   (const char  *name,
                                         GwGridLevel *level);
gboolean    gw_grid_level_from_code     (const char  *code,
                                         GwGridLevel *level);
gboolean    gw_grid_code_is_unit_code   (const char  *code);

#define GW_TYPE_GRID (gw_grid_get_type ())

G_DECLARE_FINAL_TYPE (GwGrid, gw_grid, GW, GRID, GObject)

GwGrid             *gw_grid_new              (const char        *code,
                                              const char        *name,
                                              GwGridLevel        level,
                                              const char        *parent_code,
                                              GwGeometry        *geometry);
GwGrid             *gw_grid_new_from_json    (JsonNode          *node,
                                              GError           **error);
JsonNode           *gw_grid_to_json          (GwGrid            *self);
const char         *gw_grid_get_code         (GwGrid            *self);
const char         *gw_grid_get_name         (GwGrid            *self);
GwGridLevel         gw_grid_get_level        (GwGrid            *self);
const char         *gw_grid_get_parent_code  (GwGrid            *self);
GwGeometry         *gw_grid_get_geometry     (GwGrid            *self);
const char         *gw_grid_get_leader       (GwGrid            *self);
const char * const *gw_grid_get_workers      (GwGrid            *self);
void                gw_grid_set_staff        (GwGrid            *self,
                                              const char        *leader,
                                              const char * const *workers);

GwGrid             *gw_grid_find_ancestor    (GwGrid            *self,
                                              GHashTable        *by_code,
                                              GwGridLevel        level);
GHashTable         *gw_grid_towns_of         (GPtrArray         *grids);

G_END_DECLS
