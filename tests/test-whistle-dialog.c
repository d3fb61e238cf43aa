/* test-whistle-dialog.c: the whistle dialog calls the case's own levels
 *
 * The dialog, made from its template, calls the community and the town
 * above the case's grid, or a county department; it may be sent only
 * with a reason, and its answer is the whistle action's parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gw-department.h"
#include "gw-escalation.h"
#include "gw-grid.h"
#include "gw-whistle-dialog.h"
#include "gw-whistle-list.h"

static void
add_grid (GHashTable  *grids,
          const char  *code,
          const char  *name,
          GwGridLevel  level,
          const char  *parent)
{
  g_autoptr(GwGeometry) g = gw_geometry_new_rectangle (116.9, 35.4, 117.0, 35.5);

  g_hash_table_insert (grids, g_strdup (code), gw_grid_new (code, name, level, parent, g));
}

static GtkDropDown *
find_drop_down (GtkWidget *widget,
                guint      n)
{
  if (GTK_IS_DROP_DOWN (widget) && g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (widget))) == n)
    return GTK_DROP_DOWN (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_drop_down (child, n);

      if (found)
        return found;
    }
  return NULL;
}

static GtkEditable *
find_entry (GtkWidget *widget)
{
  if (GTK_IS_ENTRY (widget))
    return GTK_EDITABLE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = find_entry (child);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_calls_the_case_levels (void)
{
  g_autoptr(GHashTable) grids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GPtrArray) departments = g_ptr_array_new_with_free_func (g_object_unref);
  GwCaseData d = { 0 };
  g_autoptr(GwCase) kase = NULL;
  GtkWidget *dialog;
  GtkWidget *extra;
  GtkDropDown *level, *department, *item;
  g_autoptr(JsonObject) params = NULL;

  add_grid (grids, "T1", "Nanhu Town", GW_GRID_LEVEL_TOWN, NULL);
  add_grid (grids, "C1", "Lakeside Community", GW_GRID_LEVEL_COMMUNITY, "T1");
  add_grid (grids, "G1", "Grid 1", GW_GRID_LEVEL_GRID, "C1");
  g_ptr_array_add (departments, gw_department_new ("roads", "Roads Bureau", "Roads Bureau", NULL));
  g_ptr_array_add (departments, gw_department_new ("water", "Water Bureau", "Water Bureau", NULL));
  d.id = (char *) "C-9";
  d.grid = (char *) "G1";
  d.reported_at = (char *) "2026-11-23T09:00:00+08:00";
  kase = gw_case_new (&d);

  dialog = gw_whistle_dialog_new (NULL, kase, grids, departments, gw_whistle_list_get_built_in ());
  g_assert_cmpstr (gw_whistle_dialog_get_case_id (GW_WHISTLE_DIALOG (dialog)), ==, "C-9");
  extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  level = find_drop_down (extra, 3);
  department = find_drop_down (extra, 2);
  item = find_drop_down (extra, 1 + gw_whistle_list_get_n_items (gw_whistle_list_get_built_in ()));
  g_assert_nonnull (level);
  g_assert_nonnull (department);

  /* Without a reason and an item, nothing to send; a case without a
   * category gets no item chosen for it. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "whistle"));
  gtk_editable_set_text (find_entry (extra), "The pipe is the county's");
  g_assert_cmpuint (gtk_drop_down_get_selected (item), ==, 0);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "whistle"));
  gtk_drop_down_set_selected (item, 1);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "whistle"));

  /* The community above the case's grid, then its town. */
  gtk_drop_down_set_selected (level, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (department)));
  params = gw_whistle_dialog_get_params (GW_WHISTLE_DIALOG (dialog));
  g_assert_cmpstr (json_object_get_string_member (params, "called"), ==, "C1");
  g_assert_cmpstr (json_object_get_string_member (params, "to_level"), ==, gw_level_to_string (GW_LEVEL_COMMUNITY));
  g_clear_pointer (&params, json_object_unref);
  gtk_drop_down_set_selected (level, 1);
  params = gw_whistle_dialog_get_params (GW_WHISTLE_DIALOG (dialog));
  g_assert_cmpstr (json_object_get_string_member (params, "called"), ==, "T1");
  g_clear_pointer (&params, json_object_unref);

  /* The county: a department, chosen here. */
  gtk_drop_down_set_selected (level, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (department)));
  gtk_drop_down_set_selected (department, 1);
  params = gw_whistle_dialog_get_params (GW_WHISTLE_DIALOG (dialog));
  g_assert_cmpstr (json_object_get_string_member (params, "called"), ==, "water");
  g_assert_cmpstr (json_object_get_string_member (params, "reason"), ==, "The pipe is the county's");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* What the dialog calls at the @index'th level of its list (0, the
 * community; 1, the town), or NULL when it cannot be sent. */
static char *
called_at (GtkWidget *dialog,
           guint      index)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_autoptr(JsonObject) params = NULL;

  gtk_editable_set_text (find_entry (extra), "Too big for the area");
  gtk_drop_down_set_selected (find_drop_down (extra, 1 + gw_whistle_list_get_n_items (gw_whistle_list_get_built_in ())), 1);
  gtk_drop_down_set_selected (find_drop_down (extra, 3), index);
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "whistle"))
    return NULL;
  params = gw_whistle_dialog_get_params (GW_WHISTLE_DIALOG (dialog));
  return g_strdup (json_object_get_string_member (params, "called"));
}

/* Shaozhuang's management areas (管区) lie between the town and its
 * communities, and a grid may lie in an area without a community: the
 * dialog calls the nearest community and town above the grid, whatever
 * lies between. */
static void
test_levels_between (void)
{
  g_autoptr(GHashTable) grids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  const struct { const char *grid, *community, *town; } cases[] = {
    { "G1", "C1", "T1" },
    { "G2", NULL, "T1" },
  };

  add_grid (grids, "T1", "Shaozhuang Town", GW_GRID_LEVEL_TOWN, NULL);
  add_grid (grids, "A1", "First Area", GW_GRID_LEVEL_AREA, "T1");
  add_grid (grids, "C1", "Shaozhuang Community", GW_GRID_LEVEL_COMMUNITY, "A1");
  add_grid (grids, "G1", "Grid 1", GW_GRID_LEVEL_GRID, "C1");
  add_grid (grids, "G2", "Grid 2", GW_GRID_LEVEL_GRID, "A1");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GwCaseData d = { .id = (char *) "C-10", .grid = (char *) cases[i].grid,
                       .reported_at = (char *) "2026-11-23T09:00:00+08:00" };
      g_autoptr(GwCase) kase = gw_case_new (&d);
      GtkWidget *dialog = gw_whistle_dialog_new (NULL, kase, grids, NULL, gw_whistle_list_get_built_in ());
      g_autofree char *community = called_at (dialog, 0);
      g_autofree char *town = called_at (dialog, 1);

      g_assert_cmpstr (community, ==, cases[i].community);
      g_assert_cmpstr (town, ==, cases[i].town);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/whistle-dialog/calls-the-case-levels", test_calls_the_case_levels);
  g_test_add_func ("/whistle-dialog/levels-between", test_levels_between);

  return g_test_run ();
}
