/* test-app-planning.c: joint-inspection planning in a real window, on a
 * real town server: a plan made from its preview, visits moved by the
 * page's actions and refused where the work calendar or another planner
 * says no, findings recorded and the enterprises on the map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gw-app-test-util.h"
#include "gw-inspection-plan.h"
#include "gw-map-view.h"
#include "gw-planning-page.h"
#include "gw-target-layer.h"
#include "gw-test-util.h"
#include "gw-window.h"

static gboolean
plan_loaded (gpointer data)
{
  GwPlanningPage *page = data;

  return gw_planning_page_get_plan (page) != NULL && gw_planning_page_get_plan_version (page) >= 1;
}

static gboolean
plan_at_version_2 (gpointer data)
{
  return gw_planning_page_get_plan_version (data) == 2;
}

static gboolean
plan_at_version_3 (gpointer data)
{
  return gw_planning_page_get_plan_version (data) == 3;
}

/* The preview a planner is asked to confirm, once it is on the screen. */
static gboolean
plan_preview_shown (gpointer data)
{
  AdwMessageDialog **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), "Make This Plan?") == 0)
        {
          *found = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  GwPlanningPage *page;
  GString *messages;
} RefusedAndReloaded;

/* The refusal said, and the server's version in its place: the feed may
 * bring the version before the refusal's answer arrives. */
static gboolean
refused_and_reloaded (gpointer data)
{
  RefusedAndReloaded *r = data;

  return plan_at_version_3 (r->page) && strstr (r->messages->str, "The server refused: ");
}

static void
remember_message (GString    *messages,
                  const char *text)
{
  g_string_append_printf (messages, "%s\n", text);
}

typedef struct
{
  GwPlanningPage *page;
  gint64 version;
  guint32 from;
} PlanWait;

static gboolean
plan_from (gpointer data)
{
  PlanWait *w = data;
  GwInspectionPlan *plan = gw_planning_page_get_plan (w->page);

  return plan && gw_inspection_plan_get_options (plan)->from == w->from && gw_planning_page_get_plan_version (w->page) == w->version;
}

/* Last month's plan, whose visits are all made: findings for one from
 * the task sheet's action, a rectification notice, the enterprise on the
 * map in the notice's colour, and a click on it back to its visit. */
static void
record_and_map (GwTestServer   *server,
                const char     *planner,
                GwWindow       *window,
                GwPlanningPage *page)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (china);
  g_autoptr(GDateTime) first = g_date_time_new (china, g_date_time_get_year (now), g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr(GDateTime) from = g_date_time_add_months (first, -1);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *to_text = g_date_time_format (first, "%Y-%m-%d");
  g_autofree char *body = g_strdup_printf ("{\"from\":\"%s\",\"to\":\"%s\",\"seed\":3}", from_text, to_text);
  g_autofree char *url = g_strconcat (server->url, "/api/v1/inspection/plans", NULL);
  g_autoptr(GBytes) reply = NULL;
  GVariantBuilder findings;
  GwTargetLayer *layer = gw_map_view_get_target_layer (gw_window_get_map_view (window));
  GwPlanVisit *visit;
  GwTargetStatus status;
  guint n_items, status_code = 0, target, visit_id;
  const GwInspectionItem *items;
  PlanWait w = { page, 1, gw_julian_from_string (from_text) };

  reply = gw_test_http_send ("POST", url, planner, body, &status_code);
  g_assert_cmpuint (status_code, ==, 201);
  gw_planning_page_reload (page);
  g_assert_true (gw_test_wait_until (plan_from, &w, 30000));

  visit = gw_inspection_plan_get_visit (gw_planning_page_get_plan (page), 0);
  visit_id = visit->id;
  target = visit->target;
  gtk_widget_activate_action (GTK_WIDGET (page), "planning.select", "u", visit_id);
  g_assert_cmpuint (gw_planning_page_get_selected (page), ==, visit_id);
  items = gw_inspection_data_get_items (gw_planning_page_get_data (page), &n_items);
  g_variant_builder_init (&findings, G_VARIANT_TYPE ("a(sbs)"));
  for (guint k = 0; k < visit->dues->len; k++)
    g_variant_builder_add (&findings, "(sbs)", items[g_array_index (visit->dues, GwPlanDue, k).item].code, k != 0,
                           k == 0 ? "消防通道堵塞" : "");
  gtk_widget_activate_action (GTK_WIDGET (page), "planning.record", "(u@a(sbs))", visit_id, g_variant_builder_end (&findings));
  w.version = 2;
  g_assert_true (gw_test_wait_until (plan_from, &w, 20000));
  visit = gw_inspection_plan_find_visit (gw_planning_page_get_plan (page), visit_id);
  g_assert_cmpuint (visit->findings->len, ==, visit->dues->len);
  g_assert_cmpuint (visit->notices->len, ==, 1);
  g_assert_cmpstr (g_array_index (visit->findings, GwFinding, 0).note, ==, "消防通道堵塞");

  /* The map follows the plan: the enterprise has its notice's colour. */
  status = gw_target_layer_get_status (layer, target);
  g_assert_true (status == GW_TARGET_NOTICE_OPEN || status == GW_TARGET_NOTICE_OVERDUE);
  g_assert_cmpuint (gw_target_layer_count (layer, GW_TARGET_VISIT_MISSED), >, 0);

  /* Show on Map, then a click on it opens its visit again. */
  gtk_widget_activate_action (GTK_WIDGET (page), "planning.select", "u", 0);
  gtk_widget_activate_action (GTK_WIDGET (page), "planning.show-target", "u", target);
  g_assert_cmpstr (gw_window_get_visible_page (window), ==, "map");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (layer)));
  g_signal_emit_by_name (gw_window_get_map_view (window), "target-activated", target);
  g_assert_cmpstr (gw_window_get_visible_page (window), ==, "inspections");
  g_assert_cmpuint (gw_planning_page_get_selected (page), ==, gw_target_layer_get_next_visit (layer, target));
}

