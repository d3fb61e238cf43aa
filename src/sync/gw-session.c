/* gw-session.c: one client's link between its cache and a town server
 *
 * A sync round runs: reference data (ETags) → who am I → the case feed
 * from the stored cursor → the live socket → the outbox. Then the server's
 * pokes ({"seq": N}) start feed pulls, coalesced so that a burst of pokes
 * costs one pull at a time. Any failure makes the session offline and
 * schedules a new round with capped exponential backoff, jitter, and the
 * server's Retry-After when it gave one. Nothing here compares the local
 * clock with the server's. A refused certificate, or a token that would
 * go in clear, is not retried at all: the session holds until the user
 * acts (gw_session_refresh(), or a new session).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-session"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "gw-case-pull.h"
#include "gw-error.h"
#include "gw-json.h"
#include "gw-outbox.h"
#include "gw-reference-data.h"
#include "gw-reference-pull.h"
#include "gw-session-private.h"
#include "gw-store-outbox.h"

/* The live socket brings changes at once; this only catches what a
 * silently dead socket would miss. */
#define REFRESH_INTERVAL_SECONDS 300
/* Who is on duty and where: suggestions weigh it, so it is kept fresher
 * than the rest of the reference data. */
#define WORKER_STATUS_SECONDS 60
#define MAX_RETRY_SECONDS 60
#define LAST_SYNC_KEY "last-sync"


G_DEFINE_FINAL_TYPE (GwSession, gw_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_RETRY_SECONDS,
  PROP_QUEUED,
  PROP_HOLD,
  PROP_LAST_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint gw_session_signals[GW_SESSION_N_SIGNALS];

static void start_round (GwSession *self);

static void
close_live (GwSession *self)
{
  if (self->live == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->live, self);
  if (soup_websocket_connection_get_state (self->live) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->live, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->live);
}

static void
gw_session_dispose (GObject *object)
{
  GwSession *self = (GwSession *) object;

  gw_session_stop (self);
  g_clear_object (&self->reference);
  g_clear_object (&self->reader);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  g_queue_clear_full (&self->enqueues, (GDestroyNotify) gw_session_enqueue_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_clear_pointer (&self->user, g_free);

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

    case PROP_QUEUED:
      g_value_set_uint (value, gw_session_get_queued (self));
      break;

    case PROP_HOLD:
      g_value_set_uint (value, self->hold);
      break;

    case PROP_LAST_SYNC:
      g_value_set_boxed (value, self->last_sync);
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
  properties[PROP_QUEUED] =
    g_param_spec_uint ("queued", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOLD] =
    g_param_spec_uint ("hold", NULL, NULL, 0, GW_SESSION_HOLD_TOKEN, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* When the data last came whole from the server: a pull that finishes
   * after the connection dropped still moves it. */
  properties[PROP_LAST_SYNC] =
    g_param_spec_boxed ("last-sync", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Grids, workers, departments or categories were replaced. */
  gw_session_signals[REFERENCE_CHANGED] =
    g_signal_new ("reference-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Cases in the cache changed, from the feed or from a local action. */
  gw_session_signals[CASES_CHANGED] =
    g_signal_new ("cases-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* An urgent case arrived that was not in the cache before. */
  gw_session_signals[URGENT_CASE] =
    g_signal_new ("urgent-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_CASE);
  /* The server did not apply a queued action: case id, action, HTTP
   * status (409 when someone else changed the case first), message, and
   * the case as the server has it (or NULL). */
  gw_session_signals[ACTION_REFUSED] =
    g_signal_new ("action-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 5,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING, GW_TYPE_CASE);
  /* A local action's result, at once: the case as the action makes it,
   * before the cache or the server have it. */
  gw_session_signals[ACTION_APPLIED] =
    g_signal_new ("action-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_CASE);
  /* Changes of the feed that could not be read were set aside, or a
   * readable version cleared some: how many are set aside now. */
  gw_session_signals[QUARANTINE_CHANGED] =
    g_signal_new ("quarantine-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* The server's feed began again (another database behind the same
   * address, or one restored from a backup): the cache's cases were
   * replaced, so whoever holds them in memory starts afresh. */
  gw_session_signals[CASES_RESET] =
    g_signal_new ("cases-reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_session_init (GwSession *self)
{
}

void
gw_session_set_queued (GwSession *self,
                       guint      queued)
{
  if (self->queued == queued)
    return;
  self->queued = queued;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
}

typedef struct
{
  guint queued;
  char *last_sync;
  gint64 cursor;
} Saved;

static void
saved_free (Saved *saved)
{
  g_free (saved->last_sync);
  g_free (saved);
}

static void
read_saved_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Saved *saved = g_new0 (Saved, 1);

  saved->queued = gw_store_count_outbox (task_data);
  saved->last_sync = gw_store_get_meta (task_data, LAST_SYNC_KEY);
  saved->cursor = gw_store_get_cursor (task_data);
  g_task_return_pointer (task, saved, (GDestroyNotify) saved_free);
}

static void
on_saved_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GwSession) self = user_data;
  Saved *saved = g_task_propagate_pointer (G_TASK (result), NULL);

  if (self->last_sync == NULL && saved->last_sync)
    {
      self->last_sync = g_date_time_new_from_iso8601 (saved->last_sync, NULL);
      if (self->last_sync)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }
  self->cursor = MAX (self->cursor, saved->cursor);
  /* An action enqueued meanwhile counted itself from the store. */
  if (self->queued == 0)
    gw_session_set_queued (self, saved->queued);
  saved_free (saved);
}

GwSession *
gw_session_new (GwStore      *store,
                GwTownClient *client)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GwSession *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || GW_IS_TOWN_CLIENT (client), NULL);

  self = g_object_new (GW_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->client = client ? g_object_ref (client) : NULL;
  self->state = client ? GW_CONNECTION_CONNECTING : GW_CONNECTION_NO_SERVER;

  if (!(self->reader = gw_store_open_reader (store, &error)))
    {
      /* Its file gone (a cache deleted under us): one connection will do. */
      g_debug ("Reading %s through the writer's connection: %s", gw_store_get_path (store), error->message);
      self->reader = g_object_ref (store);
    }
  self->reference = gw_reference_data_new (self->reader);

  task = g_task_new (NULL, NULL, on_saved_read, g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, read_saved_in_thread);

  return self;
}

/* For reads in a thread: a read-only connection to the same cache. */
GwStore *
gw_session_get_reader (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->reader;
}

GwReferenceData *
gw_session_get_reference_data (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->reference;
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

GwSessionHold
gw_session_get_hold (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), GW_SESSION_HOLD_NONE);
  return self->hold;
}

static void
set_hold (GwSession     *self,
          GwSessionHold  hold)
{
  if (self->hold == hold)
    return;
  self->hold = hold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLD]);
}

gint64
gw_session_get_next_attempt (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), 0);
  return self->timeout_id ? self->next_attempt : 0;
}

guint
gw_session_get_queued (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), 0);
  return self->queued;
}

