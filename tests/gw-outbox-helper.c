/* gw-outbox-helper.c: a client that queues actions and is then killed
 *
 * Usage: gw-outbox-helper CACHE CASE_ID WORKER
 * Queues "accept", "file" and "assign" on CASE_ID with no server to send them to,
 * then kills itself with SIGKILL: no chance to flush or clean up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "gw-session.h"
#include "gw-cache-schema.h"
#include "gw-store-cases.h"

/* Each action builds on the one before, as in the window. */
static void
on_applied (GwSession  *session,
            GwCase     *kase,
            GwCase    **latest)
{
  g_set_object (latest, kase);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwSession) session = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  g_autofree char *assignee = NULL;
  g_autoptr(GwCase) latest = NULL;

  g_assert_cmpint (argc, ==, 4);
  store = gw_cache_open (argv[1], &error);
  g_assert_no_error (error);
  session = gw_session_new (store, NULL);
  latest = gw_store_get_case (store, argv[2]);
  g_assert_nonnull (latest);
  g_signal_connect (session, "action-applied", G_CALLBACK (on_applied), &latest);

  g_assert_true (gw_session_perform_action (session, latest, "accept", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gw_session_perform_action (session, latest, "file", NULL, &error));
  g_assert_no_error (error);
  assignee = g_strdup_printf ("worker:%s", argv[3]);
  json_object_set_string_member (params, "assignee", assignee);
  g_assert_true (gw_session_perform_action (session, latest, "assign", params, &error));
  g_assert_no_error (error);

  /* Written in a thread: killed only once all three are in the cache. */
  while (gw_session_get_queued (session) < 3)
    g_main_context_iteration (NULL, TRUE);

  raise (SIGKILL);
  return 1;
}
