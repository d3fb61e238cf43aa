/* test-open311-consume.c: gridwatch-townd taking in other systems' Open311 requests
 *
 * The reader against the ways real endpoints go wrong; a town server
 * pulling the real fixtures (../shared/realdata/open311/) from a fixture
 * server in this process that pages them and fails on the way (503 with
 * Retry-After, HTML error pages, an endpoint with XML only); and one town
 * server consuming another's /open311/v2/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <string.h>

#include "gw-error.h"
#include "gw-open311-parse.h"
#include "gw-test-util.h"

static GPtrArray *
parse (const char *text,
       GPtrArray  *skipped,
       GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gw_open311_parse_requests (bytes, skipped, error);
}

static const GwOpen311Request *
nth (GPtrArray *requests,
     guint      i)
{
  return g_ptr_array_index (requests, i);
}

/* What real endpoints send, each in its own way, read all the same. */
static void
test_parse_messy (void)
{
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = parse (
    "{\"requests\": ["
    " {\"service_request_id\": 1, \"status\": \"Open\", \"lat\": null, \"long\": \"\"},"
    " {\"service_request_id\": \"2\", \"status\": \"closed\", \"lat\": 0, \"long\": 0,"
    "  \"description\": \"line one\\r\\nline two\\tend\", \"media_url\": \"http:\\/\\/x.org\\/a.jpg\"},"
    " {\"service_request_id\": \"3\", \"lat\": \"35.4\", \"lon\": \"116.97\", \"service_name\": \"路灯不亮\","
    "  \"requested_datetime\": \"2010-11-03 10:32:00\", \"updated_datetime\": \"null\"},"
    " {\"status\": \"open\", \"lat\": 35.4, \"long\": 116.97},"
    " \"not an object\","
    " {\"service_request_id\": \"5\", \"lat\": \"91\", \"long\": \"10\", \"status_notes\": \"\\u0001ok\"}"
    "]}", skipped, &error);
  g_autoptr(GPtrArray) html = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) xml = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 4);
  g_assert_cmpuint (skipped->len, ==, 2);
  g_assert_cmpstr (nth (requests, 0)->id, ==, "1");
  g_assert_false (nth (requests, 0)->located);
  g_assert_false (nth (requests, 0)->closed);
  /* 0,0 is no place: a placeholder. */
  g_assert_false (nth (requests, 1)->located);
  g_assert_true (nth (requests, 1)->closed);
  g_assert_cmpstr (nth (requests, 1)->description, ==, "line one\nline two end");
  g_assert_cmpstr (nth (requests, 1)->media_url, ==, "http://x.org/a.jpg");
  g_assert_true (nth (requests, 2)->located);
  g_assert_cmpfloat (nth (requests, 2)->lon, ==, 116.97);
  g_assert_cmpstr (nth (requests, 2)->service_name, ==, "路灯不亮");
  g_assert_cmpstr (nth (requests, 2)->requested, ==, "2010-11-03T10:32:00+00:00");
  g_assert_null (nth (requests, 2)->updated);
  g_assert_false (nth (requests, 3)->located);
  g_assert_cmpstr (nth (requests, 3)->status_notes, ==, "ok");

  html = parse ("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", NULL, &error);
  g_assert_null (html);
  g_assert_error (error, GW_ERROR, GW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  errors = parse ("[{\"code\": 403, \"description\": \"Invalid api_key\"}]", NULL, &error);
  g_assert_null (errors);
  g_assert_nonnull (strstr (error->message, "Invalid api_key"));
  g_clear_error (&error);
  xml = parse ("<?xml version=\"1.0\"?><service_requests><request><service_request_id>9</service_request_id>"
               "<lat>35.4</lat><long>116.97</long><description>a &amp; b</description></request></service_requests>",
               NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (xml->len, ==, 1);
  g_assert_cmpstr (nth (xml, 0)->description, ==, "a & b");
  g_assert_true (nth (xml, 0)->located);
}

/* The fixture server: each endpoint's pages, and how often a pull began. */
typedef struct
{
  char *dir;
  guint pulls_a;
  guint pulls_b;
  gboolean busy_sent;
  gboolean broken_sent;
} Fixtures;

static void
reply_file (SoupServerMessage *msg,
            Fixtures          *f,
            const char        *name,
            const char        *type)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, text, length);
  soup_server_message_set_status (msg, 200, NULL);
}

