/* gridwatch-report.c: the leader review as a PDF and a CSV, without a screen
 *
 * For a timer that mails the leaders their weekly report, and for the
 * app when a report is wanted in the language the screen does not speak.
 * The language is the process's own, set once before anything is
 * translated and before any thread starts: gettext reads it for the
 * whole process, and switching it under running threads is not safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-report"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gw-cache-schema.h"
#include "gw-category.h"
#include "gw-error.h"
#include "gw-grid.h"
#include "gw-report-fetch.h"
#include "gw-report-process.h"
#include "gw-review-export.h"
#include "gw-store-cases.h"
#include "gw-token-file.h"

typedef struct
{
  char *server;
  char *token_file;
  char *ca_file;
  char *period;
  char *by;
  char *town;
  char *language;
  char *pdf;
  char *csv;
  char *order;
  gboolean allow_plain_http;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->server);
  g_free (options->token_file);
  g_free (options->ca_file);
  g_free (options->period);
  g_free (options->by);
  g_free (options->town);
  g_free (options->language);
  g_free (options->pdf);
  g_free (options->csv);
  g_free (options->order);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
fail (int         status,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static int
fail (int         status,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("gridwatch-report: %s\n", message);
  return status;
}

/* ---- the language ---- */

/* --lang, read before anything is translated: GLib decides at the first
 * lookup whether this process translates at all. */
static const char *
find_language (int    argc,
               char **argv)
{
  const char *language = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_has_prefix (argv[i], "--lang="))
        language = argv[i] + strlen ("--lang=");
      else if (g_str_equal (argv[i], "--lang") && i + 1 < argc)
        language = argv[++i];
    }
  return language;
}

static gboolean
set_language (const char *language)
{
  const char *locale;

  setlocale (LC_ALL, "");
  if (language == NULL)
    return TRUE;
  if (g_str_equal (language, "zh_CN"))
    locale = "zh_CN.UTF-8";
  else if (g_str_equal (language, "en"))
    locale = "en_US.UTF-8";
  else
    return FALSE;
  /* Messages follow LANGUAGE, which gettext ignores under the plain "C"
   * locale only: the language's own locale where the system has it. */
  g_setenv ("LANGUAGE", language, TRUE);
  if (setlocale (LC_MESSAGES, locale) == NULL)
    setlocale (LC_MESSAGES, "C.UTF-8");
  return TRUE;
}

/* ---- the options ---- */

