/* gw-bench-town.h: a town of many cases, seeded fast, for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Seeds @db with the demo county and @seed cases made through
 * gridwatch-townd's rules, then copies each @copies − 1 times more in SQL
 * (cases table and change feed, under ids of their own), so a town of
 * @seed × @copies cases takes seconds. Returns a token for user "bench"
 * in @role. */
char *gw_bench_seed_town (const char *townd,
                          const char *db,
                          guint       seed,
                          guint       copies,
                          const char *role);

G_END_DECLS