static void
reply_html (SoupServerMessage *msg,
            guint              status)
{
  static const char page[] = "<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>Something went wrong"
                             "</h1></body></html>\n";

  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
  soup_server_message_set_status (msg, status, NULL);
}

static void
serve_fixtures (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixtures *f = user_data;
  const char *page = query ? g_hash_table_lookup (query, "page") : NULL;
  int n = page ? atoi (page) : 1;

  /* /a serves JSON: Chicago's requests, after a 503 the first time. */
  if (g_str_equal (path, "/a/services.json"))
    reply_file (msg, f, "open311status/service_list.json", "application/json");
  else if (g_str_equal (path, "/a/requests.json") && n == 1 && !f->busy_sent)
    {
      f->busy_sent = TRUE;
      f->pulls_a++;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      reply_html (msg, 503);
    }
  else if (g_str_equal (path, "/a/requests.json") && n == 1)
    {
      f->pulls_a++;
      reply_file (msg, f, "open311status/service_requests.json", "application/json");
    }
  else if (g_str_equal (path, "/a/requests.json"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "[]", 2),
    soup_server_message_set_status (msg, 200, NULL);
  /* /b serves XML only, four pages, with an HTML error once on the way. */
  else if (g_str_equal (path, "/b/services.xml"))
    reply_file (msg, f, "ruby_open311_gem/services.xml", "text/xml");
  else if (g_str_equal (path, "/b/requests.xml") && n == 1)
    {
      f->pulls_b++;
      reply_file (msg, f, "ruby_open311_gem/service_requests.xml", "text/xml");
    }
  else if (g_str_equal (path, "/b/requests.xml") && n == 2 && !f->broken_sent)
    {
      f->broken_sent = TRUE;
      reply_html (msg, 500);
    }
  else if (g_str_equal (path, "/b/requests.xml") && n == 2)
    reply_file (msg, f, "open311status/requests_many.xml", "text/xml");
  else if (g_str_equal (path, "/b/requests.xml") && n == 3)
    reply_file (msg, f, "open311status/requests_single.xml", "text/xml");
  else if (g_str_equal (path, "/b/requests.xml"))
    reply_file (msg, f, "ruby_open311_gem/service_requests_empty.xml", "text/xml");
  else
    reply_html (msg, 404);
}

/* The distinct request ids of fixture files, read without our reader. */
static void
add_ids (GHashTable *ids,
         const char *dir,
         const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  if (g_str_has_suffix (name, ".json"))
    {
      g_autoptr(JsonNode) node = json_from_string (text, NULL);
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_hash_table_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (array, i),
                                                                        "service_request_id")));
    }
  else
    {
      xmlDocPtr doc = xmlReadMemory (text, length, NULL, NULL, XML_PARSE_NONET);

      for (xmlNodePtr r = xmlDocGetRootElement (doc)->children; r; r = r->next)
        for (xmlNodePtr c = r->children; c; c = c->next)
          if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "service_request_id"))
            {
              xmlChar *id = xmlNodeGetContent (c);

              g_hash_table_add (ids, g_strdup ((char *) id));
              xmlFree (id);
            }
      xmlFreeDoc (doc);
    }
}

static JsonArray *
list_cases (GwTestServer *server)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases?limit=1000", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status;

  body = gw_test_http_get (url, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  node = gw_test_json_from_bytes (body);
  return json_array_ref (json_object_get_array_member (json_node_get_object (node), "items"));
}

typedef struct
{
  Fixtures *fixtures;
  guint pulls;
} PullWait;

static gboolean
pulls_began (gpointer data)
{
  PullWait *w = data;

  return w->fixtures->pulls_a >= w->pulls && w->fixtures->pulls_b >= w->pulls;
}

