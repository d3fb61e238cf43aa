/* gw-application.c: the Gridwatch application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-application"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-application.h"
#include "gw-certificate.h"
#include "gw-preferences-window.h"
#include "gw-server-trust.h"
#include "gw-token-file.h"
#include "gw-token-store.h"
#include "gw-window.h"
#include "gw-cache-schema.h"

struct _GwApplication
{
  AdwApplication parent_instance;
  GSettings *settings;
  char *data_dir;
  char *server_override;
  char *token_override;
  char *ca_file_override;       /* --ca-file, for the server in use */
  /* The token in memory, for the server it belongs to: the keyring is
   * read once per server, and never waited for. */
  char *token;
  char *token_url;
  GCancellable *lookup;         /* the current session's token lookup */
  GwStore *store;
  char *store_error;
  GwCaseSnapshotEarly *early_read;  /* its cases, for the first window */
  GwSession *session;
  gboolean wall;                /* --wall: the first window is a wall screen */
};

G_DEFINE_FINAL_TYPE (GwApplication, gw_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GwApplication *
gw_application_new (GApplicationFlags flags)
{
  return g_object_new (GW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", "/org/gridwatch/Gridwatch",
                       NULL);
}

void
gw_application_set_start_as_wall (GwApplication *self,
                                  gboolean       wall)
{
  g_return_if_fail (GW_IS_APPLICATION (self));
  self->wall = wall;
}

void
gw_application_configure (GwApplication *self,
                          const char    *server_url,
                          const char    *token,
                          const char    *data_dir)
{
  g_return_if_fail (GW_IS_APPLICATION (self));

  g_free (self->server_override);
  self->server_override = g_strdup (server_url);
  g_free (self->token_override);
  self->token_override = g_strdup (token);
  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
}

GSettings *
gw_application_get_settings (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->settings;
}

const char *
gw_application_get_store_error (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->store_error;
}

/* The read of the cache's cases begun at startup, for the first window
 * to take over; NULL once taken. */
GwCaseSnapshotEarly *
gw_application_take_early_read (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return g_steal_pointer (&self->early_read);
}

static void
open_store (GwApplication *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->data_dir == NULL)
    self->data_dir = g_build_filename (g_get_user_data_dir (), "gridwatch", NULL);
  path = g_build_filename (self->data_dir, "cache.sqlite", NULL);

  if (!(self->store = gw_cache_open (path, &error)))
    {
      /* Without its cache the app still shows what the server sends; the
       * window tells the user why nothing will be kept. */
      g_warning ("%s", error->message);
      self->store_error = g_strdup (error->message);
      self->store = gw_cache_open (":memory:", NULL);
    }
  /* From here on the window only reads and writes the cache in threads. */
  gw_store_forbid_thread (self->store, g_thread_self ());
}

static void
remember_token (GwApplication *self,
                const char    *server_url,
                const char    *token)
{
  g_clear_pointer (&self->token, g_free);
  g_free (self->token_url);
  self->token = g_strdup (token);
  self->token_url = g_strdup (server_url);
}

static void
on_token_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gw_token_store_save_finish (result, &error))
    g_warning ("Cannot keep the token: %s", error->message);
}

/* The session starts once its token is known; the window shows it
 * connecting meanwhile. */
static void
on_token_looked_up (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GwApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gw_token_store_lookup_finish (result, &error);
  GwTownClient *client;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session == NULL)
    return;
  if (error)
    g_warning ("Cannot read the token: %s", error->message);

  client = gw_session_get_client (self->session);
  remember_token (self, gw_town_client_get_base_url (client), token);
  gw_town_client_set_token (client, token);
  gw_session_start (self->session);
}

/* The cache changed before a window took the read begun at startup: the
 * window reads it again itself. */
static void
drop_early_read (GwApplication *self)
{
  g_clear_pointer (&self->early_read, gw_case_snapshot_early_free);
}

