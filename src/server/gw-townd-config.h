/* gw-townd-config.h: options from a key file, so no secret sits on a command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char **gw_townd_config_expand_args (char               **argv,
                                    const GOptionEntry  *entries,
                                    GError             **error);

G_END_DECLS
