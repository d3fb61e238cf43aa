/* fuzz-caller.c: a case's caller, as the town server sends it
 *
 * GET /api/v1/cases/{id}/caller: a name and a number, whole for the desk
 * and masked for the rest. What the client takes is a valid name and a
 * number that passes the phone check; the mask of a number it takes is
 * a string of digits and stars no longer than the number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-case-caller.h"
#include "gw-fuzz.h"
#include "gw-json.h"
#include "gw-phone.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GwCaseCaller) caller = gw_fuzz_parse_json (data, size, (GwFuzzParse) gw_case_caller_new_from_json);
  g_autofree char *masked = NULL;

  if (caller == NULL)
    return 0;
  g_assert_true (caller->name == NULL || g_utf8_validate (caller->name, -1, NULL));
  if (caller->phone == NULL)
    return 0;
  g_assert_true (caller->masked || gw_phone_check (caller->phone, NULL));
  masked = gw_phone_mask (caller->phone);
  g_assert_cmpuint (strlen (masked), <=, strlen (caller->phone));
  for (const char *p = masked; *p; p++)
    g_assert_true (g_ascii_isdigit (*p) || *p == '*');
  return 0;
}
