/* gw-process.c: settings of the process made before GTK starts
 *
 * The app and the benchmarks that measure it call this first, so that a
 * figure measured in a bench is the app's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gw-malloc.h"
#include "gw-process.h"
#include "gw-store.h"

/* With the cairo renderer asked for, GDK on X11 would still load a GL
 * driver only to choose a visual: on a wall screen without a GPU that is
 * llvmpipe, some 50 MB resident for nothing drawn. The app has no GL
 * area; a renderer left to GTK's choice keeps GL. */
static void
keep_gl_unloaded_for_cairo (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *flags = NULL;

  if (g_strcmp0 (renderer, "cairo") != 0)
    return;
  if (debug != NULL && strstr (debug, "gl-") != NULL)
    return;   /* whoever set GL flags knows what they want */
  flags = debug != NULL && *debug != '\0' ? g_strconcat (debug, ",gl-disable", NULL) : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", flags, TRUE);
}

#define HUGE_PAGES_TUNABLE "glibc.malloc.hugetlb=1"

/* Whether the kernel gives transparent huge pages to a process that asks
 * for them ("madvise") or to all ("always"). */
gboolean
gw_process_huge_pages_offered (void)
{
  g_autofree char *modes = NULL;

  if (!g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &modes, NULL, NULL))
    return FALSE;
  return strstr (modes, "[madvise]") != NULL || strstr (modes, "[always]") != NULL;
}

/* A cold start makes 100,000 cases from the cache in two threads: some
 * 90 MB of small blocks, every fresh page of which the kernel faults in
 * on first touch (those threads' heaps: gw_process_thread_on_huge_pages()).
 * Where a fault costs what it does on a virtual machine
 * (13-15 µs here: bench host's fault_us), malloc's faults were a quarter
 * of the read threads' CPU time, and the read ends the start. On 2 MB
 * pages a fault maps 512 pages at once: page faults at the start
 * 49,700-50,900 -> 35,000-37,000, and bench cold-start's median
 * 1,190-1,570 -> 1,120-1,270 ms on that machine (three runs each,
 * alternated).
 *
 * glibc has malloc ask for huge pages only when told so at the process's
 * start, through GLIBC_TUNABLES; so the process starts itself again, once,
 * with it set. Exec'ing again costs what loading the libraries does (tens
 * of milliseconds), before anything else has run; where the launcher
 * sets the tunable (the Flatpak's manifest does) the process starts
 * once, and a tunable set otherwise is left as it is. Not under the
 * sanitizers, whose allocator is their own.
 *
 * Huge pages end with the start (gw_process_end_start()). */
void
gw_process_start_on_huge_pages (char **argv)
{
#if defined(__GLIBC__) && !defined(GW_SANITIZED)
  g_autofree char *before = g_strdup (g_getenv ("GLIBC_TUNABLES"));
  g_autofree char *tunables = NULL;
  g_autofree char *self = NULL;

  if (argv == NULL || argv[0] == NULL)
    return;
  if (before != NULL && strstr (before, "glibc.malloc.hugetlb") != NULL)
    return;
  /* The file itself, not /proc/self/exe: the process is named after the
   * file it was started from ("exe" in a system monitor otherwise). */
  if (!gw_process_huge_pages_offered () || !(self = g_file_read_link ("/proc/self/exe", NULL)))
    return;
  tunables = before != NULL && *before != '\0' ? g_strconcat (before, ":", HUGE_PAGES_TUNABLE, NULL)
                                               : g_strdup (HUGE_PAGES_TUNABLE);
  g_setenv ("GLIBC_TUNABLES", tunables, TRUE);
  execv (self, argv);
  /* Not started again: go on as it is. */
  if (before != NULL)
    g_setenv ("GLIBC_TUNABLES", before, TRUE);
  else
    g_unsetenv ("GLIBC_TUNABLES");
#endif
}

/* Set once the start has ended (gw_process_end_start()). */
static gint start_ended;

/* The start's cases are in: no more huge pages for this process. A wall
 * runs for weeks, drawing and dropping tiles and handing the freed memory
 * back after every round (gw_process_release_memory_async()); on heaps
 * marked for huge pages the kernel's background collapsing would refill
 * what was handed back, 2 MB at a time. The pages the start filled stay
 * as they are: they hold the cases. */
