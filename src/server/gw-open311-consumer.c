/* gw-open311-consumer.c: pulling another system's Open311 requests
 *
 * Services once a day, requests every few minutes: from the time of the
 * last complete pull (updated_after), page after page until a page is
 * empty or brings nothing new (endpoints cap page_size as they like, and
 * some ignore page). JSON if the endpoint serves it, else XML. Nothing an
 * endpoint does stops the server: a 503 or 429 is waited out as its
 * Retry-After says, an HTML page or a silence is tried again a few
 * times, then left until the next pull. One bad request is skipped with
 * its reason logged; the others are taken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-open311"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gw-field.h"
#include "gw-open311-consumer.h"
#include "gw-open311-parse.h"
#include "gw-open311-take.h"
#include "gw-town-server-private.h"

#define PAGE_SIZE 100
#define MAX_PAGES 1000
#define MAX_ATTEMPTS 4
#define MAX_RETRY_AFTER 3600
#define SERVICES_EVERY (24 * 3600)
#define TIMEOUT_SECONDS 60
#define MAX_MAP_LINES 10000

struct _GwOpen311Consumer
{
  GObject parent_instance;
  GwTownServer *server;
  SoupSession *session;
  char *url;
  char *jurisdiction;
  char *api_key;
  GHashTable *service_map;
  guint every_seconds;
  gboolean xml;               /* the endpoint serves XML, not JSON */
  GHashTable *services;       /* service_code → name, from the last services pull */
  gint64 services_at;         /* monotonic seconds */
  char *last_pull;            /* RFC 3339: when the last complete pull began */
  char *this_pull;
  GHashTable *seen;           /* ids seen in this pull */
  guint page;
  guint attempts;
  gboolean tried_other_format;
  guint taken, updated, same, skipped;
  guint timer_id;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (GwOpen311Consumer, gw_open311_consumer, G_TYPE_OBJECT)

static void fetch_page (GwOpen311Consumer *self);
static void fetch_services (GwOpen311Consumer *self);

static void
gw_open311_consumer_dispose (GObject *object)
{
  GwOpen311Consumer *self = (GwOpen311Consumer *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->server);
  g_clear_pointer (&self->service_map, g_hash_table_unref);
  g_clear_pointer (&self->services, g_hash_table_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  G_OBJECT_CLASS (gw_open311_consumer_parent_class)->dispose (object);
}

static void
gw_open311_consumer_finalize (GObject *object)
{
  GwOpen311Consumer *self = (GwOpen311Consumer *) object;

  g_free (self->url);
  g_free (self->jurisdiction);
  g_free (self->api_key);
  g_free (self->last_pull);
  g_free (self->this_pull);
  G_OBJECT_CLASS (gw_open311_consumer_parent_class)->finalize (object);
}

static void
gw_open311_consumer_class_init (GwOpen311ConsumerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_open311_consumer_dispose;
  G_OBJECT_CLASS (klass)->finalize = gw_open311_consumer_finalize;
}

static void
gw_open311_consumer_init (GwOpen311Consumer *self)
{
  self->cancellable = g_cancellable_new ();
}

static char *
meta_key (GwOpen311Consumer *self)
{
  return g_strconcat ("open311-last-pull ", self->url, NULL);
}

GwOpen311Consumer *
gw_open311_consumer_new (GwTownServer                 *server,
                         const GwOpen311SourceOptions *options,
                         GError                      **error)
{
  g_autoptr(GUri) uri = g_uri_parse (options->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GwOpen311Consumer) self = NULL;
  g_autofree char *key = NULL;

  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” is not an http or https address", options->url);
      return NULL;
    }
  self = g_object_new (GW_TYPE_OPEN311_CONSUMER, NULL);
  self->server = g_object_ref (server);
  self->session = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS,
                                                 "user-agent", "gridwatch-townd/" PACKAGE_VERSION, NULL);
  self->url = g_strdup (options->url);
  /* ".../v2/" and ".../v2" are one endpoint. */
  while (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
  self->jurisdiction = g_strdup (options->jurisdiction);
  self->api_key = g_strdup (options->api_key);
  self->service_map = options->service_map ? g_hash_table_ref (options->service_map) : NULL;
  self->every_seconds = MAX (1, (guint) ((options->every_minutes > 0 ? options->every_minutes : 10) * 60));
  key = meta_key (self);
  self->last_pull = gw_store_get_meta (gw_town_server_get_store (server), key);
  return g_steal_pointer (&self);
}

