/* gw-token-store.h: the town-server token, kept out of GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *gw_token_store_lookup (const char  *server_url,
                                 const char  *data_dir);
gboolean  gw_token_store_save   (const char  *server_url,
                                 const char  *token,
                                 const char  *data_dir,
                                 GError     **error);

G_END_DECLS
