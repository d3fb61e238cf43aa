/* gw-fuzz-util.c: set-up shared by the fuzzing harnesses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "gw-fuzz.h"
#include "gw-cache-schema.h"
#include "gw-json.h"

/* Bad input must never make the code under test complain through
 * g_critical (the project's rule: data never crashes us), so a critical
 * is a finding, as G_DEBUG=fatal-criticals makes it in the tests; but a
 * fatal message raises SIGTRAP, which libFuzzer does not catch, so the
 * handler aborts itself and libFuzzer keeps the input. */
static void
abort_on_critical (const char     *domain,
                   GLogLevelFlags  level,
                   const char     *message,
                   gpointer        user_data)
{
  g_log_default_handler (domain, level, message, user_data);
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    abort ();
}

/* Slices come from malloc so that AddressSanitizer sees every block. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_log_set_default_handler (abort_on_critical, NULL);
  return 0;
}

char *
gw_fuzz_strndup (const uint8_t *data,
                 size_t         size)
{
  char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';
  return text;
}

GwStore *
gw_fuzz_cache (void)
{
  static GwStore *store;

  if (store == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* In memory: the same SQL, nothing left on disk, and faster. */
      if (!(store = gw_cache_open (":memory:", &error)))
        g_error ("%s", error->message);
    }
  return store;
}

gpointer
gw_fuzz_parse_json (const uint8_t *data,
                    size_t         size,
                    GwFuzzParse    parse)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(JsonNode) root = gw_json_parse_bytes (bytes, NULL);
  g_autoptr(GError) error = NULL;
  gpointer parsed;

  if (root == NULL)
    return NULL;
  if (!(parsed = parse (root, &error)))
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return parsed;
}

void
gw_fuzz_assert_same_json (JsonNode *a,
                          JsonNode *b)
{
  g_autofree char *text_a = json_to_string (a, FALSE);
  g_autofree char *text_b = json_to_string (b, FALSE);

  g_assert_cmpstr (text_a, ==, text_b);
}