gboolean
gw_session_get_role (GwSession *self,
                     GwRole    *role)
{
  g_return_val_if_fail (GW_IS_SESSION (self), FALSE);

  if (self->have_role)
    *role = self->role;
  return self->have_role;
}

const char *
gw_session_get_user (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->user;
}

GDateTime *
gw_session_dup_last_sync (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->last_sync ? g_date_time_ref (self->last_sync) : NULL;
}

GDateTime *
gw_session_dup_offline_since (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), NULL);
  return self->offline_since ? g_date_time_ref (self->offline_since) : NULL;
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

  if (state == GW_CONNECTION_OFFLINE && self->offline_since == NULL)
    self->offline_since = g_date_time_new_now_local ();
  else if (state == GW_CONNECTION_ONLINE)
    g_clear_pointer (&self->offline_since, g_date_time_unref);

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
backoff_seconds (GwSession *self)
{
  /* Exponential with a cap, and jitter so a room full of clients does not
   * come back at the same second after the server restarts. The server's
   * Retry-After wins when it is longer. */
  double base = MIN (MAX_RETRY_SECONDS, 1u << MIN (self->failures, 6));
  guint seconds = MAX (1, (guint) (base * g_random_double_range (0.8, 1.2)));

  return MAX (seconds, gw_town_client_get_retry_after (self->client));
}

static gboolean
cancelled (GAsyncResult *result)
{
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

static void
fail (GwSession *self,
      GError    *error)
{
  g_debug ("Sync with %s failed: %s", gw_town_client_get_base_url (self->client), error->message);

  close_live (self);
  self->in_round = FALSE;
  self->pulling = FALSE;

  /* Trying again would give the same answer (and a refused token, tried
   * again and again, gets the whole office's address throttled): wait for
   * the user. */
  if (error->domain == GW_ERROR &&
      (error->code == GW_ERROR_CERTIFICATE || error->code == GW_ERROR_PLAIN_HTTP || error->code == GW_ERROR_UNAUTHORIZED))
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      g_clear_handle_id (&self->status_id, g_source_remove);
      set_hold (self, error->code == GW_ERROR_CERTIFICATE ? GW_SESSION_HOLD_CERTIFICATE :
                      error->code == GW_ERROR_PLAIN_HTTP ? GW_SESSION_HOLD_PLAIN_HTTP : GW_SESSION_HOLD_TOKEN);
      set_state (self, GW_CONNECTION_OFFLINE, error->message);
      return;
    }

  self->failures++;
  set_state (self, GW_CONNECTION_OFFLINE, error->message);
  schedule (self, backoff_seconds (self));
}

