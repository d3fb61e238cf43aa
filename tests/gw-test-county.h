/* gw-test-county.h: a county moving in, for the import tests: its
 * folder and database, files written in its encodings, and --import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-test-util.h"

G_BEGIN_DECLS

#define GW_TEST_BOM "\xef\xbb\xbf"

typedef struct
{
  char *db;
  char *dir;
} GwTestCounty;

void        gw_test_county_clear     (GwTestCounty  *county);
/* The fixture's grids, two departments (cgj, hbj) and three categories
 * (0101, 0201, 0301) imported into a new database. */
void        gw_test_county_init      (GwTestCounty  *county);
/* The file, in GBK when @gbk; its path. */
char       *gw_test_county_write     (GwTestCounty  *county,
                                      const char    *name,
                                      const char    *text,
                                      gboolean       gbk);
/* --import KIND PATH [EXTRA]: the exit status and what it printed. */
int         gw_test_county_import    (GwTestCounty  *county,
                                      const char    *kind,
                                      const char    *path,
                                      char         **out,
                                      char         **err,
                                      const char    *extra);
/* An import that succeeds and prints @counts. */
void        gw_test_county_import_ok (GwTestCounty  *county,
                                      const char    *kind,
                                      const char    *path,
                                      const char    *counts);
/* A collection's items (@keep holds the answer); a member's text. */
JsonArray  *gw_test_get_items        (GwTestServer  *server,
                                      const char    *collection,
                                      JsonNode     **keep);
const char *gw_test_item_member      (JsonArray     *items,
                                      guint          index,
                                      const char    *name);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwTestCounty, gw_test_county_clear)

G_END_DECLS
