/* test-quarantine-bar.c: the window tells the dispatcher which items from
 * the town server could not be read
 *
 * A fake town server in this process (empty reference data, /me, the
 * live socket, and a /changes page with bad items) drives the real
 * window: the pull sets the bad items aside and the bar under the banner
 * names them; a readable version, announced on the live socket, takes
 * one away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <libsoup/soup.h>

#include "gw-app-test-util.h"
#include "gw-quarantine-bar.h"
#include "gw-store-quarantine.h"
#include "gw-test-pull.h"
#include "gw-test-util.h"
#include "gw-cache-schema.h"
#include "gw-ui-language.h"

#define REPORTED_AT "2026-11-23T09:00:00+08:00"

static char *
case_change (gint64      seq,
             const char *id,
             gint64      version,
             const char *description)
{
  return g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"case\",\"id\":\"%s\",\"version\":%" G_GINT64_FORMAT ","
                          "\"data\":{\"id\":\"%s\",\"status\":\"reported\",\"source\":\"patrol\",\"lat\":35.41,"
                          "\"lon\":116.97,\"priority\":\"normal\",\"description\":%s,\"reported_at\":\"" REPORTED_AT "\","
                          "\"version\":%" G_GINT64_FORMAT "}}",
                          seq, id, version, id, description, version);
}

typedef struct
{
  char *first;              /* since=0 */
  char *second;             /* since=3, once it is there */
  GPtrArray *sockets;       /* SoupWebsocketConnection */
} FakeTown;

static void
respond (SoupServerMessage *msg,
         const char        *body)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
town_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FakeTown *town = user_data;
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;

  if (g_str_equal (path, "/api/v1/me"))
    respond (msg, "{\"name\":\"dispatcher\",\"role\":\"dispatcher\"}");
  else if (g_str_equal (path, "/api/v1/changes") && g_strcmp0 (since, "0") == 0)
    respond (msg, town->first);
  else if (g_str_equal (path, "/api/v1/changes") && g_strcmp0 (since, "3") == 0 && town->second)
    respond (msg, town->second);
  else if (g_str_equal (path, "/api/v1/changes"))
    {
      g_autofree char *empty = g_strdup_printf ("{\"changes\":[],\"last_seq\":%s,\"more\":false}", since ? since : "0");
      respond (msg, empty);
    }
  else
    respond (msg, "{\"items\":[]}");
}

static void
on_live (SoupServer              *server,
         SoupServerMessage       *msg,
         const char              *path,
         SoupWebsocketConnection *connection,
         gpointer                 user_data)
{
  FakeTown *town = user_data;

  g_ptr_array_add (town->sockets, g_object_ref (connection));
}

static char *
serve (SoupServer *server,
       FakeTown   *town)
{
  soup_server_add_websocket_handler (server, "/api/v1/live", NULL, NULL, on_live, town, NULL);
  soup_server_add_handler (server, "/api/v1", town_handler, town, NULL);
  return gw_test_serve_local (server);
}

typedef struct
{
  GwQuarantineBar *bar;
  guint count;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;
  return gw_quarantine_bar_get_count (w->bar) == w->count;
}

static guint
n_rows (GwQuarantineBar *bar)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (gw_quarantine_bar_get_list (bar)); child;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;
  const char *dir = g_getenv ("GW_SCREENSHOT_DIR");

  png = dir ? g_build_filename (dir, name, NULL) : gw_test_tmp_path (name);
  /* Mapped and laid out first: on a slow machine (or under the
   * sanitizers) the window manager may not have shown it yet, and an
   * unmapped widget paints nothing. */
  gw_app_test_wait_drawn (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("rendered %s", png);
}

