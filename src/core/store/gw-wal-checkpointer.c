/* gw-wal-checkpointer.c: a database's WAL copied back by a thread of its own
 *
 * SQLite copies the WAL back into the database (a checkpoint) inside the
 * commit that takes it past a thousand pages, on the committing thread,
 * and with synchronous=NORMAL that checkpoint waits for the disk twice.
 * The town server's requests and the app's feed writes commit a few
 * pages each, many times a second: every second or so one of them paid
 * for a checkpoint, and on a virtual disk a flush can take tens of
 * milliseconds. At 500 new cases a second that was the town server's
 * slowest answers and the reporters' posts piling up behind them (bench
 * sync's live-latency: post_p99_ms, post_late_p99_ms).
 *
 * Here the writer's commits only count the WAL's pages (SQLite's WAL
 * hook, which replaces its own automatic checkpoints); past the same
 * thousand, a thread of this checkpointer's own, on a connection of its
 * own, runs the checkpoint that SQLite would have run (PASSIVE: it waits
 * for no reader and no writer), while the writer goes on committing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-wal-checkpointer"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "gw-wal-checkpointer.h"

/* SQLite's own default, in WAL pages. */
#define CHECKPOINT_PAGES 1000
/* Some 40 MB of WAL at 4 kB a page. */
#define MAX_PAGES (10 * CHECKPOINT_PAGES)

struct _GwWalCheckpointer
{
  sqlite3 *writer;          /* not ours */
  sqlite3 *db;              /* ours, for the thread */
  GThread *thread;
  GMutex lock;
  GCond wake;
  gboolean wanted;
  gboolean stopping;
  guint n_done;
};

static gpointer
checkpoint_in_thread (gpointer data)
{
  GwWalCheckpointer *self = data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      int rc;

      while (!self->wanted && !self->stopping)
        g_cond_wait (&self->wake, &self->lock);
      if (self->stopping)
        break;
      self->wanted = FALSE;
      g_mutex_unlock (&self->lock);

      rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      /* Busy: another checkpoint ran; the next commits ask again. */
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        g_warning ("Cannot copy the write-ahead log into the database: %s", sqlite3_errmsg (self->db));

      g_mutex_lock (&self->lock);
      self->n_done++;
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* On the committing thread, inside its commit: never waits, unless the
 * WAL has grown far past the bound. A checkpoint that runs beside the
 * commits leaves those made meanwhile to the next one, and the WAL only
 * starts again from its beginning after one that copied everything; a
 * writer that never pauses would grow it without end. There the commit
 * checkpoints itself, as SQLite's own would have. */
static int
on_wal_commit (gpointer    data,
               sqlite3    *db,
               const char *name,
               int         pages)
{
  if (pages >= MAX_PAGES)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (pages >= CHECKPOINT_PAGES)
    gw_wal_checkpointer_request (data);
  return SQLITE_OK;
}

/* A checkpointer for the database at @path, whose commits through
 * @writer it counts from now on (gw_wal_checkpointer_attach). */
GwWalCheckpointer *
gw_wal_checkpointer_new (const char  *path,
                         sqlite3     *writer,
                         GError     **error)
{
  g_autoptr(GwWalCheckpointer) self = g_new0 (GwWalCheckpointer, 1);

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (writer != NULL, NULL);

  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", _("Cannot open the database"),
                   sqlite3_errmsg (self->db));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  self->writer = writer;
  self->thread = g_thread_new ("gw-wal-checkpoint", checkpoint_in_thread, self);
  gw_wal_checkpointer_attach (self);
  return g_steal_pointer (&self);
}

/* Counts the writer's commits again: PRAGMA wal_autocheckpoint, on that
 * connection, hands them back to SQLite's own checkpoints. */
void
gw_wal_checkpointer_attach (GwWalCheckpointer *self)
{
  g_return_if_fail (self != NULL);
  sqlite3_wal_hook (self->writer, on_wal_commit, self);
}

/* A checkpoint soon, on the checkpointer's thread. */
void
gw_wal_checkpointer_request (GwWalCheckpointer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->wanted = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
}

/* The checkpoints run so far, for the tests. */
guint
gw_wal_checkpointer_get_n_done (GwWalCheckpointer *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  n = self->n_done;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Before the writer closes: a checkpoint under way is finished. */
void
gw_wal_checkpointer_free (GwWalCheckpointer *self)
{
  if (self == NULL)
    return;
  if (self->writer != NULL)
    sqlite3_wal_hook (self->writer, NULL, NULL);
  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->stopping = TRUE;
      g_cond_signal (&self->wake);
      g_mutex_unlock (&self->lock);
      g_thread_join (self->thread);
    }
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  g_free (self);
}
