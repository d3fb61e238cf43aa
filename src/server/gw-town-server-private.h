/* gw-town-server-private.h: what the server's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-store-feed.h"
#include "gw-store-users.h"
#include "gw-inspection-data.h"
#include "gw-inspection-plan.h"
#include "gw-town-server.h"
#include "gw-work-calendar.h"

G_BEGIN_DECLS

#define API_PREFIX "/api/v1"

/* Who is asking, once authenticated. */
typedef struct
{
  char *name;
  GwRole role;
} GwCaller;

/* A reference collection serialised once per store generation. */
typedef struct
{
  guint64 generation;
  GBytes *body;
  char *etag;
} GwCachedBody;

struct _GwTownServer
{
  GObject parent_instance;
  GwStore *store;
  SoupServer *server;
  GwWorkCalendar *calendar;
  GPtrArray *live;          /* SoupWebsocketConnection */
  guint64 live_generation;        /* the store's, when live tokens were last checked */
  gint64 live_next_expiry;        /* Unix time a live token expires first; 0 for none */
  gint64 announced_seq;
  char *feed_id;              /* this database's feed, for clients' cursors */
  guint feed_poll_id;
  guint sweep_id;
  GwInspectionData *inspection;   /* loaded when first asked for */
  char *inspection_stamp;         /* GW_INSPECTION_DATA_STAMP it was loaded at */
  char *whistle_stamp;            /* GW_WHISTLE_LIST_STAMP the default was set at */
  GwCachedBody whistle;           /* GET /api/v1/whistle-items */
  char *calendar_stamp;           /* GW_CALENDAR_STAMP the county's days were laid at */
  gint64 escalation_margin;   /* seconds overdue before a whistle is proposed */
  GwCachedBody cache[5];
  GwTownServerLimits limits;
  GHashTable *auth_failures;      /* address → its failures this minute */
  GHashTable *connections;        /* GSocket → Connection */
  GHashTable *per_address;        /* address → open connections (count) */
  GSocketService *listener;
  guint descriptor_budget;        /* connections in all, when no limit is given */
  guint requests_this_minute;
  guint guard_tick_id;
  guint sweep_tick_id;
  gulong keepalive_hook_id;       /* see gw-town-server-keepalive.c */
  GObject *starting_connection;   /* libsoup's, during its request-started */
  gpointer soup_connection_class; /* held while the hook is on */
  GTlsCertificate *tls_certificate;   /* HTTPS and WSS when set */
  gboolean insecure_http;         /* plain HTTP off loopback was asked for */
  char *transport_warning;        /* for /health, when plain HTTP is on the network */
  GwDeskOptions desk;             /* see gw-town-server-desk.c */
  GHashTable *intake_posts;       /* intake account → its posts this minute (gw-open311-post.c) */
};

void      gw_caller_clear               (GwCaller          *caller);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwCaller, gw_caller_clear)

void      gw_town_server_send_json      (SoupServerMessage *msg,
                                         guint              status,
                                         GBytes            *body);
void      gw_town_server_send_node      (SoupServerMessage *msg,
                                         guint              status,
                                         JsonNode          *node);
void      gw_town_server_send_error     (SoupServerMessage *msg,
                                         guint              status,
                                         const char        *code,
                                         const char        *message);
JsonNode *gw_town_server_error_node     (const char        *code,
                                         const char        *message,
                                         JsonNode          *extra_case);
gboolean  gw_town_server_authenticate   (GwTownServer      *self,
                                         SoupServerMessage *msg,
                                         GwCaller          *caller,
                                         guint             *retry_after,
                                         const char       **code,
                                         const char       **refusal);
const char *gw_town_server_token_refusal (GwTokenState     state,
                                         gboolean           had_token,
                                         const char       **message);
gboolean  gw_town_server_authorize      (GwTownServer      *self,
                                         SoupServerMessage *msg,
                                         const char        *action,
                                         GwCaller          *caller);
gboolean  gw_town_server_audit_refusal  (GwTownServer      *self,
                                         const GwCaller    *caller,
                                         const char        *action,
                                         const char        *case_id,
                                         guint              status,
                                         const char        *detail);
void      gw_town_server_refuse         (GwTownServer      *self,
                                         SoupServerMessage *msg,
                                         const GwCaller    *caller,
                                         const char        *action,
                                         const char        *case_id,
                                         guint              status,
                                         const char        *code,
                                         const char        *message);
void      gw_town_server_send_unavailable (SoupServerMessage *msg,
                                         const char        *message);
void      gw_town_server_send_storage_error (SoupServerMessage *msg,
                                         const GError      *error);
JsonNode *gw_town_server_parse_body     (GBytes            *bytes,
                                         GError           **error);
JsonNode *gw_town_server_read_body      (SoupServerMessage *msg,
                                         GError           **error);
JsonNode *gw_town_server_read_body_or_refuse (GwTownServer *self,
                                         SoupServerMessage *msg,
                                         const GwCaller    *caller,
                                         const char        *action,
                                         const char        *case_id);

char     *gw_town_server_request_digest (const char       *case_id,
                                         const char        *action,
                                         gint64             base_version,
                                         JsonObject        *params);
gboolean  gw_town_server_in_county      (GwTownServer      *self,
                                         double             lat,
                                         double             lon);

/* gw-town-server-guard.c: the transport's limits */
void      gw_town_server_init_guard     (GwTownServer      *self);
void      gw_town_server_dispose_guard  (GwTownServer      *self);
void      gw_town_server_flush_auth_failures (GwTownServer *self);

/* gw-town-server-tls.c */
gboolean  gw_town_server_check_transport (GwTownServer     *self,
                                         GInetAddress      *address,
                                         GError           **error);