static void
write_sync_time_in_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  GwSession *self = source_object;
  g_autoptr(GError) error = NULL;

  if (!gw_store_set_meta (self->store, LAST_SYNC_KEY, task_data, &error))
    g_warning ("%s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
remember_sync_time (GwSession *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

  g_clear_pointer (&self->last_sync, g_date_time_unref);
  self->last_sync = g_date_time_new_now_local ();
  g_task_set_task_data (task, g_date_time_format_iso8601 (self->last_sync), g_free);
  g_task_run_in_thread (task, write_sync_time_in_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

/* Feed pull, then outbox; repeated while pokes or actions come in. */

static void
on_flushed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwSession) self = user_data;
  g_autoptr(GwOutboxResult) flushed = NULL;
  g_autoptr(GError) error = NULL;

  flushed = gw_outbox_flush_finish (result, &error);
  if (cancelled (result))
    return;

  if (flushed == NULL)
    {
      fail (self, error);
      return;
    }

  gw_session_set_queued (self, flushed->queued);
  for (guint i = 0; i < flushed->refusals->len; i++)
    {
      GwOutboxRefusal *r = g_ptr_array_index (flushed->refusals, i);
      g_signal_emit (self, gw_session_signals[ACTION_REFUSED], 0, r->case_id, r->action, r->status, r->message, r->server_case);
    }
  if (flushed->sent > 0)
    g_signal_emit (self, gw_session_signals[CASES_CHANGED], 0, flushed->sent);

  self->pulling = FALSE;
  remember_sync_time (self);
  if (self->pull_again)
    gw_session_pull_cases (self);
}

/* Worker statuses come with every pull without counting as a change:
 * they are read again all the same, the rest only when it changed. */
static void
reference_pulled (GwSession *self,
                  gboolean   changed)
{
  if (changed)
    {
      gw_reference_data_reload (self->reference);
      g_signal_emit (self, gw_session_signals[REFERENCE_CHANGED], 0);
    }
  else
    gw_reference_data_reload_statuses (self->reference);
}

static void
on_reference_repulled (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GwSession) self = user_data;
  gboolean changed = FALSE;

  if (gw_reference_pull_finish (result, &changed, NULL))
    reference_pulled (self, changed);
}

static void
on_cases_pulled (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwSession) self = user_data;
  g_autoptr(GwCasePullResult) pulled = NULL;
  g_autoptr(GError) error = NULL;

  pulled = gw_case_pull_finish (result, &error);
  if (cancelled (result))
    return;

  if (pulled == NULL)
    {
      fail (self, error);
      return;
    }

  self->cursor = pulled->reset ? pulled->cursor : MAX (self->cursor, pulled->cursor);
  if (pulled->reset)
    g_signal_emit (self, gw_session_signals[CASES_RESET], 0);
  if (pulled->applied > 0)
    g_signal_emit (self, gw_session_signals[CASES_CHANGED], 0, pulled->applied);
  for (guint i = 0; i < pulled->new_urgent->len; i++)
    g_signal_emit (self, gw_session_signals[URGENT_CASE], 0, g_ptr_array_index (pulled->new_urgent, i));
  if (pulled->reference_changed)
    gw_reference_pull_async (self->client, self->store, self->cancellable,
                             on_reference_repulled, g_object_ref (self));
  /* Phones' reports came with the feed: the map's workers move now. */
  else if (pulled->statuses > 0)
    gw_reference_data_reload_statuses (self->reference);
  /* Same count, other items: something was cleared and something set aside. */
  if (pulled->quarantined != self->quarantined || pulled->newly_quarantined > 0)
    {
      self->quarantined = pulled->quarantined;
      g_signal_emit (self, gw_session_signals[QUARANTINE_CHANGED], 0, pulled->quarantined);
    }

  gw_outbox_flush_async (self->client, self->store, self->cancellable, on_flushed, g_object_ref (self));
}

void
gw_session_pull_cases (GwSession *self)
{
  if (self->pulling)
    {
      self->pull_again = TRUE;
      return;
    }

  self->pulling = TRUE;
  self->pull_again = FALSE;
  gw_case_pull_async (self->client, self->store, 0, self->cancellable, on_cases_pulled, g_object_ref (self));
}

/* The live socket. */

