/* gw-mbtiles.c: a raster MBTiles file, read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-mbtiles"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <sqlite3.h>
#include <string.h>

#include "gw-error.h"
#include "gw-mbtiles.h"

struct _GwMbtiles
{
  GObject parent_instance;
  sqlite3 *db;
  char *name;
  char *format;
  char *attribution;
  guint min_zoom;
  guint max_zoom;
};

G_DEFINE_FINAL_TYPE (GwMbtiles, gw_mbtiles, G_TYPE_OBJECT)

static void
gw_mbtiles_finalize (GObject *object)
{
  GwMbtiles *self = (GwMbtiles *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->attribution, g_free);

  G_OBJECT_CLASS (gw_mbtiles_parent_class)->finalize (object);
}

static void
gw_mbtiles_class_init (GwMbtilesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_mbtiles_finalize;
}

static void
gw_mbtiles_init (GwMbtiles *self)
{
}

static char *
read_metadata (sqlite3    *db,
               const char *name)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM metadata WHERE name = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      /* Whatever bytes the file holds: the name and attribution are
       * shown, so they are made UTF-8 (found by fuzzing). */
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
        value = g_utf8_make_valid ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_bytes (stmt, 0));
    }
  sqlite3_finalize (stmt);

  return value;
}

static const char *
sniff_format (const guint8 *data,
              gsize         len)
{
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "jpg";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return "pbf";   /* gzip: in MBTiles, that is a compressed vector tile */
  return "pbf";     /* anything else is an uncompressed protobuf */
}

static gboolean
read_zoom_range (GwMbtiles *self)
{
  g_autofree char *min = read_metadata (self->db, "minzoom");
  g_autofree char *max = read_metadata (self->db, "maxzoom");
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (min && max)
    {
      self->min_zoom = MIN (g_ascii_strtoull (min, NULL, 10), 30);
      self->max_zoom = MIN (g_ascii_strtoull (max, NULL, 10), 30);
      return self->min_zoom <= self->max_zoom;
    }

  if (sqlite3_prepare_v2 (self->db, "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      self->min_zoom = CLAMP (sqlite3_column_int (stmt, 0), 0, 30);
      self->max_zoom = CLAMP (sqlite3_column_int (stmt, 1), 0, 30);
      ok = self->min_zoom <= self->max_zoom;
    }
  sqlite3_finalize (stmt);

  return ok;
}

GwMbtiles *
gw_mbtiles_open (const char  *path,
                 GError     **error)
{
  g_autoptr(GwMbtiles) self = g_object_new (GW_TYPE_MBTILES, NULL);
  g_autofree char *uri = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *display = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* Messages are shown: the file's name in UTF-8, whatever its bytes. */
  display = g_filename_display_name (path);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s does not exist"), display);
      return NULL;
    }

  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strdup_printf ("file:%s?mode=ro", escaped);
  if (sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "SELECT tile_data FROM tiles LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    {
      /* SQLite's message quotes the damaged schema (found by fuzzing). */
      g_autofree char *reason = g_utf8_make_valid (self->db ? sqlite3_errmsg (self->db) : "cannot open", -1);

      g_set_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED, _("%s is not an MBTiles file (%s)"), display, reason);
      sqlite3_finalize (stmt);
      return NULL;
    }

  self->format = read_metadata (self->db, "format");
  if (self->format == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    self->format = g_strdup (sniff_format (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0)));
  sqlite3_finalize (stmt);

  if (self->format == NULL)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("%s holds no tiles"), display);
      return NULL;
    }

  if (g_ascii_strcasecmp (self->format, "pbf") == 0 || g_ascii_strcasecmp (self->format, "mvt") == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_UNSUPPORTED,
                   _("%s holds vector tiles; Gridwatch draws raster basemaps only "
                   "(PNG, JPEG or WebP MBTiles, or an XYZ tile server)"), display);
      return NULL;
    }

  if (!read_zoom_range (self))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("%s has no valid zoom range"), display);
      return NULL;
    }

  self->name = read_metadata (self->db, "name");
  if (self->name == NULL)
    self->name = g_filename_display_basename (path);
  self->attribution = read_metadata (self->db, "attribution");

  return g_steal_pointer (&self);
}

const char *
gw_mbtiles_get_name (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);
  return self->name;
}

const char *
gw_mbtiles_get_format (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);
  return self->format;
}

const char *
gw_mbtiles_get_attribution (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);
  return self->attribution;
}

guint
gw_mbtiles_get_min_zoom (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), 0);
  return self->min_zoom;
}

guint
gw_mbtiles_get_max_zoom (GwMbtiles *self)
{
  g_return_val_if_fail (GW_IS_MBTILES (self), 0);
  return self->max_zoom;
}

GBytes *
gw_mbtiles_get_tile (GwMbtiles  *self,
                     guint       zoom,
                     guint       x,
                     guint       y,
                     GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes = NULL;
  guint64 n;

  g_return_val_if_fail (GW_IS_MBTILES (self), NULL);

  n = G_GUINT64_CONSTANT (1) << MIN (zoom, 30);
  if (zoom > 30 || x >= n || y >= n)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_NOT_FOUND, _("No tile %u/%u/%u"), zoom, x, y);
      return NULL;
    }

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_autofree char *reason = g_utf8_make_valid (sqlite3_errmsg (self->db), -1);

      g_set_error_literal (error, GW_ERROR, GW_ERROR_STORAGE, reason);
      return NULL;
    }

  /* MBTiles rows count from the south (TMS); XYZ counts from the north. */
  sqlite3_bind_int (stmt, 1, zoom);
  sqlite3_bind_int64 (stmt, 2, x);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) (n - 1 - y));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) > 0)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else
    g_set_error (error, GW_ERROR, GW_ERROR_NOT_FOUND, _("No tile %u/%u/%u"), zoom, x, y);
  sqlite3_finalize (stmt);

  return bytes;
}
