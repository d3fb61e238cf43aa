/* gw-ui-language.c: which language a text is read in
 *
 * Reference data carries two names, a Chinese one and an English one;
 * every place that picks one asks here, so that they all agree on what
 * counts as Chinese (zh, zh_CN, zh_TW.UTF-8…).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-ui-language.h"

gboolean
gw_ui_language_is_chinese (const char *language)
{
  /* GLib's list ends with "C": it is never empty. */
  return g_str_has_prefix (language ? language : g_get_language_names ()[0], "zh");
}