static void
on_live_message (SoupWebsocketConnection *conn,
                 int                      type,
                 GBytes                  *message,
                 GwSession               *self)
{
  g_autoptr(JsonNode) root = gw_json_parse_bytes (message, NULL);
  gint64 seq = gw_json_object_get_int (gw_json_node_get_object (root), "seq", -1);

  /* Junk on the socket is ignored: the pull is what counts. */
  if (seq > self->cursor)
    gw_session_pull_cases (self);
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                GwSession               *self)
{
  /* 4401: the server closed it because the token was revoked or expired;
   * the reason is its error code. */
  g_autoptr(GError) error = soup_websocket_connection_get_close_code (conn) == 4401
                            ? gw_town_client_token_error (soup_websocket_connection_get_close_data (conn))
                            : g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                           _("The live connection to the town server closed"));

  g_clear_object (&self->live);
  if (!g_cancellable_is_cancelled (self->cancellable))
    fail (self, error);
}

static void on_reference_repulled (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data);

static gboolean
on_status_timeout (gpointer user_data)
{
  GwSession *self = user_data;

  if (self->state == GW_CONNECTION_ONLINE && !self->in_round)
    gw_reference_pull_async (self->client, self->store, self->cancellable,
                             on_reference_repulled, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static void
round_done (GwSession *self)
{
  /* Live: the next round is only the safety net, and the feed is pulled
   * now in case it moved while we were away. */
  self->in_round = FALSE;
  self->failures = 0;
  set_state (self, GW_CONNECTION_ONLINE, NULL);
  schedule (self, REFRESH_INTERVAL_SECONDS);
  if (self->status_id == 0)
    self->status_id = g_timeout_add_seconds (WORKER_STATUS_SECONDS, on_status_timeout, self);
  gw_session_pull_cases (self);
}

static void
on_live_connected (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GwSession) self = user_data;
  g_autoptr(GError) error = NULL;
  GObject *conn = gw_town_client_connect_live_finish (GW_TOWN_CLIENT (object), result, &error);

  if (cancelled (result))
    {
      g_clear_object (&conn);
      return;
    }
  if (conn == NULL)
    {
      fail (self, error);
      return;
    }

  self->live = SOUP_WEBSOCKET_CONNECTION (conn);
  soup_websocket_connection_set_keepalive_interval (self->live, 20);
  g_signal_connect (self->live, "message", G_CALLBACK (on_live_message), self);
  g_signal_connect (self->live, "closed", G_CALLBACK (on_live_closed), self);

  round_done (self);
}

/* A round: reference data, who we are, then live. */

static void
on_me (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GwSession) self = user_data;
  g_autoptr(GwTownResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *me;

  response = gw_town_client_get_finish (GW_TOWN_CLIENT (object), result, &error);
  if (cancelled (result))
    return;
  if (response == NULL)
    {
      fail (self, error);
      return;
    }

  remember_sync_time (self);
  me = gw_json_node_get_object (response->root);
  g_free (self->user);
  self->user = g_strdup (gw_json_object_get_string (me, "name"));
  self->have_role = gw_role_from_string (gw_json_object_get_string (me, "role"), &self->role);
  {
    gint64 days = gw_json_object_get_int (me, "return_visit_days", 0);

    /* A window the server could not mean is no window. */
    self->return_visit_days = days >= 1 && days <= 60 ? (guint) days : 0;
  }

  if (self->live == NULL)
    gw_town_client_connect_live_async (self->client, self->cancellable, on_live_connected, g_object_ref (self));
  else
    round_done (self);
}

static void
on_reference_pulled (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GwSession) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;
  gboolean ok = gw_reference_pull_finish (result, &changed, &error);

  if (cancelled (result))
    return;
  if (!ok)
    {
      fail (self, error);
      return;
    }

  reference_pulled (self, changed);
  gw_town_client_get_async (self->client, "/api/v1/me", NULL, self->cancellable, on_me, g_object_ref (self));
}

static void
start_round (GwSession *self)
{
  if (self->in_round)
    return;

  self->in_round = TRUE;
  if (self->state == GW_CONNECTION_OFFLINE)
    set_state (self, GW_CONNECTION_CONNECTING, self->last_error);

  gw_reference_pull_async (self->client, self->store, self->cancellable,
                           on_reference_pulled, g_object_ref (self));
}

void
gw_session_refresh (GwSession *self)
{
  g_return_if_fail (GW_IS_SESSION (self));

  if (self->client == NULL)
    return;

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_hold (self, GW_SESSION_HOLD_NONE);
  start_round (self);
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
  g_clear_handle_id (&self->status_id, g_source_remove);
  if (self->cancellable)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  close_live (self);
  self->in_round = FALSE;
  self->pulling = FALSE;
}

/* The working days after closing in which the resident is called back,
 * as the server counts them; GW_RETURN_VISIT_DAYS until it said. */
guint
gw_session_get_return_visit_days (GwSession *self)
{
  g_return_val_if_fail (GW_IS_SESSION (self), GW_RETURN_VISIT_DAYS);
  return self->return_visit_days ? self->return_visit_days : GW_RETURN_VISIT_DAYS;
}