void
gw_process_end_start (void)
{
  /* Once: the window says so after every read. */
  if (!g_atomic_int_compare_and_exchange (&start_ended, 0, 1))
    return;
#ifdef PR_SET_THP_DISABLE
  if (prctl (PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0)
    g_debug ("Huge pages stay on: %s", g_strerror (errno));
#endif
}

/* Where a thread's heap is as find_thread_heap() expects: glibc's own
 * allocator on 64 bits. */
#if defined(__GLIBC__) && !defined(GW_SANITIZED) && defined(MADV_HUGEPAGE) && GLIB_SIZEOF_VOID_P == 8
#define MARKS_THREAD_HEAPS 1
#endif

#ifdef MARKS_THREAD_HEAPS
/* glibc reserves a thread arena's heap at this size and aligns it to it
 * (HEAP_MAX_SIZE: twice the largest mmap threshold, on 64 bits). */
#define THREAD_HEAP_SIZE (G_GUINT64_CONSTANT (64) << 20)

/* The heap of the calling thread's arena, if the memory map says that
 * @probe lies in one: private anonymous memory from the heap's aligned
 * start to its end, read-write where malloc has grown it (the first
 * mapping) and reserved beyond (a second, to the end). *@reserved is
 * where the reserved part begins, or 0 when the heap is grown to its end.
 * Anything else (the main arena, whose heap is the process's data
 * segment; a merged or partial mapping) is left alone. */
static gboolean
find_thread_heap (gpointer   probe,
                  guintptr  *heap,
                  guintptr  *reserved)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  guintptr start = (guintptr) probe & ~(THREAD_HEAP_SIZE - 1);
  guintptr end = start + THREAD_HEAP_SIZE, covered = start;
  guint seen = 0;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return FALSE;
  lines = g_strsplit (maps, "\n", -1);
  *reserved = 0;
  for (guint i = 0; lines[i] != NULL && covered < end; i++)
    {
      unsigned long from, to, inode;
      char perms[5];
      int path = 0;

      if (sscanf (lines[i], "%lx-%lx %4s %*s %*s %lu %n", &from, &to, perms, &inode, &path) < 4 || to <= start)
        continue;
      /* Contiguous from the start, anonymous, with no name ("[heap]",
       * "[stack]"), rw-p then ---p. */
      if (from != covered || inode != 0 || (path > 0 && lines[i][path] != '\0') ||
          strcmp (perms, seen == 0 ? "rw-p" : "---p") != 0 || ++seen > 2)
        return FALSE;
      if (seen == 1 && (guintptr) probe >= to)
        return FALSE;
      if (seen == 2)
        *reserved = from;
      covered = to;
    }
  /* The reserve ends with the heap: the next mapping is another's. */
  if (covered < end || (*reserved != 0 && covered != end))
    return FALSE;
  *heap = start;
  return TRUE;
}
#endif

/* The first read's two threads make most of a cold start's memory (some
 * 90 MB of small blocks for 100,000 cases), and glibc's huge-page tunable
 * marks only the main arena's heap and large mmapped blocks: a thread's
 * arena has a heap of its own, whose pages the kernel faulted in 4 kB at
 * a time, 14 µs each here (bench host's fault_us). Marked, page faults a
 * start 36,400-37,300 -> 12,800-14,500 and bench cold-start's median
 * 1,340-1,560 -> 1,080-1,320 ms (three runs each, alternated).
 *
 * Called at the start of such a thread, while the start lasts: the
 * thread's heap is marked for huge pages, and its reserved part made
 * read-write at once, because malloc grows the heap a few pages at a
 * time, and a huge page is mapped only where 2 MB lie within one
 * read-write mapping. glibc only ever grows a heap over its reserve and
 * shrinks it by discarding pages, so neither surprises it. Where the map
 * is not as glibc makes it, nothing is done. */
void
gw_process_thread_on_huge_pages (void)
{
#ifdef MARKS_THREAD_HEAPS
  const char *tunables = g_getenv ("GLIBC_TUNABLES");
  gpointer probe;
  guintptr heap = 0, reserved = 0;
  gboolean found;

  if (tunables == NULL || strstr (tunables, HUGE_PAGES_TUNABLE) == NULL || g_atomic_int_get (&start_ended))
    return;
  /* Beyond the per-thread cache's sizes (1 kB), which may hold another
   * arena's blocks: this comes from the thread's own arena. */
  probe = malloc (4096);
  found = probe != NULL && find_thread_heap (probe, &heap, &reserved);
  free (probe);
  if (!found)
    return;
  if (madvise ((gpointer) heap, THREAD_HEAP_SIZE, MADV_HUGEPAGE) != 0)
    {
      g_debug ("No huge pages for this thread's heap: %s", g_strerror (errno));
      return;
    }
  if (reserved != 0 && mprotect ((gpointer) reserved, heap + THREAD_HEAP_SIZE - reserved, PROT_READ | PROT_WRITE) != 0)
    g_debug ("This thread's heap grows page by page: %s", g_strerror (errno));
#endif
}

