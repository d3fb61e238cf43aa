/* gw-phone.h: a caller's telephone number, checked and masked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_PHONE_MAX_CHARS 32

gboolean gw_phone_check (const char  *text,
                         GError     **error);
char    *gw_phone_mask  (const char  *phone);

G_END_DECLS