static void
replace_session (GwApplication *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autoptr(GwTownClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session)
    gw_session_stop (self->session);
  g_clear_object (&self->session);
  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);

  if (*url != '\0' && !(client = gw_town_client_new (url, &error)))
    g_warning ("%s", error->message);
  if (client != NULL)
    gw_server_trust_apply (self->settings, client);

  self->session = gw_session_new (self->store, client);
  gw_store_forbid_thread (gw_session_get_reader (self->session), g_thread_self ());
  g_signal_connect_object (self->session, "cases-changed", G_CALLBACK (drop_early_read), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "cases-reset", G_CALLBACK (drop_early_read), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  if (client != NULL && g_strcmp0 (self->token_url, gw_town_client_get_base_url (client)) != 0)
    {
      self->lookup = g_cancellable_new ();
      gw_token_store_lookup_async (gw_town_client_get_base_url (client), self->data_dir, self->lookup,
                                   on_token_looked_up, g_object_ref (self));
      return;
    }
  if (client != NULL)
    gw_town_client_set_token (client, self->token);
  gw_session_start (self->session);
}

/* Keeps @token for @server_url (in the keyring, in the background) and
 * connects with it at once. */
gboolean
gw_application_connect (GwApplication  *self,
                        const char     *server_url,
                        const char     *token,
                        GError        **error)
{
  g_autoptr(GwTownClient) client = NULL;
  g_autofree char *current = NULL;
  const char *url;

  g_return_val_if_fail (GW_IS_APPLICATION (self), FALSE);

  if (!(client = gw_town_client_new (server_url, error)))
    return FALSE;
  url = gw_town_client_get_base_url (client);
  remember_token (self, url, token);
  gw_token_store_save_async (url, token, self->data_dir, NULL, on_token_saved, NULL);

  /* A new address starts a new session by itself; the same one with a new
   * token needs telling. */
  current = g_settings_get_string (self->settings, "server-url");
  if (g_strcmp0 (current, url) == 0)
    replace_session (self);
  else
    g_settings_set_string (self->settings, "server-url", url);
  return TRUE;
}

GwSession *
gw_application_get_session (GwApplication *self)
{
  g_return_val_if_fail (GW_IS_APPLICATION (self), NULL);
  return self->session;
}

static gint
gw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  GwApplication *self = GW_APPLICATION (app);
  const char *server = NULL;
  const char *token = NULL;
  const char *token_file = NULL;
  const char *ca_file = NULL;
  const char *data_dir = NULL;
  g_autofree char *read_token = NULL;
  g_autoptr(GTlsDatabase) authority = NULL;
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("gridwatch %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "server", "&s", &server);
  g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir);
  g_variant_dict_lookup (options, "token", "&s", &token);
  g_variant_dict_lookup (options, "token-file", "^&ay", &token_file);
  g_variant_dict_lookup (options, "ca-file", "^&ay", &ca_file);
  gw_application_set_start_as_wall (self, g_variant_dict_contains (options, "wall"));

  if (token && token_file)
    {
      g_printerr (_("gridwatch: give --token or --token-file, not both\n"));
      return 2;
    }
  if (token)
    g_printerr (_("gridwatch: warning: a token given with --token can be read by every user of this computer "
                  "in the list of processes; use --token-file FILE, or --token-file - for standard input\n"));
  if (token_file && !(read_token = gw_token_file_read (token_file, &error)))
    {
      g_printerr ("gridwatch: %s\n", error->message);
      return 1;
    }
  /* Refused here, where the user typed it, not later in a banner. */
  if (ca_file && !(authority = gw_certificate_load_authority (ca_file, &error)))
    {
      g_printerr ("gridwatch: %s\n", error->message);
      return 1;
    }

  gw_application_configure (self, server, read_token ? read_token : token, data_dir);
  g_free (self->ca_file_override);
  self->ca_file_override = ca_file ? g_canonicalize_filename (ca_file, NULL) : NULL;

  return -1;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GwPreferencesWindow *prefs = gw_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GwApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Gridwatch developers"), NULL };

  adw_show_about_window (parent,
                         "application-name", _("Gridwatch"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Command center for grid-based governance: the county's grids, live cases and their handling."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
show_case_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* From a notification: bring the window up on the case. */
  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (user_data));
      window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
    }
  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-case", "s", g_variant_get_string (param, NULL));
}