/* gw-town-server-connections.c */
void      gw_town_server_setup_connections (GwTownServer   *self);
void      gw_town_server_dispose_connections (GwTownServer *self);

/* gw-town-server-keepalive.c */
void      gw_town_server_watch_keepalive   (GwTownServer   *self);
void      gw_town_server_unwatch_keepalive (GwTownServer   *self);
GObject  *gw_town_server_take_soup_connection (GwTownServer *self,
                                               GSocket      *socket);
void      gw_town_server_shut_down         (GSocket        *socket);
gboolean  gw_town_server_replay            (GwStore        *store,
                                            const char     *user,
                                            const char     *key,
                                            const char     *request,
                                            guint          *status,
                                            JsonNode      **response);
/* The database failed: 507 when it is full, else 503, as @response. */
guint     gw_town_server_storage_failure   (const GError   *error,
                                            JsonNode      **response);
void      gw_town_server_let_go            (GObject        *soup_connection);
guint     gw_town_server_count_auth_failure (GwTownServer  *self,
                                         SoupServerMessage *msg,
                                         const char        *path);

/* gw-town-server-workers.c */
void      gw_town_server_handle_my_status (GwTownServer    *self,
                                         SoupServerMessage *msg);
GwWorkerStatus *gw_town_server_read_my_status (JsonNode    *body,
                                         const char        *worker,
                                         GDateTime         *now,
                                         GError           **error);

void      gw_town_server_send_cached    (SoupServerMessage *msg,
                                         GBytes            *body,
                                         const char        *etag);

/* gw-town-server-whistle.c */
void      gw_town_server_refresh_whistle_list (GwTownServer      *self);
void      gw_town_server_handle_whistle_items (GwTownServer      *self,
                                               SoupServerMessage *msg);

/* gw-town-server-calendar.c */
void      gw_town_server_refresh_county_days (GwTownServer *self);

/* gw-town-server-inspection.c */
gboolean  gw_town_server_handle_inspection (GwTownServer   *self,
                                         SoupServerMessage *msg,
                                         const char        *resource);
gboolean  gw_town_server_read_plan_options (JsonObject     *obj,
                                         GwPlanOptions     *options,
                                         GError           **error);
gboolean  gw_town_server_read_plan_action (JsonObject      *obj,
                                         const char       **action,
                                         gint64            *base_version,
                                         gint64            *visit,
                                         JsonObject       **params);
guint     gw_town_server_apply_plan_action (GwTownServer   *self,
                                         GwInspectionPlan  *plan,
                                         const char        *action,
                                         gint64             visit,
                                         JsonObject        *params,
                                         GError           **error);
GwInspectionData *gw_town_server_inspection_data (GwTownServer *self,
                                         GError           **error);

/* gw-town-server-media.c */
gboolean  gw_town_server_handle_media   (GwTownServer      *self,
                                         SoupServerMessage *msg,
                                         const char        *resource);

/* gw-town-server-cases.c */
gboolean  gw_town_server_handle_cases   (GwTownServer      *self,
                                         SoupServerMessage *msg,
                                         const char        *resource,
                                         GHashTable        *query);
gboolean  gw_town_server_read_action    (JsonObject        *obj,
                                         const char       **action,
                                         gint64            *base_version,
                                         JsonObject       **params,
                                         GError           **error);

guint     gw_town_server_take_case      (GwTownServer      *self,
                                         const char        *user,
                                         GwRole             role,
                                         GwCaseData        *data,
                                         const char        *key,
                                         gboolean          *replayed,
                                         JsonNode         **response);

/* gw-town-server-feed.c */
void      gw_town_server_handle_changes (GwTownServer      *self,
                                         SoupServerMessage *msg,
                                         GHashTable        *query);
void      gw_town_server_setup_live     (GwTownServer      *self);
void      gw_town_server_announce       (GwTownServer      *self);

/* gw-town-server-live-tokens.c */
void      gw_town_server_watch_live_token (GwTownServer    *self,
                                         SoupWebsocketConnection *conn,
                                         SoupServerMessage *msg);
void      gw_town_server_recheck_live_tokens (GwTownServer *self);

/* gw-town-server-desk.c */
gboolean  gw_town_server_place_case     (GwTownServer      *self,
                                         GwCase           **next,
                                         char             **refusal);
void      gw_town_server_case_context   (GwTownServer      *self,
                                         GDateTime         *now,
                                         const char        *user,
                                         GwCaseContext     *context);
GPtrArray *gw_town_server_find_duplicates (GwTownServer    *self,
                                         double             lat,
                                         double             lon,
                                         const char        *category,
                                         GDateTime         *at,
                                         const char        *exclude,
                                         gboolean           ids_only,
                                         GError           **error);
char    **gw_town_server_duplicate_ids  (GPtrArray         *duplicates);
void      gw_town_server_handle_duplicates (GwTownServer   *self,
                                         SoupServerMessage *msg,
                                         GHashTable        *query);

void      gw_town_server_handle_caller  (GwTownServer      *self,
                                         SoupServerMessage *msg,
                                         const GwCaller    *caller,
                                         const char        *case_id);

/* gw-town-server-track.c */
void      gw_town_server_handle_worker_track (GwTownServer *self,
                                         SoupServerMessage *msg,
                                         const char        *worker,
                                         GHashTable        *query);

void     gw_town_server_handle_stats   (GwTownServer      *self,
                                        SoupServerMessage *msg,
                                        GHashTable        *query);

void     gw_town_server_set_handler          (GwTownServer      *self,
                                              GwCaseData        *data,
                                              GwCategory        *category);

G_END_DECLS
