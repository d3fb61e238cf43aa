/* gw-private-file.c: files only their owner may read
 *
 * A database holds token hashes, workers' phone numbers and every case:
 * it is created 0600 in a 0700 folder, whatever the umask says. SQLite
 * creates a database 0644 less the umask, but gives its -wal, -shm and
 * -journal the database's own mode; so the database is made here, empty,
 * before SQLite opens it, and companions left by an older, looser run are
 * brought down to the database's mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-private-file"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw-private-file.h"

#define PRIVATE_FILE_MODE 0600
#define PRIVATE_DIR_MODE 0700
#define OTHERS_MASK 0077

static gboolean
set_errno_error (GError     **error,
                 int          saved,
                 const char  *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", what, g_strerror (saved));
  return FALSE;
}

static gboolean
make_private_dir (const char  *dir,
                  GError     **error)
{
  g_autofree char *what = NULL;
  int saved;

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;   /* the admin's own folder keeps the mode they gave it */
  if (g_mkdir_with_parents (dir, PRIVATE_DIR_MODE) != 0)
    {
      saved = errno;
      what = g_strdup_printf (_("Cannot create the folder %s"), dir);
      return set_errno_error (error, saved, what);
    }
  /* mkdir's mode passed through the umask; this one does not. */
  if (g_chmod (dir, PRIVATE_DIR_MODE) != 0)
    {
      saved = errno;
      what = g_strdup_printf (_("Cannot make the folder %s private"), dir);
      return set_errno_error (error, saved, what);
    }
  return TRUE;
}

/* Creates @path empty, 0600, unless it exists; and its folder, 0700. */
gboolean
gw_private_file_create (const char  *path,
                        GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *what = NULL;
  int fd, saved;

  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (!make_private_dir (dir, error))
    return FALSE;

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, PRIVATE_FILE_MODE);
  if (fd < 0)
    {
      saved = errno;
      if (saved == EEXIST)
        return TRUE;
      what = g_strdup_printf (_("Cannot create %s"), path);
      return set_errno_error (error, saved, what);
    }
  if (fchmod (fd, PRIVATE_FILE_MODE) != 0)
    {
      saved = errno;
      close (fd);
      what = g_strdup_printf (_("Cannot make %s private"), path);
      return set_errno_error (error, saved, what);
    }
  close (fd);
  return TRUE;
}

/* The -wal, -shm and -journal beside a database may read no wider than
 * the database itself. */
void
gw_private_file_tighten_companions (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };
  struct stat db;

  g_return_if_fail (path != NULL);

  if (g_stat (path, &db) != 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, suffixes[i], NULL);
      struct stat st;

      if (g_lstat (companion, &st) != 0 || !S_ISREG (st.st_mode) || (st.st_mode & ~db.st_mode & 0777) == 0)
        continue;
      if (g_chmod (companion, st.st_mode & db.st_mode & 0777) != 0)
        g_warning ("Cannot make %s private: %s", companion, g_strerror (errno));
    }
}

/* Fails if other users may read or write @path (a missing file is fine:
 * it will be created private). */
gboolean
gw_private_file_check (const char  *path,
                       GError     **error)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_autofree char *what = NULL;

      if (saved == ENOENT)
        return TRUE;
      what = g_strdup_printf (_("Cannot read %s"), path);
      return set_errno_error (error, saved, what);
    }
  if ((st.st_mode & OTHERS_MASK) == 0)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               _("Other users can read or change %s (mode %04o)"), path, (guint) (st.st_mode & 0777));
  return FALSE;
}
