/* gw-test-pull.c: a case pull run and waited for, and a fake town's address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-test-pull.h"
#include "gw-test-util.h"

static void
on_pulled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GwTestPull *w = user_data;

  w->result = gw_case_pull_finish (result, &w->error);
  w->done = TRUE;
}

/* @w forgets an earlier pull's answer first. */
void
gw_test_pull_start (GwTestPull   *w,
                    GwTownClient *client,
                    GwStore      *cache,
                    guint         page_size)
{
  gw_test_pull_clear (w);
  gw_case_pull_async (client, cache, page_size, NULL, on_pulled, w);
}

gboolean
gw_test_pull_is_done (gpointer w)
{
  return ((GwTestPull *) w)->done;
}

/* The pull's answer, within @timeout_ms (stretched as every wait is). */
void
gw_test_pull (GwTestPull   *w,
              GwTownClient *client,
              GwStore      *cache,
              guint         page_size,
              guint         timeout_ms)
{
  gw_test_pull_start (w, client, cache, page_size);
  g_assert_true (gw_test_wait_until (gw_test_pull_is_done, w, timeout_ms));
}

void
gw_test_pull_clear (GwTestPull *w)
{
  g_clear_pointer (&w->result, gw_case_pull_result_free);
  g_clear_error (&w->error);
  w->done = FALSE;
}

/* @server listening on loopback, on a port of the system's choosing: its
 * base URL. */
char *
gw_test_serve_local (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}