static JsonObject *
origin_of (JsonObject *kase)
{
  JsonObject *lifecycle = json_object_get_object_member (kase, "lifecycle");

  return lifecycle ? json_object_get_object_member (lifecycle, "origin") : NULL;
}

static void
test_consume_fixtures (void)
{
  g_autofree char *dir = gw_test_realdata_path ("open311");
  g_autoptr(SoupServer) fixture_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids_a = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids_b = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GwTestServer) town = NULL;
  g_autoptr(JsonArray) after_first = NULL;
  g_autoptr(JsonArray) after_third = NULL;
  g_autofree char *db = gw_test_tmp_path ("consumer.sqlite");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  Fixtures fixtures = { 0 };
  PullWait wait = { &fixtures, 0 };
  GSList *uris;

  if (dir == NULL)
    {
      g_test_skip ("../shared/realdata/open311 is absent: the real fixtures are not here to replay");
      return;
    }
  fixtures.dir = dir;
  fixture_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture_server, NULL, serve_fixtures, &fixtures, NULL);
  g_assert_true (soup_server_listen_local (fixture_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture_server);
  a = g_strdup_printf ("http://127.0.0.1:%d/a", g_uri_get_port (uris->data));
  b = g_strdup_printf ("http://127.0.0.1:%d/b/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  add_ids (ids_a, dir, "open311status/service_requests.json");
  add_ids (ids_b, dir, "ruby_open311_gem/service_requests.xml");
  add_ids (ids_b, dir, "open311status/requests_many.xml");
  add_ids (ids_b, dir, "open311status/requests_single.xml");

  town = gw_test_server_start (db, "--demo", "--open311-source", a, "--open311-source", b, "--every", "0.02", NULL);

  /* A pull that began means the one before it is done. */
  wait.pulls = 2;
  gw_test_wait_for (pulls_began, &wait, 60000, "the second pull of both endpoints");
  after_first = list_cases (town);
  g_assert_cmpuint (json_array_get_length (after_first), ==, g_hash_table_size (ids_a) + g_hash_table_size (ids_b));
  for (guint i = 0; i < json_array_get_length (after_first); i++)
    {
      JsonObject *kase = json_array_get_object_element (after_first, i);
      JsonObject *origin = origin_of (kase);

      g_assert_cmpstr (json_object_get_string_member (kase, "source"), ==, "open311");
      g_assert_false (json_object_get_double_member (kase, "lat") == 0 && json_object_get_double_member (kase, "lon") == 0);
      g_assert_nonnull (origin);
      g_assert_true (g_hash_table_contains (g_str_has_suffix (json_object_get_string_member (origin, "endpoint"), "/a")
                                            ? ids_a : ids_b, json_object_get_string_member (origin, "id")));
      /* Chicago, Toronto and San Francisco are not in this county. */
      g_assert_cmpstr (json_object_get_string_member (origin, "location"), ==, "outside");
      g_assert_true (json_object_get_null_member (kase, "grid"));
    }

  /* Pulling again, twice, adds nothing. */
  wait.pulls = 4;
  gw_test_wait_for (pulls_began, &wait, 60000, "the fourth pull of both endpoints");
  after_third = list_cases (town);
  g_assert_cmpuint (json_array_get_length (after_third), ==, json_array_get_length (after_first));
  for (guint i = 0; i < json_array_get_length (after_third); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (after_third, i), "version"), ==, 1);
}

static char *
report_case (GwTestServer *server,
             const char   *description)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/cases", NULL);
  g_autofree char *body = g_strdup_printf ("{\"source\": \"hotline_12345\", \"lat\": 35.4, \"lon\": 116.97,"
                                           " \"category\": \"E0101\", \"description\": \"%s\"}", description);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status;

  reply = gw_test_http_send (SOUP_METHOD_POST, url, server->token, body, &status);
  g_assert_cmpuint (status, ==, 201);
  node = gw_test_json_from_bytes (reply);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

