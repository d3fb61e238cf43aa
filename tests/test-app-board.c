/* test-app-board.c: the whistle-and-report chain in a real window, on a
 * real town server: a whistle from the app, approved and answered through
 * the API, followed by the escalation board; news only of what the town
 * owes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gw-app-test-util.h"
#include "gw-dispatch-page.h"
#include "gw-escalation-board.h"
#include "gw-test-util.h"
#include "gw-window.h"

/* @body as an action on case @case_id by @token: the case as it is now. */
static JsonNode *
act_on (GwTestServer *server,
        const char   *token,
        const char   *case_id,
        const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/actions", case_id);

  return gw_app_test_post_json (server, token, path, body, 200);
}

typedef struct
{
  GwEscalationBoard *board;
  GwBoardColumn column;
  guint count;
} BoardWait;

static gboolean
board_shows (gpointer data)
{
  BoardWait *w = data;

  return gw_escalation_board_get_count (w->board, w->column) == w->count;
}

static void
count_news (guint *news)
{
  (*news)++;
}

typedef struct
{
  GwWindow *window;
  const char *case_id;
} CaseIn;

/* The server has confirmed what the window did to the case. */
static gboolean
case_settled (gpointer data)
{
  CaseIn *in = data;

  return !gw_case_get_pending (gw_window_lookup_case (in->window, in->case_id));
}

static void
test_whistle_and_board (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("whistle-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("whistle-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *head = gw_test_add_user (server_db, "zhenzhang", "head");
  g_autofree char *urban = gw_test_add_user (server_db, "urban", "department");
  g_autoptr(JsonNode) approved = NULL, reported = NULL;
  g_autofree char *id = NULL;
  g_autofree char *approve = NULL, *report = NULL;
  GwEscalationBoard *board;
  GwApplication *app;
  GwWindow *window;
  BoardWait w;
  CaseIn in;
  guint news = 0;
  gint64 version;

  id = gw_app_test_post_filed_case (server, "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.97,\"category\":\"E0401\","
                               "\"priority\":\"normal\",\"description\":\"菜市场门口占道经营\"}");

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_app_test_wait_for_case_state (window, id, GW_CASE_STATUS_FILED);
  board = gw_window_get_escalation_board (window);
  g_signal_connect_swapped (board, "news", G_CALLBACK (count_news), &news);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "escalations");
  gw_app_test_wait_drawn (GTK_WIDGET (board));

  /* The town whistles for the urban management bureau, from the app. */
  gtk_widget_activate_action (GTK_WIDGET (gw_window_get_dispatch_page (window)), "dispatch.whistle-to", "(sssss)",
                              id, "county", "urban", "W1-01", "屡教不改，需执法力量");
  w = (BoardWait) { board, GW_BOARD_AWAITING_APPROVAL, 1 };
  g_assert_true (gw_test_wait_until (board_shows, &w, 20000));
  g_assert_false (gw_case_get_pending (gw_window_lookup_case (window, id)) &&
                  gw_escalation_board_get_count (board, GW_BOARD_AWAITING_APPROVAL) == 0);

  /* The town's head approves and the department reports, through the
   * API; the board follows by itself. */
  in = (CaseIn) { window, id };
  gw_test_wait_for (case_settled, &in, 20000, "the server to confirm the whistle");
  version = gw_case_get_version (gw_window_lookup_case (window, id));
  approve = g_strdup_printf ("{\"action\":\"approve_whistle\",\"base_version\":%" G_GINT64_FORMAT "}", version);
  approved = act_on (server, head, id, approve);
  w = (BoardWait) { board, GW_BOARD_AWAITING_REPORT, 1 };
  g_assert_true (gw_test_wait_until (board_shows, &w, 20000));
  g_assert_cmpuint (gw_escalation_board_get_count (board, GW_BOARD_AWAITING_APPROVAL), ==, 0);

  report = g_strdup_printf ("{\"action\":\"report\",\"base_version\":%" G_GINT64_FORMAT ",\"params\":{\"note\":\"已派执法中队\"}}",
                            json_object_get_int_member (json_node_get_object (approved), "version"));
  reported = act_on (server, urban, id, report);
  w = (BoardWait) { board, GW_BOARD_REPORTED, 1 };
  g_assert_true (gw_test_wait_until (board_shows, &w, 20000));
  g_assert_cmpuint (gw_escalation_board_get_count (board, GW_BOARD_AWAITING_REPORT), ==, 0);
  /* The dispatcher's own county whistle was no news to them. */
  g_assert_cmpuint (news, ==, 0);

  /* Another desk whistles a case up to this town; once the community's
   * head approves, the town owes a report: news here. */
  {
    g_autofree char *other = gw_test_add_user (server_db, "d2", "dispatcher");
    g_autoptr(JsonNode) whistled = NULL, second_approved = NULL;
    g_autofree char *second_id = NULL, *whistle = NULL, *approve_second = NULL;

    second_id = gw_app_test_post_filed_case (server, "{\"source\":\"patrol\",\"lat\":35.40,\"lon\":116.97,\"category\":\"E0601\","
                                         "\"priority\":\"normal\",\"description\":\"邻里纠纷调解无果\"}");
    whistle = g_strdup ("{\"action\":\"whistle\",\"base_version\":3,\"params\":{\"to_level\":\"town\","
                        "\"called\":\"990001\",\"item\":\"W4-04\",\"reason\":\"社区调解未果\"}}");
    whistled = act_on (server, other, second_id, whistle);
    approve_second = g_strdup ("{\"action\":\"approve_whistle\",\"base_version\":4}");
    second_approved = act_on (server, head, second_id, approve_second);
    w = (BoardWait) { board, GW_BOARD_AWAITING_REPORT, 1 };
    g_assert_true (gw_test_wait_until (board_shows, &w, 20000));
    g_assert_cmpuint (news, ==, 1);
  }

  /* The department's own view: what it owes. */
  gw_escalation_board_set_department (board, "urban");
  g_assert_cmpuint (gw_escalation_board_get_count (board, GW_BOARD_REPORTED), ==, 1);
  gw_escalation_board_set_department (board, "ecology");
  g_assert_cmpuint (gw_escalation_board_get_count (board, GW_BOARD_REPORTED), ==, 0);

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

  g_test_add_func ("/app-board/whistle-and-board", test_whistle_and_board);

  return g_test_run ();
}
