/* gw-bench-app.c: the app's window, opened in the benchmark's own process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-bench-app.h"

GwWindow *
gw_bench_open_window (const char     *app_id,
                      const char     *url,
                      const char     *token,
                      const char     *data_dir,
                      GwApplication **app_out)
{
  g_autoptr(GError) error = NULL;
  GwApplication *app;
  GtkWindow *window;

  app = g_object_new (GW_TYPE_APPLICATION,
                      "application-id", app_id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/gridwatch/Gridwatch",
                      NULL);
  gw_application_configure (app, url, token, data_dir);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("cannot register the application: %s", error->message);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 1600, 1000);
  *app_out = app;
  return GW_WINDOW (window);
}
