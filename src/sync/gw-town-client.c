/* gw-town-client.c: HTTP access to a town server's API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <libsoup/soup.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gw-certificate.h"
#include "gw-error.h"
#include "gw-json.h"
#include "gw-town-client.h"

#define DEFAULT_MAX_BODY (64 * 1024 * 1024)
#define PRESIZED_BODY_MAX (16 * 1024 * 1024)
#define READ_CHUNK (64 * 1024)

struct _GwTownClient
{
  GObject parent_instance;
  SoupSession *session;
  char *base_url;
  char *token;
  char *ca_file;        /* the authorities it trusts; NULL: the system's */
  gsize max_body_size;
  guint retry_after;    /* seconds, from the last answer that said so */
  gboolean plain_token_allowed;           /* the user said yes to http:// */
  GTlsCertificate *refused_certificate;   /* the last one refused, and why */
  GTlsCertificateFlags refused_errors;
};

G_DEFINE_FINAL_TYPE (GwTownClient, gw_town_client, G_TYPE_OBJECT)

typedef struct
{
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *body;
  /* Actions answer 409, 422 and the like with a JSON body that matters. */
  gboolean client_errors_are_answers;
  gboolean raw;             /* a photo, not JSON */
  gboolean page;            /* a feed page: text defects are mended */
  GwTownPageReader reader;  /* a page's reader, run in the parsing thread */
  GDestroyNotify read_free;
  GwTownPageHeadersFunc headers_func;
  gpointer headers_data;
} Request;

/* How an answer's body is read. */
typedef enum
{
  READ_JSON,
  READ_RAW,
  READ_PAGE,
} ReadAs;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

void
gw_town_response_free (GwTownResponse *response)
{
  g_clear_pointer (&response->etag, g_free);
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->defects, g_array_unref);
  g_clear_pointer (&response->elements, g_array_unref);
  if (response->read && response->read_free)
    response->read_free (response->read);
  g_clear_error (&response->read_error);
  g_free (response);
}

static void
gw_town_client_finalize (GObject *object)
{
  GwTownClient *self = (GwTownClient *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_object (&self->refused_certificate);

  G_OBJECT_CLASS (gw_town_client_parent_class)->finalize (object);
}

static void
gw_town_client_class_init (GwTownClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_town_client_finalize;
}

static void
gw_town_client_init (GwTownClient *self)
{
  /* A command center must notice a dead link quickly, not after minutes.
   * A first pull keeps two connections busy with pages (gw-case-pull.c):
   * more than libsoup's two to a host, so that the reference pulls, the
   * outbox and photos do not wait behind megabytes of them. */
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", 4,
                                                 "user-agent", "Gridwatch/" PACKAGE_VERSION,
                                                 NULL);
  self->max_body_size = DEFAULT_MAX_BODY;
}

GwTownClient *
gw_town_client_new (const char  *base_url,
                    GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  GwTownClient *self;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address (expected http://host:port)"), base_url);
      return NULL;
    }

  self = g_object_new (GW_TYPE_TOWN_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  return self;
}

const char *
gw_town_client_get_base_url (GwTownClient *self)
{
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), NULL);
  return self->base_url;
}

void
gw_town_client_set_max_body_size (GwTownClient *self,
                                  gsize         max_bytes)
{
  g_return_if_fail (GW_IS_TOWN_CLIENT (self));
  self->max_body_size = max_bytes;
}

void
gw_town_client_set_timeout (GwTownClient *self,
                            guint         seconds)
{
  g_return_if_fail (GW_IS_TOWN_CLIENT (self));
  soup_session_set_timeout (self->session, seconds);
}

/* A page is read even when some of its text is broken (bytes that are
 * not UTF-8, NULs, lone surrogates): a copy is mended, same length, and
 * parsed, and the response says where the defects were and where each
 * element lies, so that the one bad item is set aside rather than the
 * whole feed stopping for every client. Too deep a nesting, or text that
 * is not JSON even mended, still fails. Public so that the fuzzing
 * harness reads pages exactly as a client does. */
gboolean
gw_town_response_read_page (GwTownResponse  *response,
                            GBytes          *body,
                            GError         **error)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = g_bytes_ref (body);
  return gw_town_response_ensure_root (response, error);
}