/* service_code,category a line; a first line naming the columns is
 * skipped, and so are blank lines and lines starting with #. */
GHashTable *
gw_open311_read_service_map (const char  *path,
                             GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", MAX_MAP_LINES + 1);
  for (guint i = 0; lines[i] && i < MAX_MAP_LINES; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_strstrip (lines[i]), ",", 3);

      if (*lines[i] == '\0' || *lines[i] == '#' || (i == 0 && g_str_has_prefix (lines[i], "service_code")))
        continue;
      if (g_strv_length (fields) != 2 || !*g_strstrip (fields[0]) || !*g_strstrip (fields[1]) ||
          !gw_text_check (fields[0], -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "service_code", NULL) ||
          !gw_text_check (fields[1], -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "category", NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%u: not “service_code,category”", path, i + 1);
          return NULL;
        }
      g_hash_table_replace (map, g_strdup (fields[0]), g_strdup (fields[1]));
    }
  return g_steal_pointer (&map);
}

/* The category: the map's, else the one of that code or name, else none
 * (the service's name is kept with the case). */
static char *
category_for (GwOpen311Consumer      *self,
              GPtrArray              *categories,
              const GwOpen311Request *r)
{
  const char *name = r->service_name;
  const char *mapped = self->service_map && r->service_code ? g_hash_table_lookup (self->service_map, r->service_code) : NULL;
  g_autofree char *folded = NULL;

  if (mapped)
    return g_strdup (mapped);
  if (name == NULL && r->service_code && self->services)
    name = g_hash_table_lookup (self->services, r->service_code);
  folded = name ? g_utf8_casefold (name, -1) : NULL;
  for (guint i = 0; categories && i < categories->len; i++)
    {
      const GwCategoryInfo *info = gw_category_get_info (g_ptr_array_index (categories, i));
      g_autofree char *en = info->name_en ? g_utf8_casefold (info->name_en, -1) : NULL;

      if (g_strcmp0 (r->service_code, info->code) == 0 || (folded && (g_strcmp0 (folded, info->name) == 0 ||
                                                                     g_strcmp0 (folded, en) == 0)))
        return g_strdup (info->code);
    }
  return NULL;
}

static void
schedule (GwOpen311Consumer *self,
          guint              seconds,
          GSourceFunc        callback)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add_seconds (seconds, callback, self);
}

static gboolean
on_pull_time (gpointer user_data)
{
  GwOpen311Consumer *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->timer_id = 0;
  g_free (self->this_pull);
  self->this_pull = gw_format_rfc3339 (now);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->page = 1;
  self->attempts = 0;
  self->tried_other_format = FALSE;
  self->taken = self->updated = self->same = self->skipped = 0;
  if (self->services == NULL || g_get_monotonic_time () / G_USEC_PER_SEC - self->services_at >= SERVICES_EVERY)
    fetch_services (self);
  else
    fetch_page (self);
  return G_SOURCE_REMOVE;
}

static void
finish_pull (GwOpen311Consumer *self,
             gboolean           complete)
{
  g_message ("Open311 pull from %s %s: %u new, %u updated, %u unchanged, %u skipped", self->url,
             complete ? "done" : "broken off", self->taken, self->updated, self->same, self->skipped);
  if (complete)
    {
      g_autofree char *key = meta_key (self);
      g_autoptr(GError) error = NULL;

      g_free (self->last_pull);
      self->last_pull = g_strdup (self->this_pull);
      if (!gw_store_set_meta (gw_town_server_get_store (self->server), key, self->last_pull, &error))
        g_warning ("Cannot remember the Open311 pull: %s", error->message);
    }
  schedule (self, self->every_seconds, on_pull_time);
}

