/* gw-phone.c: a caller's telephone number, checked and masked
 *
 * A resident who calls the 12345 hotline leaves a number to be called
 * back on. The desk needs it whole; anyone else who reads the case sees
 * it masked the way Chinese government sites print numbers
 * (138****5678), enough to tell two callers apart and no more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-phone"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-json.h"
#include "gw-phone.h"

/* Digits, with the spaces, dashes, brackets and leading + people write
 * numbers with: 3 to 20 digits, at most GW_PHONE_MAX_CHARS characters. */
gboolean
gw_phone_check (const char  *text,
                GError     **error)
{
  guint digits = 0;
  gsize length = text ? strlen (text) : 0;

  if (text == NULL || length > GW_PHONE_MAX_CHARS)
    return gw_json_fail (error, _("A telephone number has at most %d characters"), GW_PHONE_MAX_CHARS), FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (g_ascii_isdigit (text[i]))
        digits++;
      else if (!(text[i] == ' ' || text[i] == '-' || text[i] == '(' || text[i] == ')' || (text[i] == '+' && i == 0)))
        return gw_json_fail (error, _("A telephone number has only digits, spaces, dashes, brackets and a leading +")),
               FALSE;
    }
  if (digits < 3 || digits > 20)
    return gw_json_fail (error, _("A telephone number has 3 to 20 digits")), FALSE;
  return TRUE;
}

/* The first three and the last four digits of a long number, the last
 * two of a short one; every other digit a star. */
char *
gw_phone_mask (const char *phone)
{
  g_autoptr(GString) masked = g_string_new (NULL);
  guint digits = 0, seen = 0, keep_head, keep_tail;

  for (const char *p = phone; p && *p; p++)
    digits += g_ascii_isdigit (*p) != 0;
  keep_head = digits >= 11 ? 3 : 0;
  keep_tail = digits >= 7 ? 4 : MIN (digits, 2);
  for (const char *p = phone; p && *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      seen++;
      g_string_append_c (masked, seen <= keep_head || seen > digits - keep_tail ? *p : '*');
    }
  return g_string_free (g_steal_pointer (&masked), FALSE);
}
