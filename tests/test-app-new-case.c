/* test-app-new-case.c: taking a case at the desk, in a real window on a
 * real gridwatch-townd, under Xvfb: the New Case form by keyboard alone,
 * online and with the server down; the open cases nearby while the form
 * is filled; placing a case that came without a point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <shumate/shumate.h>
#include <gdk/x11/gdkx.h>

#include "gw-app-test-util.h"
#include "gw-case-panel.h"
#include "gw-case-queue.h"
#include "gw-dispatch-page.h"
#include "gw-store-duplicates.h"
#include "gw-json.h"
#include "gw-photo.h"
#include "gw-new-case-dialog.h"
#include "gw-place-dialog.h"
#include "gw-planning-page.h"
#include "gw-server-schema.h"
#include "gw-store-cases.h"
#include "gw-test-unplaced.h"
#include "gw-test-util.h"

/* The place the tests report at, in the demo county. */
#define LAT 35.40000
#define LON 116.97000

static GwSession *
session_of (GwWindow *window)
{
  return gw_application_get_session (GW_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

/* Chinese comes from an input method, which commits a whole word into
 * the focused entry at once (xdotool cannot type Han characters
 * reliably): the same "changed" as typing. */
static void
commit_text (GtkWindow  *window,
             const char *text)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  while (focus && !GTK_IS_EDITABLE (focus))
    focus = gtk_widget_get_parent (focus);
  g_assert_nonnull (focus);
  gtk_editable_set_text (GTK_EDITABLE (focus), text);
}

static void
press (GtkWindow  *window,
       const char *key)
{
  g_autofree char *command = g_strdup_printf ("key --clearmodifiers %s", key);

  gw_app_test_keys (window, command);
}

static void
type (GtkWindow  *window,
      const char *text)
{
  g_autofree char *quoted = g_shell_quote (text);
  g_autofree char *command = g_strdup_printf ("type --delay 20 %s", quoted);

  gw_app_test_keys (window, command);
}

/* A real click on the form's map where @lat, @lon is drawn. */
static void
click_map (GtkWindow *dialog,
           double     lat,
           double     lon)
{
  GtkWidget *map = gw_app_test_find_widget (GTK_WIDGET (dialog), SHUMATE_TYPE_MAP);
  graphene_point_t at, in_window;
  g_autofree char *command = NULL;
  double x, y;

  g_assert_nonnull (map);
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (SHUMATE_MAP (map)), map, lat, lon, &x, &y);
  g_assert_true (gtk_widget_compute_point (map, GTK_WIDGET (dialog), &GRAPHENE_POINT_INIT (x, y), &at));
  /* The surface includes the window's shadow, the widget's root not. */
  {
    double sx, sy;

    gtk_native_get_surface_transform (GTK_NATIVE (dialog), &sx, &sy);
    in_window = GRAPHENE_POINT_INIT (at.x + sx, at.y + sy);
  }
  command = g_strdup_printf ("mousemove --window %lu %d %d click 1",
                             (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (dialog))),
                             (int) in_window.x, (int) in_window.y);
  gw_app_test_keys (dialog, command);
}

