/* gw-case-photo.c: one photo of a case, loaded in the background
 *
 * A frame of fixed size holds the place at once, so the panel does not
 * jump; the photo comes from the cache or the server (GwMedia) and is
 * decoded in a thread, then fills the frame. A photo that cannot come
 * says why in its tooltip. A click opens it large.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-photo"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-case-photo.h"
#include "gw-media.h"

#define THUMB_WIDTH 160
#define THUMB_HEIGHT 120

struct _GwCasePhoto
{
  GtkWidget parent_instance;
  GtkWidget *button;
  GtkWidget *stack;
  GtkWidget *picture;
  GtkWidget *failed;
  GCancellable *cancellable;
  GdkTexture *texture;
  GwCasePhotoState state;
};

G_DEFINE_FINAL_TYPE (GwCasePhoto, gw_case_photo, GTK_TYPE_WIDGET)

static void
fail (GwCasePhoto *self,
      const char  *why)
{
  self->state = GW_CASE_PHOTO_FAILED;
  gtk_widget_set_tooltip_text (self->failed, why);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->failed);
}

static void
decode_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (task_data, &error);

  if (texture)
    g_task_return_pointer (task, texture, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
on_decoded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwCasePhoto) self = user_data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("The photo cannot be read: %s"), error->message);

      fail (self, why);
      return;
    }
  self->texture = texture;
  self->state = GW_CASE_PHOTO_SHOWN;
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->picture);
  gtk_widget_set_sensitive (self->button, TRUE);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwCasePhoto) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = gw_media_fetch_finish (result, &error);
  g_autoptr(GTask) decode = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (data == NULL)
    {
      fail (self, error->message);
      return;
    }
  decode = g_task_new (NULL, self->cancellable, on_decoded, g_object_ref (self));
  g_task_set_task_data (decode, g_bytes_ref (data), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (decode, decode_in_thread);
}

static void
on_clicked (GwCasePhoto *self)
{
  GtkWidget *window, *picture;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->texture == NULL)
    return;
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (self->texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Photo"));
  gtk_window_set_default_size (GTK_WINDOW (window),
                               MIN (gdk_texture_get_width (self->texture), 1280),
                               MIN (gdk_texture_get_height (self->texture), 900));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
    gtk_widget_set_vexpand (picture, TRUE);
    gtk_box_append (GTK_BOX (box), picture);
    adw_window_set_content (ADW_WINDOW (window), box);
  }
  gtk_window_present (GTK_WINDOW (window));
}

static void
gw_case_photo_dispose (GObject *object)
{
  GwCasePhoto *self = (GwCasePhoto *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_case_photo_parent_class)->dispose (object);
}

static void
gw_case_photo_class_init (GwCasePhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_photo_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-case-photo");
}

static void
gw_case_photo_init (GwCasePhoto *self)
{
  GtkWidget *loading = gtk_spinner_new ();

  self->cancellable = g_cancellable_new ();
  self->button = gtk_button_new ();
  gtk_widget_add_css_class (self->button, "card");
  gtk_widget_set_tooltip_text (self->button, _("Open the photo"));
  gtk_widget_set_sensitive (self->button, FALSE);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (on_clicked), self);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  self->stack = gtk_stack_new ();
  gtk_widget_set_size_request (self->stack, THUMB_WIDTH, THUMB_HEIGHT);
  gtk_spinner_start (GTK_SPINNER (loading));
  gtk_widget_set_halign (loading, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);
  gtk_stack_add_child (GTK_STACK (self->stack), loading);
  self->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_stack_add_child (GTK_STACK (self->stack), self->picture);
  self->failed = gtk_image_new_from_icon_name ("image-missing-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (self->failed), 32);
  gtk_widget_add_css_class (self->failed, "dim-label");
  gtk_stack_add_child (GTK_STACK (self->stack), self->failed);
  gtk_button_set_child (GTK_BUTTON (self->button), self->stack);
}

GtkWidget *
gw_case_photo_new (GwTownClient *client,
                   GwStore      *store,
                   const char   *url)
{
  GwCasePhoto *self = g_object_new (GW_TYPE_CASE_PHOTO, NULL);

  g_return_val_if_fail (GW_IS_STORE (store), GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Photo"), -1);
  gw_media_fetch_async (client, store, url, self->cancellable, on_fetched, g_object_ref (self));
  return GTK_WIDGET (self);
}

GwCasePhotoState
gw_case_photo_get_state (GwCasePhoto *self)
{
  g_return_val_if_fail (GW_IS_CASE_PHOTO (self), GW_CASE_PHOTO_FAILED);
  return self->state;
}