static char *
address_of (GwOpen311Consumer *self,
            const char        *method,
            gboolean           paged)
{
  g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *encoded = NULL;

  if (self->jurisdiction)
    g_hash_table_insert (query, (char *) "jurisdiction_id", g_strdup (self->jurisdiction));
  if (self->api_key)
    g_hash_table_insert (query, (char *) "api_key", g_strdup (self->api_key));
  if (paged)
    {
      g_hash_table_insert (query, (char *) "page", g_strdup_printf ("%u", self->page));
      g_hash_table_insert (query, (char *) "page_size", g_strdup_printf ("%u", PAGE_SIZE));
      if (self->last_pull)
        g_hash_table_insert (query, (char *) "updated_after", g_strdup (self->last_pull));
    }
  encoded = soup_form_encode_hash (query);
  return g_strdup_printf ("%s/%s.%s%s%s", self->url, method, self->xml ? "xml" : "json", *encoded ? "?" : "", encoded);
}

/* Seconds a 503 or 429 asks us to wait: a number or an HTTP date. */
static guint
retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  guint64 seconds = 0;

  if (value == NULL)
    return 0;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      seconds = when ? MAX (0, g_date_time_difference (when, now) / G_USEC_PER_SEC) : 0;
    }
  return CLAMP (seconds, 1, MAX_RETRY_AFTER);
}

typedef void (*Handle) (GwOpen311Consumer *self,
                        GBytes            *body);

typedef struct
{
  GwOpen311Consumer *self;
  SoupMessage *msg;
  Handle handle;
  GSourceFunc again;
} Fetch;

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *f = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(GwOpen311Consumer) self = f->self;
  g_autoptr(SoupMessage) msg = f->msg;
  guint status = soup_message_get_status (msg);
  guint wait;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (f);
      return;
    }
  if (body && (status == 503 || status == 429) && (wait = retry_after (msg)) > 0 && self->attempts < MAX_ATTEMPTS)
    {
      g_message ("Open311 endpoint %s is busy (%u); trying again in %u s", self->url, status, wait);
      self->attempts++;
      schedule (self, wait, f->again);
    }
  else if (body && SOUP_STATUS_IS_SUCCESSFUL (status))
    f->handle (self, body);
  else
    {
      g_autofree char *reason = error ? g_strdup (error->message) : g_strdup_printf ("HTTP %u", status);

      f->handle (self, NULL);
      g_message ("Open311 endpoint %s: %s", self->url, reason);
    }
  g_free (f);
}

static void
fetch (GwOpen311Consumer *self,
       const char        *url,
       Handle             handle,
       GSourceFunc        again)
{
  Fetch *f = g_new0 (Fetch, 1);

  f->self = g_object_ref (self);
  f->msg = soup_message_new (SOUP_METHOD_GET, url);
  f->handle = handle;
  f->again = again;
  if (f->msg == NULL)
    {
      g_object_unref (f->self);
      g_free (f);
      finish_pull (self, FALSE);
      return;
    }
  soup_session_send_and_read_async (self->session, f->msg, G_PRIORITY_LOW, self->cancellable, on_fetched, f);
}

/* A failure: the other format at once when the first page never came
 * (an endpoint may serve XML only), then a few more tries a little
 * apart (1, 2, 4 s), then the pull is left for later. */
