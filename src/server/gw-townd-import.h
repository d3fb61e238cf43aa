/* gw-townd-import.h: gridwatch-townd --import KIND FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *kind;
  const char *path;
  const char *sheet;       /* the workbook's sheet; NULL: the first */
  gboolean dry_run;        /* check and say what would change, write nothing */
  gboolean replace;        /* remove what the file leaves out */
} GwTowndImport;

/* The exit status: 0 imported (or checked), 1 refused, 2 a wrong kind. */
int gw_townd_import (GwStore             *store,
                     const GwTowndImport *options);

/* The rows of a .csv or .xlsx file, and what it was ("CSV, GB18030"). */
GPtrArray *gw_townd_import_read_file (const char  *path,
                                      const char  *sheet,
                                      char       **described,
                                      GError     **error);

G_END_DECLS
