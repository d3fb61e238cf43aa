/* gw-duplicates-lookup.h: the open cases near a report being written,
 * from the server or, offline, from the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-duplicates-fetch.h"
#include "gw-session.h"

G_BEGIN_DECLS

void       gw_duplicates_lookup_async  (GwSession           *session,
                                        double               lat,
                                        double               lon,
                                        const char          *category,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* GwDuplicates, nearest first; *@from_cache when the server could not
 * be asked. */
GPtrArray *gw_duplicates_lookup_finish (GwSession           *session,
                                        GAsyncResult        *result,
                                        gboolean            *from_cache,
                                        GError             **error);

G_END_DECLS
