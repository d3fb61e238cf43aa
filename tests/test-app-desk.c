/* test-app-desk.c: the dispatcher's desk in a real window, on a real town
 * server: dispatch in one step, refusals in the user's language, the
 * return visit and the satisfaction rate
 *
 * Run in English and again with LANGUAGE=zh_CN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gw-app-test-util.h"
#include "gw-assign-popover.h"
#include "gw-case-labels.h"
#include "gw-dispatch-page.h"
#include "gw-review-page.h"
#include "gw-test-util.h"
#include "gw-ui-language.h"
#include "gw-window.h"

#define WAIT_MS 20000

typedef struct
{
  GwTestServer *server;
  char *admin;              /* an admin's token: starts, handles and verifies */
  GwApplication *app;
  GwWindow *window;
} Desk;

static JsonNode *
get_json (Desk       *desk,
          const char *path)
{
  g_autofree char *url = g_strconcat (desk->server->url, path, NULL);
  guint status = 0;
  g_autoptr(GBytes) got = gw_test_http_get (url, desk->server->token, NULL, &status, NULL);

  g_assert_cmpuint (status, ==, 200);
  return gw_test_json_from_bytes (got);
}

/* A new case from the 12345 hotline: its id. */
static char *
post_case (Desk       *desk,
           const char *source)
{
  g_autofree char *body = g_strdup_printf ("{\"source\":\"%s\",\"lat\":35.40,\"lon\":116.97,\"category\":\"E0101\","
                                           "\"priority\":\"normal\",\"description\":\"小区门口暴露垃圾\"}", source);
  g_autoptr(JsonNode) created = gw_app_test_post_json (desk->server, desk->server->token, "/api/v1/cases", body, 201);

  return g_strdup (json_object_get_string_member (json_node_get_object (created), "id"));
}

/* @action on case @id at its present version, by @token. */
static void
act (Desk       *desk,
     const char *token,
     const char *id,
     const char *action,
     const char *params)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", id);
  g_autofree char *actions = g_strdup_printf ("%s/actions", path);
  g_autoptr(JsonNode) kase = get_json (desk, path);
  gint64 version = json_object_get_int_member (json_node_get_object (kase), "version");
  g_autofree char *body = g_strdup_printf ("{\"action\":\"%s\",\"params\":%s,\"base_version\":%" G_GINT64_FORMAT "}",
                                           action, params ? params : "{}", version);
  g_autoptr(JsonNode) done = gw_app_test_post_json (desk->server, token, actions, body, 200);
}

static char *
first_worker (Desk *desk)
{
  g_autoptr(JsonNode) root = get_json (desk, "/api/v1/workers");
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "items");

  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
}

static void
desk_open (Desk       *desk,
           const char *name)
{
  g_autofree char *db = g_strdup_printf ("%s-server.sqlite", name);
  g_autofree char *data = g_strdup_printf ("%s-data", name);
  g_autofree char *db_path = gw_test_tmp_path (db);
  g_autofree char *data_dir = gw_test_tmp_path (data);

  desk->server = gw_test_server_start (db_path, "--demo", NULL);
  {
    g_autofree char *out = NULL;

    /* A login name is a code; people see the display name. */
    g_assert_cmpint (gw_test_run_townd (&out, NULL, "--db", db_path, "--add-user", "desk-admin", "--role", "admin",
                                        "--display-name", "赵主任", NULL), ==, 0);
    desk->admin = g_strdup (g_strstrip (out));
  }
  desk->window = gw_app_test_open_window (desk->server->url, desk->server->token, data_dir, &desk->app);
  gw_app_test_wait_for_state (desk->window, GW_CONNECTION_ONLINE);
}

static void
desk_close (Desk *desk)
{
  gw_app_test_close_window (desk->window, desk->app);
  g_free (desk->admin);
  gw_test_server_stop (desk->server);
}

typedef struct
{
  GwWindow *window;
  const char *case_id;
  GwCaseStatus status;
} CaseIn;

static gboolean
panel_shows (gpointer data)
{
  CaseIn *in = data;
  GwCase *shown = gw_case_panel_get_case (gw_dispatch_page_get_panel (gw_window_get_dispatch_page (in->window)));

  return shown && g_str_equal (gw_case_get_id (shown), in->case_id) && gw_case_get_status (shown) == in->status;
}

/* The case in the panel, from the queue's open view, as a dispatcher
 * picks it. */
static void
show_case (Desk         *desk,
           const char   *id,
           GwCaseStatus  status)
{
  GwCaseQueue *queue = gw_dispatch_page_get_queue (gw_window_get_dispatch_page (desk->window));
  CaseIn in = { desk->window, id, status };

  gtk_widget_activate_action (GTK_WIDGET (desk->window), "win.show-page", "s", "queue");
  g_assert_true (gw_case_queue_select (queue, id));
  gw_test_wait_for (panel_shows, &in, WAIT_MS, "the panel to show the case");
}