/* The page's tree, scanned, mended and parsed now if it was left to its
 * reader (which reads it without one when it can). */
gboolean
gw_town_response_ensure_root (GwTownResponse  *response,
                              GError         **error)
{
  GwJsonScan scan = { 0 };
  g_autoptr(GBytes) mended = NULL;
  g_autoptr(GError) local = NULL;
  gsize len = 0;
  const char *data = response->body ? g_bytes_get_data (response->body, &len) : NULL;
  char *copy;

  if (response->root)
    return TRUE;
  copy = len ? g_memdup2 (data, len) : NULL;
  g_clear_pointer (&response->defects, g_array_unref);
  g_clear_pointer (&response->elements, g_array_unref);
  response->defects = g_array_new (FALSE, FALSE, sizeof (gsize));
  response->elements = g_array_new (FALSE, FALSE, sizeof (GwJsonRange));
  scan.repair = TRUE;
  scan.defects = response->defects;
  scan.elements = response->elements;
  mended = g_bytes_new_take (copy, len);
  /* Scanned once: the scan bounds the depth and mends the text. */
  if (gw_json_scan (copy, len, &scan, &local) && (response->root = gw_json_parse_scanned (mended, &local)))
    return TRUE;
  g_set_error (error, GW_ERROR, GW_ERROR_SERVER, _("The server sent broken JSON (%s)"), local->message);
  return FALSE;
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Request *request = task_data;
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  guint status = soup_message_get_status (request->message);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  g_autoptr(GwTownResponse) response = g_new0 (GwTownResponse, 1);
  g_autoptr(GError) error = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gboolean left_to_reader = FALSE;

  response->status = status;
  if (request->raw && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      response->body = g_steal_pointer (&body);
      response->content_type = g_strdup (content_type);
      g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) gw_town_response_free);
      return;
    }
  /* A page its reader will read is scanned and parsed only if it must be. */
  if (request->page && request->reader && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      response->body = g_bytes_ref (body);
      left_to_reader = TRUE;
    }
  else if (request->page)
    gw_town_response_read_page (response, body, &error);
  else
    response->root = gw_json_parse_bytes (body, &error);

  if (request->client_errors_are_answers && status >= 400 && status < 500 && status != 401 &&
      response->root != NULL && gw_json_node_get_object (response->root) != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) gw_town_response_free);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      JsonObject *root = gw_json_node_get_object (response->root);
      JsonObject *err = root ? gw_json_node_get_object (json_object_get_member (root, "error")) : NULL;
      const char *message = gw_json_object_get_string (err, "message");

      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          g_task_return_error (task, gw_town_client_token_error (gw_json_object_get_string (err, "code")));
          return;
        }

      g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER,
                               _("The server answered %u %s%s%s"), status,
                               soup_message_get_reason_phrase (request->message),
                               message ? ": " : "", message ? message : "");
      return;
    }

  if (content_type == NULL || !(g_str_equal (content_type, "application/json") ||
                                g_str_has_suffix (content_type, "+json")))
    {
      g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER,
                               _("The server sent %s instead of JSON"),
                               content_type ? content_type : "an untyped body");
      return;
    }

  if (response->root == NULL && request->page && !left_to_reader)
    {
      /* gw_town_response_read_page() has said so already. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->root == NULL && !left_to_reader)
    {
      g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER,
                               _("The server sent broken JSON (%s)"), error->message);
      return;
    }

  response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  /* A page's tree is thousands of small blocks: read and freed in the
   * thread that built them, where freeing them is cheapest, and never on
   * the main thread. */
  if (request->reader)
    {
      response->read = request->reader (response, &response->read_error);
      response->read_free = request->read_free;
    }
  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) gw_town_response_free);
}

/* In the reader's language, whatever the server wrote: what happened to
 * the token, and what to do about it. */