static void
test_planning (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("planning-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("planning-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *planner = gw_test_add_user (server_db, "jihua", "planner");
  g_autoptr(GString) messages = g_string_new (NULL);
  GwPlanningPage *page;
  GwInspectionPlan *plan;
  GwPlanVisit *visit = NULL;
  GwApplication *app;
  GwWindow *window;
  guint32 moved_to = 0;
  guint visit_id;

  window = gw_app_test_open_window (server->url, planner, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  page = gw_window_get_planning_page (window);
  g_signal_connect_swapped (page, "message", G_CALLBACK (remember_message), messages);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "inspections");

  /* A plan for next month, made from the page by its action: shown
   * first, and on the server only once the planner agrees. */
  gtk_widget_activate_action (GTK_WIDGET (page), "planning.make", NULL);
  {
    AdwMessageDialog *preview = NULL;
    g_autofree char *plans_url = g_strconcat (server->url, "/api/v1/inspection/plans", NULL);
    g_autoptr(GBytes) plans = NULL;
    guint status = 0;

    gw_test_wait_for (plan_preview_shown, &preview, 30000, "the plan's preview");
    g_test_message ("%s", adw_message_dialog_get_body (preview));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (preview), "joint visits for"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (preview), "on the busiest"));
    plans = gw_test_http_get (plans_url, planner, NULL, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (g_bytes_get_data (plans, NULL), "\"items\":[]"));
    adw_message_dialog_response (preview, "make");
  }
  g_assert_true (gw_test_wait_until (plan_loaded, page, 30000));
  plan = gw_planning_page_get_plan (page);
  g_assert_cmpuint (gw_inspection_plan_get_n_visits (plan), >, 50);
  {
    g_autoptr(GPtrArray) broken = gw_inspection_plan_check (plan);

    for (guint i = 0; i < broken->len && i < 5; i++)
      g_test_message ("%s", (char *) g_ptr_array_index (broken, i));
    g_assert_cmpuint (broken->len, ==, 0);
  }
  /* A visit with room to move: a wide window, and not of market
   * supervision, whose days a month's backlog fills. */
  for (guint i = 0; i < gw_inspection_plan_get_n_visits (plan) && !visit; i++)
    {
      GwPlanVisit *v = gw_inspection_plan_get_visit (plan, i);
      guint n_items;
      const GwInspectionItem *items = gw_inspection_data_get_items (gw_inspection_plan_get_data (plan), &n_items);
      gboolean market = FALSE;

      for (guint k = 0; k < v->dues->len; k++)
        market |= g_str_equal (items[g_array_index (v->dues, GwPlanDue, k).item].department, "market");
      if (!market && v->latest - v->earliest > 14)
        visit = v;
    }
  g_assert_nonnull (visit);
  visit_id = visit->id;

  /* Dropped on a weekend: refused on the spot, with the reason; the plan
   * on the server is untouched. */
  for (guint32 day = visit->earliest; day <= visit->latest; day++)
    {
      GDate date;

      g_date_set_julian (&date, day);
      if (g_date_get_weekday (&date) == G_DATE_SATURDAY)
        {
          gtk_widget_activate_action (GTK_WIDGET (page), "planning.move", "(uu)", visit_id, day);
          break;
        }
    }
  g_assert_nonnull (strstr (messages->str, "not a working day"));
  g_assert_cmpint (gw_planning_page_get_plan_version (page), ==, 1);

  /* A day with room: the server takes it, version 2. */
  for (guint32 day = visit->earliest; day <= visit->latest && !moved_to; day++)
    {
      GwInspectionPlan *local = gw_planning_page_get_plan (page);
      GwPlanVisit *v = gw_inspection_plan_find_visit (local, visit_id);
      guint32 before = v->day;

      if (day == before)
        continue;
      gtk_widget_activate_action (GTK_WIDGET (page), "planning.move", "(uu)", visit_id, day);
      if (gw_inspection_plan_find_visit (local, visit_id)->day == day)
        moved_to = day;
    }
  if (moved_to == 0)
    g_test_message ("%s", messages->str);
  g_assert_cmpuint (moved_to, !=, 0);
  g_assert_true (gw_test_wait_until (plan_at_version_2, page, 20000));
  g_assert_cmpuint (gw_inspection_plan_find_visit (gw_planning_page_get_plan (page), visit_id)->day, ==, moved_to);

  /* Another planner changes the plan first: the page's next change, on
   * version 2, is refused in the server's words, and the page takes the
   * server's plan. */
  {
    g_autofree char *url = g_strdup_printf ("%s/api/v1/inspection/plans/%" G_GINT64_FORMAT "/actions", server->url,
                                            gw_planning_page_get_plan_id (page));
    g_autofree char *day = gw_julian_to_string (moved_to);
    g_autofree char *body = g_strdup_printf ("{\"action\":\"reschedule\",\"base_version\":2,"
                                             "\"params\":{\"visit\":%u,\"day\":\"%s\"}}", visit_id, day);
    g_autoptr(GBytes) reply = NULL;
    guint status = 0;
    guint32 other = 0;
    GwPlanVisit *now = gw_inspection_plan_find_visit (gw_planning_page_get_plan (page), visit_id);
    guint32 earliest = now->earliest, latest = now->latest;

    reply = gw_test_http_send ("POST", url, planner, body, &status);
    g_assert_cmpuint (status, ==, 200);
    for (guint32 d = earliest; d <= latest && !other; d++)
      {
        GwInspectionPlan *local = gw_planning_page_get_plan (page);

        if (d == moved_to)
          continue;
        g_string_truncate (messages, 0);
        gtk_widget_activate_action (GTK_WIDGET (page), "planning.move", "(uu)", visit_id, d);
        if (gw_inspection_plan_find_visit (local, visit_id)->day == d)
          other = d;
      }
    g_assert_cmpuint (other, !=, 0);
    {
      RefusedAndReloaded r = { GW_PLANNING_PAGE (page), messages };

      gw_test_wait_for (refused_and_reloaded, &r, 20000, "the refusal and the server's version 3");
    }
    g_test_message ("%s", messages->str);
    g_assert_cmpuint (gw_inspection_plan_find_visit (gw_planning_page_get_plan (page), visit_id)->day, ==, moved_to);
  }

  record_and_map (server, planner, window, page);
  gw_app_test_close_window (window, app);
}

int
main (int   argc,
      char *argv[])
{
  /* Before any thread exists; GLib 2.74 logs to stdout, which breaks TAP. */
  g_log_writer_default_set_use_stderr (TRUE);
  /* gtk_test_init() would drop G_TEST_OPTION_ISOLATE_DIRS. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/app-planning/plan-move-record", test_planning);

  return g_test_run ();
}
