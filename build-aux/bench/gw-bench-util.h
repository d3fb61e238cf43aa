/* gw-bench-util.h: what the benchmark programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void gw_bench_remove_tree     (const char    *path);
int  gw_bench_compare_doubles (gconstpointer  a,
                               gconstpointer  b);
/* Starts gridwatch-townd with @argv (it must listen on a port of its
 * own choosing) and returns it once it says where: its URL in @url. */
GSubprocess *gw_bench_start_townd (const char * const  *argv,
                                   char               **url);

G_END_DECLS
