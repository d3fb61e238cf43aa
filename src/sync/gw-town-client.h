/* gw-town-client.h: HTTP access to a town server's API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define GW_TYPE_TOWN_CLIENT (gw_town_client_get_type ())

G_DECLARE_FINAL_TYPE (GwTownClient, gw_town_client, GW, TOWN_CLIENT, GObject)

/* What a GET of a collection brought back. */
typedef struct
{
  guint status;
  gboolean not_modified;
  char *etag;
  JsonNode *root;
  GBytes *body;             /* raw answers and pages only, as they came */
  char *content_type;
  /* Pages only: offsets of the text defects mended before parsing
   * (gsize), and the byte range of each element of each array member of
   * the root object (GwJsonRange), both into body. */
  GArray *defects;
  GArray *elements;
  /* Pages read by a GwTownPageReader: what it made of the page, or why not. */
  gpointer read;
  GDestroyNotify read_free;
  GError *read_error;
} GwTownResponse;

/* Runs in the thread that parsed the page; may free what it read from. */
typedef gpointer (*GwTownPageReader) (GwTownResponse  *response,
                                      GError         **error);
/* Runs on the calling thread when a page's headers have come, before its
 * body is read. */
typedef void (*GwTownPageHeadersFunc) (SoupMessageHeaders *headers,
                                       gpointer            user_data);

void            gw_town_response_free             (GwTownResponse      *response);
gboolean        gw_town_response_read_page        (GwTownResponse      *response,
                                                   GBytes              *body,
                                                   GError             **error);
gboolean        gw_town_response_ensure_root      (GwTownResponse      *response,
                                                   GError             **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTownResponse, gw_town_response_free)

GwTownClient   *gw_town_client_new                (const char          *base_url,
                                                   GError             **error);
const char     *gw_town_client_get_base_url       (GwTownClient        *self);
void            gw_town_client_set_max_body_size  (GwTownClient        *self,
                                                   gsize                max_bytes);
void            gw_town_client_set_timeout        (GwTownClient        *self,
                                                   guint                seconds);
void            gw_town_client_set_token          (GwTownClient        *self,
                                                   const char          *token);
const char     *gw_town_client_get_token          (GwTownClient        *self);
const char     *gw_town_client_get_ca_file        (GwTownClient        *self);
guint           gw_town_client_get_retry_after    (GwTownClient        *self);
gboolean        gw_town_client_set_ca_file        (GwTownClient        *self,
                                                   const char          *path,
                                                   GError             **error);
GTlsCertificate *gw_town_client_get_refused_certificate (GwTownClient  *self,
                                                   GTlsCertificateFlags *errors);
gboolean        gw_town_client_is_private         (GwTownClient        *self);
gboolean        gw_town_client_token_needs_consent (GwTownClient       *self);
void            gw_town_client_allow_plain_token  (GwTownClient        *self,
                                                   gboolean             allowed);
gboolean        gw_town_client_get_plain_token_allowed (GwTownClient   *self);
void            gw_town_client_post_async         (GwTownClient        *self,
                                                   const char          *path,
                                                   const char          *idempotency_key,
                                                   JsonNode            *body,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void            gw_town_client_post_photo_async   (GwTownClient        *self,
                                                   GBytes              *photo,
                                                   const char          *content_type,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GwTownResponse *gw_town_client_post_finish        (GwTownClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void            gw_town_client_connect_live_async (GwTownClient        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GObject        *gw_town_client_connect_live_finish (GwTownClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void            gw_town_client_get_async          (GwTownClient        *self,
                                                   const char          *path,
                                                   const char          *etag,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void            gw_town_client_get_page_async     (GwTownClient        *self,
                                                   const char          *path,
                                                   GwTownPageReader     reader,
                                                   GDestroyNotify       read_free,
                                                   GwTownPageHeadersFunc headers_func,
                                                   gpointer             headers_data,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void            gw_town_client_get_raw_async      (GwTownClient        *self,
                                                   const char          *path,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GwTownResponse *gw_town_client_get_finish         (GwTownClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* A GW_ERROR_UNAUTHORIZED for the server's error code (token_revoked,
 * token_expired or any other). */
GError            *gw_town_client_token_error   (const char *code);

G_END_DECLS
