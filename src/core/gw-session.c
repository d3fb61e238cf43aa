/* gw-session.c: one client's link between its cache and a town server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-session"

#include "config.h"

#include "gw-reference-pull.h"
#include "gw-session.h"

#define REFRESH_INTERVAL_SECONDS 300
#define MAX_RETRY_SECONDS 60
#define LAST_SYNC_KEY "last-sync"

struct _GwSession
{
  GObject parent_instance;
  GwStore *store;
  GwTownClient *client;
  GCancellable *cancellable;
  GwConnectionState state;
  char *last_error;
  guint failures;
  guint retry_seconds;
  gint64 next_attempt;        /* monotonic microseconds */
  guint timeout_id;
  gboolean pulling;
};

G_DEFINE_FINAL_TYPE (GwSession, gw_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_RETRY_SECONDS,
  N_PROPS
};

enum {
  REFERENCE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
gw_session_dispose (GObject *object)
{
  GwSession *self = (GwSession *) object;

  gw_session_stop (self);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (gw_session_parent_class)->dispose (object);
}

static void
gw_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GwSession *self = GW_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_RETRY_SECONDS:
      g_value_set_uint (value, self->retry_seconds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_session_class_init (GwSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_session_dispose;
  object_class->get_property = gw_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, GW_CONNECTION_OFFLINE, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_SECONDS] =
    g_param_spec_uint ("retry-seconds", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when grids, workers, departments or categories in the cache
   * were replaced by newer ones from the server. */
  signals[REFERENCE_CHANGED] =
    g_signal_new ("reference-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_session_init (GwSession *self)
{
}

GwSession *
gw_session_new (GwStore      *store,
                GwTownClient *client)
{
  GwSession *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || GW_IS_TOWN_CLIENT (client), NULL);

  self = g_object_new (GW_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->client = client ? g_object_ref (client) : NULL;
  self->state = client ? GW_CONNECTION_CONNECTING : GW_CONNECTION_NO_SERVER;

  return self;
}

GwStore *
gw_session_get_store (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->store;
}

GwTownClient *
gw_session_get_client (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->client;
}

GwConnectionState
gw_session_get_state (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), GW_CONNECTION_NO_SERVER);
  return self->state;
}

const char *
gw_session_get_last_error (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->last_error;
}

guint
gw_session_get_retry_seconds (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), 0);
  return self->retry_seconds;
}

gint64
gw_session_get_next_attempt (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), 0);
  return self->timeout_id ? self->next_attempt : 0;
}

GDateTime *
gw_session_dup_last_sync (GwSession *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (GW_IS_SESSION (self), NULL);

  text = gw_store_get_meta (self->store, LAST_SYNC_KEY);
  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static void
set_state (GwSession         *self,
           GwConnectionState  state,
           const char        *error)
{
  if (g_strcmp0 (self->last_error, error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static gboolean
on_timeout (gpointer user_data)
{
  GwSession *self = user_data;

  self->timeout_id = 0;
  gw_session_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (GwSession *self,
          guint      seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (seconds, on_timeout, self);
  self->next_attempt = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  if (self->retry_seconds != seconds)
    {
      self->retry_seconds = seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_SECONDS]);
    }
}

static guint
backoff_seconds (guint failures)
{
  /* Exponential with a cap, and jitter so a room full of clients does not
   * come back at the same second after the server restarts. */
  double base = MIN (MAX_RETRY_SECONDS, 1u << MIN (failures, 6));

  return MAX (1, (guint) (base * g_random_double_range (0.8, 1.2)));
}

static void
remember_sync_time (GwSession *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format_iso8601 (now);
  g_autoptr(GError) error = NULL;

  if (!gw_store_set_meta (self->store, LAST_SYNC_KEY, text, &error))
    g_warning ("%s", error->message);
}

static void
on_pulled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GwSession) self = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  gboolean changed = FALSE;
  gboolean ok = gw_reference_pull_finish (result, &changed, &error);

  /* A pull that was stopped must not touch the state of a newer one. */
  if (g_cancellable_is_cancelled (cancellable))
    return;

  self->pulling = FALSE;

  if (!ok)
    {
      g_debug ("Cannot reach %s: %s", gw_town_client_get_base_url (self->client), error->message);
      self->failures++;
      set_state (self, GW_CONNECTION_OFFLINE, error->message);
      schedule (self, backoff_seconds (self->failures));
      return;
    }

  remember_sync_time (self);
  self->failures = 0;
  set_state (self, GW_CONNECTION_ONLINE, NULL);
  schedule (self, REFRESH_INTERVAL_SECONDS);

  if (changed)
    g_signal_emit (self, signals[REFERENCE_CHANGED], 0);
}

void
gw_session_refresh (GwSession *self)
{
  g_return_if_fail (GW_IS_SESSION (self));

  if (self->client == NULL || self->pulling)
    return;

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->pulling = TRUE;
  if (self->state == GW_CONNECTION_OFFLINE && self->failures > 0)
    set_state (self, GW_CONNECTION_CONNECTING, self->last_error);

  gw_reference_pull_async (self->client, self->store, self->cancellable,
                           on_pulled, g_object_ref (self));
}

void
gw_session_start (GwSession *self)
{
  g_return_if_fail (GW_IS_SESSION (self));
  gw_session_refresh (self);
}

void
gw_session_stop (GwSession *self)
{
  g_return_if_fail (GW_IS_SESSION (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  self->pulling = FALSE;
}