/* When GW_TEST_SCREENSHOTS names a folder: the whole screen into it. */
static void
screenshot (const char *name)
{
  const char *dir = g_getenv ("GW_TEST_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  command = g_strdup_printf ("import -window root %s", path);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_test_message ("screenshot %s", path);
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
new_case_button_shown (gpointer data)
{
  return gtk_widget_get_visible (find_actionable (data, "win.new-case"));
}

static gboolean
reference_loaded (gpointer data)
{
  GwReferenceData *reference = gw_session_get_reference_data (session_of (data));

  return gw_reference_data_is_loaded (reference) && gw_reference_data_get_categories (reference)->len > 0 &&
         gw_reference_data_get_grids (reference)->len > 0;
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static GwNewCaseDialog *
open_form_by_keyboard (GwWindow *window)
{
  GwNewCaseDialog *dialog;

  gw_app_test_wait_drawn (GTK_WIDGET (window));
  press (GTK_WINDOW (window), "ctrl+n");
  gw_test_wait_for (dialog_open, GSIZE_TO_POINTER (GW_TYPE_NEW_CASE_DIALOG), 20000, "the New Case form");
  dialog = find_toplevel (GW_TYPE_NEW_CASE_DIALOG);
  gw_app_test_wait_drawn (GTK_WIDGET (dialog));
  return dialog;
}

/* The name of the unit grid at the place, as the desk would say it. */
static char *
grid_name_at (const char *server_db,
              double      lat,
              double      lon)
{
  g_autoptr(GwStore) truth = gw_server_store_open (server_db, NULL);
  g_autoptr(GwGrid) grid = gw_store_grid_at (truth, lat, lon);

  g_assert_nonnull (grid);
  return g_strdup (gw_grid_get_name (grid));
}

static gboolean
has_category (gpointer data)
{
  return gw_new_case_dialog_get_category (data) != NULL;
}

static gboolean
located (gpointer data)
{
  double lat, lon;

  return gw_new_case_dialog_get_location (data, &lat, &lon);
}

/* Ctrl+N, a category by its code, a place by its name, the caller, a
 * description: Enter after each, and Enter reports. */
static void
fill_by_keyboard (GwNewCaseDialog *dialog,
                  const char      *place)
{
  GtkWindow *window = GTK_WINDOW (dialog);

  type (window, "E0101");
  press (window, "Return");
  gw_test_wait_for (has_category, dialog, 20000, "the typed category to be chosen");
  g_assert_cmpstr (gw_new_case_dialog_get_category (dialog), ==, "E0101");
  commit_text (window, place);
  press (window, "Return");
  gw_test_wait_for (located, dialog, 20000, "the typed place to be found and chosen");
  type (window, "Wang Fang");
  press (window, "Return");
  type (window, "13812345678");
  press (window, "Return");
  type (window, "Rubbish piled at the gate");
}

typedef struct
{
  const char *db;
  guint n_cases;
} ServerCases;

static GPtrArray *
server_cases (const char *db)
{
  g_autoptr(GwStore) truth = gw_server_store_open (db, NULL);
  GwCaseQuery query = { 0 };

  return gw_store_list_cases (truth, &query, NULL);
}

static gboolean
server_has_cases (gpointer data)
{
  ServerCases *w = data;
  g_autoptr(GPtrArray) cases = server_cases (w->db);

  return cases && cases->len >= w->n_cases;
}

static void
assert_reported (GwCase  *kase,
                 guint    n_photos)
{
  const GwCaseData *d = gw_case_get_data (kase);
  g_autoptr(GDateTime) reported = g_date_time_new_from_iso8601 (d->reported_at, NULL);
  g_autoptr(GDateTime) deadline = g_date_time_new_from_iso8601 (d->deadline, NULL);

  g_assert_cmpint (d->source, ==, GW_CASE_SOURCE_HOTLINE_12345);
  g_assert_cmpstr (d->category, ==, "E0101");
  g_assert_nonnull (d->grid);
  g_assert_nonnull (deadline);
  g_assert_cmpint (g_date_time_compare (deadline, reported), >, 0);
  g_assert_cmpstr (d->reporter, ==, "Wang Fang");
  g_assert_cmpstr (d->description, ==, "Rubbish piled at the gate");
  g_assert_false (d->urgent);
  g_assert_cmpuint (g_strv_length (d->media), ==, n_photos);
  for (guint i = 0; i < n_photos; i++)
    g_assert_nonnull (gw_media_id_from_url (d->media[i]));
}

/* The outbox empty and the window showing the server's case alone: no
 * stand-in left behind. */
static gboolean
queue_settled (gpointer data)
{
  GwWindow *window = data;
  GwCaseModel *model = gw_window_get_cases (window);
  guint real = 0;

  if (gw_session_get_queued (session_of (window)) != 0)
    return FALSE;
  for (guint i = 0; i < gw_case_model_get_size (model); i++)
    {
      GwCase *kase = gw_case_model_get (model, i);

      if (g_str_has_prefix (gw_case_get_id (kase), "local-") || gw_case_get_pending (kase))
        return FALSE;
      real++;
    }
  return real == 1;
}

static void
add_photo (GwNewCaseDialog *dialog,
           const char      *name)
{
  g_autofree char *path = gw_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, (const char *) gw_test_tiny_png, sizeof gw_test_tiny_png, NULL));
  gw_new_case_dialog_add_photo (dialog, file);
}

static void
test_online (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("new-case-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("new-case-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *place = grid_name_at (server_db, LAT, LON);
  g_autoptr(GPtrArray) cases = NULL;
  GwNewCaseDialog *dialog;
  GwApplication *app;
  GwWindow *window;
  ServerCases wait = { server_db, 1 };

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_test_wait_for (reference_loaded, window, 20000, "the categories and grids");
  gw_test_wait_for (new_case_button_shown, window, 20000, "the New Case button for a dispatcher");

  dialog = open_form_by_keyboard (window);
  /* The caller sent a photo; it goes up with the report. */
  add_photo (dialog, "gate.png");
  fill_by_keyboard (dialog, place);
  gw_app_test_wait_frames (GTK_WIDGET (dialog), 3);
  screenshot (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh")
              ? "new-case-zh_CN.png" : "new-case-en.png");
  press (GTK_WINDOW (dialog), "Return");
  gw_test_wait_for (dialog_closed, GSIZE_TO_POINTER (GW_TYPE_NEW_CASE_DIALOG), 20000, "the form to close");

  gw_test_wait_for (server_has_cases, &wait, 20000, "the case on the server");
  cases = server_cases (server_db);
  g_assert_cmpuint (cases->len, ==, 1);
  assert_reported (g_ptr_array_index (cases, 0), 1);
  /* And in the window: the server's case, not the stand-in. */
  gw_test_wait_for (queue_settled, window, 20000, "the server's case in the window");
  g_assert_nonnull (gw_window_lookup_case (window, gw_case_get_id (g_ptr_array_index (cases, 0))));

  gw_app_test_close_window (window, app);
}

static gboolean
is_offline (gpointer data)
{
  return gw_session_get_state (session_of (data)) == GW_CONNECTION_OFFLINE;
}

static gboolean
one_queued (gpointer data)
{
  return gw_session_get_queued (session_of (data)) == 1;
}

static void
test_offline (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("new-case-down.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("new-case-down-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *place = grid_name_at (server_db, LAT, LON);
  g_autofree char *listen = g_strdup (server->url + strlen ("http://"));
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) later = NULL;
  GwNewCaseDialog *dialog;
  GwApplication *app;
  GwWindow *window;
  ServerCases wait = { server_db, 1 };

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_test_wait_for (reference_loaded, window, 20000, "the categories and grids");

  /* The server goes away; the call still comes in. */
  g_clear_pointer (&server, gw_test_server_stop);
  gw_session_refresh (session_of (window));
  gw_test_wait_for (is_offline, window, 20000, "the window to be offline");
  dialog = open_form_by_keyboard (window);
  /* Its photos wait with it. */
  add_photo (dialog, "offline-1.png");
  add_photo (dialog, "offline-2.png");
  fill_by_keyboard (dialog, place);
  press (GTK_WINDOW (dialog), "Return");
  gw_test_wait_for (dialog_closed, GSIZE_TO_POINTER (GW_TYPE_NEW_CASE_DIALOG), 20000, "the form to close");
  gw_test_wait_for (one_queued, window, 20000, "the report in the outbox");
  cases = server_cases (server_db);
  g_assert_cmpuint (cases->len, ==, 0);

  /* Back on the same address, with a new token for its dispatcher. */
  server = gw_test_server_start (server_db, "--listen", listen, NULL);
  gw_town_client_set_token (gw_session_get_client (session_of (window)), server->token);
  gw_session_refresh (session_of (window));
  gw_test_wait_for (server_has_cases, &wait, 30000, "the queued case on the server");
  gw_test_wait_for (queue_settled, window, 20000, "the outbox emptied and the server's case shown");

  /* Sent once, however often the window syncs again. */
  gw_session_refresh (session_of (window));
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_session_refresh (session_of (window));
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  later = server_cases (server_db);
  g_assert_cmpuint (later->len, ==, 1);
  assert_reported (g_ptr_array_index (later, 0), 2);

  gw_app_test_close_window (window, app);
}

static gboolean
duplicates_listed (gpointer data)
{
  GPtrArray *found = gw_new_case_dialog_get_duplicates (data);

  return found != NULL && found->len > 0;
}

static gboolean
panel_shows (gpointer data)
{
  GwWindow *window = data;
  GwCase *shown = gw_case_panel_get_case (gw_dispatch_page_get_panel (gw_window_get_dispatch_page (window)));
  const char *wanted = g_object_get_data (G_OBJECT (window), "wanted-case");

  return shown && g_str_equal (gw_case_get_id (shown), wanted);
}

static gboolean
model_has (gpointer data)
{
  GwWindow *window = data;

  return gw_window_lookup_case (window, g_object_get_data (G_OBJECT (window), "wanted-case")) != NULL;
}

/* A resident calls about the rubbish another reported 20 m away: the
 * form lists that case by its category, distance and age, and opens it
 * instead of reporting it again. */
static void
test_duplicates (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("new-case-dup.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("new-case-dup-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases", NULL);
  g_autofree char *body = g_strdup_printf ("{\"source\":\"hotline_12345\",\"lat\":%.5f,\"lon\":%.5f,"
                                           "\"category\":\"E0101\",\"description\":\"小区门口暴露垃圾\"}", LAT, LON);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autofree char *first_id = NULL;
  GwNewCaseDialog *dialog;
  GwDuplicate *listed;
  GtkWidget *row;
  AdwMessageDialog *ask;
  GwApplication *app;
  GwWindow *window;
  guint status = 0;

  reply = gw_test_http_post_once (url, server->token, body, &status);
  g_assert_cmpuint (status, ==, 201);
  first = gw_test_json_from_bytes (reply);
  first_id = g_strdup (json_object_get_string_member (json_node_get_object (first), "id"));

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  g_object_set_data_full (G_OBJECT (window), "wanted-case", g_strdup (first_id), g_free);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_test_wait_for (reference_loaded, window, 20000, "the categories and grids");
  gw_test_wait_for (model_has, window, 20000, "the first report in the window");

  dialog = open_form_by_keyboard (window);
  type (GTK_WINDOW (dialog), "E0101");
  press (GTK_WINDOW (dialog), "Return");
  gw_test_wait_for (has_category, dialog, 20000, "the typed category to be chosen");
  /* 20 m north of the first report: a click on the form's map. */
  gw_new_case_dialog_set_location (dialog, LAT + 20.0 / 111320.0, LON);
  gw_test_wait_for (duplicates_listed, dialog, 20000, "the open cases nearby");
  g_assert_cmpuint (gw_new_case_dialog_get_duplicates (dialog)->len, ==, 1);
  listed = g_ptr_array_index (gw_new_case_dialog_get_duplicates (dialog), 0);
  g_assert_cmpstr (gw_case_get_id (listed->kase), ==, first_id);
  g_assert_cmpfloat_with_epsilon (listed->distance_m, 20.0, 1.0);
  /* By its category's name and the distance, never by its number. */
  row = gw_new_case_dialog_get_duplicate_row (dialog, 0);
  /* "20 m", "20 米" */
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), " 20 "));
  g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), first_id));
  g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "E0101"));
  gw_app_test_wait_drawn (row);
  screenshot (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh")
              ? "new-case-duplicates-zh_CN.png" : "new-case-duplicates-en.png");

  /* Selecting it offers to open it instead; the window shows it. */
  g_signal_emit_by_name (row, "activate");
  gw_test_wait_for (dialog_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 20000, "the offer to open it");
  ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ask, "open");
  gw_test_wait_for (dialog_closed, GSIZE_TO_POINTER (GW_TYPE_NEW_CASE_DIALOG), 20000, "the form to close");
  gw_test_wait_for (panel_shows, window, 20000, "the first report in the case panel");
  {
    g_autoptr(GPtrArray) cases = server_cases (server_db);

    g_assert_cmpuint (cases->len, ==, 1);
  }

  /* Offline, the cache answers the same question. */
  g_clear_pointer (&server, gw_test_server_stop);
  gw_session_refresh (session_of (window));
  gw_test_wait_for (is_offline, window, 20000, "the window to be offline");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL);
  gw_test_wait_for (dialog_open, GSIZE_TO_POINTER (GW_TYPE_NEW_CASE_DIALOG), 20000, "the New Case form");
  dialog = find_toplevel (GW_TYPE_NEW_CASE_DIALOG);
  gw_app_test_wait_drawn (GTK_WIDGET (dialog));
  type (GTK_WINDOW (dialog), "E0102");
  press (GTK_WINDOW (dialog), "Return");
  gw_test_wait_for (has_category, dialog, 20000, "the typed category to be chosen");
  gw_new_case_dialog_set_location (dialog, LAT - 20.0 / 111320.0, LON);
  gw_test_wait_for (duplicates_listed, dialog, 20000, "the open cases nearby, from the cache");
  listed = g_ptr_array_index (gw_new_case_dialog_get_duplicates (dialog), 0);
  g_assert_cmpstr (gw_case_get_id (listed->kase), ==, first_id);
  gtk_window_close (GTK_WINDOW (dialog));

  gw_app_test_close_window (window, app);
}

