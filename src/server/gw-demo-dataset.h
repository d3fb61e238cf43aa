/* gw-demo-dataset.h: the generated Zoucheng demo county
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

gboolean gw_demo_dataset_load (GwStore  *store,
                               guint    *n_grids,
                               GError  **error);

G_END_DECLS
