/* test-app-trust.c: the window with a server it cannot trust yet
 *
 * A real gridwatch-townd over HTTPS, with a CA the test makes: the
 * window holds, and its certificate bar says why and shows the
 * fingerprint; trusting the CA file pins it to that server and the
 * window goes live. A plain http:// server off loopback is asked about
 * before any request; the yes is kept per server. The token is read from
 * a file or standard input; a bad one is refused before any window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gw-app-test-util.h"
#include "gw-certificate-bar.h"
#include "gw-certificate.h"
#include "gw-plain-http-dialog.h"
#include "gw-server-trust.h"
#include "gw-test-tls.h"
#include "gw-test-util.h"
#include "gw-token-file.h"
#include "gw-token-store.h"
#include "gw-ui-language.h"

static GwTestTls *tls;

static gboolean
have_tls (void)
{
  if (tls == NULL)
    g_test_skip ("openssl is not installed: no test certificate authority");
  return tls != NULL;
}

static GwSession *
session_of (GwWindow *window)
{
  return gw_application_get_session (GW_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
}

typedef struct
{
  GwWindow *window;
  GwSessionHold hold;
} HoldWait;

static gboolean
holds (gpointer data)
{
  HoldWait *w = data;

  return gw_session_get_hold (session_of (w->window)) == w->hold;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("GW_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;

  /* Only when asked: for looking at the screens. */
  if (dir == NULL)
    return;
  png = g_build_filename (dir, name, NULL);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gw_app_test_wait_drawn (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
}

/* Every application of this process shares the settings' memory
 * backend, and a closed one is not always finalized at once: it must
 * not start sessions on the next test's changes. */
static void
close_window (GwWindow      *window,
              GwApplication *app)
{
  g_signal_handlers_disconnect_by_data (gw_application_get_settings (app), app);
  gw_session_stop (gw_application_get_session (app));
  gw_app_test_close_window (window, app);
}

static void
test_certificate_bar (void)
{
  g_autofree char *db = gw_test_tmp_path ("https.db");
  g_autofree char *data_dir = gw_test_tmp_path ("app-data");
  g_autoptr(GwTestServer) server = NULL;
  g_autoptr(GFile) not_a_ca = NULL;
  g_autoptr(GFile) ca = NULL;
  g_autofree char *pinned = NULL;
  GwCertificateBar *bar;
  GwApplication *app;
  GwWindow *window;
  HoldWait w;

  if (!have_tls ())
    return;
  server = gw_test_server_start (db, "--demo", "--tls-cert", tls->cert, "--tls-key", tls->key, NULL);
  window = gw_app_test_open_window (server->url, server->token, data_dir, &app);

  w = (HoldWait) { window, GW_SESSION_HOLD_CERTIFICATE };
  g_assert_true (gw_test_wait_until (holds, &w, 20000));
  gw_app_test_wait_for_state (window, GW_CONNECTION_OFFLINE);
  bar = GW_CERTIFICATE_BAR (gw_app_test_find_widget (GTK_WIDGET (window), GW_TYPE_CERTIFICATE_BAR));
  g_assert_nonnull (bar);
  g_assert_true (gw_certificate_bar_is_shown (bar));
  g_test_message ("%s", gw_certificate_bar_get_text (bar));
  g_assert_nonnull (strstr (gw_certificate_bar_get_text (bar), "signed by an authority this computer does not trust"));
  g_assert_nonnull (strstr (gw_certificate_bar_get_text (bar), tls->fingerprint));
  /* Held: no attempt is counted down. */
  g_assert_cmpint (gw_session_get_next_attempt (session_of (window)), ==, 0);
  save_png (GTK_WIDGET (window), "certificate-bar.png");

  /* A key is no certificate authority: refused, and said so. */
  not_a_ca = g_file_new_for_path (tls->key);
  g_assert_false (gw_certificate_bar_trust_file (bar, not_a_ca));
  g_assert_nonnull (strstr (gw_certificate_bar_get_text (bar), "Cannot use"));
  g_assert_null (gw_server_trust_dup_ca_file (gw_application_get_settings (app), server->url));

  /* The county's CA, for this server: a new session, and it goes live. */
  ca = g_file_new_for_path (tls->ca);
  g_assert_true (gw_certificate_bar_trust_file (bar, ca));
  pinned = gw_server_trust_dup_ca_file (gw_application_get_settings (app), server->url);
  g_assert_cmpstr (pinned, ==, tls->ca);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  g_assert_false (gw_certificate_bar_is_shown (bar));

  close_window (window, app);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_dialog (gpointer data)
{
  return find_dialog () != NULL;
}

/* 0.0.0.0 is not loopback, so the token needs a yes; yet it reaches only
 * this machine, where the server listens on 127.0.0.1. */
static void
test_plain_http_asks_first (void)
{
  g_autofree char *db = gw_test_tmp_path ("plain.db");
  g_autofree char *data_dir = gw_test_tmp_path ("app-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", NULL);
  g_autofree char *url = g_strdup_printf ("http://0.0.0.0:%s", strrchr (server->url, ':') + 1);
  GwApplication *app;
  GwWindow *window;
  AdwMessageDialog *dialog;
  HoldWait w;

  window = gw_app_test_open_window (url, server->token, data_dir, &app);
  w = (HoldWait) { window, GW_SESSION_HOLD_PLAIN_HTTP };
  g_assert_true (gw_test_wait_until (holds, &w, 20000));
  g_assert_true (gw_test_wait_until (has_dialog, NULL, 20000));
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "0.0.0.0"));
  g_assert_true (gw_town_client_token_needs_consent (gw_session_get_client (session_of (window))));
  g_assert_false (gw_server_trust_plain_http_allowed (gw_application_get_settings (app), url));
  save_png (GTK_WIDGET (dialog), "plain-http-dialog.png");

  /* Yes: kept for this server, and the window goes live. */
  adw_message_dialog_response (dialog, "send");
  g_assert_true (gw_server_trust_plain_http_allowed (gw_application_get_settings (app), url));
  g_assert_false (gw_server_trust_plain_http_allowed (gw_application_get_settings (app), "http://0.0.0.0:1"));
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);

  close_window (window, app);
}

