/* test-json-writer.c: JSON text written without a tree, against json-glib
 *
 * The cache's lifecycle column is written by gw-case-writer.c and
 * searched with LIKE patterns written against json-glib's text, so the
 * two must agree byte for byte (fuzz-lifecycle-writer checks the same on
 * arbitrary data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-case-desk.h"
#include "gw-case-writer.h"
#include "gw-escalation.h"
#include "gw-json-writer.h"
#include "gw-test-util.h"

static char *
lifecycle_text (const GwCaseData *d)
{
  g_autoptr(GString) out = g_string_new (NULL);

  gw_case_lifecycle_write (d, out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_same_lifecycle (const GwCaseData *d)
{
  g_autoptr(JsonNode) tree = gw_case_lifecycle_to_json (d);
  g_autofree char *expected = json_to_string (tree, FALSE);
  g_autofree char *written = lifecycle_text (d);

  g_assert_cmpstr (written, ==, expected);
}

/* Every byte but NUL, in a member's name and in its value: json-glib
 * leaves 0x1f as it is and writes DEL as \u007f, and so must we. */
static void
test_escaping (void)
{
  for (guint c = 1; c < 256; c++)
    {
      char text[] = { 'a', (char) c, '"', 'z', '\0' };
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GString) out = g_string_new (NULL);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, text);
      json_builder_add_string_value (b, text);
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, -(gint64) c);
      json_builder_set_member_name (b, "list");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, text);
      json_builder_add_null_value (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      expected = json_to_string (root, FALSE);

      gw_json_write_begin_object (out);
      gw_json_write_member_string (out, text, text);
      gw_json_write_member_int (out, "n", -(gint64) c);
      gw_json_write_member (out, "list");
      gw_json_write_begin_array (out);
      gw_json_write_string (out, text);
      gw_json_write_string (out, NULL);
      gw_json_write_end_array (out);
      gw_json_write_end_object (out);
      g_assert_cmpstr (out->str, ==, expected);
    }
}

static GwEscalation *
escalation (GwEscalationState state,
            int               rating)
{
  GwEscalation *e = gw_escalation_new ();

  e->state = state;
  e->to_level = GW_LEVEL_TOWN;
  e->called = g_strdup ("310101001");
  e->item = g_strdup ("A-01");
  e->reason = g_strdup ("占道经营\n“反复”\t\\");
  e->whistled_by = g_strdup ("worker:7");
  e->whistled_at = g_strdup ("2026-12-01T09:16:48+08:00");
  e->report_deadline = g_strdup ("2026-12-02T09:16:48+08:00");
  e->rating = rating;
  return e;
}

/* Every member the lifecycle has, and the column's LIKE patterns. */
static void
test_lifecycle (void)
{
  g_auto(GwCaseData) d = { .id = g_strdup ("GW20261201-000001") };
  g_autofree char *text = NULL;

  /* Nothing has happened: the members the tree always writes. */
  assert_same_lifecycle (&d);

  d.note = g_strdup ("已现场处置，留存处置前后照片。\"quoted\"\x1f\x7f");
  d.closed_at = g_strdup ("2026-12-01T10:15:03+08:00");
  d.reworks = 2;
  d.extensions = 1;
  d.returns = 3;
  d.requested_deadline = g_strdup ("2026-12-09T00:00:00+08:00");
  d.held_from = GW_CASE_STATUS_IN_PROGRESS;
  d.held_at = g_strdup ("2026-12-01T11:00:00+08:00");
  gw_case_data_add_escalation (&d, escalation (GW_ESCALATION_AWAITING_REPORT, 0));
  gw_case_data_add_escalation (&d, escalation (GW_ESCALATION_RESOLVED, 4));
  d.possible_duplicates = g_strsplit ("GW-2 GW-3", " ", -1);
  d.duplicate_of = g_strdup ("GW-9");
  d.duplicate_from = GW_CASE_STATUS_DISPATCHED;
  d.duplicates = g_strsplit ("GW-4", " ", -1);
  d.handled_by = g_strdup ("town:310101001");
  d.recategorised = 1;
  d.reopened = 5;
  d.visit_result = GW_VISIT_UNSATISFIED;
  d.visit_at = g_strdup ("2026-12-03T10:00:00+08:00");
  d.visit_note = g_strdup ("仍有噪音");
  d.origin_id = g_strdup ("open311-17");
  d.origin_endpoint = g_strdup ("https://example.invalid/open311");
  d.location = GW_CASE_LOCATION_UNKNOWN;
  assert_same_lifecycle (&d);

  /* What gw-store-cases.c's escalation sweep looks for, as it looks. */
  text = lifecycle_text (&d);
  g_assert_nonnull (strstr (text, "\"state\":\"awaiting_report\""));
  g_assert_nonnull (strstr (text, "\"escalations\":[{"));
  g_assert_nonnull (strstr (text, "\"returns\":3"));
}

/* The writer appends: a scratch string is emptied by its user. */
static void
test_appends (void)
{
  g_auto(GwCaseData) d = { .id = g_strdup ("GW-1"), .note = g_strdup ("x") };
  g_autoptr(JsonNode) tree = gw_case_lifecycle_to_json (&d);
  g_autofree char *once = json_to_string (tree, FALSE);
  g_autofree char *twice = g_strconcat ("[", once, ",", once, "]", NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  gw_json_write_begin_array (out);
  gw_case_lifecycle_write (&d, out);
  gw_case_lifecycle_write (&d, out);
  gw_json_write_end_array (out);
  g_assert_cmpstr (out->str, ==, twice);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/json-writer/escaping", test_escaping);
  g_test_add_func ("/json-writer/lifecycle", test_lifecycle);
  g_test_add_func ("/json-writer/appends", test_appends);
  return g_test_run ();
}
