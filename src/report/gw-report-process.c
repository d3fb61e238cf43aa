/* gw-report-process.c: gridwatch-report's command line, from both ends
 *
 * The app makes a report in the language the user does not read on the
 * screen by running gridwatch-report, which speaks that language from
 * its first line on: gettext's language is the whole process's, and the
 * app's threads translate while a report is being made. The token goes
 * on the program's standard input, never on its command line, where
 * every user of the computer could read it; the program's exit status
 * says what went wrong, so that the app says it in its own language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-report-process"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-error.h"
#include "gw-report-process.h"

#define PROGRAM_NAME "gridwatch-report"

static const struct
{
  const char *name;
  GwReviewSpan span;
  gboolean last;
} period_names[] = {
  { "this-week", GW_REVIEW_WEEK, FALSE },
  { "last-week", GW_REVIEW_WEEK, TRUE },
  { "this-month", GW_REVIEW_MONTH, FALSE },
  { "last-month", GW_REVIEW_MONTH, TRUE },
  { "this-quarter", GW_REVIEW_QUARTER, FALSE },
  { "last-quarter", GW_REVIEW_QUARTER, TRUE },
};

const char *
gw_report_period_to_string (GwReviewSpan span,
                            gboolean     last)
{
  for (guint i = 0; i < G_N_ELEMENTS (period_names); i++)
    if (period_names[i].span == span && period_names[i].last == !!last)
      return period_names[i].name;
  g_return_val_if_reached (NULL);
}

gboolean
gw_report_period_from_string (const char   *name,
                              GwReviewSpan *span,
                              gboolean     *last)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (period_names); i++)
    if (g_str_equal (period_names[i].name, name))
      {
        *span = period_names[i].span;
        *last = period_names[i].last;
        return TRUE;
      }
  return FALSE;
}

/* ---- finding the program ---- */

static char *
executable_if_there (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR) ? g_strdup (path)
                                                                                                 : NULL;
}

char *
gw_report_process_find_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : NULL;
  char *found;

  if (g_getenv ("GW_REPORT"))
    return g_strdup (g_getenv ("GW_REPORT"));
  if (dir)
    {
      g_autofree char *beside = g_build_filename (dir, PROGRAM_NAME, NULL);
      /* The build tree: src/app/gridwatch beside src/report/. */
      g_autofree char *built = g_build_filename (dir, "..", "report", PROGRAM_NAME, NULL);

      if ((found = executable_if_there (beside)) || (found = executable_if_there (built)))
        return found;
    }
  return g_build_filename (BINDIR, PROGRAM_NAME, NULL);
}

/* ---- running it ---- */

static GError *
error_for_exit (int         status,
                const char *err)
{
  g_autofree char *detail = g_strdup (err ? err : "");

  g_strstrip (detail);
  switch (status)
    {
    case GW_REPORT_EXIT_TOKEN:
      return g_error_new (GW_ERROR, GW_ERROR_UNAUTHORIZED,
                          _("The town server did not accept this computer’s token, so the report could not be made."));
    case GW_REPORT_EXIT_SERVER:
      return g_error_new (GW_ERROR, GW_ERROR_SERVER,
                          _("The town server could not be reached to make the report. Try again when it is back."));
    case GW_REPORT_EXIT_USAGE:
    case GW_REPORT_EXIT_FAILED:
    default:
      /* Its own words, in the report's language: the best there is. */
      return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The report could not be made (%s)."),
                          *detail ? detail : _("no reason given"));
    }
}

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  if (!g_subprocess_communicate_utf8_finish (process, result, NULL, &err, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == GW_REPORT_EXIT_OK)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error_for_exit (g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                                                    : GW_REPORT_EXIT_FAILED,
                                               err));
}

static GStrv
build_argv (const GwReportRequest *request,
            const char            *program)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();

  g_strv_builder_add_many (argv, program, "--server", request->server, "--token-file", "-",
                           "--period", gw_report_period_to_string (request->span, request->last),
                           "--by", gw_stats_by_to_string (request->by), "--lang", request->language, NULL);
  if (request->allow_plain_http)
    g_strv_builder_add (argv, "--allow-plain-http");
  if (request->ca_file)
    g_strv_builder_add_many (argv, "--ca-file", request->ca_file, NULL);
  if (request->town)
    g_strv_builder_add_many (argv, "--town", request->town, NULL);
  if (request->pdf)
    g_strv_builder_add_many (argv, "--pdf", request->pdf, NULL);
  if (request->csv)
    g_strv_builder_add_many (argv, "--csv", request->csv, NULL);
  if (request->order && request->order[0])
    {
      g_autofree char *order = g_strjoinv (",", (char **) request->order);

      g_strv_builder_add_many (argv, "--order", order, NULL);
    }
  return g_strv_builder_end (argv);
}

void
gw_report_process_run_async (const GwReportRequest *request,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *program = gw_report_process_find_program ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_return_if_fail (request != NULL && request->server != NULL && request->language != NULL);

  g_task_set_source_tag (task, gw_report_process_run_async);
  argv = build_argv (request, program);
  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Cannot run %s: %s"), program, error->message);
      return;
    }
  token = g_strconcat (request->token ? request->token : "", "\n", NULL);
  g_subprocess_communicate_utf8_async (process, token, cancellable, on_communicated, g_steal_pointer (&task));
}

gboolean
gw_report_process_run_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
