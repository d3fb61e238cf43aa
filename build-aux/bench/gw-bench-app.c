/* gw-bench-app.c: the app's window, opened in the benchmark's own process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-bench-app.h"

GwApplication *
gw_bench_start_app (const char *app_id,
                    const char *url,
                    const char *token,
                    const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  GwApplication *app;

  app = g_object_new (GW_TYPE_APPLICATION,
                      "application-id", app_id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/gridwatch/Gridwatch",
                      NULL);
  gw_application_configure (app, url, token, data_dir);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("cannot register the application: %s", error->message);
  return app;
}

GwWindow *
gw_bench_activate (GwApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 1600, 1000);
  return GW_WINDOW (window);
}

GwWindow *
gw_bench_open_window (const char     *app_id,
                      const char     *url,
                      const char     *token,
                      const char     *data_dir,
                      GwApplication **app_out)
{
  *app_out = gw_bench_start_app (app_id, url, token, data_dir);
  return gw_bench_activate (*app_out);
}