GError *
gw_town_client_token_error (const char *code)
{
  const char *message;

  if (g_strcmp0 (code, "token_revoked") == 0)
    message = _("The town server no longer accepts this computer’s token: it was revoked. "
                "Ask the county’s administrator for a new one and connect again.");
  else if (g_strcmp0 (code, "token_expired") == 0)
    message = _("This computer’s token for the town server has expired. "
                "Ask the county’s administrator for a new one and connect again.");
  else
    message = _("The town server does not accept this computer’s token. "
                "Check it, or ask the county’s administrator for a new one.");
  return g_error_new_literal (GW_ERROR, GW_ERROR_UNAUTHORIZED, message);
}

/* A hostile or broken server must not make us eat all memory. */
static void
refuse_large_body (GwTownClient *self,
                   GTask        *task)
{
  g_task_return_new_error (task, GW_ERROR, GW_ERROR_SERVER, _("The server sent more than %u KB; the answer was dropped"),
                           (guint) (self->max_body_size / 1024));
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwTownClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_run_in_thread (task, parse_in_thread);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > self->max_body_size)
    {
      refuse_large_body (self, task);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read, g_object_ref (task));
}

/* The buffer for a body of @length bytes, as the server announced it.
 * A page of the feed is megabytes: the first buffer of its size is a
 * fresh mapping, and a later one may be heap the last left free or may
 * grow the heap (gw-malloc.c). Whatever of it is not in memory yet is
 * mapped in one call here rather than one fault at a time as the copy
 * reaches it, which was an eighth of a 100,000-case pull's time (perf). */
static GByteArray *
body_for_length (goffset length)
{
  GByteArray *body;

  /* A length is a server's word: past a few pages of the feed, the
   * buffer grows with what actually arrives. */
  if (length <= 0 || length > PRESIZED_BODY_MAX)
    return g_byte_array_new ();
  body = g_byte_array_sized_new (length);
#ifdef MADV_POPULATE_WRITE
  {
    guintptr page = sysconf (_SC_PAGESIZE);
    guintptr start = ((guintptr) body->data + page - 1) & ~(page - 1);
    guintptr end = ((guintptr) body->data + length) & ~(page - 1);

    /* Only speed is at stake: an older kernel says no, and the copy faults. */
    if (end > start)
      (void) madvise ((void *) start, end - start, MADV_POPULATE_WRITE);
  }
#endif
  return body;
}

static void
remember_retry_after (GwTownClient *self,
                      SoupMessage  *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  guint64 seconds = 0;

  /* Only the delta-seconds form: comparing an HTTP date with our clock
   * would trust two clocks to agree. */
  if (value && g_ascii_string_to_unsigned (value, 10, 0, 3600, &seconds, NULL))
    self->retry_after = seconds;
  else
    self->retry_after = 0;
}

/* libsoup asks only when the certificate failed verification: keep it,
 * to say why and to show its fingerprint, and refuse it. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       GwTownClient         *self)
{
  g_set_object (&self->refused_certificate, certificate);
  self->refused_errors = errors;
  return FALSE;
}

static void
watch_certificate (GwTownClient *self,
                   SoupMessage  *message)
{
  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (on_accept_certificate), self, 0);
}

/* A refused certificate is not a network failure to retry: it is said
 * so, in words, for the user to act on. */
static GError *
explain_error (GwTownClient *self,
               GError       *error)
{
  g_autofree char *reason = NULL;

  if (!g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) || self->refused_certificate == NULL)
    return error;

  reason = gw_certificate_describe_errors (self->refused_errors);
  g_clear_error (&error);
  return g_error_new (GW_ERROR, GW_ERROR_CERTIFICATE, _("The town server’s certificate was refused: %s"), reason);
}

/* A token may cross the network only under TLS, unless the user agreed;
 * this is checked before anything is sent. */
static gboolean
check_plain_token (GwTownClient  *self,
                   GError       **error)
{
  g_autoptr(GUri) uri = NULL;

  if (!gw_town_client_token_needs_consent (self))
    return TRUE;

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  g_set_error (error, GW_ERROR, GW_ERROR_PLAIN_HTTP,
               _("The access token would cross the network unencrypted to %s (plain http://); "
                 "nothing is sent until you agree"), uri ? g_uri_get_host (uri) : self->base_url);
  return FALSE;
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwTownClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  goffset length;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      g_task_return_error (task, explain_error (self, g_steal_pointer (&error)));
      return;
    }

  remember_retry_after (self, request->message);

  if (soup_message_get_status (request->message) == SOUP_STATUS_NOT_MODIFIED)
    {
      GwTownResponse *response = g_new0 (GwTownResponse, 1);

      response->not_modified = TRUE;
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_pointer (task, response, (GDestroyNotify) gw_town_response_free);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (length > 0 && (guint64) length > self->max_body_size)
    {
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      refuse_large_body (self, task);
      return;
    }
  if (request->headers_func && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    request->headers_func (soup_message_get_response_headers (request->message), request->headers_data);
  request->body = body_for_length (length);
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   cancellable, on_read, g_steal_pointer (&task));
}

