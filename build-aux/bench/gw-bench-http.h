/* gw-bench-http.h: a lean HTTP/1.1 client for load benches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GwBenchHttp GwBenchHttp;

GwBenchHttp *gw_bench_http_new     (guint16      port);
void         gw_bench_http_free    (GwBenchHttp *http);
GBytes      *gw_bench_http_request (GwBenchHttp *http,
                                    const char  *method,
                                    const char  *path,
                                    const char  *token,
                                    const char  *idempotency_key,
                                    const char  *json,
                                    guint       *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwBenchHttp, gw_bench_http_free)

G_END_DECLS
