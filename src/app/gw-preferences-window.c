/* gw-preferences-window.c: server and basemap settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-basemap.h"
#include "gw-mbtiles.h"
#include "gw-preferences-window.h"
#include "gw-server-trust.h"
#include "gw-town-client.h"

struct _GwPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow *server_row;
  AdwActionRow *ca_row;
  GtkWidget *ca_forget_button;
  AdwComboRow *basemap_row;
  AdwEntryRow *xyz_row;
  AdwActionRow *mbtiles_row;

  GSettings *settings;
  GtkNativeDialog *chooser;
  /* What the open chooser's file is for. */
  gboolean (*chooser_set_path) (GwPreferencesWindow *self, const char *path, GError **error);
};

G_DEFINE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (GwPreferencesWindow *self,
       const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
on_server_apply (GwPreferencesWindow *self,
                 AdwEntryRow         *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GwTownClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (*text != '\0' && !(client = gw_town_client_new (text, &error)))
    {
      toast (self, error->message);
      return;
    }
  g_settings_set_string (self->settings, "server-url", text);
}

static void
on_xyz_apply (GwPreferencesWindow *self,
              AdwEntryRow         *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(ShumateMapSource) source = NULL;
  g_autoptr(GError) error = NULL;

  if (!(source = gw_basemap_new (GW_BASEMAP_XYZ, text, NULL, &error)))
    {
      toast (self, error->message);
      return;
    }
  g_settings_set_string (self->settings, "basemap-xyz-url", text);
}

gboolean
gw_preferences_window_set_mbtiles (GwPreferencesWindow  *self,
                                   const char           *path,
                                   GError              **error)
{
  g_autoptr(GwMbtiles) mbtiles = NULL;

  g_return_val_if_fail (GW_IS_PREFERENCES_WINDOW (self), FALSE);

  /* Refuse a file we cannot draw here, where the user chose it. */
  if (!(mbtiles = gw_mbtiles_open (path, error)))
    return FALSE;

  g_settings_set_string (self->settings, "basemap-mbtiles-path", path);
  return TRUE;
}

/* The county's CA, pinned to the server in use (the one saved, not a
 * half-typed address). */
gboolean
gw_preferences_window_set_ca_file (GwPreferencesWindow  *self,
                                   const char           *path,
                                   GError              **error)
{
  g_autofree char *server = NULL;

  g_return_val_if_fail (GW_IS_PREFERENCES_WINDOW (self), FALSE);

  server = g_settings_get_string (self->settings, "server-url");
  return gw_server_trust_set_ca_file (self->settings, server, path, error);
}

typedef gboolean (*SetPathFunc) (GwPreferencesWindow *self, const char *path, GError **error);

static void
on_chooser_response (GwPreferencesWindow *self,
                     int                  response,
                     GtkNativeDialog     *chooser)
{
  SetPathFunc set_path = self->chooser_set_path;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      (path = g_file_get_path (file)) &&
      !set_path (self, path, &error))
    toast (self, error->message);

  g_clear_object (&self->chooser);
}

static void
choose_file (GwPreferencesWindow *self,
             const char          *title,
             const char          *accept,
             const char          *filter_name,
             const char * const  *patterns,
             SetPathFunc          set_path)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, accept, _("_Cancel"));
  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; patterns[i]; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_set_object (&self->chooser, GTK_NATIVE_DIALOG (chooser));
  self->chooser_set_path = set_path;
  g_object_unref (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_choose_mbtiles (GwPreferencesWindow *self)
{
  static const char * const patterns[] = { "*.mbtiles", NULL };

  choose_file (self, _("Choose an MBTiles File"), _("_Open"), _("MBTiles files"), patterns,
               gw_preferences_window_set_mbtiles);
}

static void
on_choose_ca (GwPreferencesWindow *self)
{
  static const char * const patterns[] = { "*.pem", "*.crt", "*.cer", NULL };

  choose_file (self, _("Choose the County’s Certificate Authority"), _("_Trust"), _("Certificates (PEM)"), patterns,
               gw_preferences_window_set_ca_file);
}

static void
on_forget_ca (GwPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!gw_preferences_window_set_ca_file (self, NULL, &error))
    toast (self, error->message);
}

static void
sync_rows (GwPreferencesWindow *self)
{
  GwBasemapKind kind = g_settings_get_enum (self->settings, "basemap");
  g_autofree char *path = g_settings_get_string (self->settings, "basemap-mbtiles-path");

  gtk_widget_set_visible (GTK_WIDGET (self->xyz_row), kind == GW_BASEMAP_XYZ);
  gtk_widget_set_visible (GTK_WIDGET (self->mbtiles_row), kind == GW_BASEMAP_MBTILES);
  adw_action_row_set_subtitle (self->mbtiles_row, *path ? path : _("No file chosen"));

  {
    g_autofree char *server = g_settings_get_string (self->settings, "server-url");
    g_autofree char *ca_file = gw_server_trust_dup_ca_file (self->settings, server);

    adw_action_row_set_subtitle (self->ca_row, ca_file ? ca_file : _("The system’s certificate authorities"));
    gtk_widget_set_visible (self->ca_forget_button, ca_file != NULL);
  }
}

static gboolean
enum_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_str_equal (nick, "xyz") ? 1 : g_str_equal (nick, "mbtiles") ? 2 : 0);
  return TRUE;
}

static GVariant *
position_to_enum (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  static const char * const nicks[] = { "none", "xyz", "mbtiles" };
  guint position = g_value_get_uint (value);

  return g_variant_new_string (nicks[MIN (position, G_N_ELEMENTS (nicks) - 1)]);
}

static void
gw_preferences_window_dispose (GObject *object)
{
  GwPreferencesWindow *self = (GwPreferencesWindow *) object;

  if (self->chooser)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (gw_preferences_window_parent_class)->dispose (object);
}

static void
gw_preferences_window_class_init (GwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, ca_forget_button);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, basemap_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, xyz_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, mbtiles_row);
  gtk_widget_class_bind_template_callback (widget_class, on_server_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_xyz_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_mbtiles);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_ca);
  gtk_widget_class_bind_template_callback (widget_class, on_forget_ca);
}

static void
gw_preferences_window_init (GwPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GwPreferencesWindow *
gw_preferences_window_new (GSettings *settings)
{
  GwPreferencesWindow *self = g_object_new (GW_TYPE_PREFERENCES_WINDOW, NULL);
  g_autofree char *server = g_settings_get_string (settings, "server-url");
  g_autofree char *xyz = g_settings_get_string (settings, "basemap-xyz-url");

  self->settings = g_object_ref (settings);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_editable_set_text (GTK_EDITABLE (self->xyz_row), xyz);
  g_settings_bind_with_mapping (settings, "basemap", self->basemap_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_position, position_to_enum, NULL, NULL);
  g_signal_connect_object (settings, "changed", G_CALLBACK (sync_rows), self, G_CONNECT_SWAPPED);
  sync_rows (self);

  return self;
}
