/* gw-store-search.h: full-text search over the cached cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

char      *gw_search_terms        (const char *text,
                                   gboolean    for_query);
gboolean   gw_store_index_cases   (GwStore    *self,
                                   GPtrArray  *cases,
                                   GError    **error);
gboolean   gw_store_update_search_index (GwStore *self,
                                         GError **error);
/* Inside the caller's transaction: the index and its stamp gone, so the
 * next update indexes every case. */
gboolean   gw_store_clear_search_index (GwStore *self,
                                        GError **error);
GPtrArray *gw_store_search_cases  (GwStore    *self,
                                   const char *text,
                                   guint       limit,
                                   GError    **error);

/* The same in a thread: the window types while the feed writes. A
 * search whose @cancellable is cancelled (a newer keystroke) answers
 * G_IO_ERROR_CANCELLED, whatever it found. */
void       gw_store_search_cases_async  (GwStore             *self,
                                         const char          *text,
                                         guint                limit,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray *gw_store_search_cases_finish (GwStore             *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