/* A visible label under @widget that says exactly @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget *window;
  const char *text;
} Toast;

static gboolean
toast_shown (gpointer data)
{
  Toast *t = data;

  return shows_text (t->window, t->text);
}

typedef struct
{
  GwCasePanel *panel;
  const char *what;
  const char *who;
} HistoryLine;

/* A line of the panel's history says @what was done by @who: "… WHAT · WHO". */
static gboolean
history_has (gpointer data)
{
  HistoryLine *line = data;
  g_autofree char *tail = g_strdup_printf ("%s · %s", line->what, line->who);
  GtkWidget *list = gw_app_test_find_widget (GTK_WIDGET (line->panel), GTK_TYPE_LIST_BOX);

  for (GtkWidget *row = list ? gtk_widget_get_first_child (list) : NULL; row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = GTK_IS_LIST_BOX_ROW (row) ? gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)) : NULL;

      if (GTK_IS_LABEL (label) && g_str_has_suffix (gtk_label_get_text (GTK_LABEL (label)), tail))
        return TRUE;
    }
  return FALSE;
}

/* Whether @action is enabled where @widget is: what a button for it
 * there would say by its sensitivity. */
static gboolean
action_enabled (GtkWidget  *widget,
                const char *action)
{
  GtkWidget *probe = gtk_button_new ();
  gboolean enabled;

  gtk_widget_set_parent (probe, widget);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), action);
  enabled = gtk_widget_get_sensitive (probe);
  gtk_widget_unparent (probe);
  return enabled;
}

/* The case's history on the server: the steps applied, in order. */
static JsonArray *
server_history (Desk       *desk,
                const char *id,
                JsonNode  **root)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/history", id);

  *root = get_json (desk, path);
  return json_object_get_array_member (json_node_get_object (*root), "items");
}

/* a on a new case opens the choice of assignee; the choice sends one
 * dispatch: the server's history has accept, file and assign under one
 * key. On a case in handling, a is not offered and says why. A refusal,
 * the rules' or the server's, is told with the state and the action by
 * their names in the user's language. */
