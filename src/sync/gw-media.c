/* gw-media.c: case photos, from the cache or the town server
 *
 * A case names its photos by URL. Only the town server's own photos
 * ("/api/v1/media/" and a SHA-256) are fetched: a URL from a report could
 * point anywhere, and the app must not be made to fetch it. A photo is
 * looked for in the cache first, so it shows offline too; a fetched one
 * must hash to its name and look like an image before it is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-media"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-error.h"
#include "gw-media.h"

typedef struct
{
  GwTownClient *client;
  GwStore *store;
  char *url;
  char *id;
  GBytes *fetched;
  char *content_type;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->client);
  g_clear_object (&fetch->store);
  g_clear_pointer (&fetch->url, g_free);
  g_clear_pointer (&fetch->id, g_free);
  g_clear_pointer (&fetch->fetched, g_bytes_unref);
  g_clear_pointer (&fetch->content_type, g_free);
  g_free (fetch);
}

static void
look_in_cache (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  GBytes *data = gw_store_get_media (fetch->store, fetch->id, NULL);

  g_task_return_pointer (task, data, data ? (GDestroyNotify) g_bytes_unref : NULL);
}

static void
keep_in_cache (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, fetch->fetched);
  g_autofree char *stored = NULL;
  const char *type = gw_media_sniff (fetch->fetched);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (digest, fetch->id))
    {
      g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER,
                               _("The server sent another photo than the one asked for"));
      return;
    }
  if (type == NULL)
    {
      g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER, _("The server sent something that is not a photo"));
      return;
    }
  /* A full disk costs the cached copy, not the photo. */
  if (!(stored = gw_store_put_media (fetch->store, fetch->fetched, type, &error)))
    g_warning ("Cannot keep photo %s: %s", fetch->id, error->message);
  g_task_return_pointer (task, g_bytes_ref (fetch->fetched), (GDestroyNotify) g_bytes_unref);
}

static void
on_kept (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *data = g_task_propagate_pointer (G_TASK (result), &error);

  if (data)
    g_task_return_pointer (task, data, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GwTownResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) keep = NULL;

  response = gw_town_client_get_finish (GW_TOWN_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->body == NULL)
    {
      g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER, _("The server sent no photo"));
      return;
    }
  fetch->fetched = g_steal_pointer (&response->body);
  keep = g_task_new (NULL, g_task_get_cancellable (task), on_kept, g_object_ref (task));
  g_task_set_task_data (keep, fetch, NULL);
  g_task_run_in_thread (keep, keep_in_cache);
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GBytes *cached = g_task_propagate_pointer (G_TASK (result), NULL);

  if (cached)
    {
      g_task_return_pointer (task, cached, (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (fetch->client == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("The photo is not in the saved copy and the server is not connected"));
      return;
    }
  gw_town_client_get_raw_async (fetch->client, fetch->url, g_task_get_cancellable (task),
                                on_fetched, g_object_ref (task));
}

/* @client may be NULL: then only the cache is looked at. */
void
gw_media_fetch_async (GwTownClient        *client,
                      GwStore             *store,
                      const char          *url,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) lookup = NULL;
  const char *id = gw_media_id_from_url (url);
  Fetch *fetch;

  g_return_if_fail (GW_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_media_fetch_async);
  if (id == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only the town server's own photos are shown"));
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->client = client ? g_object_ref (client) : NULL;
  fetch->store = g_object_ref (store);
  fetch->url = g_strdup (url);
  fetch->id = g_strdup (id);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  lookup = g_task_new (NULL, cancellable, on_looked_up, g_steal_pointer (&task));
  g_task_set_task_data (lookup, fetch, NULL);
  g_task_run_in_thread (lookup, look_in_cache);
}

GBytes *
gw_media_fetch_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
