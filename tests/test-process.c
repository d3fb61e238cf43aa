/* test-process.c: the process settings made before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gw-process.h"

#if defined(__SANITIZE_ADDRESS__)
#define GW_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GW_SANITIZED 1
#endif
#endif

/* Small blocks freed are merged as they are freed, not kept in glibc's
 * fast bins until some large request sweeps them all at once: that sweep
 * held the window's main loop for 50 ms and more during a first pull. */
static void
test_no_fast_bins (void)
{
#if defined(__GLIBC__) && !defined(GW_SANITIZED)
  gpointer blocks[2000];
  struct mallinfo2 info;

  gw_process_init ();
  /* More than the thread's cache keeps of one size, and not next to the
   * top of the heap: every other one freed, the rest keep them apart. */
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    blocks[i] = malloc (48);
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i += 2)
    free (blocks[i]);
  info = mallinfo2 ();
  g_assert_cmpuint (info.fsmblks, ==, 0);
  for (guint i = 1; i < G_N_ELEMENTS (blocks); i += 2)
    free (blocks[i]);
#else
  g_test_skip ("glibc's own allocator only");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/process/no-fast-bins", test_no_fast_bins);
  return g_test_run ();
}
