/* fuzz-mbtiles.c: a basemap file a user picked
 *
 * An MBTiles file is an SQLite database; the reader takes its format,
 * zoom range, name and attribution from the "metadata" table and tiles
 * from "tiles", either of which may be a view. Two kinds of input:
 *
 *  - a whole SQLite file (it starts with "SQLite format 3"), written to
 *    disk as it is: damaged pages, odd schemas;
 *  - anything else is the content of a well-formed file: lines
 *    "name<TAB>value" for the metadata, and after a line "--tiles",
 *    the bytes of one tile at 0/0/0. The harness builds the file, so
 *    the fuzzer reaches the reader's own logic quickly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "gw-fuzz.h"
#include "gw-mbtiles.h"

#define SQLITE_MAGIC "SQLite format 3"

static void
exec (sqlite3    *db,
      const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
}

/* One row of @sql, with ?1 bound to @text (as text, whatever its bytes)
 * and ?2, if given, to @blob. */
static void
insert (sqlite3    *db,
        const char *sql,
        GBytes     *text,
        GBytes     *blob)
{
  sqlite3_stmt *stmt = NULL;
  gsize len;
  const void *data = g_bytes_get_data (text, &len);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, len ? data : "", len, SQLITE_TRANSIENT);
  if (blob)
    {
      data = g_bytes_get_data (blob, &len);
      sqlite3_bind_blob (stmt, 2, len ? data : "", len, SQLITE_TRANSIENT);
    }
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static void
build_file (const char    *path,
            const uint8_t *data,
            size_t         size)
{
  const char *text = (const char *) data;
  const char *end = text + size;
  const char *tiles = g_strstr_len (text, size, "\n--tiles\n");
  const char *meta_end = tiles ? tiles : end;
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("cannot create %s", path);
  exec (db, "BEGIN; CREATE TABLE metadata (name TEXT, value TEXT);"
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);");
  for (const char *line = text; line < meta_end;)
    {
      const char *eol = memchr (line, '\n', meta_end - line);
      const char *tab;

      eol = eol ? eol : meta_end;
      if ((tab = memchr (line, '\t', eol - line)))
        {
          g_autoptr(GBytes) name = g_bytes_new_static (line, tab - line);
          g_autoptr(GBytes) value = g_bytes_new_static (tab + 1, eol - tab - 1);

          /* Values are text of whatever bytes, UTF-8 or not. */
          insert (db, "INSERT INTO metadata VALUES (?1, CAST(?2 AS TEXT))", name, value);
        }
      line = eol + 1;
    }
  if (tiles)
    {
      const char *start = tiles + strlen ("\n--tiles\n");
      g_autoptr(GBytes) none = g_bytes_new_static ("", 0);
      g_autoptr(GBytes) blob = g_bytes_new_static (start, end - start);

      insert (db, "INSERT INTO tiles VALUES (0, 0, 0, ?2)", none, blob);
    }
  exec (db, "COMMIT");
  sqlite3_close (db);
}

static void
read_basemap (const char *path)
{
  g_autoptr(GwMbtiles) mbtiles = NULL;
  g_autoptr(GError) error = NULL;

  if (!(mbtiles = gw_mbtiles_open (path, &error)))
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  g_assert_cmpuint (gw_mbtiles_get_min_zoom (mbtiles), <=, gw_mbtiles_get_max_zoom (mbtiles));
  g_assert_cmpuint (gw_mbtiles_get_max_zoom (mbtiles), <=, 30);
  /* Shown in the preferences and on the map: text, in UTF-8. */
  g_assert_true (g_utf8_validate (gw_mbtiles_get_name (mbtiles), -1, NULL));
  g_assert_true (g_utf8_validate (gw_mbtiles_get_format (mbtiles), -1, NULL));
  g_assert_true (gw_mbtiles_get_attribution (mbtiles) == NULL ||
                 g_utf8_validate (gw_mbtiles_get_attribution (mbtiles), -1, NULL));

  /* The map asks for tiles at every zoom of the range and beyond. */
  for (guint z = gw_mbtiles_get_min_zoom (mbtiles); z <= MIN (gw_mbtiles_get_max_zoom (mbtiles) + 1, 31); z++)
    {
      g_autoptr(GBytes) tile = gw_mbtiles_get_tile (mbtiles, z, 0, 0, NULL);

      g_assert_true (tile == NULL || g_bytes_get_size (tile) > 0);
      g_assert_null (gw_mbtiles_get_tile (mbtiles, z, G_MAXUINT, G_MAXUINT, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("gw-fuzz-XXXXXX.mbtiles", &path, &error);

  if (fd < 0)
    g_error ("%s", error->message);
  close (fd);
  g_unlink (path);
  if (size >= strlen (SQLITE_MAGIC) && memcmp (data, SQLITE_MAGIC, strlen (SQLITE_MAGIC)) == 0)
    {
      if (!g_file_set_contents (path, (const char *) data, size, &error))
        g_error ("%s", error->message);
    }
  else
    build_file (path, data, size);

  read_basemap (path);

  /* Nothing is left behind: the file, and whatever SQLite made beside it. */
  for (guint i = 0; i < 4; i++)
    {
      static const char *suffixes[] = { "", "-journal", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  return 0;
}
