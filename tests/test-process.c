/* test-process.c: the process's settings made before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gw-process.h"

static int
own_nice (void)
{
  return getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
}

static void
note_nice (GTask        *task,
           gpointer      source,
           gpointer      data,
           GCancellable *cancellable)
{
  g_task_return_int (task, own_nice ());
}

/* A pull, a read or a count in GLib's pool yields to the window's thread;
 * the window's thread keeps its priority. */
static void
test_workers_below_window (void)
{
  int main_nice = own_nice ();

  if (main_nice >= 19)
    {
      g_test_skip ("the tests run at the lowest priority already");
      return;
    }
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      g_task_run_in_thread_sync (task, note_nice);
      g_assert_cmpint (g_task_propagate_int (task, NULL), >, main_nice);
    }
  g_assert_cmpint (own_nice (), ==, main_nice);
}

int
main (int   argc,
      char *argv[])
{
  /* First, as the app's main() does: before any pool is made. */
  gw_process_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/process/workers-below-window", test_workers_below_window);
  return g_test_run ();
}