/* The reason and the dialog in Chinese: the run of this program with
 * LANGUAGE=zh_CN (app-trust-zh_CN in tests/meson.build). */
static void
test_in_chinese (void)
{
  g_autofree char *reason = NULL;
  g_autoptr(GwTownClient) client = gw_town_client_new ("http://10.0.0.5:8390", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("org.gridwatch.Gridwatch");
  GtkWidget *dialog = gw_plain_http_dialog_new (NULL, settings, client);

  reason = gw_certificate_describe_errors (G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_test_message ("%s", reason);
  g_assert_null (strstr (reason, "authority"));
  g_test_message ("%s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_null (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "Token"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "http://10.0.0.5:8390"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_token_file (void)
{
  g_autofree char *good = gw_test_tmp_path ("token");
  g_autofree char *spaced = gw_test_tmp_path ("token-spaced");
  g_autofree char *huge = gw_test_tmp_path ("token-huge");
  g_autofree char *long_text = g_strnfill (5000, 'a');
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (good, "  0123abcd\n", -1, NULL));
  g_assert_true (g_file_set_contents (spaced, "two words\n", -1, NULL));
  g_assert_true (g_file_set_contents (huge, long_text, -1, NULL));

  token = gw_token_file_read (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "0123abcd");

  g_assert_null (gw_token_file_read (spaced, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (gw_token_file_read (huge, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
}

/* The app's own command line: refused before any window opens. */
static void
test_token_command_line (void)
{
  const char *app = g_getenv ("GW_APP");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (app);

  /* Standard input is read: a bad token there is refused. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              app, "--token-file", "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, "not a token\n", NULL, NULL, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "This is not an access token"));
  g_clear_object (&process);
  g_clear_pointer (&err, g_free);

  /* --token warns; a CA file that is none stops it. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              app, "--token", "0123abcd", "--ca-file", "/nonexistent/ca.pem", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "can be read by every user of this computer"));
  g_assert_nonnull (strstr (err, "Cannot use /nonexistent/ca.pem as a certificate authority"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* gtk_test_init() would drop G_TEST_OPTION_ISOLATE_DIRS. */
  gw_test_init (&argc, &argv);
  /* The catalogue as built, for the run in Chinese, bound before GTK
   * looks anything up: GLib decides at the first lookup whether a
   * C.UTF-8 program translates at all. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (gw_ui_language_is_chinese (NULL))
    g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Retry"), ==, "重试(_R)");
  gtk_init ();
  adw_init ();

  /* The language is the process's, from its start: this program runs
   * once in English and once in Chinese. */
  if (gw_ui_language_is_chinese (NULL))
    g_test_add_func ("/app-trust/in-chinese", test_in_chinese);
  else
    {
      g_test_add_func ("/app-trust/certificate-bar", test_certificate_bar);
      g_test_add_func ("/app-trust/plain-http-asks-first", test_plain_http_asks_first);
      g_test_add_func ("/app-trust/token-file", test_token_file);
      g_test_add_func ("/app-trust/token-command-line", test_token_command_line);
    }

  tls = gw_test_tls_new ();
  status = g_test_run ();
  g_clear_pointer (&tls, gw_test_tls_free);
  return status;
}