typedef struct
{
  const char *db;
} PlacedWait;

static gboolean
server_case_placed (gpointer data)
{
  g_autoptr(GwStore) truth = gw_server_store_open (data, NULL);
  g_autoptr(GwCase) kase = gw_store_get_case (truth, GW_TEST_UNPLACED_ID);

  return kase && gw_case_get_data (kase)->location == GW_CASE_LOCATION_KNOWN;
}

static gboolean
unplaced_view_empty (gpointer data)
{
  GwCaseQueue *queue = gw_dispatch_page_get_queue (gw_window_get_dispatch_page (data));
  GwCase *kase = gw_window_lookup_case (data, GW_TEST_UNPLACED_ID);

  return kase && gw_case_get_data (kase)->location == GW_CASE_LOCATION_KNOWN && !gw_case_get_pending (kase) &&
         gw_case_queue_get_view (queue) == GW_QUEUE_VIEW_UNPLACED && gw_case_queue_get_n_shown (queue) == 0;
}

static gboolean
place_chosen (gpointer data)
{
  double lat, lon;

  return gw_place_dialog_get_location (data, &lat, &lon);
}

/* Issue 18: a case taken in without a point is placed from the desk by
 * a typed place; the server finds its grid and keeps its source link. */
static void
test_place (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("new-case-place.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("new-case-place-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *place = grid_name_at (server_db, LAT, LON);
  g_autoptr(GwStore) truth = NULL;
  g_autoptr(GwCase) placed = NULL;
  g_autoptr(GwGrid) grid = NULL;
  GwPlaceDialog *dialog;
  GtkWidget *entry;
  GwApplication *app;
  GwWindow *window;
  const GwCaseData *d;

  g_clear_pointer (&server, gw_test_server_stop);
  gw_test_seed_unplaced_case (server_db);
  server = gw_test_server_start (server_db, NULL);

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  g_object_set_data_full (G_OBJECT (window), "wanted-case", g_strdup (GW_TEST_UNPLACED_ID), g_free);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_test_wait_for (reference_loaded, window, 20000, "the categories and grids");
  gw_test_wait_for (model_has, window, 20000, "the case without a point in the window");

  /* The panel offers Place… for it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "queue");
  gw_case_queue_set_view (gw_dispatch_page_get_queue (gw_window_get_dispatch_page (window)), GW_QUEUE_VIEW_UNPLACED);
  g_assert_true (gw_case_queue_select (gw_dispatch_page_get_queue (gw_window_get_dispatch_page (window)), GW_TEST_UNPLACED_ID));
  gw_test_wait_for (panel_shows, window, 20000, "the case in the panel");

  /* Its panel offers Place…; pressed, it asks where. */
  {
    GtkWidget *panel = GTK_WIDGET (gw_dispatch_page_get_panel (gw_window_get_dispatch_page (window)));
    GtkWidget *button = find_actionable (panel, "win.place-case");

    g_assert_nonnull (button);
    g_assert_true (gtk_widget_get_visible (button));
    g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL), ==,
                     GW_TEST_UNPLACED_ID);
    gw_app_test_wait_drawn (button);
    g_assert_true (gtk_widget_activate (button));
  }
  gw_test_wait_for (dialog_open, GSIZE_TO_POINTER (GW_TYPE_PLACE_DIALOG), 20000, "the Place dialog");
  dialog = find_toplevel (GW_TYPE_PLACE_DIALOG);
  gw_app_test_wait_drawn (GTK_WIDGET (dialog));
  entry = gtk_window_get_focus (GTK_WINDOW (dialog));
  g_assert_nonnull (entry);
  gw_app_test_wait_frames (GTK_WIDGET (dialog), 3);

  /* A click beside the county picks nothing; one inside picks its point. */
  click_map (GTK_WINDOW (dialog), 35.10, 116.60);
  gw_app_test_wait_frames (GTK_WIDGET (dialog), 3);
  g_assert_false (place_chosen (dialog));
  click_map (GTK_WINDOW (dialog), LAT, LON);
  gw_test_wait_for (place_chosen, dialog, 20000, "a click on the map to pick the place");
  {
    double lat, lon;

    g_assert_true (gw_place_dialog_get_location (dialog, &lat, &lon));
    /* Within a few pixels of the county-wide view. */
    g_assert_cmpfloat (fabs (lat - LAT), <, 0.01);
    g_assert_cmpfloat (fabs (lon - LON), <, 0.01);
  }
  gtk_widget_grab_focus (entry);
  commit_text (GTK_WINDOW (dialog), place);
  press (GTK_WINDOW (dialog), "Return");
  gw_test_wait_for (place_chosen, dialog, 20000, "the typed place to be chosen");
  gw_app_test_wait_frames (GTK_WIDGET (dialog), 3);
  screenshot (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh")
              ? "place-case-zh_CN.png" : "place-case-en.png");
  press (GTK_WINDOW (dialog), "Return");
  gw_test_wait_for (dialog_closed, GSIZE_TO_POINTER (GW_TYPE_PLACE_DIALOG), 20000, "the case placed");
  gw_test_wait_for (server_case_placed, server_db, 20000, "the server to have the case placed");
  /* And the desk's view of cases to place is empty. */
  gw_test_wait_for (unplaced_view_empty, window, 20000, "the case to leave the Location Unknown view");

  truth = gw_server_store_open (server_db, NULL);
  placed = gw_store_get_case (truth, GW_TEST_UNPLACED_ID);
  d = gw_case_get_data (placed);
  grid = gw_store_grid_at (truth, d->lat, d->lon);
  g_assert_nonnull (grid);
  g_assert_cmpstr (d->grid, ==, gw_grid_get_code (grid));
  g_assert_cmpstr (gw_grid_get_name (grid), ==, place);
  g_assert_cmpstr (d->origin_endpoint, ==, GW_TEST_UNPLACED_ENDPOINT);
  g_assert_cmpstr (d->origin_id, ==, GW_TEST_UNPLACED_ORIGIN_ID);
  g_assert_cmpint (d->source, ==, GW_CASE_SOURCE_OPEN311);

  gw_app_test_close_window (window, app);
}

