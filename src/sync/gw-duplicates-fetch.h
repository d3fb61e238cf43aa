/* gw-duplicates-fetch.h: the open cases near a report being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store-duplicates.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

/* At most this many are read from an answer. */
#define GW_DUPLICATES_MAX_ITEMS 200

GPtrArray *gw_duplicates_from_json     (JsonNode            *root,
                                        GError             **error);
void       gw_duplicates_fetch_async   (GwTownClient        *client,
                                        double               lat,
                                        double               lon,
                                        const char          *category,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray *gw_duplicates_fetch_finish  (GwTownClient        *client,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