static gboolean
parse_options (Options  *options,
               int      *argc,
               char   ***argv,
               GError  **error)
{
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &options->server, N_("The town server’s address"), N_("URL") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &options->token_file,
      N_("A file holding a leader’s access token (- for standard input)"), N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ca_file,
      N_("Trust only the authorities in this PEM file for the server’s certificate"), N_("FILE") },
    { "allow-plain-http", 0, 0, G_OPTION_ARG_NONE, &options->allow_plain_http,
      N_("Send the token over plain http:// even to a server on another computer"), NULL },
    { "period", 0, 0, G_OPTION_ARG_STRING, &options->period,
      N_("this-week, last-week, this-month, last-month, this-quarter or last-quarter"), N_("PERIOD") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &options->by, N_("town, grid, department or category (default: town)"),
      N_("UNIT") },
    { "town", 0, 0, G_OPTION_ARG_STRING, &options->town, N_("Only this town’s grids (its code)"), N_("CODE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &options->language, N_("The report’s language: zh_CN or en"), N_("LANGUAGE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &options->pdf, N_("Write the report as PDF to this file"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &options->csv, N_("Write the tables as CSV to this file"), N_("FILE") },
    { "order", 0, 0, G_OPTION_ARG_STRING, &options->order,
      N_("The table’s rows in this order, as a sorted table on the screen shows them (default: worst on-time "
         "closing first)"), N_("KEY,KEY,…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context, _("Makes the leader review of a town server’s cases, as the app exports it."));
  g_option_context_set_description (context,
    _("Exit status: 0 written; 1 the report could not be written; 2 a bad option, period, language or token "
      "file; 3 the server refused the token; 4 the server could not be reached or failed.\n\n"
      "Example, for a weekly timer:\n"
      "  gridwatch-report --server https://town.example:8443 --token-file /etc/gridwatch/leader.token \\\n"
      "      --period last-week --by town --lang zh_CN --pdf /srv/reports/week.pdf --csv /srv/reports/week.csv\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

/* ---- the report ---- */

static GwTownClient *
connect_client (const Options  *options,
                GError        **error)
{
  g_autoptr(GwTownClient) client = gw_town_client_new (options->server, error);
  g_autofree char *token = NULL;

  if (client == NULL)
    return NULL;
  if (!(token = gw_token_file_read (options->token_file, error)))
    return NULL;
  gw_town_client_set_token (client, token);
  gw_town_client_allow_plain_token (client, options->allow_plain_http);
  if (options->ca_file && !gw_town_client_set_ca_file (client, options->ca_file, error))
    return NULL;
  return g_steal_pointer (&client);
}

static const char *
town_name (GPtrArray  *grids,
           const char *town)
{
  for (guint i = 0; town && grids && i < grids->len; i++)
    if (g_str_equal (gw_grid_get_code (g_ptr_array_index (grids, i)), town))
      return gw_grid_get_name (g_ptr_array_index (grids, i));
  return town;
}

static int
write_report (const Options *options,
              GwStore       *store,
              GwReviewSpan   span,
              gboolean       last,
              GwStatsBy      by)
{
  GwCaseQuery query = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = gw_store_list_cases (store, &query, &error);
  g_autoptr(GPtrArray) grids = gw_store_list_grids (store, NULL);
  g_autoptr(GPtrArray) categories = gw_store_list_categories (store, NULL);
  g_autoptr(GPtrArray) departments = gw_store_list_departments (store, NULL);
  g_autoptr(GHashTable) towns = gw_grid_towns_of (grids);
  g_autoptr(GHashTable) by_department = gw_category_departments_of (categories);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GwReviewPeriod) period = gw_review_period_new (span, last, now);
  g_autoptr(GwReview) review = NULL;
  g_autoptr(GHashTable) names = NULL;

  if (cases == NULL)
    return fail (GW_REPORT_EXIT_FAILED, "%s", error->message);
  review = gw_review_compute (cases, period, by, options->town, towns, by_department);
  gw_review_sort_worst_first (review);
  if (options->order)
    {
      g_auto(GStrv) keys = g_strsplit (options->order, ",", -1);

      gw_review_order_rows (review, (const char * const *) keys);
    }
  names = gw_review_export_names (by, grids, categories, departments, NULL);
  if (options->pdf)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (options->pdf);

      if (!gw_review_export_pdf (review, names, options->town ? town_name (grids, options->town) : NULL, NULL, file, &error))
        return fail (GW_REPORT_EXIT_FAILED, _("Cannot write %s: %s"), options->pdf, error->message);
    }
  if (options->csv)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (options->csv);

      if (!gw_review_write_csv (review, names, file, &error))
        return fail (GW_REPORT_EXIT_FAILED, _("Cannot write %s: %s"), options->csv, error->message);
    }
  return GW_REPORT_EXIT_OK;
}

static int
check_options (const Options *options,
               GwReviewSpan  *span,
               gboolean      *last,
               GwStatsBy     *by)
{
  if (!options->server || !options->token_file || !options->period || !options->language)
    return fail (GW_REPORT_EXIT_USAGE, "%s", _("--server, --token-file, --period and --lang are needed (see --help)"));
  if (!options->pdf && !options->csv)
    return fail (GW_REPORT_EXIT_USAGE, "%s", _("Nothing to write: give --pdf, --csv or both"));
  if (!gw_report_period_from_string (options->period, span, last))
    return fail (GW_REPORT_EXIT_USAGE,
                 _("Unknown period “%s”: this-week, last-week, this-month, last-month, this-quarter or last-quarter"),
                 options->period);
  *by = options->town ? GW_STATS_BY_GRID : GW_STATS_BY_TOWN;
  if (options->by && !gw_stats_by_from_string (options->by, by))
    return fail (GW_REPORT_EXIT_USAGE, _("Unknown grouping “%s”: town, grid, department or category"), options->by);
  if (options->town && *by != GW_STATS_BY_GRID)
    return fail (GW_REPORT_EXIT_USAGE, "%s", _("A town’s report is by grid: --town goes with --by grid"));
  return GW_REPORT_EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTownClient) client = NULL;
  g_autoptr(GwStore) store = NULL;
  const char *language = find_language (argc, argv);
  GwReviewSpan span;
  gboolean last;
  GwStatsBy by;
  int status;

  /* First of all, while the process has one thread. */
  if (!set_language (language))
    return fail (GW_REPORT_EXIT_USAGE, "Unknown language “%s”: zh_CN or en", language);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR") ? g_getenv ("GW_LOCALE_DIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!parse_options (&options, &argc, &argv, &error))
    return fail (GW_REPORT_EXIT_USAGE, "%s", error->message);
  if ((status = check_options (&options, &span, &last, &by)) != GW_REPORT_EXIT_OK)
    return status;

  if (!(client = connect_client (&options, &error)))
    return fail (GW_REPORT_EXIT_USAGE, "%s", error->message);
  if (!(store = gw_cache_open (":memory:", &error)))
    return fail (GW_REPORT_EXIT_FAILED, "%s", error->message);
  if (!gw_report_fetch (client, store, &error))
    {
      if (g_error_matches (error, GW_ERROR, GW_ERROR_UNAUTHORIZED))
        return fail (GW_REPORT_EXIT_TOKEN, "%s", error->message);
      if (g_error_matches (error, GW_ERROR, GW_ERROR_PLAIN_HTTP))
        return fail (GW_REPORT_EXIT_USAGE, "%s", error->message);
      return fail (GW_REPORT_EXIT_SERVER, _("Cannot fetch the cases from %s: %s"), options.server, error->message);
    }
  return write_report (&options, store, span, last, by);
}
