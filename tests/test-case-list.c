/* test-case-list.c: the sidebar's case list says which case is selected,
 * once, and its rows' tooltips are asked for, not set
 *
 * The map shows the case the list selects. New cases arriving above the
 * selected one move its row, and that is not a new selection: the map
 * must not go back to the case while the user looks elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gw-app-test-util.h"
#include "gw-case-list.h"
#include "gw-case-list-row.h"
#include "gw-case-model.h"
#include "gw-test-util.h"

typedef struct
{
  GwCaseList *list;
  guint n;
} Count;

static GwCase *
case_reported_at (const char *id,
                  const char *reported_at)
{
  GwCaseData d = { 0 };

  d.id = (char *) id;
  d.status = GW_CASE_STATUS_REPORTED;
  d.source = GW_CASE_SOURCE_PATROL;
  d.category = (char *) "E0101";
  d.reported_at = (char *) reported_at;
  d.version = 1;
  return gw_case_new (&d);
}

static void
add_case (GwCaseModel *model,
          const char  *id,
          const char  *reported_at)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (one, case_reported_at (id, reported_at));
  gw_case_model_update (model, one);
}

static void
on_case_selected (Count      *count,
                  const char *case_id)
{
  count->n++;
}

static gboolean
lists_cases (gpointer data)
{
  Count *count = data;

  return gw_case_list_get_n_cases (count->list) == count->n;
}

static void
wait_for_cases (GwCaseList *list,
                guint       n)
{
  Count want = { list, n };

  gw_test_wait_for (lists_cases, &want, 20000, "the list to show the cases");
}

static void
test_arrivals_do_not_reselect (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  GtkWidget *window = gtk_window_new ();
  GwCaseList *list = g_object_new (GW_TYPE_CASE_LIST, NULL);
  Count selected = { list, 0 };
  GtkWidget *view;

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect_swapped (list, "case-selected", G_CALLBACK (on_case_selected), &selected);
  add_case (model, "GW-OLD", "2026-11-23T09:00:00+08:00");
  add_case (model, "GW-MID", "2026-11-23T10:00:00+08:00");
  gw_case_list_set_model (list, G_LIST_MODEL (model), filter);
  wait_for_cases (list, 2);

  /* A user picks the older case (second, newest first): said once. */
  view = gw_app_test_find_widget (GTK_WIDGET (list), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (view);
  gtk_widget_activate_action (view, "list.select-item", "(ubb)", 1, FALSE, FALSE);
  g_assert_cmpuint (selected.n, ==, 1);

  /* Newer cases arrive above it: its row moves, the selection is the same. */
  add_case (model, "GW-NEW-1", "2026-11-23T11:00:00+08:00");
  add_case (model, "GW-NEW-2", "2026-11-23T12:00:00+08:00");
  wait_for_cases (list, 4);
  gw_app_test_wait_frames (GTK_WIDGET (list), 3);
  g_assert_cmpuint (selected.n, ==, 1);

  /* Another case is news again. */
  gtk_widget_activate_action (view, "list.select-item", "(ubb)", 0, FALSE, FALSE);
  g_assert_cmpuint (selected.n, ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The subtitle label of a row: the one dimmed. */
static GtkWidget *
find_subtitle (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "dim-label"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_subtitle (child);

      if (found)
        return found;
    }
  return NULL;
}

/* A row's subtitle (the case number last, often cut) is its tooltip, given
 * when asked. A tooltip text set on each bind would make GTK ask the X
 * server where the pointer is, once per row as a pull fills the list. */
static void
test_row_tooltip_asked_for (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  GtkWidget *window = gtk_window_new ();
  GwCaseList *list = g_object_new (GW_TYPE_CASE_LIST, NULL);
  GtkWidget *row, *subtitle;
  gboolean shown = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list));
  gtk_window_present (GTK_WINDOW (window));
  add_case (model, "GW-TIP", "2026-11-23T09:00:00+08:00");
  gw_case_list_set_model (list, G_LIST_MODEL (model), filter);
  wait_for_cases (list, 1);
  gw_app_test_wait_frames (GTK_WIDGET (list), 3);

  row = gw_app_test_find_widget (GTK_WIDGET (list), GW_TYPE_CASE_LIST_ROW);
  g_assert_nonnull (row);
  subtitle = find_subtitle (row);
  g_assert_nonnull (subtitle);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (subtitle)), "GW-TIP"));
  g_assert_null (gtk_widget_get_tooltip_text (subtitle));
  g_assert_true (gtk_widget_get_has_tooltip (subtitle));
  g_signal_emit_by_name (subtitle, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/case-list/arrivals-do-not-reselect", test_arrivals_do_not_reselect);
  g_test_add_func ("/case-list/row-tooltip-asked-for", test_row_tooltip_asked_for);
  return g_test_run ();
}
