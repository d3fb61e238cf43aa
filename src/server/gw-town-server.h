/* gw-town-server.h: the town server's HTTP API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-case-rules.h"
#include "gw-store.h"
#include "gw-work-calendar.h"

G_BEGIN_DECLS

#define GW_TYPE_TOWN_SERVER (gw_town_server_get_type ())

G_DECLARE_FINAL_TYPE (GwTownServer, gw_town_server, GW, TOWN_SERVER, GObject)

/* What one client may ask of the server; 0 keeps the default. */
typedef struct
{
  gsize max_json_bytes;           /* a JSON request body: 1 MiB */
  gsize max_media_bytes;          /* a photo: 8 MiB */
  gsize max_websocket_message;    /* a whole WebSocket message: 64 KiB */
  guint idle_timeout;             /* seconds a kept-alive connection may idle: 30 */
  guint header_timeout;           /* seconds to send a request's headers: 30 */
  guint max_connections_per_address;  /* 300 */
  guint max_connections;          /* in all: 0 is what the file limit allows */
  guint auth_failures_per_minute; /* per address, then 429: 20 */
} GwTownServerLimits;

/* The desk's rules; 0 keeps the default. */
typedef struct
{
  double duplicate_radius_m;      /* 100 */
  double duplicate_days;          /* 3 */
  guint return_visit_days;        /* working days after closing: 2 */
} GwDeskOptions;

GwTownServer *gw_town_server_new     (GwStore       *store);
void          gw_town_server_set_desk_options (GwTownServer        *self,
                                               const GwDeskOptions *options);
void          gw_town_server_set_limits (GwTownServer *self,
                                         const GwTownServerLimits *limits);
guint         gw_town_server_get_connection_count (GwTownServer *self);
void          gw_town_server_shutdown (GwTownServer *self);
gboolean      gw_town_server_listen  (GwTownServer  *self,
                                      const char    *address,
                                      GError       **error);
char         *gw_town_server_get_url (GwTownServer  *self);
gboolean      gw_town_server_set_transport (GwTownServer *self,
                                            const char   *cert_file,
                                            const char   *key_file,
                                            gboolean      insecure_http,
                                            GError      **error);
const char   *gw_town_server_get_transport_warning (GwTownServer *self);
gboolean      gw_town_server_is_https (GwTownServer *self);
GwStore      *gw_town_server_get_store (GwTownServer *self);
GwWorkCalendar *gw_town_server_get_calendar (GwTownServer *self);
guint         gw_town_server_create_case  (GwTownServer  *self,
                                           const char    *user,
                                           GwRole         role,
                                           JsonObject    *body,
                                           const char    *key,
                                           JsonNode     **response);
/* As gw_town_server_create_case(), as if it happened @at (the demo's
 * seeded past): the case's times, its number and its audit entry. */
guint         gw_town_server_create_case_at (GwTownServer  *self,
                                             const char    *user,
                                             GwRole         role,
                                             JsonObject    *body,
                                             const char    *key,
                                             GDateTime     *at,
                                             JsonNode     **response);
gboolean      gw_town_server_add_demo_plan (GwTownServer *self,
                                            GError      **error);
gboolean      gw_town_server_add_demo_inspection (GwTownServer *self,
                                                  GPtrArray    *grids,
                                                  GError      **error);
void          gw_town_server_set_escalation_margin (GwTownServer *self,
                                                    gint64        seconds);
/* Acts on the escalations and cases due at @now; returns how many. The
 * server does it every 30 s, and main() once before it listens. */
guint         gw_town_server_sweep_escalations (GwTownServer *self,
                                                GDateTime    *now);
guint         gw_town_server_apply_action (GwTownServer  *self,
                                           const char    *user,
                                           GwRole         role,
                                           const char    *case_id,
                                           const char    *key,
                                           const char    *action,
                                           JsonObject    *params,
                                           gint64         base_version,
                                           JsonNode     **response);
guint         gw_town_server_apply_action_at (GwTownServer *self,
                                              const char   *user,
                                              GwRole        role,
                                              const char   *case_id,
                                              const char   *key,
                                              const char   *action,
                                              JsonObject   *params,
                                              gint64        base_version,
                                              GDateTime    *at,
                                              JsonNode    **response);

G_END_DECLS