static const GActionEntry app_actions[] = {
  { "show-case", show_case_action, "s" },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
gw_application_startup (GApplication *app)
{
  GwApplication *self = GW_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.refresh", { "F5", "<Control>r", NULL } },
    { "win.new-case", { "<Control>n", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.toggle-sidebar", { "F9", NULL } },
    { "win.fit", { "<Control>0", NULL } },
    { "win.find-case", { "<Control>j", NULL } },
    { "win.show-page('map')", { "<Control>1", NULL } },
    { "win.show-page('queue')", { "<Control>2", NULL } },
    { "win.show-page('escalations')", { "<Control>3", NULL } },
    { "win.show-page('inspections')", { "<Control>4", NULL } },
    { "win.show-page('review')", { "<Control>5", NULL } },
    { "win.wall", { "F11", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  /* The cache before GTK: reading its cases takes longer than GTK's
   * start and the window's together, and runs beside them on another core. */
  open_store (self);
  self->early_read = gw_case_snapshot_start (self->store);

  G_APPLICATION_CLASS (gw_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  /* A server named on the command line becomes the one to use from now on,
   * and its token is kept for it. */
  if (self->server_override != NULL)
    g_settings_set_string (self->settings, "server-url", self->server_override);
  if (self->ca_file_override != NULL)
    {
      g_autofree char *url = g_settings_get_string (self->settings, "server-url");
      g_autoptr(GError) error = NULL;

      if (!gw_server_trust_set_ca_file (self->settings, url, self->ca_file_override, &error))
        g_printerr ("gridwatch: %s\n", error->message);
    }
  if (self->token_override != NULL)
    {
      g_autofree char *url = g_settings_get_string (self->settings, "server-url");
      g_autoptr(GwTownClient) client = *url ? gw_town_client_new (url, NULL) : NULL;

      if (client)
        {
          remember_token (self, gw_town_client_get_base_url (client), self->token_override);
          gw_token_store_save_async (self->token_url, self->token, self->data_dir, NULL, on_token_saved, NULL);
        }
    }

  replace_session (self);
  g_signal_connect_swapped (self->settings, "changed::server-url", G_CALLBACK (replace_session), self);
  /* A CA trusted or a yes to plain http:// counts from the next request. */
  g_signal_connect_swapped (self->settings, "changed::certificate-authorities", G_CALLBACK (replace_session), self);
  g_signal_connect_swapped (self->settings, "changed::plain-http-servers", G_CALLBACK (replace_session), self);
}

static void
gw_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (gw_window_new (ADW_APPLICATION (app)));
      if (GW_APPLICATION (app)->wall)
        g_action_group_change_action_state (G_ACTION_GROUP (window), "wall", g_variant_new_boolean (TRUE));
    }

  gtk_window_present (window);
}

static void
gw_application_shutdown (GApplication *app)
{
  GwApplication *self = GW_APPLICATION (app);

  if (self->session)
    gw_session_stop (self->session);
  g_cancellable_cancel (self->lookup);
  drop_early_read (self);

  G_APPLICATION_CLASS (gw_application_parent_class)->shutdown (app);
}

static void
gw_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, GW_APPLICATION (object)->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_application_finalize (GObject *object)
{
  GwApplication *self = (GwApplication *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->server_override, g_free);
  g_clear_pointer (&self->token_override, g_free);
  g_clear_pointer (&self->ca_file_override, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->token_url, g_free);
  g_clear_object (&self->lookup);
  g_clear_pointer (&self->store_error, g_free);

  G_OBJECT_CLASS (gw_application_parent_class)->finalize (object);
}

static void
gw_application_class_init (GwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = gw_application_finalize;
  object_class->get_property = gw_application_get_property;
  app_class->handle_local_options = gw_application_handle_local_options;
  app_class->startup = gw_application_startup;
  app_class->activate = gw_application_activate;
  app_class->shutdown = gw_application_shutdown;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GW_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_application_init (GwApplication *self)
{
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL, N_("Town server to use, such as http://127.0.0.1:8390"), N_("URL") },
    { "token", 't', 0, G_OPTION_ARG_STRING, NULL, N_("Access token for the town server (kept in the keyring; other users can see it in the process list: prefer --token-file)"), N_("TOKEN") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Read the access token from FILE, or from standard input for -"), N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Trust the certificate authority in FILE (PEM) for this town server only"), N_("FILE") },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL, N_("Where to keep the local copy (default: the user data folder)"), N_("DIR") },
    { "wall", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Run as a wall screen: full screen, dark, going round by itself"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
