/* main.c: gridwatch, the command-center desktop client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GwApplication) app = NULL;

#ifdef __GLIBC__
  /* A wall runs for days while map tiles (a quarter of a megabyte each)
   * are drawn in worker threads and dropped again. glibc would raise its
   * mmap threshold after the first such free and serve later tiles from
   * per-thread arenas, which fragment and never shrink: keep large
   * buffers mmapped, so a dropped tile goes back to the system, and the
   * arenas few. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
  mallopt (M_ARENA_MAX, 4);
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = gw_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
