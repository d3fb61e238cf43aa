/* gw-townd-backup-schedule.c: a rolling set of backups while serving
 *
 * Every so many hours a worker thread copies the database through its own
 * SQLite connection (WAL lets the server write on meanwhile), checks the
 * copy, names it by the time and removes the oldest beyond the set's
 * size. The main loop only starts the thread and hears how it went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>

#include "gw-townd-backup.h"
#include "gw-townd-backup-schedule.h"

#define DEFAULT_KEEP 7
#define MAX_KEEP 10000
#define MAX_HOURS (24.0 * 366)

struct _GwTowndBackupSchedule
{
  GObject parent_instance;
  char *db_path;
  char *dir;
  guint64 interval;   /* milliseconds */
  guint keep;
  guint timeout_id;
  gboolean running;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (GwTowndBackupSchedule, gw_townd_backup_schedule, G_TYPE_OBJECT)

/* What the thread needs and finds, apart from the object. */
typedef struct
{
  char *db_path;
  char *dir;
  guint keep;
  char *file;
  GwStoreCopyCheck check;
  guint removed;
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->dir);
  g_free (job->file);
  g_free (job);
}

static void schedule_next (GwTowndBackupSchedule *self);

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = gw_townd_backup_name (now);
  GError *error = NULL;

  job->file = g_build_filename (job->dir, name, NULL);
  /* Backups are a second apart at least; one already there under this
   * name came from elsewhere (a clock set back) and is left alone. */
  if (g_file_test (job->file, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, _("%s already exists"), job->file);
      return;
    }
  if (!gw_townd_backup_write (job->db_path, job->file, cancellable, &job->check, &error) ||
      !gw_townd_backup_prune (job->dir, job->keep, &job->removed, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_backup_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GwTowndBackupSchedule *self = GW_TOWND_BACKUP_SCHEDULE (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_printerr (_("gridwatch-townd: backed up to %s (%d cases, feed at %d)\n"),
                job->file, (int) job->check.cases, (int) job->check.last_seq);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr (_("gridwatch-townd: the scheduled backup failed: %s\n"), error->message);

  if (!g_cancellable_is_cancelled (self->cancellable))
    schedule_next (self);
}

static gboolean
on_due (gpointer user_data)
{
  GwTowndBackupSchedule *self = user_data;
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_backup_done, NULL);
  Job *job = g_new0 (Job, 1);

  self->timeout_id = 0;
  job->db_path = g_strdup (self->db_path);
  job->dir = g_strdup (self->dir);
  job->keep = self->keep;
  g_task_set_source_tag (task, on_due);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->running = TRUE;
  g_task_run_in_thread (task, backup_thread);

  return G_SOURCE_REMOVE;
}

/* The next one an interval after this one ended, so two never overlap
 * and a slow disk cannot pile them up; and, at least a second after the
 * last one began, never under the same name. Short intervals (tests) to
 * the millisecond, long ones on the coarser clock that saves wake-ups. */
static void
schedule_next (GwTowndBackupSchedule *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->interval < 60 * 1000)
    self->timeout_id = g_timeout_add ((guint) self->interval, on_due, self);
  else
    self->timeout_id = g_timeout_add_seconds ((guint) (self->interval / 1000), on_due, self);
}

static void
gw_townd_backup_schedule_dispose (GObject *object)
{
  GwTowndBackupSchedule *self = (GwTowndBackupSchedule *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (gw_townd_backup_schedule_parent_class)->dispose (object);
}

static void
gw_townd_backup_schedule_finalize (GObject *object)
{
  GwTowndBackupSchedule *self = (GwTowndBackupSchedule *) object;

  g_clear_object (&self->cancellable);
  g_free (self->db_path);
  g_free (self->dir);

  G_OBJECT_CLASS (gw_townd_backup_schedule_parent_class)->finalize (object);
}

static void
gw_townd_backup_schedule_class_init (GwTowndBackupScheduleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_townd_backup_schedule_dispose;
  object_class->finalize = gw_townd_backup_schedule_finalize;
}

static void
gw_townd_backup_schedule_init (GwTowndBackupSchedule *self)
{
  self->cancellable = g_cancellable_new ();
}

/* @dir NULL: "backups" beside the database; @keep 0: the default. The
 * first backup is one interval after the start, not at it: a server
 * restarting in a loop must not rotate the older backups away. */
GwTowndBackupSchedule *
gw_townd_backup_schedule_new (const char  *db_path,
                              const char  *dir,
                              double       hours,
                              int          keep,
                              GError     **error)
{
  g_autoptr(GwTowndBackupSchedule) self = NULL;
  g_autofree char *db_dir = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  if (!(hours > 0 && hours <= MAX_HOURS))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--backup-every takes a number of hours above 0 and up to %d"), (int) MAX_HOURS);
      return NULL;
    }
  if (keep < 0 || keep > MAX_KEEP)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--keep takes a number of backups from 1 to %d"), MAX_KEEP);
      return NULL;
    }

  self = g_object_new (GW_TYPE_TOWND_BACKUP_SCHEDULE, NULL);
  self->db_path = g_strdup (db_path);
  db_dir = g_path_get_dirname (db_path);
  self->dir = dir ? g_strdup (dir) : g_build_filename (db_dir, "backups", NULL);
  self->interval = MAX (1000, (guint64) (hours * 3600 * 1000));
  self->keep = keep > 0 ? keep : DEFAULT_KEEP;

  /* Said now, at start, rather than at the first backup hours later. */
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the backup folder %s: %s"), self->dir, g_strerror (saved));
      return NULL;
    }

  schedule_next (self);
  return g_steal_pointer (&self);
}

/* Cancels a backup under way and waits for its thread, which removes its
 * unfinished file: the process may exit once this returns. */
void
gw_townd_backup_schedule_stop (GwTowndBackupSchedule *self)
{
  g_return_if_fail (GW_IS_TOWND_BACKUP_SCHEDULE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  while (self->running)
    g_main_context_iteration (NULL, TRUE);
}
