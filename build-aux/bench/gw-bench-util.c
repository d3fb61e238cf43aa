/* gw-bench-util.c: what the benchmark programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* RUSAGE_THREAD */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gw-bench-util.h"

void
gw_bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        gw_bench_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

double
gw_bench_page_faults (gboolean this_thread_only)
{
  struct rusage usage;

  if (getrusage (this_thread_only ? RUSAGE_THREAD : RUSAGE_SELF, &usage) != 0)
    return -1;
  return usage.ru_minflt + usage.ru_majflt;
}

double
gw_bench_cpu_ms (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double
gw_bench_process_cpu_ms (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *after_name;
  unsigned long long utime = 0, stime = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(after_name = strrchr (text, ')')))
    return 0;
  /* Fields 14 and 15 of proc_pid_stat(5); the name before ')' may hold spaces. */
  if (sscanf (after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
    return 0;
  return (utime + stime) * 1000.0 / sysconf (_SC_CLK_TCK);
}

int
gw_bench_compare_doubles (gconstpointer a,
                          gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
gw_bench_percentile (GArray *values,
                     double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, gw_bench_compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (values->len * p)));
}

double
gw_bench_median (double *values,
                 guint   n)
{
  if (n == 0)
    return 0;
  qsort (values, n, sizeof *values, gw_bench_compare_doubles);
  return values[n / 2];
}

GSubprocess *
gw_bench_start_townd (const char * const  *argv,
                      char               **url)
{
  GSubprocess *process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  if (process == NULL)
    g_error ("gridwatch-townd did not start");
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("gridwatch-townd did not start");
  *url = g_strdup (line + strlen ("listening on "));
  return process;
}
