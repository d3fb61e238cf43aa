/* gw-target-layer.h: inspection targets on the map, by status and risk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

#include "gw-inspection-plan.h"

G_BEGIN_DECLS

#define GW_TYPE_TARGET_LAYER (gw_target_layer_get_type ())

G_DECLARE_FINAL_TYPE (GwTargetLayer, gw_target_layer, GW, TARGET_LAYER, ShumateLayer)

GwTargetLayer *gw_target_layer_new          (ShumateViewport  *viewport);
void           gw_target_layer_set_plan     (GwTargetLayer    *self,
                                             GwInspectionData *data,
                                             GwInspectionPlan *plan,
                                             guint32           today);
GwInspectionData *gw_target_layer_get_data  (GwTargetLayer    *self);
GwTargetStatus gw_target_layer_get_status   (GwTargetLayer    *self,
                                             guint             target);
guint          gw_target_layer_get_next_visit (GwTargetLayer  *self,
                                             guint             target);
guint          gw_target_layer_count        (GwTargetLayer    *self,
                                             GwTargetStatus    status);
int            gw_target_layer_pick         (GwTargetLayer    *self,
                                             double            x,
                                             double            y);
void           gw_target_layer_select       (GwTargetLayer    *self,
                                             int               target);
void           gw_target_layer_status_color (GwTargetStatus    status,
                                             GdkRGBA          *color);

/* What the squares mean, for a legend. */
char          *gw_target_status_swatch      (GwTargetStatus    status);
GtkWidget     *gw_target_legend_new         (void);

G_END_DECLS
