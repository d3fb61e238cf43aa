/* gw-language.c: translations in another language for a while
 *
 * A report goes out in Chinese or in English whatever the screen speaks.
 * GNU gettext reads LANGUAGE on every lookup but caches what it found;
 * bumping _nl_msg_cat_cntr is its documented way to forget that cache.
 * LANGUAGE is ignored under the "C" locales, so for as long as the other
 * language is wanted the messages locale is that language's own, where
 * the system has it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "gw-language.h"

extern int _nl_msg_cat_cntr;

char *
gw_language_push (const char *language)
{
  const char *current = setlocale (LC_MESSAGES, NULL);
  /* Both saved in one string: "LANGUAGE\nLC_MESSAGES". */
  char *saved = g_strdup_printf ("%s\n%s", g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "",
                                 current ? current : "C");
  g_autofree char *locale = NULL;

  g_return_val_if_fail (language != NULL, saved);

  /* The language's own locale where the system has it; else one that
   * at least honours LANGUAGE. */
  locale = g_strconcat (strchr (language, '_') ? language : g_str_equal (language, "en") ? "en_US" : language,
                        ".UTF-8", NULL);
  if (setlocale (LC_MESSAGES, locale) == NULL && setlocale (LC_MESSAGES, "C.UTF-8") == NULL)
    setlocale (LC_MESSAGES, "en_US.UTF-8");
  g_setenv ("LANGUAGE", language, TRUE);
  ++_nl_msg_cat_cntr;
  return saved;
}

void
gw_language_pop (char *previous)
{
  char *newline;

  g_return_if_fail (previous != NULL);

  newline = strchr (previous, '\n');
  if (newline)
    {
      *newline = '\0';
      setlocale (LC_MESSAGES, newline + 1);
    }
  if (*previous)
    g_setenv ("LANGUAGE", previous, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  ++_nl_msg_cat_cntr;
  g_free (previous);
}
