/* main.c: gridwatch, the command-center desktop client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gw-application.h"
#include "gw-process.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GwApplication) app = NULL;

  gw_process_start_on_huge_pages (argv);
  gw_process_init ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = gw_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
