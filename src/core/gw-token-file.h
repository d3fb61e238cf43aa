/* gw-token-file.h: an access token read from a file or standard input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @path "-" reads standard input. The token alone, without the white
 * space around it; an error says what is wrong with it. */
char *gw_token_file_read  (const char  *path,
                           GError     **error);
/* Takes @text (@length bytes, NUL-terminated): the token, or NULL. */
char *gw_token_file_clean (char        *text,
                           gsize        length,
                           GError     **error);

G_END_DECLS
