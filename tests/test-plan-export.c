/* test-plan-export.c: the plan on paper has everything the visit needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "gw-plan-export.h"
#include "gw-test-util.h"

static GwInspectionPlan *
small_plan (GwInspectionData **data_out)
{
  g_autoptr(GwInspectionData) data = gw_inspection_data_new_catalogue (NULL);
  GwPlanOptions options = GW_PLAN_OPTIONS_INIT;
  GDate from, to;

  gw_inspection_data_add_demo (data, 12, 6, 99, 35.3, 116.9, 35.5, 117.1);
  g_date_set_dmy (&from, 1, 3, 2026);
  g_date_set_dmy (&to, 1, 6, 2026);
  options.from = g_date_get_julian (&from);
  options.to = g_date_get_julian (&to);
  options.seed = 4711;
  options.random_share = 0.25;
  *data_out = g_object_ref (data);
  return gw_inspection_plan_compute (data, &options, NULL);
}

static char *pdf_text (const char *path);

static void
test_pdf_has_every_item (void)
{
  g_autoptr(GwInspectionData) data = NULL;
  g_autoptr(GwInspectionPlan) plan = small_plan (&data);
  g_autofree char *path = gw_test_tmp_path ("plan.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *flat = NULL;
  g_autoptr(GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);
  guint n_items, n_targets;
  const GwInspectionItem *items = gw_inspection_data_get_items (data, &n_items);
  const GwInspectionTarget *targets = gw_inspection_data_get_targets (data, &n_targets);

  g_assert_cmpuint (gw_inspection_plan_get_n_visits (plan), >, 0);
  g_assert_true (gw_plan_export_pdf (plan, file, &error));
  g_assert_no_error (error);

  if (!(flat = pdf_text (path)))
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  /* The window and the seed, and for every visit its target, day and
   * every item with its name and legal basis. */
  g_assert_nonnull (strstr (flat, "2026-03-01"));
  g_assert_nonnull (strstr (flat, "4711"));
  for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan); i++)
    {
      GwPlanVisit *v = gw_inspection_plan_get_visit (plan, i);
      g_autofree char *day = gw_julian_to_string (v->day);

      g_assert_nonnull (strstr (flat, day));
      g_assert_nonnull (strstr (flat, targets[v->target].name));
      for (guint k = 0; k < v->dues->len; k++)
        {
          const GwInspectionItem *item = &items[g_array_index (v->dues, GwPlanDue, k).item];
          g_autofree char *name = g_regex_replace_literal (blanks, item->name, -1, 0, "", 0, NULL);

          g_assert_nonnull (strstr (flat, item->code));
          g_assert_nonnull (strstr (flat, name));
        }
    }
}

/* What pdftotext reads in @path, without blanks: line breaks fall
 * anywhere in Chinese text. NULL when pdftotext is not installed. */
static char *
pdf_text (const char *path)
{
  g_autoptr(GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status = 0;

  if (pdftotext == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return g_regex_replace_literal (blanks, out, -1, 0, "", 0, NULL);
}

static void
assert_has (const char *flat,
            const char *text)
{
  g_autoptr(GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *wanted = g_regex_replace_literal (blanks, text, -1, 0, "", 0, NULL);

  if (strstr (flat, wanted) == NULL)
    g_error ("the task sheet lacks “%s”", text);
}

/* One visit's sheet: its target, day and window, lead, team, every item
 * with its department and legal basis, and who was recused. */
static void
test_visit_sheet_pdf (void)
{
  g_autoptr(GwInspectionData) data = NULL;
  g_autoptr(GwInspectionPlan) plan = small_plan (&data);
  g_autofree char *path = gw_test_tmp_path ("sheet.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *flat = NULL, *day = NULL, *earliest = NULL, *latest = NULL;
  guint n_items, n_targets, n_inspectors;
  const GwInspectionItem *items = gw_inspection_data_get_items (data, &n_items);
  const GwInspectionTarget *targets = gw_inspection_data_get_targets (data, &n_targets);
  const GwInspector *inspectors = gw_inspection_data_get_inspectors (data, &n_inspectors);
  const char * const *departments = gw_inspection_data_get_departments (data);
  GwPlanVisit *v = gw_inspection_plan_get_visit (plan, 0);
  const GwInspectionTarget *t = &targets[v->target];

  g_assert_false (gw_plan_export_visit_pdf (plan, 999999, file, &error));
  g_clear_error (&error);
  g_assert_true (gw_plan_export_visit_pdf (plan, v->id, file, &error));
  g_assert_no_error (error);
  if (!(flat = pdf_text (path)))
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  day = gw_julian_to_string (v->day);
  earliest = gw_julian_to_string (v->earliest);
  latest = gw_julian_to_string (v->latest);
  assert_has (flat, t->name);
  assert_has (flat, t->credit_code);
  assert_has (flat, day);
  assert_has (flat, earliest);
  assert_has (flat, latest);
  assert_has (flat, gw_inspection_department_label (departments[v->lead]));
  for (guint k = 0; k < v->inspectors->len; k++)
    assert_has (flat, inspectors[g_array_index (v->inspectors, guint, k)].name);
  for (guint k = 0; k < v->dues->len; k++)
    {
      const GwInspectionItem *item = &items[g_array_index (v->dues, GwPlanDue, k).item];

      assert_has (flat, item->code);
      assert_has (flat, item->name);
      assert_has (flat, gw_inspection_department_label (item->department));
      if (item->basis && *item->basis)
        assert_has (flat, item->basis);
    }
  for (guint x = 0; x < n_inspectors; x++)
    if (inspectors[x].conflicts && g_strv_contains ((const char * const *) inspectors[x].conflicts, t->id))
      assert_has (flat, inspectors[x].name);
  /* Only this visit: another target's name is not on it. */
  for (guint i = 1; i < gw_inspection_plan_get_n_visits (plan); i++)
    {
      const GwInspectionTarget *other = &targets[gw_inspection_plan_get_visit (plan, i)->target];

      if (strstr (t->name, other->name) == NULL && strstr (other->name, t->name) == NULL)
        {
          g_autoptr(GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);
          g_autofree char *name = g_regex_replace_literal (blanks, other->name, -1, 0, "", 0, NULL);

          g_assert_null (strstr (flat, name));
          break;
        }
    }
}

static void
test_csv (void)
{
  g_autoptr(GwInspectionData) data = NULL;
  g_autoptr(GwInspectionPlan) plan = small_plan (&data);
  g_autofree char *path = gw_test_tmp_path ("plan.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (gw_plan_export_csv (plan, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBFvisit,date,target"));
}

int
main (int   argc,
      char *argv[])
{
  /* Item names in the PDF are Chinese, as the catalogue's. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  gw_test_init (&argc, &argv);

  g_test_add_func ("/plan-export/pdf-has-every-item", test_pdf_has_every_item);
  g_test_add_func ("/plan-export/visit-sheet-pdf", test_visit_sheet_pdf);
  g_test_add_func ("/plan-export/csv", test_csv);

  return g_test_run ();
}
