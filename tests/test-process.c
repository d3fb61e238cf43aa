/* test-process.c: the process settings made before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* RUSAGE_THREAD */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gw-process.h"

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

#if defined(__GLIBC__) && !defined(GW_SANITIZED)
static long
thread_page_faults (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_THREAD, &usage), ==, 0);
  return usage.ru_minflt + usage.ru_majflt;
}
#endif

/* GTK and cairo make and drop a window-sized image in every frame. Made
 * again, it is memory the process already has, not a fresh mapping
 * whose every page the kernel faults in again: on a virtual machine that
 * was most of the map's frame. */
static void
test_frame_sized_blocks_reused (void)
{
#if defined(__GLIBC__) && !defined(GW_SANITIZED)
  gsize size = 1920 * 1080 * 4;
  long faults = 0;

  gw_process_init ();
  for (guint frame = 0; frame < 4; frame++)
    {
      long before = thread_page_faults ();
      /* volatile: the compiler would drop a block written and freed
       * unread, and the whole loop with it. */
      volatile char *image = malloc (size);

      for (gsize offset = 0; offset < size; offset += 4096)
        image[offset] = 1;
      faults = thread_page_faults () - before;
      free ((char *) image);
    }
  g_test_message ("the last frame's image: %ld page faults for %zu pages", faults, size / 4096);
  g_assert_cmpint (faults, <, (long) (size / 4096 / 10));
#else
  g_test_skip ("glibc's own allocator only");
#endif
}

static void
on_released (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gssize *rss_kb = user_data;

  *rss_kb = gw_process_release_memory_finish (result, NULL);
}

/* Handing memory back says how large the process is right after: a
 * megabyte touched and freed is not in it, and it is what /proc says. */
static void
test_release_says_resident_size (void)
{
  gsize size = 64 * 1024 * 1024;
  char *block = g_malloc (size);
  gssize rss_kb = 0;
  g_autofree char *status = NULL;
  guint64 now_kb;

  memset (block, 1, size);
  g_free (block);
  gw_process_release_memory_async (NULL, on_released, &rss_kb);
  while (rss_kb == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  now_kb = g_ascii_strtoull (strstr (status, "VmRSS:") + strlen ("VmRSS:"), NULL, 10);
  g_test_message ("released: %" G_GSSIZE_FORMAT " kB; now %" G_GUINT64_FORMAT " kB", rss_kb, now_kb);
  g_assert_cmpint (rss_kb, >, 0);
#ifndef GW_SANITIZED
  /* AddressSanitizer keeps freed blocks in quarantine. */
  g_assert_cmpint (rss_kb, <, (gssize) (size / 1024));
#endif
  g_assert_cmpint (rss_kb, >, (gssize) now_kb / 2);
  g_assert_cmpint (rss_kb, <, (gssize) now_kb * 2);
}

static char **test_argv;   /* as the test was started, GTest's own options and all */

#if defined(__GLIBC__) && !defined(GW_SANITIZED)
/* Whether some mapping of the process is marked for huge pages. */
static gboolean
some_mapping_advised_huge (void)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "VmFlags:") && strstr (lines[i], " hg") != NULL)
      return TRUE;
  return FALSE;
}

/* Whether the mapping that holds @p is marked for huge pages, and its size. */
static gboolean
mapping_advised_huge (gconstpointer  p,
                      gsize         *size)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean inside = FALSE;

  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      unsigned long from, to;

      if (sscanf (lines[i], "%lx-%lx ", &from, &to) == 2 && strchr (lines[i], ':') != NULL &&
          g_ascii_isxdigit (lines[i][0]))
        {
          inside = (gulong) p >= from && (gulong) p < to;
          if (inside)
            *size = to - from;
        }
      else if (inside && g_str_has_prefix (lines[i], "VmFlags:"))
        return strstr (lines[i], " hg") != NULL;
    }
  g_assert_not_reached ();
}

typedef struct
{
  gboolean advised;
  gsize size;
} ThreadHeap;

/* A thread's heap, as the first read's threads find theirs. */
static gpointer
look_at_thread_heap (gpointer data)
{
  ThreadHeap *heap = data;
  gpointer block;

  gw_process_thread_on_huge_pages ();
  block = malloc (4096);
  heap->advised = mapping_advised_huge (block, &heap->size);
  free (block);
  return NULL;
}

static ThreadHeap
thread_heap (void)
{
  ThreadHeap heap = { 0 };

  g_thread_join (g_thread_new ("thread-heap", look_at_thread_heap, &heap));
  return heap;
}
#endif

/* The process starts itself again with malloc asking for huge pages, and
 * its heap is marked for them; the start's end turns them off. */
static void
test_start_on_huge_pages (void)
{
#if defined(__GLIBC__) && !defined(GW_SANITIZED)
  if (!gw_process_huge_pages_offered ())
    {
      g_test_skip ("this kernel gives no transparent huge pages");
      return;
    }
  if (g_test_subprocess ())
    {
      gpointer blocks[256];
      int disabled;
      ThreadHeap heap;

      /* Runs twice: started without huge pages, then again with them. */
      if (g_getenv ("GLIBC_TUNABLES") == NULL)
        {
          g_assert_false (some_mapping_advised_huge ());
          g_assert_false (thread_heap ().advised);
        }
      gw_process_start_on_huge_pages (test_argv);
      g_assert_nonnull (strstr (g_getenv ("GLIBC_TUNABLES"), "glibc.malloc.hugetlb=1"));
      /* 16 MB in blocks below the mapping threshold: the heap grows. */
      for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
        blocks[i] = malloc (64 * 1024);
      g_assert_true (some_mapping_advised_huge ());
      for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
        free (blocks[i]);
      /* A thread's arena has a heap of its own, which the tunable leaves
       * out: marked, and read-write through its reserve (64 MB). */
      heap = thread_heap ();
      g_assert_true (heap.advised);
      g_assert_cmpuint (heap.size, >=, 64 << 20);

      g_assert_cmpint (prctl (PR_GET_THP_DISABLE, 0, 0, 0, 0), ==, 0);
      gw_process_end_start ();
      disabled = prctl (PR_GET_THP_DISABLE, 0, 0, 0, 0);
      g_assert_cmpint (disabled, ==, 1);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
#else
  g_test_skip ("glibc's own allocator only");
#endif
}

int
main (int   argc,
      char *argv[])
{
  int status;

  test_argv = g_strdupv (argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/process/start-on-huge-pages", test_start_on_huge_pages);
  g_test_add_func ("/process/no-fast-bins", test_no_fast_bins);
  g_test_add_func ("/process/frame-sized-blocks-reused", test_frame_sized_blocks_reused);
  g_test_add_func ("/process/release-says-resident-size", test_release_says_resident_size);
  status = g_test_run ();
  g_strfreev (test_argv);
  return status;
}
