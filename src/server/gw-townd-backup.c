/* gw-townd-backup.c: one checked backup of the town database
 *
 * A backup holds every case, worker's phone number and token hash, so it
 * is made 0600 in a 0700 folder whatever the umask. It is written under a
 * temporary name beside its final one and renamed into place only once
 * SQLite's integrity check passes and its feed, cases and audit agree:
 * a backup file that exists is a good one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw-townd-backup.h"

#define NAME_PREFIX "gridwatch-"
#define NAME_SUFFIX "Z.db"
/* gridwatch-YYYYMMDDTHHMMSSZ.db */
#define NAME_LENGTH (strlen (NAME_PREFIX) + 15 + strlen (NAME_SUFFIX))

/* @what (taken), then what the system said of @saved_errno. */
static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 char        *what)
{
  g_autofree char *owned = what;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", owned, g_strerror (saved_errno));
  return FALSE;
}

static void
remove_temporary (const char *path)
{
  static const char * const sidecars[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
    {
      g_autofree char *name = g_strconcat (path, sidecars[i], NULL);
      g_unlink (name);
    }
}

/* The target must not be the database or one of its files: renaming a
 * copy over them would lose whatever the server wrote since. */
static gboolean
check_target (const char  *db_path,
              const char  *file,
              GError     **error)
{
  static const char * const sidecars[] = { "", "-wal", "-shm", "-journal" };
  GStatBuf target, db;

  if (g_stat (file, &target) != 0)
    return TRUE;
  if (S_ISDIR (target.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s is a folder; give a file name"), file);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
    {
      g_autofree char *name = g_strconcat (db_path, sidecars[i], NULL);

      if (g_stat (name, &db) == 0 && db.st_dev == target.st_dev && db.st_ino == target.st_ino)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("%s is the database itself; back it up to another file"), file);
          return FALSE;
        }
    }
  return TRUE;
}

/* An empty file, 0600 whatever the umask, for SQLite to copy into. */
static char *
make_temporary (const char  *file,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *base = g_path_get_basename (file);
  g_autofree char *path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd = -1;
  int saved;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved = errno;
      set_errno_error (error, saved, g_strdup_printf (_("Cannot create the folder %s"), dir));
      return NULL;
    }
  if ((fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600)) < 0 || fchmod (fd, 0600) != 0)
    {
      saved = errno;
      set_errno_error (error, saved, g_strdup_printf (_("Cannot create a private file in %s"), dir));
      if (fd >= 0)
        {
          close (fd);
          g_unlink (path);
        }
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&path);
}

static gboolean
sync_path (const char  *path,
           int          flags,
           GError     **error)
{
  int fd = open (path, flags | O_CLOEXEC);
  int saved;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      return set_errno_error (error, saved, g_strdup_printf (_("Cannot write %s to disk"), path));
    }
  close (fd);
  return TRUE;
}

/* Backs @db_path up to @file, replacing it only with a checked copy. */
gboolean
gw_townd_backup_write (const char        *db_path,
                       const char        *file,
                       GCancellable      *cancellable,
                       GwStoreCopyCheck  *check,
                       GError           **error)
{
  g_autofree char *temporary = NULL;
  g_autofree char *dir = g_path_get_dirname (file);

  g_return_val_if_fail (db_path != NULL && file != NULL, FALSE);

  if (!check_target (db_path, file, error) ||
      !(temporary = make_temporary (file, error)))
    return FALSE;

  if (!gw_store_backup (db_path, temporary, cancellable, error) ||
      !gw_store_check_copy (temporary, check, cancellable, error) ||
      !sync_path (temporary, O_RDONLY, error))
    {
      remove_temporary (temporary);
      return FALSE;
    }
  if (g_rename (temporary, file) != 0)
    {
      int saved = errno;

      set_errno_error (error, saved, g_strdup_printf (_("Cannot put the backup in place as %s"), file));
      remove_temporary (temporary);
      return FALSE;
    }
  /* The rename itself survives a power cut only once the folder is synced. */
  return sync_path (dir, O_RDONLY | O_DIRECTORY, error);
}

char *
gw_townd_backup_name (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, NAME_PREFIX "%Y%m%dT%H%M%S" NAME_SUFFIX);
}

/* Only names this program gives are ever pruned: never a file the
 * administrator put beside them. */
gboolean
gw_townd_backup_is_name (const char *name)
{
  const char *stamp = name + strlen (NAME_PREFIX);

  if (strlen (name) != NAME_LENGTH || !g_str_has_prefix (name, NAME_PREFIX) ||
      !g_str_has_suffix (name, NAME_SUFFIX))
    return FALSE;
  for (guint i = 0; i < 15; i++)
    if (i == 8 ? stamp[i] != 'T' : !g_ascii_isdigit (stamp[i]))
      return FALSE;
  return TRUE;
}

/* ".gridwatch-…Z.db.XXXXXX", or one of its SQLite files: a copy a killed
 * server left unfinished. Removed once a day old, so that it cannot be
 * one that another process is writing right now. */
static void
remove_if_stale (const char *dir,
                 const char *name)
{
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;

  if (name[0] != '.' || strlen (name) < 1 + NAME_LENGTH + 7 || name[1 + NAME_LENGTH] != '.')
    return;
  base = g_strndup (name + 1, NAME_LENGTH);
  path = g_build_filename (dir, name, NULL);
  if (gw_townd_backup_is_name (base) && g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      st.st_mtime < g_get_real_time () / G_USEC_PER_SEC - 24 * 3600)
    g_unlink (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Keeps the newest @keep backups in @dir (the names sort by time), and
 * clears away stale unfinished ones. */
gboolean
gw_townd_backup_prune (const char  *dir,
                       guint        keep,
                       guint       *removed,
                       GError     **error)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  *removed = 0;
  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)))
    {
      if (gw_townd_backup_is_name (name))
        g_ptr_array_add (names, g_strdup (name));
      else
        remove_if_stale (dir, name);
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      int saved;

      if (g_unlink (path) != 0)
        {
          saved = errno;
          return set_errno_error (error, saved, g_strdup_printf (_("Cannot remove the old backup %s"), path));
        }
      (*removed)++;
    }
  return TRUE;
}

/* gridwatch-townd --db DB --backup FILE, beside a running server or not. */
int
gw_townd_backup_main (const char *db_path,
                      const char *file)
{
  g_autoptr(GError) error = NULL;
  GwStoreCopyCheck check;

  if (!gw_townd_backup_write (db_path, file, NULL, &check, &error))
    {
      g_printerr (_("gridwatch-townd: cannot back up %s: %s\n"), db_path, error->message);
      return 1;
    }

  /* For scripts: what the checked copy holds. */
  g_print ("backup %s cases=%" G_GINT64_FORMAT " feed_seq=%" G_GINT64_FORMAT " audit=%" G_GINT64_FORMAT
           " integrity=ok\n", file, check.cases, check.last_seq, check.audit);
  return 0;
}
