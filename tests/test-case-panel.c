/* test-case-panel.c: the case panel binds the case shown, made once
 *
 * A new version of the case shown, or another case, changes what the
 * panel's labels say and which of its buttons show; the widgets stay the
 * same ones. The history is handed to the panel, which fetches nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gw-cache-schema.h"
#include "gw-case-panel.h"
#include "gw-test-util.h"

static GwCase *
make_case (const char   *id,
           GwCaseStatus  status,
           const char   *description,
           const char   *note)
{
  GwCaseData d = { 0 };

  d.id = (char *) id;
  d.status = status;
  d.source = GW_CASE_SOURCE_PATROL;
  d.description = (char *) description;
  d.note = (char *) note;
  d.reported_at = (char *) "2026-11-23T09:00:00+08:00";
  d.version = 1;
  return gw_case_new (&d);
}

/* The panel's widgets but a menu's items, which a menu makes afresh. */
static void
collect (GtkWidget *widget,
         GPtrArray *widgets)
{
  if (GTK_IS_POPOVER (widget))
    return;
  g_ptr_array_add (widgets, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, widgets);
}

/* A visible label under @widget that says exactly @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
menu_offers (GMenuModel *menu,
             const char *action)
{
  for (int i = 0; menu && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
      const char *case_id, *name;

      g_variant_get (target, "(&s&s)", &case_id, &name);
      if (g_str_equal (name, action))
        return TRUE;
    }
  return FALSE;
}

/* A visible button offering @action, or an item of the menu
 * of the others. */
static gboolean
offers (GtkWidget  *widget,
        const char *action)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_is_visible (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "dispatch.act") == 0)
    {
      const char *case_id, *name;

      g_variant_get (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget)), "(&s&s)", &case_id, &name);
      if (g_str_equal (name, action))
        return TRUE;
    }
  if (GTK_IS_MENU_BUTTON (widget) && menu_offers (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)), action))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_POPOVER (child) && offers (child, action))
      return TRUE;
  return FALSE;
}

