/* gw-drip-model.h: a list that lets a list view build its rows a few at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_TYPE_DRIP_MODEL (gw_drip_model_get_type ())

G_DECLARE_FINAL_TYPE (GwDripModel, gw_drip_model, GW, DRIP_MODEL, GObject)

GwDripModel *gw_drip_model_new   (GListModel  *model);
void         gw_drip_model_flush (GwDripModel *self);

G_END_DECLS
