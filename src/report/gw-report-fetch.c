/* gw-report-fetch.c: a town server's cases and reference data, for one report
 *
 * The same pulls that fill the app's cache fill one in memory, so the
 * report is computed from what the app would hold once in step: the
 * reference data first (grids, categories, departments), then the change
 * feed from its beginning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-report-fetch"

#include "config.h"

#include "gw-case-pull.h"
#include "gw-reference-pull.h"
#include "gw-report-fetch.h"

typedef struct
{
  GwTownClient *client;
  GwStore *store;
  GMainLoop *loop;
  GError *error;
} Fetch;

static void
on_cases_pulled (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GwCasePullResult) pulled = gw_case_pull_finish (result, &fetch->error);

  g_main_loop_quit (fetch->loop);
}

static void
on_reference_pulled (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Fetch *fetch = user_data;

  if (!gw_reference_pull_finish (result, NULL, &fetch->error))
    {
      g_main_loop_quit (fetch->loop);
      return;
    }
  gw_case_pull_async (fetch->client, fetch->store, 0, NULL, on_cases_pulled, fetch);
}

gboolean
gw_report_fetch (GwTownClient  *client,
                 GwStore       *store,
                 GError       **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);
  Fetch fetch = { client, store, loop, NULL };

  g_return_val_if_fail (GW_IS_TOWN_CLIENT (client) && GW_IS_STORE (store), FALSE);

  gw_reference_pull_async (client, store, NULL, on_reference_pulled, &fetch);
  g_main_loop_run (loop);
  if (fetch.error)
    {
      g_propagate_error (error, fetch.error);
      return FALSE;
    }
  return TRUE;
}
