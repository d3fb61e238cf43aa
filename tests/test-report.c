/* test-report.c: gridwatch-report writes what the app exports
 *
 * A town server with the demo town and its cases; the app's window on
 * it as a leader, and gridwatch-report on the same server: for the same
 * period and grouping, the PDFs read the same (pdftotext, but for the
 * minute each was made) and the CSVs are the same bytes. The program
 * runs once in English and once in Chinese (LANGUAGE in
 * tests/meson.build), and each time both make the report in the
 * process's own language: the app in its own process, the command from
 * its first line on. And the command's errors: a clear message and its
 * own exit status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "gw-app-test-util.h"
#include "gw-error.h"
#include "gw-report-process.h"
#include "gw-server-schema.h"
#include "gw-store-cases.h"
#include "gw-test-util.h"
#include "gw-ui-language.h"

static const char *
language (void)
{
  return gw_ui_language_is_chinese (NULL) ? "zh_CN" : "en";
}

/* gridwatch-report with @args; its exit status, and its stderr. */
static int
run_report (const char  *token,
            char       **err,
            const char  *first_arg,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = gw_report_process_find_program ();
  g_autofree char *input = g_strconcat (token ? token : "", "\n", NULL);
  va_list args;

  g_ptr_array_add (argv, program);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, NULL, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* ---- the same report ---- */

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
  g_autoptr(GRegex) minute = g_regex_new ("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}", 0, 0, NULL);
  g_autofree char *out = NULL;

  g_assert_nonnull (p);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, NULL));
  g_assert_true (g_subprocess_get_successful (p));
  /* "Generated 2026-12-03 02:40": made a moment apart, maybe a minute. */
  return g_regex_replace_literal (minute, out, -1, 0, "YYYY-MM-DD HH:MM", 0, NULL);
}

/* A document to hand out: every page says what it is (the title and the
 * period) and which page of how many it is. */
static void
assert_every_page_headed (const char *text)
{
  gboolean chinese = gw_ui_language_is_chinese (NULL);
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
  guint n_pages = 0;

  for (guint i = 0; pages[i]; i++)
    n_pages += g_strstrip (pages[i])[0] != '\0';
  g_assert_cmpuint (n_pages, >=, 2);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *number = chinese ? g_strdup_printf ("第 %u 页，共 %u 页", i + 1, n_pages)
                                        : g_strdup_printf ("Page %u of %u", i + 1, n_pages);

      g_assert_nonnull (strstr (pages[i], number));
      g_assert_nonnull (strstr (pages[i], chinese ? "绩效考核报告" : "Performance Review"));
      g_assert_nonnull (strstr (pages[i], chinese ? "统计周期" : "Period:"));
      g_assert_nonnull (strstr (pages[i], chinese ? "由网格指挥于" : "Generated"));
    }
}

/* The total of the CSV's "received" column is the sum of its rows: the
 * rows hold every case the total does. */
static void
assert_rows_add_up (const char *csv_path)
{
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  guint sum = 0, n = 0;

  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  /* The header, the units, the total; the unit's name may be quoted. */
  for (guint i = 1; lines[i] && lines[i][0]; i++)
    n++;
  g_assert_cmpuint (n, >=, 2);
  for (guint i = 1; i < n; i++)
    {
      const char *field = lines[i][0] == '"' ? strstr (lines[i] + 1, "\",") + 2 : strchr (lines[i], ',') + 1;

      sum += (guint) g_ascii_strtoull (field, NULL, 10);
    }
  {
    const char *total = strchr (lines[n], ',') + 1;

    g_assert_cmpuint (sum, ==, (guint) g_ascii_strtoull (total, NULL, 10));
  }
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Export;

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Export *e = user_data;

  e->ok = gw_review_page_export_finish (GW_REVIEW_PAGE (object), result, &e->error);
  e->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
  return ((Export *) data)->done;
}

static void
app_export (GwReviewPage *page,
            const char   *format,
            const char   *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Export e = { FALSE, FALSE, NULL };

  gw_review_page_export_async (page, format, language (), file, NULL, on_exported, &e);
  g_assert_true (gw_test_wait_until (export_done, &e, 60000));
  g_assert_no_error (e.error);
  g_assert_true (e.ok);
}

