/* gw-malloc.h: how the app's processes have glibc's malloc behave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gw_malloc_tune (void);

G_END_DECLS
