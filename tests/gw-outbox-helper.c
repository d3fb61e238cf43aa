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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GwSession) session = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  g_autofree char *assignee = NULL;

  g_assert_cmpint (argc, ==, 4);
  store = gw_cache_open (argv[1], &error);
  g_assert_no_error (error);
  session = gw_session_new (store, NULL);

  g_assert_true (gw_session_perform_action (session, argv[2], "accept", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gw_session_perform_action (session, argv[2], "file", NULL, &error));
  g_assert_no_error (error);
  assignee = g_strdup_printf ("worker:%s", argv[3]);
  json_object_set_string_member (params, "assignee", assignee);
  g_assert_true (gw_session_perform_action (session, argv[2], "assign", params, &error));
  g_assert_no_error (error);

  raise (SIGKILL);
  return 1;
}
