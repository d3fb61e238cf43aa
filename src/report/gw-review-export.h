/* gw-review-export.h: the leader review as a PDF report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "gw-review.h"

G_BEGIN_DECLS

/* The names of the review's units in @language ("zh_CN", "en"; NULL: the
 * user interface's), by key: grids and towns by code, departments by id,
 * categories by code. Any array may be NULL. */
GHashTable *gw_review_export_names (GwStatsBy    by,
                                    GPtrArray   *grids,
                                    GPtrArray   *categories,
                                    GPtrArray   *departments,
                                    const char  *language);

/* In the current language; @names as gw_review_export_names() makes
 * them, @town_name the town drilled into (NULL: the county), @map (may
 * be NULL) a picture of the map as shown. */
gboolean    gw_review_export_pdf   (GwReview         *review,
                                    GHashTable       *names,
                                    const char       *town_name,
                                    cairo_surface_t  *map,
                                    GFile            *file,
                                    GError          **error);

G_END_DECLS
