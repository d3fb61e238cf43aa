/* gw-case-layer.h: live cases on the map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gw-case.h"

G_BEGIN_DECLS

#define GW_TYPE_CASE_LAYER (gw_case_layer_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseLayer, gw_case_layer, GW, CASE_LAYER, ShumateLayer)

GwCaseLayer *gw_case_layer_new         (ShumateViewport *viewport);
void         gw_case_layer_set_cases   (GwCaseLayer     *self,
                                        GPtrArray       *cases);
guint        gw_case_layer_get_n_cases (GwCaseLayer     *self);
const char  *gw_case_layer_get_case_at (GwCaseLayer     *self,
                                        double           x,
                                        double           y);
void         gw_case_layer_get_rgba    (GwCaseStatus     status,
                                        gboolean         urgent,
                                        GdkRGBA         *rgba);

G_END_DECLS
