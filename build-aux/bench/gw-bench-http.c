/* gw-bench-http.c: a lean HTTP/1.1 client for load benches
 *
 * The load and the server share this machine's two cores. A libsoup
 * session spends about a millisecond of processor on each request
 * (message objects, a main context iterated per request, a new
 * GSocketClient connection after every Connection: close), which is more
 * than the server spends answering it; the load then measures itself. A
 * blocking socket and a request written in one send cost a tenth of that,
 * as wrk or ab would.
 *
 * Enough of HTTP/1.1 for a server we know: a kept-alive connection reused
 * until the server closes it, Content-Length or chunked answers, and one
 * new connection when a reused one turns out to have been closed before
 * the request reached it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* memmem */
#define _GNU_SOURCE
#include "config.h"

#include "gw-bench-http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define TIMEOUT_S 30
#define MAX_HEADERS (64 * 1024)
#define MAX_BODY (256 * 1024 * 1024)

struct _GwBenchHttp
{
  guint16 port;
  int fd;
  char *host;
};

typedef struct
{
  guint status;
  gboolean close;
  gboolean chunked;
  gint64 length;                /* -1: until the connection closes */
} Head;

GwBenchHttp *
gw_bench_http_new (guint16 port)
{
  GwBenchHttp *http = g_new0 (GwBenchHttp, 1);

  http->port = port;
  http->fd = -1;
  http->host = g_strdup_printf ("127.0.0.1:%u", port);
  return http;
}

static void
drop_connection (GwBenchHttp *http)
{
  if (http->fd >= 0)
    close (http->fd);
  http->fd = -1;
}

void
gw_bench_http_free (GwBenchHttp *http)
{
  if (http == NULL)
    return;
  drop_connection (http);
  g_free (http->host);
  g_free (http);
}

static gboolean
connect_loopback (GwBenchHttp *http)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (http->port) };
  struct timeval timeout = { .tv_sec = TIMEOUT_S };
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return FALSE;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return FALSE;
    }
  http->fd = fd;
  return TRUE;
}