static void
test_dispatch_and_refusals (void)
{
  Desk desk = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *busy = NULL;
  g_autofree char *worker = NULL;
  g_autofree char *assignee = NULL;
  g_autofree char *params = NULL;
  g_autoptr(JsonNode) root = NULL;
  GwDispatchPage *page;
  GwCasePanel *panel;
  JsonArray *items;
  const char *key = NULL;
  guint steps = 0;
  gboolean chinese = gw_ui_language_is_chinese (NULL);

  desk_open (&desk, "desk-dispatch");
  page = gw_window_get_dispatch_page (desk.window);
  panel = gw_dispatch_page_get_panel (page);
  id = post_case (&desk, "hotline_12345");
  gw_app_test_wait_for_case_state (desk.window, id, GW_CASE_STATUS_REPORTED);
  show_case (&desk, id, GW_CASE_STATUS_REPORTED);

  /* a: the same action the key is bound to. */
  g_assert_cmpstr (gw_case_panel_get_dispatch_action (panel), ==, "dispatch");
  g_assert_true (action_enabled (GTK_WIDGET (page), "dispatch.assign-focused"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dispatch.assign-focused", NULL));
  gw_test_wait_for (gw_app_test_suggestions_shown, desk.window, WAIT_MS, "the choice of assignee");
  {
    GtkWidget *row = gw_app_test_find_widget (gw_app_test_assign_popover (desk.window), ADW_TYPE_ACTION_ROW);

    g_variant_get (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), "(ss)", NULL, &assignee);
    g_signal_emit_by_name (row, "activate");
  }
  gw_app_test_wait_for_case_state (desk.window, id, GW_CASE_STATUS_DISPATCHED);

  items = server_history (&desk, id, &root);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);
      const char *action = json_object_get_string_member (entry, "action");

      if (json_object_get_int_member (entry, "status") != 200 || g_str_equal (action, "create"))
        continue;
      g_assert_cmpstr (action, ==, ((const char *[]) { "accept", "file", "assign" })[steps]);
      if (key == NULL)
        key = json_object_get_string_member (entry, "idempotency_key");
      g_assert_cmpstr (json_object_get_string_member (entry, "idempotency_key"), ==, key);
      steps++;
    }
  g_assert_cmpuint (steps, ==, 3);
  /* The panel names whom it went to, never the id. */
  {
    GwReferenceData *reference = gw_session_get_reference_data (gw_application_get_session (desk.app));
    const char *name = g_str_has_prefix (assignee, "worker:") ?
                       gw_worker_get_name (gw_reference_data_lookup_worker (reference, strchr (assignee, ':') + 1)) :
                       gw_department_get_display_name (gw_reference_data_lookup_department (reference, strchr (assignee, ':') + 1));
    Toast named = { GTK_WIDGET (panel), name };

    gw_test_wait_for (toast_shown, &named, WAIT_MS, "the panel to name the assignee");
    g_assert_false (shows_text (GTK_WIDGET (panel), assignee));
    g_assert_false (shows_text (GTK_WIDGET (panel), strchr (assignee, ':') + 1));
  }

  /* The bar's "assign selected" takes a new case the same one step. */
  {
    g_autofree char *fresh = post_case (&desk, "mailbox");

    gw_app_test_wait_for_case_state (desk.window, fresh, GW_CASE_STATUS_REPORTED);
    show_case (&desk, fresh, GW_CASE_STATUS_REPORTED);
    gtk_widget_activate_action (GTK_WIDGET (page), "dispatch.assign-selected", NULL);
    gw_app_test_wait_for_case_state (desk.window, fresh, GW_CASE_STATUS_DISPATCHED);
  }

  /* In handling: a is disabled, the button says why. */
  busy = post_case (&desk, "walk_in");
  worker = first_worker (&desk);
  params = g_strdup_printf ("{\"assignee\":\"worker:%s\"}", worker);
  act (&desk, desk.server->token, busy, "dispatch", params);
  act (&desk, desk.admin, busy, "start", NULL);
  gw_app_test_wait_for_case_state (desk.window, busy, GW_CASE_STATUS_IN_PROGRESS);
  show_case (&desk, busy, GW_CASE_STATUS_IN_PROGRESS);
  g_assert_null (gw_case_panel_get_dispatch_action (panel));
  /* The history names who started it, and says what was done by name. */
  {
    g_autofree char *started = gw_case_action_name ("start");
    HistoryLine line = { panel, started, "赵主任" };

    gw_test_wait_for (history_has, &line, WAIT_MS, "the history to name the admin");
    line.who = "desk-admin";
    g_assert_false (history_has (&line));
  }
  g_assert_false (action_enabled (GTK_WIDGET (page), "dispatch.assign-focused"));
  gtk_widget_activate_action (GTK_WIDGET (page), "dispatch.assign-focused", NULL);
  g_assert_null (gw_app_test_assign_popover (desk.window));
  {
    GtkWidget *button = gw_app_test_find_widget (GTK_WIDGET (panel), GTK_TYPE_BUTTON);
    const char *why = chinese ? "案卷当前为“处置中”，不能“派遣”" : "The case is now “In progress”; “Assign” is not possible";

    g_assert_false (gtk_widget_get_sensitive (button));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, why);
  }

  /* The rules refuse at once: a toast in the user's words. */
  {
    Toast t = { GTK_WIDGET (desk.window),
                chinese ? "案卷当前为“处置中”，不能“受理”" : "The case is now “In progress”; “Accept” is not possible" };

    gtk_widget_activate_action (GTK_WIDGET (page), "dispatch.perform", "(sss)", busy, "accept", "{}");
    gw_test_wait_for (toast_shown, &t, WAIT_MS, t.text);
  }

  /* The server refuses what it holds illegal: the dispatched case, at its
   * own version, believed new by this desk. */
  {
    GwCase *now = gw_window_lookup_case (desk.window, id);
    GwCaseData stale = *gw_case_get_data (now);
    g_autoptr(GwCase) believed = NULL;
    g_autoptr(JsonObject) again = json_object_new ();
    g_autoptr(GError) error = NULL;
    GwSession *session = gw_application_get_session (desk.app);
    Toast t = { GTK_WIDGET (desk.window),
                chinese ? "案卷当前为“已派遣”，不能“派遣”" : "The case is now “Dispatched”; “Dispatch” is not possible" };

    stale.status = GW_CASE_STATUS_REPORTED;
    stale.assignee = NULL;
    believed = gw_case_new (&stale);
    json_object_set_string_member (again, "assignee", assignee);
    g_assert_true (gw_session_perform_action (session, believed, "dispatch", again, &error));
    g_assert_no_error (error);
    gw_test_wait_for (toast_shown, &t, WAIT_MS, t.text);
  }

  desk_close (&desk);
}

/* ---- the return visit ---- */

