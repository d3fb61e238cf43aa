/* gw-reference-pull.h: bring the cache's reference data up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"
#include "gw-town-client.h"
#include "gw-whistle-list.h"

G_BEGIN_DECLS

void     gw_reference_pull_async  (GwTownClient        *client,
                                   GwStore             *store,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean gw_reference_pull_finish (GAsyncResult        *result,
                                   gboolean            *changed,
                                   GError             **error);
guint    gw_reference_pull_n_collections (void);
gboolean gw_reference_pull_store  (GwStore             *store,
                                   guint                index,
                                   JsonNode            *root,
                                   const char          *etag,
                                   GError             **error);
/* The whistle list last pulled into @store, else the built-in one. */
GwWhistleList *gw_reference_read_whistle_list (GwStore *store);

G_END_DECLS
