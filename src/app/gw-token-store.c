/* gw-token-store.c: the town-server token, kept out of GSettings
 *
 * A token is a password: it goes to the Secret Service (GNOME Keyring),
 * one per server. Where no Secret Service runs (a kiosk wall screen, a
 * bare session), it goes to a file only the user can read, in the data
 * folder beside the cache.
 *
 * Both ways are asynchronous: a locked keyring asks for its password, a
 * missing one may take the bus's timeout to say so, and the window must
 * not freeze meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-token-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "gw-token-file.h"
#include "gw-token-store.h"

typedef struct
{
  char *server_url;
  char *data_dir;
  char *token;
} Job;

static void
job_free (Job *job)
{
  g_free (job->server_url);
  g_free (job->data_dir);
  g_clear_pointer (&job->token, secret_password_free);
  g_free (job);
}

static Job *
job_new (const char *server_url,
         const char *data_dir,
         const char *token)
{
  Job *job = g_new0 (Job, 1);

  job->server_url = g_strdup (server_url);
  job->data_dir = g_strdup (data_dir);
  job->token = g_strdup (token);
  return job;
}

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "org.gridwatch.Gridwatch.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static char *
file_path (const char *server_url,
           const char *data_dir)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server_url, -1);
  g_autofree char *name = g_strdup_printf ("token-%.16s", digest);

  return g_build_filename (data_dir, name, NULL);
}

static void
read_file_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *path = file_path (job->server_url, job->data_dir);
  char *token = NULL;
  gsize length;

  /* No token kept, or a broken file: as if none, and the user is asked. */
  if (g_file_get_contents (path, &token, &length, NULL))
    token = gw_token_file_clean (token, length, NULL);
  g_task_return_pointer (task, token, g_free);
}

static void
on_secret_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (token != NULL)
    {
      g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error)
    g_debug ("No Secret Service (%s); looking for a private file", error->message);
  g_task_run_in_thread (task, read_file_in_thread);
}

/* The token kept for @server_url, or NULL (without an error) if none. */
void
gw_token_store_lookup_async (const char          *server_url,
                             const char          *data_dir,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server_url != NULL && data_dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_token_store_lookup_async);
  g_task_set_task_data (task, job_new (server_url, data_dir, NULL), (GDestroyNotify) job_free);
  secret_password_lookup (token_schema (), cancellable, on_secret_looked_up, g_steal_pointer (&task),
                          "server", server_url, NULL);
}

char *
gw_token_store_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
write_file_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *path = file_path (job->server_url, job->data_dir);
  GError *error = NULL;

  if (g_mkdir_with_parents (job->data_dir, 0700) != 0 ||
      !g_file_set_contents_full (path, job->token, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot create %s: %s"), job->data_dir,
                     g_strerror (errno));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_secret_stored (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("No Secret Service (%s); keeping the token in a private file", error->message);
  g_task_run_in_thread (task, write_file_in_thread);
}

void
gw_token_store_save_async (const char          *server_url,
                           const char          *token,
                           const char          *data_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server_url != NULL && token != NULL && data_dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_token_store_save_async);
  g_task_set_task_data (task, job_new (server_url, data_dir, token), (GDestroyNotify) job_free);
  label = g_strdup_printf (_("Gridwatch token for %s"), server_url);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                         on_secret_stored, g_steal_pointer (&task), "server", server_url, NULL);
}

gboolean
gw_token_store_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
