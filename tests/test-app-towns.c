/* test-app-towns.c: a real window on a real gridwatch-townd shows the
 * cases a town handles itself by the town's name, in a queue view of
 * their own, and its panel names the town instead of the department;
 * a town or category renamed at the server is renamed in the case list
 * and the queue, which ask the reference data, not the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gw-app-test-util.h"
#include "gw-assignment.h"
#include "gw-case-labels.h"
#include "gw-case-queue.h"
#include "gw-queue-text.h"
#include "gw-dispatch-page.h"
#include "gw-case-list.h"
#include "gw-case-list-row.h"
#include "gw-test-county.h"
#include "gw-ui-language.h"
#include "gw-window.h"

static char *
report (GwTestServer *server,
        double        lon)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases", NULL);
  g_autofree char *body = g_strdup_printf ("{\"source\":\"hotline_12345\",\"lat\":35.4,\"lon\":%.3f,"
                                           "\"category\":\"0301\",\"description\":\"河道排污\"}", lon);
  guint status = 0;
  g_autoptr(GBytes) reply = gw_test_http_send ("POST", url, server->token, body, &status);
  g_autoptr(JsonNode) node = gw_test_json_from_bytes (reply);

  g_assert_cmpuint (status, ==, 201);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

typedef struct
{
  GwWindow *window;
  guint n;
} Cases;

static gboolean
has_cases (gpointer data)
{
  Cases *c = data;
  GwCaseQueue *queue = gw_dispatch_page_get_queue (gw_window_get_dispatch_page (c->window));

  return gw_case_queue_get_view_count (queue, GW_QUEUE_VIEW_OPEN) == c->n;
}

/* A mapped cell of the queue that shows @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GW_IS_QUEUE_TEXT (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gw_queue_text_get_text (GW_QUEUE_TEXT (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget *queue;
  const char *text;
} Shows;

static gboolean
queue_shows (gpointer data)
{
  Shows *s = data;

  return shows_text (s->queue, s->text);
}

static void
test_town_view (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *data_dir = gw_test_tmp_path ("towns-data");
  g_autofree char *east = NULL, *west = NULL, *town_state = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  GwSuggestion *first;
  GwTestServer *server;
  GwCaseQueue *queue;
  GwApplication *app;
  GwWindow *window;
  Cases cases;
  Shows shows;

  /* The fixture's categories: 东镇 (990001002) handles 0301 itself. */
  gw_test_county_init (&county);
  server = gw_test_server_start (county.db, NULL);
  east = report (server, 117.05);
  west = report (server, 116.95);

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  cases = (Cases) { window, 2 };
  gw_test_wait_for (has_cases, &cases, 20000, "both cases in the queue");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "queue");
  queue = gw_dispatch_page_get_queue (gw_window_get_dispatch_page (window));
  g_assert_cmpuint (gw_case_queue_get_view_count (queue, GW_QUEUE_VIEW_TOWNS), ==, 1);
  gw_case_queue_set_view (queue, GW_QUEUE_VIEW_TOWNS);
  g_assert_cmpuint (gw_case_queue_get_n_shown (queue), ==, 1);
  g_assert_true (gw_case_queue_select (queue, east));
  g_assert_false (gw_case_queue_select (queue, west));

  /* The row names the town, not its code. */
  town_state = g_strdup_printf ("%s · %s", "东镇", gw_case_status_label (GW_CASE_STATUS_REPORTED));
  shows = (Shows) { GTK_WIDGET (queue), town_state };
  gw_test_wait_for (queue_shows, &shows, 20000, "the queue to show the town's name");

  /* The town is the first suggestion for it, by name. */
  suggestions = gw_dispatch_page_suggest (gw_window_get_dispatch_page (window), east);
  first = g_ptr_array_index (suggestions, 0);
  g_assert_cmpstr (first->assignee, ==, "town:990001002");
  g_assert_cmpstr (first->name, ==, "东镇");
  g_clear_pointer (&suggestions, g_ptr_array_unref);
  suggestions = gw_dispatch_page_suggest (gw_window_get_dispatch_page (window), west);
  g_assert_false (g_str_has_prefix (((GwSuggestion *) g_ptr_array_index (suggestions, 0))->assignee, "town:"));

  gw_app_test_close_window (window, app);
  gw_test_server_stop (server);
}

typedef struct
{
  GwWindow *window;
  const char *title;
  const char *place;
} RowWait;

/* The case list's row (on the map page) has @title and begins its
 * subtitle with @place. */
