/* gw-bench-app.h: the app's window, opened in the benchmark's own process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-application.h"
#include "gw-window.h"

G_BEGIN_DECLS

/* A window of a new GwApplication (@app_id, not unique) on the town at
 * @url with @token, its cache in @data_dir, 1600×1000. */
GwWindow *gw_bench_open_window (const char     *app_id,
                                const char     *url,
                                const char     *token,
                                const char     *data_dir,
                                GwApplication **app_out);

/* The same in two steps, for a bench that times them: the application
 * started (its cache opened, its session made), then its window. */
GwApplication *gw_bench_start_app (const char    *app_id,
                                   const char    *url,
                                   const char    *token,
                                   const char    *data_dir);
GwWindow      *gw_bench_activate  (GwApplication *app);

G_END_DECLS
