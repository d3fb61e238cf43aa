/* gw-token-store.h: the town-server token, kept out of GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      gw_token_store_lookup_async  (const char          *server_url,
                                        const char          *data_dir,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *gw_token_store_lookup_finish (GAsyncResult        *result,
                                        GError             **error);
void      gw_token_store_save_async    (const char          *server_url,
                                        const char          *token,
                                        const char          *data_dir,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  gw_token_store_save_finish   (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
