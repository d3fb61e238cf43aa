/* gw-bench-util.h: what the benchmark programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <time.h>

G_BEGIN_DECLS

void gw_bench_remove_tree     (const char    *path);
int  gw_bench_compare_doubles (gconstpointer  a,
                               gconstpointer  b);
/* The value at fraction @p of @values once sorted (0.5 the median, 0.99
 * the 99th percentile, 1 the largest), or 0 for none. Both sort their
 * values in place. */
double gw_bench_percentile    (GArray        *values,
                               double         p);
double gw_bench_median        (double        *values,
                               guint          n);
/* The pages first touched (minor and major faults) since it started, by
 * the calling thread or by every thread of the process: where a fault
 * is slow (a virtual machine's, bench host's fault_us), they are much of
 * a frame or a start. -1 where the system cannot say. */
double gw_bench_page_faults   (gboolean       this_thread_only);
/* CPU time in milliseconds, user and system: of the calling thread
 * (CLOCK_THREAD_CPUTIME_ID) or of every thread of this process
 * (CLOCK_PROCESS_CPUTIME_ID). On a machine shared with other work the
 * wall clock says how busy it was; this says what the work itself cost. */
double gw_bench_cpu_ms        (clockid_t      clock);
/* The same for another process, every thread (at the kernel's clock
 * tick), or 0 where /proc cannot say. */
double gw_bench_process_cpu_ms (GPid          pid);
/* Starts gridwatch-townd with @argv (it must listen on a port of its
 * own choosing) and returns it once it says where: its URL in @url. */
GSubprocess *gw_bench_start_townd (const char * const  *argv,
                                   char               **url);

G_END_DECLS
