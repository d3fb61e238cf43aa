/* gw-session.h: one client's link between its cache and a town server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-rules.h"
#include "gw-reference-data.h"
#include "gw-store.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CONNECTION_NO_SERVER,   /* no server configured: cache only */
  GW_CONNECTION_CONNECTING,  /* first contact, or retrying */
  GW_CONNECTION_ONLINE,      /* live: the server pokes us */
  GW_CONNECTION_OFFLINE,     /* last attempt failed; see last-error */
} GwConnectionState;

/* Why the session stopped trying until the user acts. */
typedef enum
{
  GW_SESSION_HOLD_NONE,
  GW_SESSION_HOLD_CERTIFICATE,  /* the server's certificate was refused */
  GW_SESSION_HOLD_PLAIN_HTTP,   /* the token would go in clear: the user must agree */
  GW_SESSION_HOLD_TOKEN,        /* the server refused the token: a new one is needed */
} GwSessionHold;

#define GW_TYPE_SESSION (gw_session_get_type ())

G_DECLARE_FINAL_TYPE (GwSession, gw_session, GW, SESSION, GObject)

GwSession         *gw_session_new                (GwStore      *store,
                                                  GwTownClient *client);
GwStore           *gw_session_get_store          (GwSession    *self);
GwStore           *gw_session_get_reader         (GwSession    *self);
GwReferenceData   *gw_session_get_reference_data (GwSession    *self);
GwTownClient      *gw_session_get_client         (GwSession    *self);
GwConnectionState  gw_session_get_state          (GwSession    *self);
const char        *gw_session_get_last_error     (GwSession    *self);
GDateTime         *gw_session_dup_last_sync      (GwSession    *self);
GDateTime         *gw_session_dup_offline_since  (GwSession    *self);
guint              gw_session_get_retry_seconds  (GwSession    *self);
GwSessionHold      gw_session_get_hold           (GwSession    *self);
gint64             gw_session_get_next_attempt   (GwSession    *self);
guint              gw_session_get_queued         (GwSession    *self);
guint              gw_session_get_return_visit_days (GwSession *self);
gboolean           gw_session_get_role           (GwSession    *self,
                                                  GwRole       *role);
const char        *gw_session_get_user           (GwSession    *self);
void               gw_session_start              (GwSession    *self);
void               gw_session_refresh            (GwSession    *self);
void               gw_session_stop               (GwSession    *self);
gboolean           gw_session_perform_action     (GwSession    *self,
                                                  GwCase       *current,
                                                  const char   *action,
                                                  JsonObject   *params,
                                                  GError      **error);
void               gw_session_outbox_changed     (GwSession    *self,
                                                  guint         queued);

G_END_DECLS
