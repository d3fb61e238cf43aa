/* bench-host.c: how fast the machine under the other benches is
 *
 * The same code's 100,000-case pull took 1.07–1.52 s on one boot of the
 * shared build machine and 0.73–0.89 s on another; its map frames moved
 * by more. A figure is only comparable with another run's beside the
 * host's own speed, measured in the same run, so this prints the three
 * things the other benches are made of:
 *   bench host fault_us=… copy_gb_s=… sha256_mb_s=… steal_pct=… load_1min=…
 * fault_us is the cost of a first touch of an anonymous page (every new
 * surface, page buffer and arena pays it), copy_gb_s memcpy's bandwidth
 * over buffers larger than the caches, sha256_mb_s one core's plain
 * arithmetic, steal_pct the share of time the hypervisor gave to others
 * meanwhile, and load_1min what else ran.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gw-bench-util.h"

#define BUFFER_BYTES (64u << 20)
#define ROUNDS 7

static double
fault_us (void)
{
  double per_fault[ROUNDS];
  long page = sysconf (_SC_PAGESIZE);

  for (guint r = 0; r < ROUNDS; r++)
    {
      volatile char *buffer = mmap (NULL, BUFFER_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      gint64 start;

      if (buffer == MAP_FAILED)
        g_error ("bench host: mmap: %s", g_strerror (errno));
      start = g_get_monotonic_time ();
      for (gsize i = 0; i < BUFFER_BYTES; i += page)
        buffer[i] = 1;
      per_fault[r] = (double) (g_get_monotonic_time () - start) / (BUFFER_BYTES / page);
      munmap ((void *) buffer, BUFFER_BYTES);
    }
  return gw_bench_median (per_fault, ROUNDS);
}

static double
copy_gb_s (void)
{
  g_autofree char *from = g_malloc (BUFFER_BYTES);
  g_autofree char *to = g_malloc (BUFFER_BYTES);
  double rate[ROUNDS];

  /* Touched first: the faults are the other figure's. */
  memset (from, 1, BUFFER_BYTES);
  memset (to, 2, BUFFER_BYTES);
  for (guint r = 0; r < ROUNDS; r++)
    {
      gint64 start = g_get_monotonic_time ();

      memcpy (to, from, BUFFER_BYTES);
      rate[r] = BUFFER_BYTES / 1e3 / MAX (1, g_get_monotonic_time () - start);
      from[r] = to[BUFFER_BYTES - 1 - r];   /* so that no copy is left out */
    }
  return gw_bench_median (rate, ROUNDS);
}

static double
sha256_mb_s (void)
{
  g_autofree guchar *data = g_malloc (BUFFER_BYTES / 4);
  double rate[ROUNDS];

  for (gsize i = 0; i < BUFFER_BYTES / 4; i++)
    data[i] = (guchar) (i * 131);
  for (guint r = 0; r < ROUNDS; r++)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      gint64 start = g_get_monotonic_time ();

      g_checksum_update (checksum, data, BUFFER_BYTES / 4);
      g_checksum_get_string (checksum);
      rate[r] = (BUFFER_BYTES / 4) / (double) MAX (1, g_get_monotonic_time () - start);
    }
  return gw_bench_median (rate, ROUNDS);
}

/* The first line of /proc/stat: the jiffies of every state, steal the
 * eighth. FALSE where it cannot be read. */
static gboolean
read_cpu_times (guint64 *total,
                guint64 *steal)
{
  g_autofree char *stat = NULL;
  guint64 field[8] = { 0 };

  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL) ||
      sscanf (stat, "cpu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                    " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              &field[0], &field[1], &field[2], &field[3], &field[4], &field[5], &field[6], &field[7]) != 8)
    return FALSE;
  *total = 0;
  for (guint i = 0; i < G_N_ELEMENTS (field); i++)
    *total += field[i];
  *steal = field[7];
  return TRUE;
}

static double
load_1min (void)
{
  g_autofree char *loadavg = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    return -1;
  return g_ascii_strtod (loadavg, NULL);
}

int
main (void)
{
  guint64 total_before = 0, steal_before = 0, total_after = 0, steal_after = 0;
  gboolean have_times = read_cpu_times (&total_before, &steal_before);
  double fault = fault_us ();
  double copy = copy_gb_s ();
  double sha = sha256_mb_s ();
  double steal = -1;

  if (have_times && read_cpu_times (&total_after, &steal_after) && total_after > total_before)
    steal = 100.0 * (steal_after - steal_before) / (total_after - total_before);
  printf ("bench host fault_us=%.2f copy_gb_s=%.2f sha256_mb_s=%.0f steal_pct=%.1f load_1min=%.2f\n",
          fault, copy, sha, steal, load_1min ());
  return 0;
}