typedef struct
{
  GwTestServer *server;
  guint expected;
} CountWait;

static gboolean
has_cases (gpointer data)
{
  CountWait *w = data;
  g_autoptr(JsonArray) cases = list_cases (w->server);

  return json_array_get_length (cases) >= w->expected;
}

/* One town server consuming another's /open311/v2/ gets every case it
 * publishes, open or closed as there. */
static void
test_round_trip (void)
{
  g_autofree char *db_a = gw_test_tmp_path ("source.sqlite");
  g_autofree char *db_b = gw_test_tmp_path ("taker.sqlite");
  g_autofree char *key = gw_test_add_user (db_a, "neighbour-county", "leader");
  g_autoptr(GwTestServer) source = gw_test_server_start (db_a, "--demo", NULL);
  g_autoptr(GwTestServer) taker = NULL;
  g_autofree char *endpoint = g_strconcat (source->url, "/open311/v2", NULL);
  g_autofree char *list_url = g_strconcat (source->url, "/open311/v2/requests.json?api_key=", key, NULL);
  g_autofree char *rejected = NULL;
  g_autofree char *action_url = NULL;
  g_autoptr(GBytes) published_body = NULL;
  g_autoptr(GBytes) rejected_reply = NULL;
  g_autoptr(JsonNode) published = NULL;
  g_autoptr(JsonArray) taken = NULL;
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);
  CountWait wait;
  JsonArray *requests;
  guint status;

  for (guint i = 0; i < 3; i++)
    g_free (report_case (source, "井盖缺失"));
  rejected = report_case (source, "重复上报");
  action_url = g_strconcat (source->url, "/api/v1/cases/", rejected, "/actions", NULL);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, action_url);
    g_autofree char *bearer = g_strconcat ("Bearer ", source->token, NULL);
    static const char body[] = "{\"action\": \"reject\", \"base_version\": 1, \"params\": {\"reason\": \"重复\"}}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", "reject-1");
    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    rejected_reply = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }

  published_body = gw_test_http_get (list_url, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  published = gw_test_json_from_bytes (published_body);
  requests = json_node_get_array (published);
  g_assert_cmpuint (json_array_get_length (requests), ==, 4);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *r = json_array_get_object_element (requests, i);

      g_hash_table_insert (statuses, (gpointer) json_object_get_string_member (r, "service_request_id"),
                           (gpointer) json_object_get_string_member (r, "status"));
    }

  taker = gw_test_server_start (db_b, "--demo", "--open311-source", endpoint, "--api-key", key, "--every", "0.02", NULL);
  wait = (CountWait) { taker, 4 };
  gw_test_wait_for (has_cases, &wait, 60000, "the source's four cases");
  taken = list_cases (taker);
  g_assert_cmpuint (json_array_get_length (taken), ==, 4);
  for (guint i = 0; i < json_array_get_length (taken); i++)
    {
      JsonObject *kase = json_array_get_object_element (taken, i);
      JsonObject *origin = origin_of (kase);
      const char *id = json_object_get_string_member (origin, "id");
      const char *case_status = json_object_get_string_member (kase, "status");

      g_assert_true (g_hash_table_contains (statuses, id));
      g_assert_cmpstr (g_str_equal (case_status, "closed") ? "closed" : "open", ==, g_hash_table_lookup (statuses, id));
      g_assert_cmpstr (json_object_get_string_member (origin, "endpoint"), ==, endpoint);
      /* Same county, same category codes, same grids. */
      g_assert_cmpstr (json_object_get_string_member (kase, "category"), ==, "E0101");
      g_assert_nonnull (json_object_get_string_member (kase, "grid"));
      g_assert_cmpstr (json_object_get_string_member (origin, "location"), ==, "known");
    }
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/open311/consume/parse-messy", test_parse_messy);
  g_test_add_func ("/open311/consume/fixtures", test_consume_fixtures);
  g_test_add_func ("/open311/consume/round-trip", test_round_trip);

  return g_test_run ();
}