static void
test_update_keeps_widgets (void)
{
  GtkWidget *window = gtk_window_new ();
  GwCasePanel *panel = g_object_new (GW_TYPE_CASE_PANEL, NULL);
  g_autoptr(GwCase) first = make_case ("C-1", GW_CASE_STATUS_REPORTED, "A broken street lamp", NULL);
  g_autoptr(GwCase) second = make_case ("C-1", GW_CASE_STATUS_ACCEPTED, "A broken street lamp on Nanhu Road",
                                        "The crew is on its way");
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  g_autoptr(GPtrArray) after = g_ptr_array_new ();

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  gtk_window_present (GTK_WINDOW (window));
  gw_case_panel_set_role (panel, TRUE, GW_ROLE_DISPATCHER, "ux-dispatcher");

  gw_case_panel_set_case (panel, first, "Street lamps", "Nanhu 3");
  g_assert_true (shows_text (GTK_WIDGET (panel), "A broken street lamp"));
  g_assert_true (shows_text (GTK_WIDGET (panel), "C-1"));
  g_assert_true (shows_text (GTK_WIDGET (panel), "Nanhu 3"));
  g_assert_true (shows_text (GTK_WIDGET (panel), "Street lamps"));
  g_assert_true (offers (GTK_WIDGET (panel), "accept"));
  g_assert_false (offers (GTK_WIDGET (panel), "file"));
  collect (GTK_WIDGET (panel), before);

  gw_case_panel_set_case (panel, second, "Street lamps", "Nanhu 3");
  collect (GTK_WIDGET (panel), after);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (g_ptr_array_index (after, i) == g_ptr_array_index (before, i));
  g_assert_true (shows_text (GTK_WIDGET (panel), "A broken street lamp on Nanhu Road"));
  g_assert_false (shows_text (GTK_WIDGET (panel), "A broken street lamp"));
  g_assert_true (shows_text (GTK_WIDGET (panel), "The crew is on its way"));
  g_assert_false (offers (GTK_WIDGET (panel), "accept"));
  g_assert_true (offers (GTK_WIDGET (panel), "file"));

  /* Nothing shown: the placeholder, and the same widgets still. */
  gw_case_panel_set_case (panel, NULL, NULL, NULL);
  g_assert_null (gw_case_panel_get_case (panel));
  g_assert_true (shows_text (GTK_WIDGET (panel), "Select a case to see it here."));
  g_ptr_array_set_size (after, 0);
  collect (GTK_WIDGET (panel), after);
  g_assert_cmpuint (after->len, ==, before->len);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A case taken in from another system says from where, and under which
 * number there; one whose place is unknown says so. */
static void
test_origin_shown (void)
{
  GtkWidget *window = gtk_window_new ();
  GwCasePanel *panel = g_object_new (GW_TYPE_CASE_PANEL, NULL);
  GwCaseData d = { 0 };
  g_autoptr(GwCase) taken = NULL;

  d.id = (char *) "C-9";
  d.status = GW_CASE_STATUS_REPORTED;
  d.source = GW_CASE_SOURCE_OPEN311;
  d.description = (char *) "Pot hole";
  d.reported_at = (char *) "2026-11-23T09:00:00+08:00";
  d.version = 1;
  d.origin_endpoint = (char *) "https://311.city.example/open311/v2";
  d.origin_id = (char *) "101005420892";
  d.location = GW_CASE_LOCATION_UNKNOWN;
  taken = gw_case_new (&d);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  gtk_window_present (GTK_WINDOW (window));
  gw_case_panel_set_case (panel, taken, NULL, NULL);
  g_assert_true (shows_text (GTK_WIDGET (panel), "Open311 · 311.city.example, no. 101005420892\n"
                                                 "Location unknown: not on the map until it is placed"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_history_is_given (void)
{
  GwCasePanel *panel = g_object_ref_sink (g_object_new (GW_TYPE_CASE_PANEL, NULL));
  g_autoptr(GwCase) kase = make_case ("C-2", GW_CASE_STATUS_REPORTED, "Litter", NULL);
  g_autoptr(GwCase) other = make_case ("C-3", GW_CASE_STATUS_REPORTED, "Graffiti", NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_case_history_entry_free);
  GwCaseHistoryEntry *entry = g_new0 (GwCaseHistoryEntry, 1);

  entry->at = g_strdup ("2026-11-23T09:05:00+08:00");
  entry->action = g_strdup ("accept");
  entry->user = g_strdup ("dispatcher1");
  g_ptr_array_add (entries, entry);

  gw_case_panel_set_case (panel, kase, NULL, NULL);
  g_assert_cmpuint (gw_case_panel_get_n_history (panel), ==, 0);
  gw_case_panel_set_history (panel, entries, FALSE);
  g_assert_cmpuint (gw_case_panel_get_n_history (panel), ==, 1);
  /* The same case again keeps its history until the new one comes. */
  gw_case_panel_set_case (panel, kase, NULL, NULL);
  g_assert_cmpuint (gw_case_panel_get_n_history (panel), ==, 1);
  /* Another case's is not this one's. */
  gw_case_panel_set_case (panel, other, NULL, NULL);
  g_assert_cmpuint (gw_case_panel_get_n_history (panel), ==, 0);
  gw_case_panel_set_history (panel, NULL, TRUE);
  g_assert_true (shows_text (GTK_WIDGET (panel),
                             "The history could not be fetched; it shows when the town server answers."));

  g_object_unref (panel);
}

/* The audit keeps refused attempts too; the history is what was done. */
static void
test_history_from_json (void)
{
  g_autoptr(JsonNode) root = json_from_string ("{\"items\":[{\"at\":\"2026-11-23T09:05:00+08:00\",\"action\":\"accept\","
                                               "\"user\":\"d1\",\"status\":200},{\"action\":\"close\",\"user\":\"d1\","
                                               "\"status\":409},{\"action\":\"file\",\"status\":201}]}", NULL);
  g_autoptr(JsonNode) empty = json_from_string ("{}", NULL);
  g_autoptr(GPtrArray) entries = gw_case_history_from_json (root, NULL);
  g_autoptr(GError) error = NULL;
  GwCaseHistoryEntry *entry;

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->action, ==, "accept");
  g_assert_cmpstr (entry->user, ==, "d1");
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (entry->action, ==, "file");
  g_assert_null (entry->user);
  g_assert_null (gw_case_history_from_json (empty, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* Only the party a whistle calls reports to it: the dispatcher who blew
 * it is not offered Report; another dispatcher (a town's) is. */
static void
test_report_not_to_own_whistle (void)
{
  GtkWidget *window = gtk_window_new ();
  GwCasePanel *panel = g_object_new (GW_TYPE_CASE_PANEL, NULL);
  GwCaseData d = { 0 };
  GwEscalation *e = gw_escalation_new ();
  g_autoptr(GwCase) kase = NULL;

  d.id = (char *) "C-2";
  d.status = GW_CASE_STATUS_IN_PROGRESS;
  d.source = GW_CASE_SOURCE_PATROL;
  d.reported_at = (char *) "2026-11-23T09:00:00+08:00";
  d.version = 3;
  e->state = GW_ESCALATION_AWAITING_REPORT;
  e->to_level = GW_LEVEL_TOWN;
  e->called = g_strdup ("370883001");
  e->whistled_by = g_strdup ("ux-dispatcher");
  e->whistled_at = g_strdup ("2026-11-23T10:00:00+08:00");
  e->report_deadline = g_strdup ("2099-11-23T17:30:00+08:00");
  gw_case_data_add_escalation (&d, e);
  kase = gw_case_new (&d);
  /* The case took a copy; the escalation list is ours. */
  g_clear_pointer (&d.escalations, g_ptr_array_unref);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  gtk_window_present (GTK_WINDOW (window));
  gw_case_panel_set_role (panel, TRUE, GW_ROLE_DISPATCHER, "ux-dispatcher");
  gw_case_panel_set_case (panel, kase, NULL, NULL);
  g_assert_false (offers (GTK_WIDGET (panel), "report"));
  gw_case_panel_set_role (panel, TRUE, GW_ROLE_DISPATCHER, "town-dispatcher");
  g_assert_true (offers (GTK_WIDGET (panel), "report"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_loaded (gpointer data)
{
  return gw_reference_data_is_loaded (data);
}

/* The territorial list's lead department, and the departments that work
 * with it, by name. */
static void
test_cooperating_departments (void)
{
  g_autofree char *path = gw_test_tmp_path ("panel-cache.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) cache = gw_cache_open (path, &error);
  g_autoptr(GPtrArray) departments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GwReferenceData) reference = NULL;
  const char * const cooperating[] = { "hbj", "jtj", NULL };
  GwCategoryInfo with = { .code = "E0401", .name = "占道经营", .major_code = "E04", .major_name = "街面秩序",
                          .limit_value = 4, .limit_unit = GW_TIME_UNIT_WORKING_HOURS, .department = "cgj",
                          .cooperating = cooperating };
  GwCategoryInfo alone = with;
  GtkWidget *window = gtk_window_new ();
  GwCasePanel *panel = g_object_new (GW_TYPE_CASE_PANEL, NULL);
  GwCaseData d = { .id = (char *) "C-1", .status = GW_CASE_STATUS_FILED, .source = GW_CASE_SOURCE_PATROL,
                   .category = (char *) "E0401", .reported_at = (char *) "2026-11-23T09:00:00+08:00", .version = 1 };
  g_autoptr(GwCase) kase = NULL;
  g_autoptr(GwCase) other = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (departments, gw_department_new ("cgj", "城市管理综合执法局", "Urban Management Bureau", NULL));
  g_ptr_array_add (departments, gw_department_new ("hbj", "生态环境局", "Environment Bureau", NULL));
  g_ptr_array_add (departments, gw_department_new ("jtj", "交通运输局", "Transport Bureau", NULL));
  alone.code = "E0402";
  alone.cooperating = NULL;
  g_ptr_array_add (categories, gw_category_new (&with));
  g_ptr_array_add (categories, gw_category_new (&alone));
  g_assert_true (gw_store_replace_departments (cache, departments, &error));
  g_assert_true (gw_store_replace_categories (cache, categories, &error));
  reference = gw_reference_data_new (cache);
  gw_test_wait_for (is_loaded, reference, 20000, "the reference data to load");

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  gtk_window_present (GTK_WINDOW (window));
  gw_case_panel_set_reference_data (panel, reference);
  kase = gw_case_new (&d);
  gw_case_panel_set_case (panel, kase, "占道经营", NULL);
  g_assert_true (shows_text (GTK_WIDGET (panel), "Urban Management Bureau (lead), with Environment Bureau, Transport Bureau"));
  d.category = (char *) "E0402";
  other = gw_case_new (&d);
  gw_case_panel_set_case (panel, other, "占道经营", NULL);
  g_assert_true (shows_text (GTK_WIDGET (panel), "Urban Management Bureau"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/case-panel/update-keeps-widgets", test_update_keeps_widgets);
  g_test_add_func ("/case-panel/history-is-given", test_history_is_given);
  g_test_add_func ("/case-panel/origin-shown", test_origin_shown);
  g_test_add_func ("/case-panel/history-from-json", test_history_from_json);
  g_test_add_func ("/case-panel/report-not-to-own-whistle", test_report_not_to_own_whistle);
  g_test_add_func ("/case-panel/cooperating-departments", test_cooperating_departments);

  return g_test_run ();
}
