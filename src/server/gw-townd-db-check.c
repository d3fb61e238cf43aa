/* gw-townd-db-check.c: the server's database is no one else's to read
 *
 * A database made by an older gridwatch-townd, or copied in by hand, may
 * be readable by every local user: it holds token hashes, workers' phone
 * numbers and every case. The server will not serve from it so, unless
 * told.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-private-file.h"
#include "gw-townd-db-check.h"

/* With @refuse FALSE (a one-shot command: revoking a token must work
 * even then, or --allow-readable-db) it only warns. */
gboolean
gw_townd_check_db_private (const char *path,
                           gboolean    refuse)
{
  g_autoptr(GError) error = NULL;

  if (gw_private_file_check (path, &error))
    return TRUE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    {
      g_printerr ("gridwatch-townd: %s\n", error->message);
      return FALSE;
    }
  if (!refuse)
    {
      g_printerr (_("gridwatch-townd: warning: %s; make it private with “chmod 600 %s”\n"), error->message, path);
      return TRUE;
    }

  g_printerr (_("gridwatch-townd: %s: it holds token hashes, phone numbers and every case.\n"
                "Make it private with “chmod 600 %s”, or start with --allow-readable-db.\n"),
              error->message, path);
  return FALSE;
}