static void
assert_same_files (const char *app_path,
                   const char *command_path)
{
  g_autofree char *app = NULL, *command = NULL;
  gsize app_length, command_length;

  g_assert_true (g_file_get_contents (app_path, &app, &app_length, NULL));
  g_assert_true (g_file_get_contents (command_path, &command, &command_length, NULL));
  g_assert_cmpmem (app, app_length, command, command_length);
}

static void
test_same_as_app (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("report-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("report-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "400", "--seed-days", "70", NULL);
  g_autofree char *leader = gw_test_add_user (server_db, "lingdao", "leader");
  g_autofree char *token_file = gw_test_tmp_path ("leader.token");
  const char *groupings[] = { "town", "department", "category", "grid" };
  GwApplication *app;
  GwWindow *window;
  GwReviewPage *page;
  guint n_cases;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_assert_true (g_file_set_contents_full (token_file, leader, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  {
    g_autoptr(GwStore) truth = gw_server_store_open (server_db, NULL);
    GwCaseQuery query = { 0 };
    g_autoptr(GPtrArray) cases = gw_store_list_cases (truth, &query, NULL);

    n_cases = cases->len;
  }
  window = gw_app_test_open_window (server->url, leader, data_dir, &app);
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_app_test_wait_for_cases (window, n_cases);
  page = gw_window_get_review_page (window);

  /* The page is not on the screen: no map in either report. */
  gtk_widget_activate_action (GTK_WIDGET (page), "review.period", "s", "last-month");
  for (guint b = 0; b < G_N_ELEMENTS (groupings); b++)
    {
      g_autofree char *stem = g_strdup_printf ("report-%s-%s", language (), groupings[b]);
      g_autofree char *app_pdf = g_strconcat (stem, "-app.pdf", NULL);
      g_autofree char *app_csv = g_strconcat (stem, "-app.csv", NULL);
      g_autofree char *pdf = g_strconcat (stem, ".pdf", NULL);
      g_autofree char *csv = g_strconcat (stem, ".csv", NULL);
      g_autofree char *app_pdf_path = gw_test_tmp_path (app_pdf);
      g_autofree char *app_csv_path = gw_test_tmp_path (app_csv);
      g_autofree char *pdf_path = gw_test_tmp_path (pdf);
      g_autofree char *csv_path = gw_test_tmp_path (csv);
      g_autofree char *err = NULL;
      g_autofree char *app_text = NULL;
      g_autofree char *command_text = NULL;
      int status;

      gtk_widget_activate_action (GTK_WIDGET (page), "review.by", "s", groupings[b]);
      gw_review_page_recompute (page);
      g_assert_cmpuint (gw_review_page_get_review (page)->rows->len, >, 0);
      app_export (page, "pdf", app_pdf_path);
      app_export (page, "csv", app_csv_path);
      status = run_report (NULL, &err, "--server", server->url, "--token-file", token_file, "--period", "last-month",
                           "--by", groupings[b], "--lang", language (), "--pdf", pdf_path, "--csv", csv_path, NULL);
      g_assert_cmpstr (err, ==, "");
      g_assert_cmpint (status, ==, 0);

      app_text = pdf_text (app_pdf_path);
      command_text = pdf_text (pdf_path);
      g_test_message ("%s by %s: %zu characters of text", language (), groupings[b], strlen (app_text));
      g_assert_cmpstr (command_text, ==, app_text);
      g_assert_nonnull (strstr (app_text, gw_ui_language_is_chinese (NULL) ? "合计" : "Total"));
      assert_every_page_headed (app_text);
      assert_same_files (app_csv_path, csv_path);
      assert_rows_add_up (csv_path);
    }

  /* In the other language with the server gone: gridwatch-report fails,
   * and the app says why in the screen's language. */
  g_clear_pointer (&server, gw_test_server_stop);
  {
    g_autofree char *path = gw_test_tmp_path ("report-other-language.pdf");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    Export e = { FALSE, FALSE, NULL };

    gw_review_page_export_async (page, "pdf", gw_ui_language_is_chinese (NULL) ? "en" : "zh_CN", file, NULL,
                                 on_exported, &e);
    g_assert_true (gw_test_wait_until (export_done, &e, 60000));
    g_assert_false (e.ok);
    g_assert_error (e.error, GW_ERROR, GW_ERROR_SERVER);
    g_test_message ("%s", e.error->message);
    g_assert_nonnull (strstr (e.error->message, gw_ui_language_is_chinese (NULL) ? "无法连接镇级服务器" : "could not be reached"));
    g_clear_error (&e.error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  gw_app_test_close_window (window, app);
}

/* ---- errors ---- */

static void
test_errors (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("report-errors.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autofree char *leader = gw_test_add_user (server_db, "lingdao", "leader");
  g_autofree char *pdf = gw_test_tmp_path ("never.pdf");
  g_autofree char *url = g_strdup (server->url);
  char *err = NULL;

  /* A period it does not know: what it knows. */
  g_assert_cmpint (run_report (leader, &err, "--server", url, "--token-file", "-", "--period", "next-week",
                               "--lang", "en", "--pdf", pdf, NULL), ==, GW_REPORT_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "Unknown period “next-week”"));
  g_assert_nonnull (strstr (err, "last-quarter"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_report (leader, &err, "--server", url, "--token-file", "-", "--period", "last-week",
                               "--by", "street", "--lang", "en", "--pdf", pdf, NULL), ==, GW_REPORT_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "Unknown grouping “street”"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_report (leader, &err, "--server", url, "--token-file", "-", "--period", "last-week",
                               "--lang", "fr", "--pdf", pdf, NULL), ==, GW_REPORT_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "Unknown language “fr”"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_report (leader, &err, "--server", url, "--token-file", "-", "--period", "last-week",
                               "--lang", "en", NULL), ==, GW_REPORT_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "--pdf, --csv or both"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_report ("", &err, "--server", url, "--token-file", "-", "--period", "last-week",
                               "--lang", "en", "--pdf", pdf, NULL), ==, GW_REPORT_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "The access token is missing"));
  g_clear_pointer (&err, g_free);

  /* Not in clear beyond this computer unless told: refused before any
   * connection is made. */
  g_assert_cmpint (run_report (leader, &err, "--server", "http://10.0.0.5:8390", "--token-file", "-",
                               "--period", "last-week", "--lang", "en", "--pdf", pdf, NULL), ==, GW_REPORT_EXIT_USAGE);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "unencrypted"));
  g_clear_pointer (&err, g_free);

  /* A token the server does not know. */
  g_assert_cmpint (run_report ("gw_not-a-real-token", &err, "--server", url, "--token-file", "-",
                               "--period", "last-week", "--lang", "en", "--pdf", pdf, NULL), ==, GW_REPORT_EXIT_TOKEN);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "token"));
  g_clear_pointer (&err, g_free);

  /* And in Chinese when asked. */
  g_assert_cmpint (run_report ("gw_not-a-real-token", &err, "--server", url, "--token-file", "-",
                               "--period", "last-week", "--lang", "zh_CN", "--pdf", pdf, NULL), ==, GW_REPORT_EXIT_TOKEN);
  g_test_message ("%s", err);
  g_assert_null (strstr (err, "token"));
  g_clear_pointer (&err, g_free);

  /* The server gone. */
  g_clear_pointer (&server, gw_test_server_stop);
  g_assert_cmpint (run_report (leader, &err, "--server", url, "--token-file", "-", "--period", "last-week",
                               "--lang", "en", "--pdf", pdf, NULL), ==, GW_REPORT_EXIT_SERVER);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "Cannot fetch the cases from"));
  g_clear_pointer (&err, g_free);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The catalogue as built, bound before GTK looks anything up: GLib
   * decides at the first lookup whether a C.UTF-8 program translates. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/report/same-as-app", test_same_as_app);
  /* The messages checked are the English ones: once is enough. */
  if (!gw_ui_language_is_chinese (NULL))
    g_test_add_func ("/report/errors", test_errors);

  return g_test_run ();
}