static gboolean
row_says (gpointer data)
{
  RowWait *w = data;
  GwCaseListRow *row = (GwCaseListRow *) gw_app_test_find_widget (GTK_WIDGET (gw_window_get_case_list (w->window)),
                                                                  GW_TYPE_CASE_LIST_ROW);
  g_autofree char *subtitle = row ? gw_case_list_item_dup_subtitle (gw_case_list_row_get_item (row)) : NULL;

  return row && g_strcmp0 (gw_case_list_row_get_title_text (row), w->title) == 0 &&
         g_str_has_prefix (subtitle, w->place) && g_str_has_prefix (subtitle + strlen (w->place), " · ");
}

/* The queue names the case's category, grid and the town handling it. */
static void
wait_for_queue_names (GwWindow   *window,
                      const char *category,
                      const char *town)
{
  GtkWidget *queue = GTK_WIDGET (gw_dispatch_page_get_queue (gw_window_get_dispatch_page (window)));
  g_autofree char *problem = g_strdup_printf ("%s — 河道排污", category);
  g_autofree char *state = g_strdup_printf ("%s · %s", town, gw_case_status_label (GW_CASE_STATUS_REPORTED));
  Shows shows[] = { { queue, problem }, { queue, town }, { queue, state } };

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "queue");
  for (guint i = 0; i < G_N_ELEMENTS (shows); i++)
    gw_test_wait_for (queue_shows, &shows[i], 20000, shows[i].text);
}

static void
wait_for_row_names (GwWindow   *window,
                    const char *category,
                    const char *town)
{
  RowWait w = { window, category, town };

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "map");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-case", "s",
                              gw_case_get_id (gw_case_model_get (gw_window_get_cases (window), 0)));
  gw_test_wait_for (row_says, &w, 20000, "the case list's row to name the category and the town");
}

/* The town and the category get new names at the server, imported while
 * it runs: the next sync brings them, and the case list and the queue say
 * them without the window handing them any. */
static void
test_renames_follow (void)
{
  g_auto(GwTestCounty) county = { 0 };
  g_autofree char *data_dir = gw_test_tmp_path ("renames-data");
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "fixture-grids.geojson", NULL);
  g_autofree char *grids_text = NULL;
  g_autoptr(GString) renamed = NULL;
  g_autofree char *grids = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *id = NULL;
  gboolean chinese = gw_ui_language_is_chinese (NULL);
  GwTestServer *server;
  GwApplication *app;
  GwWindow *window;
  Cases cases;

  gw_test_county_init (&county);
  server = gw_test_server_start (county.db, NULL);
  id = report (server, 117.05);

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  cases = (Cases) { window, 1 };
  gw_test_wait_for (has_cases, &cases, 20000, "the case in the queue");
  wait_for_queue_names (window, chinese ? "违规排污" : "Illegal discharge", "东镇");
  wait_for_row_names (window, chinese ? "违规排污" : "Illegal discharge", "东镇");

  g_assert_true (g_file_get_contents (fixture, &grids_text, NULL, NULL));
  renamed = g_string_new (grids_text);
  g_assert_cmpuint (g_string_replace (renamed, "东镇", "东湖镇", 0), ==, 1);
  grids = gw_test_county_write (&county, "grids-renamed.geojson", renamed->str, FALSE);
  g_assert_cmpint (gw_test_county_import (&county, "grids", grids, NULL, NULL, NULL), ==, 0);
  categories = gw_test_county_write (&county, "categories-renamed.csv",
                                     "code,name,major_code,major_name,kind,time_limit,lead_department,name_en,cooperating_departments,town_handles\n"
                                     "0101,占道经营,01,市容环境,事件,4工作时,cgj,Street vending,,\n"
                                     "0201,井盖缺失,02,公用设施,component,2工作日,cgj,,,\n"
                                     "0301,排污入河,03,生态环境,event,4 working_hours,hbj,Discharge into the river,cgj、hbj,990001002\n",
                                     FALSE);
  gw_test_county_import_ok (&county, "categories", categories, "added 0, changed 1, unchanged 2, absent 0");
  gw_session_refresh (gw_application_get_session (app));

  wait_for_queue_names (window, chinese ? "排污入河" : "Discharge into the river", "东湖镇");
  wait_for_row_names (window, chinese ? "排污入河" : "Discharge into the river", "东湖镇");

  gw_app_test_close_window (window, app);
  gw_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  /* Before any thread exists; GLib 2.74 logs to stdout, which breaks TAP. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/app-towns/town-view", test_town_view);
  g_test_add_func ("/app-towns/renames-follow", test_renames_follow);
  return g_test_run ();
}
