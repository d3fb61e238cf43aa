/* gw-report-process.h: gridwatch-report's command line, from both ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-review.h"

G_BEGIN_DECLS

/* gridwatch-report's exit statuses; --help lists them. */
typedef enum
{
  GW_REPORT_EXIT_OK = 0,
  GW_REPORT_EXIT_FAILED = 1,   /* the report could not be written */
  GW_REPORT_EXIT_USAGE = 2,    /* a bad option, period, language or token file */
  GW_REPORT_EXIT_TOKEN = 3,    /* the server refused the token */
  GW_REPORT_EXIT_SERVER = 4,   /* the server could not be reached, or failed */
} GwReportExit;

/* "this-week", "last-quarter"…: the --period names. */
const char *gw_report_period_to_string   (GwReviewSpan  span,
                                          gboolean      last);
gboolean    gw_report_period_from_string (const char   *name,
                                          GwReviewSpan *span,
                                          gboolean     *last);

typedef struct
{
  const char *server;
  const char *token;        /* given on the program's standard input */
  const char *ca_file;      /* NULL: the system's authorities */
  gboolean allow_plain_http; /* the user agreed to send the token in clear */
  GwReviewSpan span;
  gboolean last;
  GwStatsBy by;
  const char *town;         /* NULL: the county */
  const char *language;     /* "zh_CN" or "en" */
  const char *pdf;          /* paths; either may be NULL */
  const char *csv;
  const char * const *order; /* the table's keys as the screen sorts them; NULL: worst first */
} GwReportRequest;

/* Where gridwatch-report is: $GW_REPORT, beside the running program (as
 * installed, and in the build tree), else in the installed bindir. */
char     *gw_report_process_find_program (void);
/* Runs gridwatch-report for @request; the error, in the language of the
 * calling process, says what went wrong. */
void      gw_report_process_run_async    (const GwReportRequest  *request,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data);
gboolean  gw_report_process_run_finish   (GAsyncResult           *result,
                                          GError                **error);

G_END_DECLS
