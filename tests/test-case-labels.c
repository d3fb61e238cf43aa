/* test-case-labels.c: how a refusal and an action are named to people,
 * in English and (run again with LANGUAGE=zh_CN) in Chinese
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gw-case-labels.h"
#include "gw-case-rules.h"
#include "gw-escalation-rules.h"
#include "gw-ui-language.h"

static GwCase *
reported_case (void)
{
  GwCaseData d = {
    .id = (char *) "GW20261203-000001", .status = GW_CASE_STATUS_REPORTED, .lat = 35.4, .lon = 116.97,
    .reported_at = (char *) "2026-12-03T09:00:00+08:00", .version = 1,
  };

  return gw_case_new (&d);
}

/* The example: a refused dispatch on a new case, with the
 * state and the action translated and no code, id or mnemonic. */
static void
test_refusal (void)
{
  g_autoptr(GwCase) kase = reported_case ();
  g_autofree char *illegal = gw_case_refusal_text ("illegal_action", kase, "dispatch");
  g_autofree char *forbidden = gw_case_refusal_text ("forbidden", NULL, "assign");
  g_autofree char *other = gw_case_refusal_text ("bad_request", NULL, "reject");

  if (gw_ui_language_is_chinese (NULL))
    {
      g_assert_cmpstr (illegal, ==, "案卷当前为“新上报”，不能“派遣”");
      g_assert_null (strstr (forbidden, "(_"));
    }
  else
    {
      g_assert_cmpstr (illegal, ==, "The case is now “New”; “Dispatch” is not possible");
      g_assert_cmpstr (forbidden, ==, "Your role may not “Assign” this case");
      g_assert_cmpstr (other, ==, "The town server refused “Reject”");
    }
  g_test_message ("%s", illegal);
  g_assert_null (strstr (illegal, "reported"));
  g_assert_null (strstr (illegal, "GW2026"));
}

static void
test_action_names (void)
{
  const char *actions[] = { "accept", "assign", "reject", "rework", "approve_extension", "register" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *name = gw_case_action_name (actions[i]);

      g_assert_null (strchr (name, '_'));
      g_assert_false (g_str_has_suffix (name, "…"));
      g_assert_cmpuint (strlen (name), >, 0);
    }
}

/* The letter after the mnemonic's underscore, lower case; 0 for none. */
static gunichar
mnemonic_of (const char *action)
{
  const char *underscore = strchr (gw_case_action_label (action), '_');

  return underscore && underscore[1] ? g_unichar_tolower (g_utf8_get_char (underscore + 1)) : 0;
}

/* The actions a panel may offer together (a case's state's, and any one
 * of the escalation's beside them) never share a mnemonic, in either
 * language. */
static void
test_mnemonics_unique (void)
{
  const char * const *actions = gw_case_rules_list_actions ();
  const char * const *whistles = gw_escalation_rules_list_actions ();

  for (GwCaseStatus status = GW_CASE_STATUS_REPORTED; status <= GW_CASE_STATUS_REGISTERED; status++)
    for (guint w = 0; whistles[w]; w++)
      {
        g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

        for (guint i = 0; actions[i]; i++)
          {
            gunichar m = mnemonic_of (actions[i]);

            if (m == 0 || !gw_case_rules_is_legal (status, actions[i]))
              continue;
            if (g_hash_table_contains (seen, GUINT_TO_POINTER (m)))
              g_error ("In state %s, “%s” and “%s” share a mnemonic", gw_case_status_to_string (status), actions[i],
                       (char *) g_hash_table_lookup (seen, GUINT_TO_POINTER (m)));
            g_hash_table_insert (seen, GUINT_TO_POINTER (m), (gpointer) actions[i]);
          }
        if (mnemonic_of (whistles[w]) && g_hash_table_contains (seen, GUINT_TO_POINTER (mnemonic_of (whistles[w]))))
          g_error ("In state %s, “%s” and “%s” share a mnemonic", gw_case_status_to_string (status), whistles[w],
                   (char *) g_hash_table_lookup (seen, GUINT_TO_POINTER (mnemonic_of (whistles[w]))));
      }
}

int
main (int   argc,
      char *argv[])
{
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/case-labels/refusal", test_refusal);
  g_test_add_func ("/case-labels/action-names", test_action_names);
  g_test_add_func ("/case-labels/mnemonics-unique", test_mnemonics_unique);

  return g_test_run ();
}