static void
test_window_names_bad_items (void)
{
  g_autofree char *data_dir = gw_test_tmp_path ("app-data");
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *url = NULL;
  FakeTown town = { NULL, NULL, g_ptr_array_new_with_free_func (g_object_unref) };
  GwApplication *app;
  GwWindow *window;
  GwQuarantineBar *bar;
  CountWait w;
  g_autofree char *joined = NULL;

  g_ptr_array_add (first, case_change (1, "GW20261123-0001", 1, "\"井盖缺失\""));
  g_ptr_array_add (first, case_change (2, "GW20261123-0002", 1, "\"\xff\xfe broken\""));
  g_ptr_array_add (first, case_change (3, "GW20261123-0003", 1, "\"a\\ud800b\""));
  g_ptr_array_add (first, NULL);
  joined = g_strjoinv (",", (char **) first->pdata);
  town.first = g_strdup_printf ("{\"changes\":[%s],\"last_seq\":3,\"more\":false}", joined);
  g_clear_pointer (&joined, g_free);
  url = serve (server, &town);

  window = gw_app_test_open_window (url, "any-token", data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  bar = GW_QUARANTINE_BAR (gw_app_test_find_widget (GTK_WIDGET (window), GW_TYPE_QUARANTINE_BAR));
  g_assert_nonnull (bar);

  w = (CountWait) { bar, 2 };
  g_assert_true (gw_test_wait_until (count_is, &w, 20000));
  g_test_message ("%s", gw_quarantine_bar_get_text (bar));
  g_assert_nonnull (strstr (gw_quarantine_bar_get_text (bar), "2 items from the town server could not be read"));
  g_assert_nonnull (strstr (gw_quarantine_bar_get_text (bar), "GW20261123-0002, GW20261123-0003"));
  g_assert_cmpuint (n_rows (bar), ==, 2);
  save_png (GTK_WIDGET (window), "quarantine-window.png");

  /* A readable version comes; the live socket says the feed moved. */
  g_ptr_array_add (second, case_change (4, "GW20261123-0002", 2, "\"路灯不亮\""));
  g_ptr_array_add (second, NULL);
  joined = g_strjoinv (",", (char **) second->pdata);
  town.second = g_strdup_printf ("{\"changes\":[%s],\"last_seq\":4,\"more\":false}", joined);
  g_assert_cmpuint (town.sockets->len, >, 0);
  soup_websocket_connection_send_text (g_ptr_array_index (town.sockets, town.sockets->len - 1), "{\"seq\":4}");

  w = (CountWait) { bar, 1 };
  g_assert_true (gw_test_wait_until (count_is, &w, 20000));
  g_assert_nonnull (strstr (gw_quarantine_bar_get_text (bar), "1 item from the town server could not be read"));
  g_assert_null (strstr (gw_quarantine_bar_get_text (bar), "GW20261123-0002"));
  g_assert_cmpuint (n_rows (bar), ==, 1);

  gw_app_test_close_window (window, app);
  g_ptr_array_unref (town.sockets);
  g_free (town.first);
  g_free (town.second);
}

static gboolean
bar_revealed (gpointer data)
{
  GtkWidget *revealer = gw_app_test_find_widget (data, GTK_TYPE_REVEALER);

  return revealer && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* Read from the cache at start, without a server, and in Chinese. */
static void
test_from_cache_in_chinese (void)
{
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwStore) store = gw_cache_open (cache_db, NULL);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_quarantine_entry_free);
  g_autoptr(GBytes) raw = g_bytes_new_static ("{}", 2);
  g_autoptr(GwSession) session = gw_session_new (store, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *bar = gw_quarantine_bar_new ();
  GtkWidget *popover;
  CountWait w = { GW_QUARANTINE_BAR (bar), 3 };

  g_ptr_array_add (items, gw_quarantine_entry_new (7, "case", "GW-7", _("its text is not valid UTF-8"), raw));
  g_ptr_array_add (items, gw_quarantine_entry_new (8, "", "seq 8", _("its text holds a NUL byte"), raw));
  g_ptr_array_add (items, gw_quarantine_entry_new (9, "grid", "370881", _("its text holds a lone UTF-16 surrogate"), raw));
  g_assert_true (gw_store_apply_feed_page (store, none, NULL, items, 9, NULL, FALSE, NULL, NULL));

  gtk_window_set_default_size (GTK_WINDOW (window), 900, -1);
  gtk_window_set_child (GTK_WINDOW (window), bar);
  gtk_window_present (GTK_WINDOW (window));
  gw_quarantine_bar_set_session (GW_QUARANTINE_BAR (bar), session);
  g_assert_true (gw_test_wait_until (count_is, &w, 10000));
  g_test_message ("%s", gw_quarantine_bar_get_text (GW_QUARANTINE_BAR (bar)));
  g_assert_nonnull (strstr (gw_quarantine_bar_get_text (GW_QUARANTINE_BAR (bar)), "GW-7、序号 8、370881"));
  g_assert_nonnull (strstr (gw_quarantine_bar_get_text (GW_QUARANTINE_BAR (bar)), "无法读取"));
  g_assert_cmpuint (n_rows (GW_QUARANTINE_BAR (bar)), ==, 3);
  {
    GtkWidget *row = gtk_widget_get_first_child (gw_quarantine_bar_get_list (GW_QUARANTINE_BAR (bar)));

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (row))), ==, "案卷 GW-7（序号 7）");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (row))), ==, "其文本不是有效的 UTF-8");
  }
  /* Slid in whole: a popover anchored to a bar still sliding has no
   * place on the screen. */
  gw_test_wait_for (bar_revealed, bar, 20000, "the bar to slide in");
  save_png (window, "quarantine-bar-zh_CN.png");
  popover = gtk_widget_get_ancestor (gw_quarantine_bar_get_list (GW_QUARANTINE_BAR (bar)), GTK_TYPE_POPOVER);
  gtk_popover_popup (GTK_POPOVER (popover));
  save_png (popover, "quarantine-popover-zh_CN.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Cleared by a readable change, and told by the session: gone. */
  g_ptr_array_set_size (items, 0);
  g_ptr_array_add (items, gw_quarantine_entry_new (10, "case", "GW-7", NULL, NULL));
  g_ptr_array_add (items, gw_quarantine_entry_new (11, "", "seq 8", NULL, NULL));
  g_ptr_array_add (items, gw_quarantine_entry_new (12, "grid", "370881", NULL, NULL));
  g_assert_true (gw_store_apply_feed_page (store, none, NULL, items, 12, NULL, FALSE, NULL, NULL));
  g_signal_emit_by_name (session, "quarantine-changed", 0u);
  w.count = 0;
  g_assert_true (gw_test_wait_until (count_is, &w, 10000));
  g_assert_cmpstr (gw_quarantine_bar_get_text (GW_QUARANTINE_BAR (bar)), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The catalogue as built, for the text in Chinese. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Bound before GTK looks anything up (under xvfb-run it does, at
   * start): GLib decides at the first lookup whether a program under
   * C.UTF-8 translates at all. */
  if (gw_ui_language_is_chinese (NULL))
    g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Total"), ==, "合计");
  gtk_init ();
  adw_init ();

  /* The language is the process's, from its start: this program runs
   * once in English and once in Chinese. */
  if (gw_ui_language_is_chinese (NULL))
    g_test_add_func ("/quarantine-bar/from-cache-in-chinese", test_from_cache_in_chinese);
  else
    g_test_add_func ("/quarantine-bar/window-names-bad-items", test_window_names_bad_items);

  return g_test_run ();
}
