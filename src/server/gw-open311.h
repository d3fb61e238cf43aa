/* gw-open311.h: Open311 GeoReport v2, as the town server serves it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-case.h"
#include "gw-town-server.h"

G_BEGIN_DECLS

#define GW_OPEN311_PREFIX "/open311/v2"

/* Posts per minute an intake account may make before it is told to wait. */
#define GW_OPEN311_POSTS_PER_MINUTE 60

typedef enum
{
  GW_OPEN311_JSON,
  GW_OPEN311_XML,
} GwOpen311Format;

/* What a reader of /open311/v2/ asked for: its account, language and
 * format. An intake account reads only what it reported. */
typedef struct
{
  GwTownServer *server;
  char *user;
  GwRole role;
  gboolean english;
  GwOpen311Format format;
} GwOpen311Reader;

/* gw-open311-serve.c */
void        gw_open311_serve          (SoupServer        *server,
                                       SoupServerMessage *msg,
                                       const char        *path,
                                       GHashTable        *query,
                                       gpointer           user_data);
void        gw_open311_send           (SoupServerMessage *msg,
                                       GwOpen311Format    format,
                                       guint              status,
                                       const char        *root,
                                       JsonNode          *node);
void        gw_open311_send_error     (SoupServerMessage *msg,
                                       GwOpen311Format    format,
                                       guint              status,
                                       const char        *description);
gboolean    gw_open311_authenticate   (GwOpen311Reader   *reader,
                                       SoupServerMessage *msg,
                                       const char        *api_key);

/* gw-open311-requests.c */
void        gw_open311_get_requests   (GwOpen311Reader   *reader,
                                       SoupServerMessage *msg,
                                       GHashTable        *query);
void        gw_open311_get_request    (GwOpen311Reader   *reader,
                                       SoupServerMessage *msg,
                                       GHashTable        *query,
                                       const char        *id);

/* gw-open311-post.c: a form-encoded POST as the body of a new case. */
JsonObject *gw_open311_read_post      (GHashTable        *form,
                                       GError           **error);
void        gw_open311_post_request   (GwOpen311Reader   *reader,
                                       SoupServerMessage *msg);

G_END_DECLS
