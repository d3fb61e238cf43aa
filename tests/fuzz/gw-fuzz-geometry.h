/* gw-fuzz-geometry.h: what any geometry the importers accept must allow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-geometry.h"

G_BEGIN_DECLS

void gw_fuzz_check_geometry (GwGeometry *geometry);

G_END_DECLS