static Request *
new_request (ReadAs read_as)
{
  Request *request = g_new0 (Request, 1);

  request->raw = read_as == READ_RAW;
  request->page = read_as == READ_PAGE;
  return request;
}

/* @photo: a body as it is (a photo, of @photo_type) instead of JSON. */
static void
send_request_with (GwTownClient *self,
                   GTask        *task,
                   const char   *method,
                   const char   *path,
                   const char   *etag,
                   const char   *idempotency_key,
                   JsonNode     *body,
                   GBytes       *photo,
                   const char   *photo_type,
                   Request      *request)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  request->message = soup_message_new (method, url);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Bad URL %s"), url);
      g_object_unref (task);
      return;
    }
  if (!check_plain_token (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  watch_certificate (self, request->message);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_append (headers, "Accept", request->raw ? "image/png, image/jpeg" : "application/json");
  if (self->token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_append (headers, "Authorization", bearer);
    }
  if (etag != NULL)
    soup_message_headers_append (headers, "If-None-Match", etag);
  if (idempotency_key != NULL)
    soup_message_headers_append (headers, "Idempotency-Key", idempotency_key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = gw_json_to_bytes (body);
      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
      request->client_errors_are_answers = TRUE;
    }
  else if (photo != NULL)
    {
      soup_message_set_request_body_from_bytes (request->message, photo_type, photo);
      request->client_errors_are_answers = TRUE;
    }

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent, task);
}

static void
send_request (GwTownClient *self,
              GTask        *task,
              const char   *method,
              const char   *path,
              const char   *etag,
              const char   *idempotency_key,
              JsonNode     *body,
              ReadAs        read_as)
{
  send_request_with (self, task, method, path, etag, idempotency_key, body, NULL, NULL, new_request (read_as));
}

void
gw_town_client_get_async (GwTownClient        *self,
                          const char          *path,
                          const char          *etag,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GW_IS_TOWN_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_town_client_get_async);
  send_request (self, task, SOUP_METHOD_GET, path, etag, NULL, NULL, READ_JSON);
}

void
gw_town_client_post_async (GwTownClient        *self,
                           const char          *path,
                           const char          *idempotency_key,
                           JsonNode            *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GW_IS_TOWN_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_town_client_post_async);
  send_request (self, task, SOUP_METHOD_POST, path, NULL, idempotency_key, body, READ_JSON);
}

/* A photo for POST /api/v1/media: the answer as for any POST. */
void
gw_town_client_post_photo_async (GwTownClient        *self,
                                 GBytes              *photo,
                                 const char          *content_type,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GW_IS_TOWN_CLIENT (self));
  g_return_if_fail (photo != NULL && content_type != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_town_client_post_async);
  send_request_with (self, task, SOUP_METHOD_POST, "/api/v1/media", NULL, NULL, NULL, photo, content_type, new_request (READ_JSON));
}

/* One page of a feed: see gw_town_response_read_page(). @reader, if not
 * NULL, reads the page in the thread that parsed it, into the response's
 * "read" (freed with @read_free) or "read_error". @headers_func, if not
 * NULL, is given a successful answer's headers before its body is read;
 * @headers_data must live until @callback has run. */
void
gw_town_client_get_page_async (GwTownClient         *self,
                               const char           *path,
                               GwTownPageReader      reader,
                               GDestroyNotify        read_free,
                               GwTownPageHeadersFunc headers_func,
                               gpointer              headers_data,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  Request *request = new_request (READ_PAGE);
  GTask *task;

  g_return_if_fail (GW_IS_TOWN_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_town_client_get_page_async);
  request->reader = reader;
  request->read_free = read_free;
  request->headers_func = headers_func;
  request->headers_data = headers_data;
  send_request_with (self, task, SOUP_METHOD_GET, path, NULL, NULL, NULL, NULL, NULL, request);
}

