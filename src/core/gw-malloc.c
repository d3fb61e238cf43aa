/* gw-malloc.c: how the app's processes have glibc's malloc behave
 *
 * The window's process sets these before GTK starts (gw_process_init());
 * the benchmarks that time the app's work without its window (bench sync's
 * pull) set them too, so that their figures are the app's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>   /* defines __GLIBC__ on glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gw-malloc.h"

void
gw_malloc_tune (void)
{
#ifdef __GLIBC__
  /* A wall runs for days while map tiles (a quarter of a megabyte each)
   * are drawn in worker threads and dropped again. glibc would raise its
   * mmap threshold after the first such free and serve later tiles from
   * per-thread arenas, which fragment and never shrink: keep large
   * buffers mmapped, so a dropped tile goes back to the system, and the
   * arenas few. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
  mallopt (M_ARENA_MAX, 4);
  /* No fast bins: small blocks freed into them stay unmerged until a
   * request of a kilobyte or more in the same arena sweeps them all, and
   * that request pays for the sweep. During a first pull the window's
   * arena held up to 60 MB of them, and the one allocation on the
   * window's thread that swept them took 50 ms and more (bench ui-stall's
   * longest iterations). Without them a block is merged when it is freed,
   * a little at a time; the per-thread caches still serve the most
   * frequent sizes first. The price is paid by whoever frees many small
   * blocks. On a quiet machine these three settings together make a
   * 100,000-case pull 20-35 % slower than glibc's defaults, each a share
   * (bench sync sets them too, so that its figure is the app's). */
  mallopt (M_MXFAST, 0);
#endif
}
