/* gw-new-case-photos.c: the photos a caller sent, chosen from files and
 * queued with the report
 *
 * When the case is reported each file is read without blocking the
 * window and checked to be a PNG or JPEG of at most 8 MB, as the server
 * will check it; the photos then wait in the outbox with the report, so
 * a call taken offline keeps its photos, and the outbox uploads them
 * just before the report (which names them by their address).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-new-case-photos"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-field.h"
#include "gw-new-case-photos.h"
#include "gw-photo.h"
#include "gw-store-outbox.h"

struct _GwNewCasePhotos
{
  GObject parent_instance;

  GPtrArray *files;       /* of GFile */
};

G_DEFINE_FINAL_TYPE (GwNewCasePhotos, gw_new_case_photos, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
gw_new_case_photos_add_file (GwNewCasePhotos *self,
                             GFile           *file)
{
  g_return_if_fail (GW_IS_NEW_CASE_PHOTOS (self));

  if (self->files->len >= GW_FIELD_MAX_MEDIA)
    return;
  g_ptr_array_add (self->files, g_object_ref (file));
  g_signal_emit (self, signals[CHANGED], 0);
}

void
gw_new_case_photos_clear (GwNewCasePhotos *self)
{
  g_return_if_fail (GW_IS_NEW_CASE_PHOTOS (self));

  g_ptr_array_set_size (self->files, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
gw_new_case_photos_get_n_files (GwNewCasePhotos *self)
{
  g_return_val_if_fail (GW_IS_NEW_CASE_PHOTOS (self), 0);
  return self->files->len;
}

char *
gw_new_case_photos_describe (GwNewCasePhotos *self)
{
  g_autoptr(GString) names = g_string_new (NULL);

  g_return_val_if_fail (GW_IS_NEW_CASE_PHOTOS (self), NULL);

  if (self->files->len == 0)
    return g_strdup (_("None: PNG or JPEG files, sent with the report"));
  for (guint i = 0; i < self->files->len; i++)
    {
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (self->files, i));

      g_string_append_printf (names, "%s%s", i ? ", " : "", name);
    }
  return g_strdup_printf (g_dngettext (NULL, "%u photo: %s", "%u photos: %s", self->files->len),
                          self->files->len, names->str);
}

static void
on_chosen (GtkNativeDialog *chooser,
           int              response,
           GwNewCasePhotos *self)
{
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          gw_new_case_photos_add_file (self, file);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

/* GtkFileDialog is GTK 4.10; 4.8 has the native chooser (a portal when
 * sandboxed). */
void
gw_new_case_photos_choose (GwNewCasePhotos *self,
                           GtkWindow       *parent)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();

  g_return_if_fail (GW_IS_NEW_CASE_PHOTOS (self));

  chooser = gtk_file_chooser_native_new (_("Add Photos"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (images, _("Photos (PNG, JPEG)"));
  gtk_file_filter_add_mime_type (images, "image/png");
  gtk_file_filter_add_mime_type (images, "image/jpeg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- reading, one photo after the other ---- */

static void read_next (GTask *task);

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GPtrArray *photos = g_task_get_task_data (task);
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  const char *type;

  if (!(bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_bytes_get_size (bytes) > GW_MEDIA_MAX_BYTES || !(type = gw_media_sniff (bytes)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("%s is not a PNG or JPEG photo of at most 8 MB"), name);
      return;
    }
  g_ptr_array_add (photos, gw_outbox_photo_new (type, bytes));
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  GwNewCasePhotos *self = g_task_get_source_object (task);
  GPtrArray *photos = g_task_get_task_data (task);

  if (photos->len == self->files->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (photos), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  g_file_load_bytes_async (g_ptr_array_index (self->files, photos->len), g_task_get_cancellable (task),
                           on_loaded, task);
}

void
gw_new_case_photos_read_async (GwNewCasePhotos     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GW_IS_NEW_CASE_PHOTOS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_new_case_photos_read_async);
  g_task_set_task_data (task, g_ptr_array_new_with_free_func ((GDestroyNotify) gw_outbox_photo_free),
                        (GDestroyNotify) g_ptr_array_unref);
  read_next (task);
}

GPtrArray *
gw_new_case_photos_read_finish (GwNewCasePhotos  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gw_new_case_photos_finalize (GObject *object)
{
  GwNewCasePhotos *self = GW_NEW_CASE_PHOTOS (object);

  g_ptr_array_unref (self->files);
  G_OBJECT_CLASS (gw_new_case_photos_parent_class)->finalize (object);
}

static void
gw_new_case_photos_class_init (GwNewCasePhotosClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_new_case_photos_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
gw_new_case_photos_init (GwNewCasePhotos *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
}

GwNewCasePhotos *
gw_new_case_photos_new (void)
{
  return g_object_new (GW_TYPE_NEW_CASE_PHOTOS, NULL);
}