/* The body as it comes (a photo): the answer's body and content_type. */
void
gw_town_client_get_raw_async (GwTownClient        *self,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GW_IS_TOWN_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_town_client_get_async);
  send_request (self, task, SOUP_METHOD_GET, path, NULL, NULL, NULL, READ_RAW);
}

GwTownResponse *
gw_town_client_post_finish (GwTownClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gw_town_client_set_token (GwTownClient *self,
                          const char   *token)
{
  g_return_if_fail (GW_IS_TOWN_CLIENT (self));

  g_free (self->token);
  self->token = token && *token ? g_strdup (token) : NULL;
}

/* For a helper that speaks to the same server (gridwatch-report): it is
 * given the token on a pipe, never on its command line. */
const char *
gw_town_client_get_token (GwTownClient *self)
{
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), NULL);
  return self->token;
}

const char *
gw_town_client_get_ca_file (GwTownClient *self)
{
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), NULL);
  return self->ca_file;
}

guint
gw_town_client_get_retry_after (GwTownClient *self)
{
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), 0);
  return self->retry_after;
}

static void
on_live_connected (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (conn == NULL)
    g_task_return_error (task, explain_error (g_task_get_source_object (task), g_steal_pointer (&error)));
  else
    g_task_return_pointer (task, conn, g_object_unref);
}

void
gw_town_client_connect_live_async (GwTownClient        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;
  GError *error = NULL;

  g_return_if_fail (GW_IS_TOWN_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_town_client_connect_live_async);

  if (!check_plain_token (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  url = g_strconcat (self->base_url, "/api/v1/live", NULL);
  message = soup_message_new (SOUP_METHOD_GET, url);
  watch_certificate (self, message);
  if (self->token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_append (soup_message_get_request_headers (message), "Authorization", bearer);
    }

  soup_session_websocket_connect_async (self->session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        cancellable, on_live_connected, g_steal_pointer (&task));
}

GObject *
gw_town_client_connect_live_finish (GwTownClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GwTownResponse *
gw_town_client_get_finish (GwTownClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Only @path's authorities vouch for this server from now on, the
 * system's not; NULL goes back to the system's. Other servers, with
 * their own clients, are not touched. */
gboolean
gw_town_client_set_ca_file (GwTownClient  *self,
                            const char    *path,
                            GError       **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), FALSE);

  if (path == NULL)
    database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  else if (!(database = gw_certificate_load_authority (path, error)))
    return FALSE;

  soup_session_set_tls_database (self->session, database);
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  g_clear_object (&self->refused_certificate);
  self->refused_errors = 0;
  return TRUE;
}

/* The certificate of the last refused handshake, with why; NULL if none. */
GTlsCertificate *
gw_town_client_get_refused_certificate (GwTownClient         *self,
                                        GTlsCertificateFlags *errors)
{
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), NULL);

  if (errors)
    *errors = self->refused_errors;
  return self->refused_certificate;
}

/* Whether what is sent stays off the network or is encrypted: https, or
 * a loopback host. A name other than localhost is not looked up: it
 * counts as the network. */
gboolean
gw_town_client_is_private (GwTownClient *self)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), FALSE);

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
    return uri != NULL;

  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* A token is set, and would go in clear to the network without the
 * user's yes. */
gboolean
gw_town_client_token_needs_consent (GwTownClient *self)
{
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), FALSE);
  return self->token != NULL && !self->plain_token_allowed && !gw_town_client_is_private (self);
}

gboolean
gw_town_client_get_plain_token_allowed (GwTownClient *self)
{
  g_return_val_if_fail (GW_IS_TOWN_CLIENT (self), FALSE);
  return self->plain_token_allowed;
}

void
gw_town_client_allow_plain_token (GwTownClient *self,
                                  gboolean      allowed)
{
  g_return_if_fail (GW_IS_TOWN_CLIENT (self));
  self->plain_token_allowed = allowed;
}
