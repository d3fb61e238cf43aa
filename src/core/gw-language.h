/* gw-language.h: translations in another language for a while
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Translates into @language ("zh_CN", "en") until gw_language_pop() is
 * given what this returned. */
char *gw_language_push (const char *language);
void  gw_language_pop  (char       *previous);

G_END_DECLS
