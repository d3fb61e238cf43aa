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
  /* glibc's own mmap threshold is left to move, as it does by default:
   * a large block is mmapped until one is freed, and after that blocks
   * of its size come from the heap. Cairo makes and drops a view-sized
   * image in every frame (8 MB at 1080p, 32 MB at 4K); with the threshold
   * fixed below that size, each was a fresh mapping whose every page the
   * kernel faulted in again. Where a fault costs 14 µs (a virtual
   * machine's paravirtualised MMU: bench host's fault_us) that was most
   * of the map's frame: 2,025 faults a frame, 34 ms, against none and
   * 5-11 ms now (bench map, frame=texture, 100,000 cases and 5,000
   * grids; 111 -> 19 ms at 4K). The threshold was fixed at 128 kB so
   * that the tiles a wall's round draws and drops went back to the
   * system; the round hands all of malloc's free memory back at its end
   * now (gw_process_release_memory_async).
   *
   * Not done: the window's own frame keeps two such images alive at once
   * (GTK's of the damaged area and the map node's), and glibc trims its
   * heap as soon as more than twice the threshold is free at its top, so
   * they are still mapped afresh (page_faults=6,200 at 1080p, a third of
   * them cairo's shared memory for the X server). A fixed trim threshold
   * of 20 MB kept them, 142 -> 80 ms on that machine, for 19 MB more
   * resident at rest: over bench map-memory's bound, and a few
   * milliseconds where a fault costs what it does on real hardware.
   *
   * Few arenas, each thread's arena holding on to its own free memory;
   * but more than the threads that allocate at once at the start. With
   * four, the first read's two threads came after D-Bus's, fontconfig's
   * and the task pool's had taken them, and shared: waiting on arena
   * locks was a twentieth of their time, and bench cold-start's median
   * 1,370 -> 1,250 ms with eight (three runs each, alternated). */
  mallopt (M_ARENA_MAX, 8);
  /* No fast bins: small blocks freed into them stay unmerged until a
   * request of a kilobyte or more in the same arena sweeps them all, and
   * that request pays for the sweep. During a first pull the window's
   * arena held up to 60 MB of them, and the one allocation on the
   * window's thread that swept them took 50 ms and more (bench ui-stall's
   * longest iterations). Without them a block is merged when it is freed,
   * a little at a time; the per-thread caches still serve the most
   * frequent sizes first. The price is paid by whoever frees many small
   * blocks (bench sync sets it too, so that its figure is the app's). */
  mallopt (M_MXFAST, 0);
#endif
}
