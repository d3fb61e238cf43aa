/* gw-duplicates-lookup.c: the open cases near a report being written
 *
 * Online the server answers (GET /api/v1/duplicates: every open case,
 * with its own radius and window); when it cannot be reached, the cache
 * answers the same question in a thread (gw_store_find_duplicates(), the
 * default 100 m and 3 days), so a caller repeating a known matter is
 * caught offline too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-duplicates-lookup"

#include "config.h"

#include "gw-duplicates-lookup.h"

typedef struct
{
  double lat;
  double lon;
  char *category;
  gboolean from_cache;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->category);
  g_free (lookup);
}

static void
find_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  GwDuplicateQuery query = { .lat = lookup->lat, .lon = lookup->lon, .category = lookup->category };
  GError *error = NULL;
  GPtrArray *found = gw_store_find_duplicates (gw_session_get_reader (source_object), &query, &error);

  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/* The thread takes a reference of its own: @task stays the caller's. */
static void
find_in_cache (GTask *task)
{
  ((Lookup *) g_task_get_task_data (task))->from_cache = TRUE;
  g_task_run_in_thread (task, find_in_thread);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *found = gw_duplicates_fetch_finish (GW_TOWN_CLIENT (object), result, &error);

  if (found != NULL)
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    find_in_cache (task);
}

void
gw_duplicates_lookup_async (GwSession           *session,
                            double               lat,
                            double               lon,
                            const char          *category,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *lookup;

  g_return_if_fail (GW_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_duplicates_lookup_async);
  g_task_set_check_cancellable (task, TRUE);
  lookup = g_new0 (Lookup, 1);
  lookup->lat = lat;
  lookup->lon = lon;
  lookup->category = g_strdup (category);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  if (gw_session_get_state (session) == GW_CONNECTION_ONLINE && gw_session_get_client (session))
    gw_duplicates_fetch_async (gw_session_get_client (session), lat, lon, category, cancellable,
                               on_fetched, g_steal_pointer (&task));
  else
    find_in_cache (task);
}

GPtrArray *
gw_duplicates_lookup_finish (GwSession     *session,
                             GAsyncResult  *result,
                             gboolean      *from_cache,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  if (from_cache)
    *from_cache = ((Lookup *) g_task_get_task_data (G_TASK (result)))->from_cache;
  return g_task_propagate_pointer (G_TASK (result), error);
}
