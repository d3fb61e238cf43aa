/* gw-token.h: bearer tokens, made from the system's random generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 256 bits, written as 64 lowercase hexadecimal digits. */
#define GW_TOKEN_BYTES 32
#define GW_TOKEN_LENGTH (GW_TOKEN_BYTES * 2)

char *gw_token_generate (GError     **error);
char *gw_token_hash     (const char  *token);

G_END_DECLS