/* A case taken from report to closed; its id. */
static char *
closed_case (Desk       *desk,
             const char *worker)
{
  g_autofree char *id = post_case (desk, "hotline_12345");
  g_autofree char *params = g_strdup_printf ("{\"assignee\":\"worker:%s\"}", worker);

  act (desk, desk->server->token, id, "dispatch", params);
  act (desk, desk->admin, id, "start", NULL);
  act (desk, desk->admin, id, "handle", "{\"result\":\"清运完毕\"}");
  act (desk, desk->server->token, id, "verify", NULL);
  act (desk, desk->server->token, id, "close", NULL);
  return g_steal_pointer (&id);
}

static GtkWidget *
message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return message_dialog () != NULL;
}

typedef struct
{
  GwReviewPage *page;
  const char *text;
} Tile;

static gboolean
tile_shows (gpointer data)
{
  Tile *t = data;

  if (g_strcmp0 (gw_review_page_get_tile_text (t->page, "satisfaction_rate"), t->text) == 0)
    return TRUE;
  /* The server stamps a visit to the second: one made in the second the
   * page was opened counts from its next computation. */
  gw_review_page_recompute (t->page);
  return FALSE;
}

/* Three residents called back: satisfied, basically satisfied and, in the
 * dialog, unsatisfied, which reopens the case for rework. The review's
 * satisfaction rate is two of three. */
static void
test_return_visits (void)
{
  Desk desk = { 0 };
  g_autofree char *worker = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *expected = NULL;
  GwDispatchPage *page;
  GtkWidget *dialog;
  GwCaseQueue *queue;

  desk_open (&desk, "desk-visits");
  page = gw_window_get_dispatch_page (desk.window);
  queue = gw_dispatch_page_get_queue (page);
  worker = first_worker (&desk);
  first = closed_case (&desk, worker);
  second = closed_case (&desk, worker);
  third = closed_case (&desk, worker);
  act (&desk, desk.server->token, first, "return_visit", "{\"result\":\"satisfied\"}");
  act (&desk, desk.server->token, second, "return_visit", "{\"result\":\"basically_satisfied\",\"note\":\"还行\"}");
  gw_app_test_wait_for_case_state (desk.window, third, GW_CASE_STATUS_CLOSED);

  /* The third waits for its call in the view of return visits due. */
  gw_case_queue_set_view (queue, GW_QUEUE_VIEW_VISITS);
  g_assert_true (gw_case_queue_select (queue, third));
  g_assert_false (gw_case_queue_select (queue, first));
  show_case (&desk, third, GW_CASE_STATUS_CLOSED);
  gtk_widget_activate_action (GTK_WIDGET (page), "dispatch.act", "(ss)", third, "return_visit");
  gw_test_wait_for (dialog_shown, NULL, WAIT_MS, "the return visit dialog");
  dialog = message_dialog ();
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gw_app_test_find_widget (dialog, GTK_TYPE_DROP_DOWN)), 2);
  gtk_editable_set_text (GTK_EDITABLE (gw_app_test_find_widget (dialog, GTK_TYPE_ENTRY)), "垃圾又堆起来了");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Unsatisfied: back to its worker for rework. */
  gw_app_test_wait_for_case_state (desk.window, third, GW_CASE_STATUS_DISPATCHED);
  g_assert_cmpuint (gw_case_get_data (gw_window_lookup_case (desk.window, third))->reopened, ==, 1);
  {
    g_autofree char *verdict = g_strdup_printf ("%s · 垃圾又堆起来了\n%s", g_dpgettext2 (NULL, "visit result", "Unsatisfied"),
                                                _("Reopened for rework"));
    Toast shown = { GTK_WIDGET (gw_dispatch_page_get_panel (page)), verdict };

    gw_case_queue_set_view (queue, GW_QUEUE_VIEW_OPEN);
    show_case (&desk, third, GW_CASE_STATUS_DISPATCHED);
    gw_test_wait_for (toast_shown, &shown, WAIT_MS, "the panel to show the resident's verdict");
  }

  /* By hand: (1 satisfied + 1 basically) / 3 visited. */
  {
    Tile t = { gw_window_get_review_page (desk.window), NULL };

    gtk_widget_activate_action (GTK_WIDGET (desk.window), "win.show-page", "s", "review");
    expected = gw_review_format_value (gw_review_find_column ("satisfaction_rate"), 2.0 / 3.0);
    g_assert_true (strstr (expected, "66.7") != NULL);
    t.text = expected;
    gw_test_wait_for (tile_shows, &t, WAIT_MS, "the review's satisfaction rate");
  }

  desk_close (&desk);
}

int
main (int   argc,
      char *argv[])
{
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The app's own main() would: the language is the run's. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/app-desk/dispatch-and-refusals", test_dispatch_and_refusals);
  g_test_add_func ("/app-desk/return-visits", test_return_visits);

  return g_test_run ();
}