static gboolean
try_again (GwOpen311Consumer *self,
           GSourceFunc        again)
{
  if (!self->tried_other_format && self->page == 1)
    {
      self->tried_other_format = TRUE;
      self->xml = !self->xml;
      self->attempts = 0;
      schedule (self, 0, again);
      return TRUE;
    }
  if (self->attempts < MAX_ATTEMPTS - 1)
    {
      schedule (self, 1u << self->attempts, again);
      self->attempts++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
on_services_again (gpointer user_data)
{
  GwOpen311Consumer *self = user_data;

  self->timer_id = 0;
  fetch_services (self);
  return G_SOURCE_REMOVE;
}

static void
on_services (GwOpen311Consumer *self,
             GBytes            *body)
{
  g_autoptr(GError) error = NULL;
  GHashTable *services = body ? gw_open311_parse_services (body, &error) : NULL;

  if (services == NULL)
    {
      if (error)
        g_message ("Open311 services of %s: %s", self->url, error->message);
      if (try_again (self, on_services_again))
        return;
    }
  else
    {
      g_clear_pointer (&self->services, g_hash_table_unref);
      self->services = services;
    }
  /* The time is noted either way: names come with the requests too. */
  self->services_at = g_get_monotonic_time () / G_USEC_PER_SEC;
  self->attempts = 0;
  self->tried_other_format = FALSE;
  fetch_page (self);
}

static void
fetch_services (GwOpen311Consumer *self)
{
  g_autofree char *url = address_of (self, "services", FALSE);

  fetch (self, url, on_services, on_services_again);
}

static gboolean
on_page_again (gpointer user_data)
{
  GwOpen311Consumer *self = user_data;

  self->timer_id = 0;
  fetch_page (self);
  return G_SOURCE_REMOVE;
}

/* Takes a page's requests; TRUE if any was new to this pull. */
static gboolean
take_page (GwOpen311Consumer *self,
           GPtrArray         *requests)
{
  g_autoptr(GPtrArray) categories = gw_store_list_categories (gw_town_server_get_store (self->server), NULL);
  gboolean fresh = FALSE;

  for (guint i = 0; i < requests->len; i++)
    {
      const GwOpen311Request *r = g_ptr_array_index (requests, i);
      g_autofree char *category = NULL;
      g_autofree char *reason = NULL;

      if (!g_hash_table_add (self->seen, g_strdup (r->id)))
        continue;
      fresh = TRUE;
      category = category_for (self, categories, r);
      switch (gw_open311_take (self->server, self->url, r, category, &reason))
        {
        case GW_OPEN311_TAKEN:
          self->taken++;
          break;
        case GW_OPEN311_UPDATED:
          self->updated++;
          break;
        case GW_OPEN311_SAME:
          self->same++;
          break;
        case GW_OPEN311_SKIPPED:
        default:
          self->skipped++;
          g_message ("Open311 request %s from %s skipped: %s", r->id, self->url, reason);
          break;
        }
    }
  return fresh;
}

static void
on_page (GwOpen311Consumer *self,
         GBytes            *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) requests = body ? gw_open311_parse_requests (body, skipped, &error) : NULL;

  if (requests == NULL)
    {
      if (error)
        g_message ("Open311 requests of %s, page %u: %s", self->url, self->page, error->message);
      if (!try_again (self, on_page_again))
        finish_pull (self, FALSE);
      return;
    }
  for (guint i = 0; i < skipped->len; i++)
    g_message ("Open311 %s, page %u: %s", self->url, self->page, (char *) g_ptr_array_index (skipped, i));
  self->skipped += skipped->len;
  self->attempts = 0;
  self->tried_other_format = TRUE;

  if (!take_page (self, requests) || self->page >= MAX_PAGES)
    finish_pull (self, TRUE);
  else
    {
      self->page++;
      fetch_page (self);
    }
}

static void
fetch_page (GwOpen311Consumer *self)
{
  g_autofree char *url = address_of (self, "requests", TRUE);

  fetch (self, url, on_page, on_page_again);
}

void
gw_open311_consumer_start (GwOpen311Consumer *self)
{
  g_return_if_fail (GW_IS_OPEN311_CONSUMER (self));
  schedule (self, 0, on_pull_time);
}
