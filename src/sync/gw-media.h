/* gw-media.h: case photos, from the cache or the town server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-photo.h"
#include "gw-store.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

void        gw_media_fetch_async  (GwTownClient        *client,
                                   GwStore             *store,
                                   const char          *url,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GBytes     *gw_media_fetch_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
