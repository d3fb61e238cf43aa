/* gw-ui-language.h: which language a text is read in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @language ("zh_CN", "en"…; NULL: the one the user interface
 * speaks) is Chinese: names then come in Chinese, else in English. */
gboolean gw_ui_language_is_chinese (const char *language);

G_END_DECLS
