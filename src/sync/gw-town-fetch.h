/* gw-town-fetch.h: GET a resource and read it, off the main thread's back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-town-client.h"

G_BEGIN_DECLS

/* Reads an answer's JSON into what the caller wants, or NULL and @error. */
typedef gpointer (*GwTownParse) (JsonNode  *root,
                                 GError   **error);

void     gw_town_fetch_async  (GwTownClient        *client,
                               const char          *path,
                               GwTownParse          parse,
                               GDestroyNotify       free_result,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gpointer gw_town_fetch_finish (GwTownClient        *client,
                               GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
