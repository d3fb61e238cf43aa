/* gw-bench-util.h: what the benchmark programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gw_bench_remove_tree     (const char    *path);
int  gw_bench_compare_doubles (gconstpointer  a,
                               gconstpointer  b);

G_END_DECLS
