/* gw-mbtiles-source.c: raster tiles from an MBTiles file, for libshumate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-mbtiles-source"

#include "config.h"

#include "gw-mbtiles-source.h"

struct _GwMbtilesSource
{
  ShumateDataSource parent_instance;
  GwMbtiles *mbtiles;
};

G_DEFINE_FINAL_TYPE (GwMbtilesSource, gw_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE)

typedef struct
{
  guint x, y, zoom;
} TileRequest;

static void
read_tile_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GwMbtilesSource *self = source_object;
  TileRequest *request = task_data;
  GError *error = NULL;
  GBytes *bytes;

  /* A disk read per tile: never on the main thread. */
  bytes = gw_mbtiles_get_tile (self->mbtiles, request->zoom, request->x, request->y, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
gw_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                       int                  x,
                                       int                  y,
                                       int                  zoom_level,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  TileRequest *request = g_new (TileRequest, 1);

  g_task_set_source_tag (task, gw_mbtiles_source_get_tile_data_async);

  if (x < 0 || y < 0 || zoom_level < 0)
    {
      g_free (request);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such tile");
      return;
    }

  *request = (TileRequest) { x, y, zoom_level };
  g_task_set_task_data (task, request, g_free);
  g_task_run_in_thread (task, read_tile_in_thread);
}

static GBytes *
gw_mbtiles_source_get_tile_data_finish (ShumateDataSource  *source,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gw_mbtiles_source_finalize (GObject *object)
{
  g_clear_object (&GW_MBTILES_SOURCE (object)->mbtiles);

  G_OBJECT_CLASS (gw_mbtiles_source_parent_class)->finalize (object);
}

static void
gw_mbtiles_source_class_init (GwMbtilesSourceClass *klass)
{
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_mbtiles_source_finalize;
  source_class->get_tile_data_async = gw_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = gw_mbtiles_source_get_tile_data_finish;
}

static void
gw_mbtiles_source_init (GwMbtilesSource *self)
{
}

GwMbtilesSource *
gw_mbtiles_source_new (const char  *path,
                       GError     **error)
{
  g_autoptr(GwMbtiles) mbtiles = gw_mbtiles_open (path, error);
  GwMbtilesSource *self;

  if (mbtiles == NULL)
    return NULL;

  self = g_object_new (GW_TYPE_MBTILES_SOURCE, NULL);
  self->mbtiles = g_steal_pointer (&mbtiles);
  return self;
}

GwMbtiles *
gw_mbtiles_source_get_mbtiles (GwMbtilesSource *self)
{
  g_return_val_if_fail (GW_IS_MBTILES_SOURCE (self), NULL);
  return self->mbtiles;
}