static gboolean
send_all (int          fd,
          const char  *data,
          gsize        len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Appends what arrives; 0 at the end of the connection, -1 on an error. */
static gssize
receive_more (int         fd,
              GByteArray *buf)
{
  guint8 chunk[16 * 1024];

  for (;;)
    {
      ssize_t n = recv (fd, chunk, sizeof chunk, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n > 0)
        g_byte_array_append (buf, chunk, n);
      return n;
    }
}

static gboolean
header_is (const char *line,
           gsize       len,
           const char *name,
           const char **value)
{
  gsize name_len = strlen (name);

  if (len <= name_len || line[name_len] != ':' || g_ascii_strncasecmp (line, name, name_len) != 0)
    return FALSE;
  *value = line + name_len + 1;
  while (*value < line + len && (**value == ' ' || **value == '\t'))
    (*value)++;
  return TRUE;
}

static gboolean
value_has (const char *value,
           const char *end,
           const char *token)
{
  gsize token_len = strlen (token);

  for (const char *p = value; p + token_len <= end; p++)
    if (g_ascii_strncasecmp (p, token, token_len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_head (const char *text,
            gsize       len,
            Head       *head)
{
  const char *line = text, *end = text + len;

  *head = (Head) { .length = -1 };
  if (len < 12 || strncmp (text, "HTTP/1.", 7) != 0 || !g_ascii_isdigit (text[9]))
    return FALSE;
  head->status = (text[9] - '0') * 100 + (text[10] - '0') * 10 + (text[11] - '0');
  /* HTTP/1.0 closes unless it says otherwise; ours are always 1.1. */
  head->close = text[7] == '0';

  while (line < end)
    {
      const char *eol = memchr (line, '\r', end - line);
      const char *value;

      if (eol == NULL)
        eol = end;
      if (header_is (line, eol - line, "Content-Length", &value))
        head->length = g_ascii_strtoll (value, NULL, 10);
      else if (header_is (line, eol - line, "Transfer-Encoding", &value))
        head->chunked = value_has (value, eol, "chunked");
      else if (header_is (line, eol - line, "Connection", &value))
        head->close = value_has (value, eol, "close");
      line = eol + 2;
    }
  return head->length <= MAX_BODY;
}

/* Moves the chunked body at the start of buf into body; FALSE until it is
 * all there (or, with *bad, when it cannot be). */
static gboolean
take_chunked (GByteArray *buf,
              GByteArray *body,
              gboolean   *bad)
{
  gsize at = 0;

  g_byte_array_set_size (body, 0);
  for (;;)
    {
      const guint8 *eol = memchr (buf->data + at, '\n', buf->len - at);
      guint64 size;
      char *rest;

      if (eol == NULL)
        return FALSE;
      size = g_ascii_strtoull ((const char *) buf->data + at, &rest, 16);
      if (rest == (char *) buf->data + at || size > MAX_BODY)
        return (*bad = TRUE), FALSE;
      at = eol - buf->data + 1;
      if (buf->len - at < size + 2)
        return FALSE;
      if (size == 0)
        return TRUE;
      g_byte_array_append (body, buf->data + at, size);
      at += size + 2;
    }
}

/* Reads one answer; NULL when the connection failed before or during it. */
static GBytes *
read_answer (GwBenchHttp *http,
             Head        *head)
{
  g_autoptr(GByteArray) buf = g_byte_array_sized_new (4096);
  g_autoptr(GByteArray) chunked = NULL;
  const guint8 *end_of_head = NULL;
  gsize head_len;
  gssize n;

  while (!(end_of_head = buf->len >= 4 ? memmem (buf->data, buf->len, "\r\n\r\n", 4) : NULL))
    if (buf->len > MAX_HEADERS || receive_more (http->fd, buf) <= 0)
      return NULL;
  head_len = end_of_head - buf->data + 4;
  if (!parse_head ((const char *) buf->data, head_len - 4, head))
    return NULL;
  g_byte_array_remove_range (buf, 0, head_len);

  if (head->chunked)
    {
      gboolean bad = FALSE;

      chunked = g_byte_array_new ();
      while (!take_chunked (buf, chunked, &bad))
        if (bad || receive_more (http->fd, buf) <= 0)
          return NULL;
      return g_byte_array_free_to_bytes (g_steal_pointer (&chunked));
    }
  while (head->length < 0 || (gint64) buf->len < head->length)
    {
      if ((n = receive_more (http->fd, buf)) < 0)
        return NULL;
      if (n == 0)
        {
          if (head->length >= 0)
            return NULL;
          head->close = TRUE;
          break;
        }
      if (buf->len > MAX_BODY)
        return NULL;
    }
  if (head->length >= 0)
    g_byte_array_set_size (buf, head->length);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

GBytes *
gw_bench_http_request (GwBenchHttp *http,
                       const char  *method,
                       const char  *path,
                       const char  *token,
                       const char  *idempotency_key,
                       const char  *json,
                       guint       *status)
{
  g_autoptr(GString) request = g_string_sized_new (512);

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, path, http->host);
  if (token)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", token);
  if (idempotency_key)
    g_string_append_printf (request, "Idempotency-Key: %s\r\n", idempotency_key);
  if (json)
    g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %zu\r\n", strlen (json));
  g_string_append (request, "\r\n");
  if (json)
    g_string_append (request, json);

  *status = 0;
  /* A kept-alive connection the server closed in the meantime fails on
   * the first send or read: once more on a new one. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      gboolean reused = http->fd >= 0;
      GBytes *body;
      Head head;

      if (!reused && !connect_loopback (http))
        return NULL;
      body = send_all (http->fd, request->str, request->len) ? read_answer (http, &head) : NULL;
      if (body == NULL)
        {
          drop_connection (http);
          if (reused)
            continue;
          return NULL;
        }
      if (head.close)
        drop_connection (http);
      *status = head.status;
      return body;
    }
  return NULL;
}