void
gw_process_init (void)
{
  gw_malloc_tune ();
  keep_gl_unloaded_for_cairo ();
}

/* The resident size in kB, or -1 where /proc cannot say. */
static gssize
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kb;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "\nVmRSS:")))
    return -1;
  line += strlen ("\nVmRSS:");
  while (*line == ' ' || *line == '\t')
    line++;
  kb = g_ascii_strtoull (line, NULL, 10);
  return kb > 0 && kb < G_MAXSSIZE ? (gssize) kb : -1;
}

/* A wall's round draws every town's tiles and labels and drops most of
 * them again; what glibc keeps of the freed memory in its arenas is
 * resident but unused until the next round asks for it in other sizes,
 * and SQLite's connections keep the pages the round's reads and the live
 * feed's writes touched. Handed back once a round (a few milliseconds),
 * a wall stays the size its data needs. In a thread of its own: SQLite
 * waits for a connection in use. */
static void
release_memory_in_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  gw_store_release_all_memory ();
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  g_task_return_int (task, resident_kb ());
}

void
gw_process_release_memory_async (gpointer            source_object,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, NULL, callback, user_data);

  g_task_set_source_tag (task, gw_process_release_memory_async);
  g_task_run_in_thread (task, release_memory_in_thread);
}

/* The resident size in kB just after the memory was handed back (read
 * in the same thread, before the main thread allocates again), or -1. */
gssize
gw_process_release_memory_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

/* What malloc hands out and what it holds free, to tell a growing heap
 * from a fragmented one (the wall soak prints both). FALSE where the C
 * library cannot say. */
gboolean
gw_process_get_heap_use (gsize *in_use_bytes,
                         gsize *free_bytes)
{
#ifdef __GLIBC__
  struct mallinfo2 info = mallinfo2 ();

  *in_use_bytes = info.uordblks + info.hblkhd;
  *free_bytes = info.fordblks;
  return TRUE;
#else
  *in_use_bytes = *free_bytes = 0;
  return FALSE;
#endif
}

/* Each of malloc's arenas, as "nr:system_kb/free_kb" joined by commas,
 * from malloc_info(): to see which arena a wall's heap grows in (the main
 * one, which the main thread allocates from, or the threads'). NULL
 * where the C library cannot say. */
char *
gw_process_describe_arenas (void)
{
#ifdef __GLIBC__
  g_autoptr(GString) out = g_string_new (NULL);
  char *xml = NULL;
  size_t len = 0;
  FILE *stream = open_memstream (&xml, &len);
  const char *heap;

  if (stream == NULL)
    return NULL;
  if (malloc_info (0, stream) != 0)
    {
      fclose (stream);
      free (xml);
      return NULL;
    }
  fclose (stream);
  for (heap = strstr (xml, "<heap nr=\""); heap != NULL; heap = strstr (heap + 1, "<heap nr=\""))
    {
      const char *end = strstr (heap, "</heap>");
      const char *rest = strstr (heap, "<total type=\"rest\"");
      const char *system = strstr (heap, "<system type=\"current\"");
      unsigned nr = 0;
      size_t free_bytes = 0, system_bytes = 0;

      if (end == NULL || rest == NULL || system == NULL || rest > end || system > end)
        break;
      if (sscanf (heap, "<heap nr=\"%u\"", &nr) != 1 ||
          sscanf (rest, "<total type=\"rest\" count=\"%*u\" size=\"%zu\"", &free_bytes) != 1 ||
          sscanf (system, "<system type=\"current\" size=\"%zu\"", &system_bytes) != 1)
        break;
      g_string_append_printf (out, "%s%u:%zu/%zu", out->len ? "," : "", nr, system_bytes / 1024, free_bytes / 1024);
    }
  free (xml);
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
#else
  return NULL;
#endif
}
