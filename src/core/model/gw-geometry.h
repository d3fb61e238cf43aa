/* gw-geometry.h: an immutable (multi)polygon in WGS84
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-geo.h"

G_BEGIN_DECLS

#define GW_TYPE_GEOMETRY (gw_geometry_get_type ())

typedef struct _GwGeometry GwGeometry;

GType             gw_geometry_get_type           (void) G_GNUC_CONST;
GwGeometry       *gw_geometry_new                (const double  *points,
                                                  guint          n_points,
                                                  const guint   *ring_sizes,
                                                  guint          n_rings,
                                                  const guint   *polygon_ring_counts,
                                                  guint          n_polygons);
GwGeometry       *gw_geometry_new_rectangle      (double         min_lon,
                                                  double         min_lat,
                                                  double         max_lon,
                                                  double         max_lat);
GwGeometry       *gw_geometry_new_from_geojson   (JsonNode      *geometry,
                                                  GwCrs          crs,
                                                  GError       **error);
GwGeometry       *gw_geometry_new_from_bytes     (GBytes        *bytes,
                                                  GError       **error);
GwGeometry       *gw_geometry_ref                (GwGeometry    *self);
void              gw_geometry_unref              (GwGeometry    *self);
guint             gw_geometry_get_n_polygons     (const GwGeometry *self);
guint             gw_geometry_get_n_rings        (const GwGeometry *self,
                                                  guint          polygon);
const double     *gw_geometry_get_ring           (const GwGeometry *self,
                                                  guint          polygon,
                                                  guint          ring,
                                                  guint         *n_points);
guint             gw_geometry_get_n_points       (const GwGeometry *self);
const GwBounds   *gw_geometry_get_bounds         (const GwGeometry *self);
double            gw_geometry_get_area           (const GwGeometry *self);
gboolean          gw_geometry_contains           (const GwGeometry *self,
                                                  double         lon,
                                                  double         lat);
void              gw_geometry_get_label_point    (const GwGeometry *self,
                                                  double        *lon,
                                                  double        *lat);
GBytes           *gw_geometry_to_bytes           (const GwGeometry *self);
JsonNode         *gw_geometry_to_geojson         (const GwGeometry *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwGeometry, gw_geometry_unref)

G_END_DECLS
