/* gw-townd-users.h: gridwatch-townd's user commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/* Each prints what it did and returns the process's exit status. */
int gw_townd_add_user     (GwStore    *store,
                           const char *name,
                           const char *role,
                           const char *display_name,
                           int         token_days);
int gw_townd_rotate_token (GwStore    *store,
                           const char *name,
                           int         token_days);
int gw_townd_revoke_user  (GwStore    *store,
                           const char *name);
int gw_townd_list_users   (GwStore    *store);

G_END_DECLS
