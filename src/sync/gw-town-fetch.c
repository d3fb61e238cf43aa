/* gw-town-fetch.c: GET a resource and read it, off the main thread's back
 *
 * What the app fetches for one screen (a case's history, its caller)
 * comes the same way: a GET, a 200, and JSON read by a function of the
 * resource's own that trusts nothing in it. The rest is here once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-fetch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-town-fetch.h"

typedef struct
{
  GwTownParse parse;
  GDestroyNotify free_result;
} Fetch;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTownResponse) response = gw_town_client_get_finish (GW_TOWN_CLIENT (object), result, &error);
  Fetch *fetch = g_task_get_task_data (task);
  gpointer parsed;

  if (response == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (response->status != 200)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The server answered %u"), response->status);
  else if (!(parsed = fetch->parse (response->root, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, parsed, fetch->free_result);
}

void
gw_town_fetch_async (GwTownClient        *client,
                     const char          *path,
                     GwTownParse          parse,
                     GDestroyNotify       free_result,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch = g_new0 (Fetch, 1);

  g_return_if_fail (GW_IS_TOWN_CLIENT (client));
  g_return_if_fail (path != NULL && parse != NULL);

  fetch->parse = parse;
  fetch->free_result = free_result;
  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_town_fetch_async);
  g_task_set_task_data (task, fetch, g_free);
  gw_town_client_get_async (client, path, NULL, cancellable, on_fetched, g_steal_pointer (&task));
}

gpointer
gw_town_fetch_finish (GwTownClient  *client,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