static gboolean
targets_loaded (gpointer data)
{
  GwInspectionData *targets = gw_planning_page_get_data (gw_window_get_planning_page (data));
  guint n = 0;

  return targets && gw_inspection_data_get_targets (targets, &n) && n > 0;
}

/* An enterprise by its address: the place is the enterprise's. */
static void
test_enterprise (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("new-case-target.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("new-case-target-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  const GwInspectionTarget *target;
  GwNewCaseDialog *dialog;
  GwApplication *app;
  GwWindow *window;
  double lat, lon;
  guint n = 0;

  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_test_wait_for (reference_loaded, window, 20000, "the categories and grids");
  gw_test_wait_for (targets_loaded, window, 30000, "the enterprises");
  target = gw_inspection_data_get_targets (gw_planning_page_get_data (gw_window_get_planning_page (window)), &n);
  g_assert_nonnull (target->address);

  dialog = open_form_by_keyboard (window);
  type (GTK_WINDOW (dialog), "E0101");
  press (GTK_WINDOW (dialog), "Return");
  gw_test_wait_for (has_category, dialog, 20000, "the typed category to be chosen");
  commit_text (GTK_WINDOW (dialog), target->address);
  press (GTK_WINDOW (dialog), "Return");
  gw_test_wait_for (located, dialog, 20000, "the enterprise's address to be found and chosen");
  g_assert_true (gw_new_case_dialog_get_location (dialog, &lat, &lon));
  g_assert_cmpfloat (lat, ==, target->lat);
  g_assert_cmpfloat (lon, ==, target->lon);
  gtk_window_close (GTK_WINDOW (dialog));
  gw_app_test_close_window (window, app);
}

static gboolean
role_known (gpointer data)
{
  GwRole role;

  return gw_session_get_role (session_of (data), &role);
}

/* Only the roles that report cases are offered the form. */
static void
test_leader (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("new-case-leader.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("new-case-leader-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *leader = gw_test_add_user (server_db, "county-leader", "leader");
  GwApplication *app;
  GwWindow *window;

  window = gw_app_test_open_window (server->url, leader, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_test_wait_for (role_known, window, 20000, "the user's role");
  /* No button, and Ctrl+N opens nothing. */
  g_assert_false (gtk_widget_get_visible (find_actionable (GTK_WIDGET (window), "win.new-case")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL);
  g_assert_null (find_toplevel (GW_TYPE_NEW_CASE_DIALOG));
  gw_app_test_close_window (window, app);
}

int
main (int   argc,
      char *argv[])
{
  g_log_writer_default_set_use_stderr (TRUE);
  /* Screenshots for the documentation want the system's icons, which
   * isolated directories hide. */
  if (g_getenv ("GW_TEST_SCREENSHOTS"))
    g_test_init (&argc, &argv, NULL);
  else
    g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The catalogue as built, for the run in Chinese, bound before GTK
   * looks anything up. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();

  gw_app_test_add_with_xdotool ("/app-new-case/online", test_online);
  gw_app_test_add_with_xdotool ("/app-new-case/offline", test_offline);
  gw_app_test_add_with_xdotool ("/app-new-case/duplicates", test_duplicates);
  gw_app_test_add_with_xdotool ("/app-new-case/place", test_place);
  g_test_add_func ("/app-new-case/leader", test_leader);
  gw_app_test_add_with_xdotool ("/app-new-case/enterprise", test_enterprise);

  return g_test_run ();
}
