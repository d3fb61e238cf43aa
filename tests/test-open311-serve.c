/* test-open311-serve.c: gridwatch-townd serving Open311 GeoReport v2
 *
 * Every endpoint in JSON and XML, through a real server on loopback,
 * compared with the spec's examples (tests/data/open311/): what is
 * served has no element the spec does not have. Then what the intake
 * role may and may not do, and that private fields never leave.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <sqlite3.h>
#include <string.h>

#include "gw-test-util.h"

#define PHONE "13912345678"

typedef struct
{
  GwTestServer *server;
  char *intake;           /* an intake account's api_key */
  char *other_intake;
  char *leader;
} Town;

static void
town_free (Town *t)
{
  g_clear_pointer (&t->server, gw_test_server_stop);
  g_free (t->intake);
  g_free (t->other_intake);
  g_free (t->leader);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Town, town_free)

static Town *
town_start (void)
{
  g_autofree char *db = gw_test_tmp_path ("open311.sqlite");
  Town *t = g_new0 (Town, 1);

  t->intake = gw_test_add_user (db, "hotline", "intake");
  t->other_intake = gw_test_add_user (db, "miniprogram", "intake");
  t->leader = gw_test_add_user (db, "county-leader", "leader");
  t->server = gw_test_server_start (db, "--demo", NULL);
  return t;
}

static GBytes *
send_request (const char  *method,
              const char  *url,
              const char  *token,
              const char  *content_type,
              const char  *body,
              const char  *idempotency_key,
              guint       *status,
              char       **type)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  g_assert_nonnull (msg);
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  if (idempotency_key)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", idempotency_key);
  if (token)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (type)
    *type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return reply;
}

/* GET SERVER/open311/v2/PATH, which must answer @expected in @format. */
static GBytes *
get (Town       *t,
     const char *path,
     guint       expected)
{
  g_autofree char *url = g_strconcat (t->server->url, "/open311/v2/", path, NULL);
  g_autofree char *type = NULL;
  guint status;
  GBytes *reply = send_request (SOUP_METHOD_GET, url, NULL, NULL, NULL, NULL, &status, &type);

  g_assert_cmpuint (status, ==, expected);
  g_assert_cmpstr (type, ==, strstr (path, ".xml") ? "text/xml" : "application/json");
  return reply;
}

static GBytes *
post (Town       *t,
      const char *path,
      const char *form,
      const char *key,
      guint       expected)
{
  g_autofree char *url = g_strconcat (t->server->url, "/open311/v2/", path, NULL);
  guint status;
  GBytes *reply = send_request (SOUP_METHOD_POST, url, NULL, "application/x-www-form-urlencoded", form, key, &status, NULL);

  if (status != expected)
    g_error ("POST %s answered %u, not %u: %.*s", path, status, expected,
             (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
  return reply;
}

/* A document's shape: the paths of its members ("[]/status") or its
 * elements ("service_requests/request/status"). */
static void
json_shape (JsonNode   *node,
            const char *prefix,
            GHashTable *paths)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *path = g_strconcat (prefix, "[]", NULL);
      JsonArray *array = json_node_get_array (node);

      g_hash_table_add (paths, g_strdup (path));
      for (guint i = 0; i < json_array_get_length (array); i++)
        json_shape (json_array_get_element (array, i), path, paths);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *path = g_strconcat (prefix, "/", l->data, NULL);

          g_hash_table_add (paths, g_strdup (path));
          json_shape (json_object_get_member (json_node_get_object (node), l->data), path, paths);
        }
    }
}

static void
xml_shape (xmlNodePtr  element,
           const char *prefix,
           GHashTable *paths)
{
  g_autofree char *path = *prefix ? g_strconcat (prefix, "/", element->name, NULL) : g_strdup ((char *) element->name);

  g_hash_table_add (paths, g_strdup (path));
  for (xmlNodePtr c = element->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      xml_shape (c, path, paths);
}

static GHashTable *
shape_of (GBytes  *bytes,
          gboolean xml)
{
  GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (xml)
    {
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);
      xmlDocPtr doc = xmlReadMemory (data, size, NULL, NULL, XML_PARSE_NONET);

      g_assert_nonnull (doc);
      xml_shape (xmlDocGetRootElement (doc), "", paths);
      xmlFreeDoc (doc);
    }
  else
    {
      g_autoptr(JsonNode) node = gw_test_json_from_bytes (bytes);

      json_shape (node, "", paths);
    }
  return paths;
}

/* @served has nothing the spec's example @name lacks, and every path of
 * @required (NULL-terminated) is in it. */
static void
assert_shape (GBytes     *served,
              const char *name,
              ...)
{
  gboolean xml = g_str_has_suffix (name, ".xml");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "open311", name, NULL);
  g_autofree char *text = NULL;
  gsize length;
  g_autoptr(GBytes) example_bytes = NULL;
  g_autoptr(GHashTable) example = NULL;
  g_autoptr(GHashTable) shape = shape_of (served, xml);
  GHashTableIter iter;
  const char *p;
  va_list args;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  example_bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  example = shape_of (example_bytes, xml);
  g_hash_table_iter_init (&iter, shape);
  while (g_hash_table_iter_next (&iter, (gpointer *) &p, NULL))
    if (!g_hash_table_contains (example, p))
      g_error ("%s: “%s” is not in the spec's example", name, p);
  va_start (args, name);
  for (const char *r = va_arg (args, const char *); r; r = va_arg (args, const char *))
    if (!g_hash_table_contains (shape, r))
      g_error ("%s: “%s” is missing", name, r);
  va_end (args);
}

static JsonArray *
json_array_of (GBytes *bytes)
;
static guint
count_of (GBytes *bytes)
{
  g_autoptr(JsonArray) array = json_array_of (bytes);

  return json_array_get_length (array);
}

static JsonArray *
json_array_of (GBytes *bytes)
{
  g_autoptr(JsonNode) node = gw_test_json_from_bytes (bytes);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

static const char *
first_string (JsonArray  *array,
              const char *member)
{
  return json_object_get_string_member_with_default (json_array_get_object_element (array, 0), member, NULL);
}

static void
test_discovery_and_services (void)
{
  g_autoptr(Town) t = town_start ();
  g_autoptr(GBytes) discovery = get (t, "discovery.json", 200);
  g_autoptr(GBytes) discovery_xml = get (t, "discovery.xml", 200);
  g_autoptr(GBytes) services = get (t, "services.json", 200);
  g_autoptr(GBytes) services_en = get (t, "services.json?locale=en", 200);
  g_autoptr(GBytes) services_xml = get (t, "services.xml?locale=zh_CN", 200);
  g_autoptr(GBytes) definition = get (t, "services/E0101.json", 200);
  g_autoptr(GBytes) definition_xml = get (t, "services/E0101.xml", 200);
  g_autoptr(GBytes) missing = get (t, "services/NOPE.json", 404);
  g_autoptr(GBytes) missing_xml = get (t, "services/NOPE.xml", 404);
  g_autoptr(GBytes) categories_body = NULL;
  g_autoptr(JsonNode) categories = NULL;
  g_autoptr(JsonArray) zh = json_array_of (services);
  g_autoptr(JsonArray) en = json_array_of (services_en);
  g_autoptr(JsonArray) errors = json_array_of (missing);
  g_autofree char *categories_url = g_strconcat (t->server->url, "/api/v1/categories", NULL);
  guint status;

  assert_shape (discovery, "discovery.json", "/endpoints", "/endpoints[]/url", "/endpoints[]/formats", NULL);
  assert_shape (discovery_xml, "discovery.xml", "discovery/endpoints/endpoint/url",
                "discovery/endpoints/endpoint/formats/format", NULL);
  assert_shape (services, "services.json", "[]/service_code", "[]/service_name", "[]/metadata", "[]/type",
                "[]/group", NULL);
  assert_shape (services_xml, "services.xml", "services/service/service_code", "services/service/service_name",
                "services/service/metadata", "services/service/type", NULL);
  assert_shape (definition, "service_definition.json", "/service_code", "/attributes", NULL);
  assert_shape (definition_xml, "service_definition.xml", "service_definition/service_code", NULL);
  assert_shape (missing, "errors.json", "[]/code", "[]/description", NULL);
  assert_shape (missing_xml, "errors.xml", "errors/error/code", "errors/error/description", NULL);

  /* Every category is a service, named in Chinese unless English is asked for. */
  categories_body = gw_test_http_get (categories_url, t->server->token, NULL, &status, NULL);
  categories = gw_test_json_from_bytes (categories_body);
  g_assert_cmpuint (json_array_get_length (zh), ==,
                    json_array_get_length (json_object_get_array_member (json_node_get_object (categories), "items")));
  g_assert_cmpuint (json_array_get_length (zh), ==, json_array_get_length (en));
  g_assert_cmpstr (first_string (zh, "service_code"), ==, first_string (en, "service_code"));
  g_assert_true (g_utf8_get_char (first_string (zh, "service_name")) > 0x2E80);
  g_assert_true (g_ascii_isalpha (first_string (en, "service_name")[0]));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (zh, 0), "metadata"));
  g_assert_cmpstr (first_string (zh, "type"), ==, "realtime");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (errors, 0), "code"), ==, 404);
  g_assert_nonnull (strstr (g_bytes_get_data (services_xml, NULL), "<service_code>E0101</service_code>"));
}

static char *
form (const char *first,
      ...)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name; name = va_arg (args, const char *))
    g_hash_table_insert (fields, (gpointer) name, va_arg (args, char *));
  va_end (args);
  return soup_form_encode_hash (fields);
}

/* Posts a request as @key, which must be taken: its service_request_id. */
static char *
report (Town       *t,
        const char *key,
        const char *format)
{
  g_autofree char *body = form ("api_key", key, "service_code", "E0101", "lat", "35.40", "long", "116.97",
                                "description", "井盖缺失，路口东侧", "first_name", "Li", "phone", PHONE, NULL);
  g_autofree char *path = g_strconcat ("requests.", format, NULL);
  g_autoptr(GBytes) reply = post (t, path, body, NULL, 200);

  if (g_str_equal (format, "xml"))
    {
      const char *text = g_bytes_get_data (reply, NULL);
      const char *start = strstr (text, "<service_request_id>") + strlen ("<service_request_id>");

      assert_shape (reply, "post.xml", "service_requests/request/service_request_id", NULL);
      return g_strndup (start, strstr (start, "<") - start);
    }
  else
    {
      g_autoptr(JsonArray) answer = json_array_of (reply);

      assert_shape (reply, "post.json", "[]/service_request_id", NULL);
      return g_strdup (first_string (answer, "service_request_id"));
    }
}

static JsonObject *
case_of (Town       *t,
         const char *id)
{
  g_autofree char *url = g_strconcat (t->server->url, "/api/v1/cases/", id, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status;

  body = gw_test_http_get (url, t->server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  node = gw_test_json_from_bytes (body);
  return json_object_ref (json_node_get_object (node));
}

static void
test_post_becomes_case (void)
{
  g_autoptr(Town) t = town_start ();
  g_autofree char *id = report (t, t->intake, "json");
  g_autofree char *id_xml = report (t, t->intake, "xml");
  g_autoptr(JsonObject) kase = case_of (t, id);
  g_autoptr(JsonObject) kase_xml = case_of (t, id_xml);
  g_autofree char *outside = form ("api_key", t->intake, "service_code", "E0101", "lat", "0", "long", "0", NULL);
  g_autofree char *unknown = form ("api_key", t->intake, "service_code", "NOPE", "lat", "35.4", "long", "116.97", NULL);
  g_autofree char *address = form ("api_key", t->intake, "service_code", "E0101", "address_string", "岗山路1号", NULL);
  g_autofree char *bad_key = form ("api_key", "not-a-key", "service_code", "E0101", "lat", "35.4", "long", "116.97", NULL);
  g_autofree char *leader = form ("api_key", t->leader, "service_code", "E0101", "lat", "35.4", "long", "116.97", NULL);
  g_autofree char *again = form ("api_key", t->intake, "service_code", "E0101", "lat", "35.41", "long", "116.97", NULL);
  g_autofree char *url = g_strconcat (t->server->url, "/open311/v2/requests.json", NULL);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) json_body = NULL;
  GBytes *refused[5] = { NULL };
  guint status;

  g_assert_cmpstr (id, !=, id_xml);
  /* A case like any other: reported, from Open311, in its grid, with the
   * category's deadline and the caller kept for the desk. */
  g_assert_cmpstr (json_object_get_string_member (kase, "source"), ==, "open311");
  g_assert_cmpstr (json_object_get_string_member (kase, "status"), ==, "reported");
  g_assert_cmpstr (json_object_get_string_member (kase, "category"), ==, "E0101");
  g_assert_nonnull (json_object_get_string_member (kase, "grid"));
  g_assert_nonnull (json_object_get_string_member (kase, "deadline"));
  g_assert_nonnull (strstr (json_object_get_string_member (kase, "reporter"), PHONE));
  g_assert_cmpstr (json_object_get_string_member (kase_xml, "source"), ==, "open311");

  refused[0] = post (t, "requests.json", outside, NULL, 400);
  refused[1] = post (t, "requests.xml", unknown, NULL, 404);
  refused[2] = post (t, "requests.json", address, NULL, 400);
  refused[3] = post (t, "requests.json", bad_key, NULL, 403);
  refused[4] = post (t, "requests.xml", leader, NULL, 403);
  assert_shape (refused[0], "errors.json", "[]/code", "[]/description", NULL);
  assert_shape (refused[1], "errors.xml", "errors/error/code", "errors/error/description", NULL);
  assert_shape (refused[4], "errors.xml", "errors/error/code", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_bytes_unref (refused[i]);

  /* The same Idempotency-Key again is the same case, not a second one. */
  first = post (t, "requests.json", again, "key-1", 200);
  second = post (t, "requests.json", again, "key-1", 200);
  g_assert_true (g_bytes_equal (first, second));

  /* The spec's POST is form-encoded; JSON is refused, not guessed at. */
  json_body = send_request (SOUP_METHOD_POST, url, NULL, "application/json", "{\"service_code\": \"E0101\"}", NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
}

static GBytes *
get_as (Town       *t,
        const char *path,
        const char *key,
        guint       expected)
{
  g_autofree char *with_key = g_strdup_printf ("%s%sapi_key=%s", path, strchr (path, '?') ? "&" : "?", key);

  return get (t, with_key, expected);
}

static void
test_requests_read (void)
{
  g_autoptr(Town) t = town_start ();
  g_autofree char *a = report (t, t->intake, "json");
  g_autofree char *b = report (t, t->other_intake, "json");
  g_autofree char *both = g_strdup_printf ("requests.json?service_request_id=%s,%s", a, b);
  g_autofree char *one_path = g_strdup_printf ("requests/%s.json", a);
  g_autofree char *one_xml_path = g_strdup_printf ("requests/%s.xml", a);
  g_autofree char *others_path = g_strdup_printf ("requests/%s.json", b);
  g_autoptr(GBytes) mine = get_as (t, "requests.json", t->intake, 200);
  g_autoptr(GBytes) mine_xml = get_as (t, "requests.xml", t->intake, 200);
  g_autoptr(GBytes) all = get_as (t, "requests.json?locale=en", t->leader, 200);
  g_autoptr(GBytes) asked = get_as (t, both, t->intake, 200);
  g_autoptr(GBytes) one = get_as (t, one_path, t->intake, 200);
  g_autoptr(GBytes) one_xml = get_as (t, one_xml_path, t->intake, 200);
  g_autoptr(GBytes) others = get_as (t, others_path, t->intake, 404);
  g_autoptr(GBytes) closed = get_as (t, "requests.json?status=closed", t->leader, 200);
  g_autoptr(GBytes) open = get_as (t, "requests.json?status=open&service_code=E0101", t->leader, 200);
  g_autoptr(GBytes) page1 = get_as (t, "requests.json?page_size=1", t->leader, 200);
  g_autoptr(GBytes) page2 = get_as (t, "requests.json?page_size=1&page=2", t->leader, 200);
  g_autoptr(GBytes) page3 = get_as (t, "requests.json?page_size=1&page=3", t->leader, 200);
  g_autoptr(GBytes) future = get_as (t, "requests.json?start_date=2099-01-01T00:00:00Z", t->leader, 200);
  g_autoptr(GBytes) past = get_as (t, "requests.json?end_date=2000-01-01T00:00:00%2B08:00", t->leader, 200);
  g_autoptr(GBytes) since = get_as (t, "requests.json?start_date=2000-01-01T00:00:00%2B08:00", t->leader, 200);
  g_autoptr(GBytes) other_code = get_as (t, "requests.json?service_code=E0102,NOPE", t->leader, 200);
  g_autoptr(GBytes) mine_page1 = get_as (t, "requests.json?page_size=1", t->intake, 200);
  g_autoptr(GBytes) bad_date = get_as (t, "requests.json?start_date=yesterday", t->leader, 400);
  g_autoptr(GBytes) bad_status = get_as (t, "requests.xml?status=pending", t->leader, 400);
  g_autoptr(GBytes) no_key = get (t, "requests.json", 403);
  g_autoptr(JsonArray) mine_list = json_array_of (mine);
  g_autoptr(JsonArray) all_list = json_array_of (all);
  g_autoptr(JsonArray) asked_list = json_array_of (asked);

  assert_shape (mine, "requests.json", "[]/service_request_id", "[]/status", "[]/service_code", "[]/service_name",
                "[]/requested_datetime", "[]/lat", "[]/long", NULL);
  assert_shape (mine_xml, "requests.xml", "service_requests/request/service_request_id",
                "service_requests/request/status", "service_requests/request/expected_datetime", NULL);
  assert_shape (one_xml, "requests.xml", "service_requests/request/service_request_id", NULL);
  assert_shape (one, "requests.json", "[]/service_request_id", NULL);
  assert_shape (others, "errors.json", "[]/code", NULL);
  assert_shape (no_key, "errors.json", "[]/code", NULL);
  assert_shape (bad_status, "errors.xml", "errors/error/code", NULL);

  /* An intake account reads what it reported and nothing else. */
  g_assert_cmpuint (json_array_get_length (mine_list), ==, 1);
  g_assert_cmpstr (first_string (mine_list, "service_request_id"), ==, a);
  g_assert_cmpuint (json_array_get_length (asked_list), ==, 1);
  g_assert_cmpuint (json_array_get_length (all_list), ==, 2);
  g_assert_cmpstr (first_string (all_list, "status"), ==, "open");
  g_assert_cmpstr (first_string (all_list, "agency_responsible"), !=, NULL);
  g_assert_true (g_ascii_isalpha (first_string (all_list, "service_name")[0]));
  g_assert_nonnull (first_string (all_list, "expected_datetime"));
  g_assert_cmpstr (g_bytes_get_data (closed, NULL), ==, "[]");
  g_assert_cmpuint (count_of (open), ==, 2);
  g_assert_cmpuint (count_of (page1), ==, 1);
  g_assert_cmpuint (count_of (page2), ==, 1);
  g_assert_false (g_bytes_equal (page1, page2));
  g_assert_cmpstr (g_bytes_get_data (page3, NULL), ==, "[]");
  g_assert_cmpstr (g_bytes_get_data (future, NULL), ==, "[]");
  g_assert_cmpstr (g_bytes_get_data (past, NULL), ==, "[]");
  g_assert_cmpuint (count_of (since), ==, 2);
  g_assert_cmpstr (g_bytes_get_data (other_code, NULL), ==, "[]");
  /* The account's own cases are paged, not a page of everyone's filtered
   * (the other account's case is the newer, first in the whole list). */
  g_assert_true (g_bytes_equal (mine_page1, mine));
  g_assert_nonnull (bad_date);
}

/* A dispatcher's action on case @id at @version, which must be taken. */
static void
act (Town       *t,
     const char *id,
     gint64      version,
     const char *action,
     const char *params)
{
  g_autofree char *url = g_strconcat (t->server->url, "/api/v1/cases/", id, "/actions", NULL);
  g_autofree char *body = g_strdup_printf ("{\"action\": \"%s\", \"base_version\": %" G_GINT64_FORMAT ", \"params\": %s}",
                                           action, version, params ? params : "{}");
  g_autofree char *key = g_strdup_printf ("%s-%s-%" G_GINT64_FORMAT, id, action, version);
  g_autoptr(GBytes) reply = NULL;
  guint status;

  reply = send_request (SOUP_METHOD_POST, url, t->server->token, "application/json", body, key, &status, NULL);
  if (status != 200)
    g_error ("%s on %s: %u %.*s", action, id, status, (int) g_bytes_get_size (reply),
             (const char *) g_bytes_get_data (reply, NULL));
}

static void
assert_lacks (GBytes     *body,
              const char *text)
{
  g_autofree char *copy = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  if (strstr (copy, text))
    g_error ("“%s” left the county: %s", text, copy);
}

/* Who called, who works on it and the notes on the way stay inside;
 * the outcome of a case that is over is public. */
static void
test_private_fields_stay (void)
{
  g_autoptr(Town) t = town_start ();
  g_autofree char *worked = report (t, t->intake, "json");
  g_autofree char *rejected = report (t, t->intake, "json");
  g_autofree char *one_path = g_strdup_printf ("requests/%s.json", rejected);
  g_autoptr(GBytes) list = NULL;
  g_autoptr(GBytes) list_xml = NULL;
  g_autoptr(GBytes) one = NULL;
  g_autoptr(JsonArray) one_list = NULL;

  act (t, worked, 1, "accept", NULL);
  act (t, worked, 2, "file", NULL);
  act (t, worked, 3, "assign", "{\"assignee\": \"worker:w0001\"}");
  act (t, worked, 4, "comment", "{\"text\": \"内部备注：先联系社区主任\"}");
  act (t, rejected, 1, "reject", "{\"reason\": \"重复上报，已合并\"}");

  list = get_as (t, "requests.json", t->leader, 200);
  list_xml = get_as (t, "requests.xml", t->intake, 200);
  one = get_as (t, one_path, t->intake, 200);
  one_list = json_array_of (one);
  for (guint i = 0; i < 3; i++)
    {
      GBytes *body = i == 0 ? list : i == 1 ? list_xml : one;

      assert_lacks (body, PHONE);
      assert_lacks (body, "Li, ");
      assert_lacks (body, "w0001");
      assert_lacks (body, "内部备注");
      assert_lacks (body, "test-dispatcher");
      assert_lacks (body, "hotline");
    }
  g_assert_cmpstr (first_string (one_list, "status"), ==, "closed");
  g_assert_cmpstr (first_string (one_list, "status_notes"), ==, "重复上报，已合并");
}

static gint64
audited_refusals (Town       *t,
                  const char *user)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (t->server->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM audit WHERE user = ?1 AND status = 403", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The intake role reports; it reads nothing of the county's API and acts
 * on no case, its own included. */
static void
test_intake_confined (void)
{
  g_autoptr(Town) t = town_start ();
  g_autofree char *id = report (t, t->intake, "json");
  const char *paths[] = { "/api/v1/cases", "/api/v1/categories", "/api/v1/grids", "/api/v1/changes", "/api/v1/stats" };
  g_autofree char *case_url = g_strconcat (t->server->url, "/api/v1/cases/", id, NULL);
  g_autofree char *history_url = g_strconcat (t->server->url, "/api/v1/cases/", id, "/history", NULL);
  g_autofree char *actions_url = g_strconcat (t->server->url, "/api/v1/cases/", id, "/actions", NULL);
  g_autofree char *create_url = g_strconcat (t->server->url, "/api/v1/cases", NULL);
  g_autoptr(GBytes) acted = NULL;
  g_autoptr(GBytes) created = NULL;
  g_autoptr(GBytes) history = NULL;
  g_autoptr(JsonNode) trail = NULL;
  JsonArray *items;
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = g_strconcat (t->server->url, paths[i], NULL);
      g_autoptr(GBytes) reply = gw_test_http_get (url, t->intake, NULL, &status, NULL);

      g_assert_cmpuint (status, ==, 403);
    }
  g_clear_pointer (&history, g_bytes_unref);
  history = gw_test_http_get (case_url, t->intake, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  acted = send_request (SOUP_METHOD_POST, actions_url, t->intake, "application/json",
                        "{\"action\": \"accept\", \"base_version\": 1}", "intake-accept", &status, NULL);
  g_assert_cmpuint (status, ==, 403);

  /* It may report through the county's own API too: the role table says so. */
  created = send_request (SOUP_METHOD_POST, create_url, t->intake, "application/json",
                          "{\"source\": \"open311\", \"lat\": 35.4, \"lon\": 116.97, \"category\": \"E0101\"}",
                          NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 201);

  /* Its report and its refusal are in the audit trail like any write. */
  g_clear_pointer (&history, g_bytes_unref);
  history = gw_test_http_get (history_url, t->server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  trail = gw_test_json_from_bytes (history);
  items = json_object_get_array_member (json_node_get_object (trail), "items");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "user"), ==, "hotline");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "role"), ==, "intake");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "action"), ==, "create");
  g_assert_cmpint (audited_refusals (t, "hotline"), >=, G_N_ELEMENTS (paths) + 2);
}

/* An intake account that keeps posting is told to wait. The count is
 * per minute: should a minute end on the way, a second run of posts
 * must meet the limit. */
static void
test_intake_rate_limited (void)
{
  g_autoptr(Town) t = town_start ();
  g_autofree char *body = form ("api_key", t->other_intake, "service_code", "E0101", "lat", "35.4", "long", "116.97", NULL);
  g_autofree char *url = g_strconcat (t->server->url, "/open311/v2/requests.json", NULL);
  guint taken_in_a_row = 0;
  gboolean limited = FALSE;

  for (guint i = 0; i < 3 * 60 && !limited; i++)
    {
      g_autoptr(GBytes) reply = NULL;
      g_autofree char *type = NULL;
      guint status;

      reply = send_request (SOUP_METHOD_POST, url, NULL, "application/x-www-form-urlencoded", body, NULL, &status, &type);
      if (status == 429)
        {
          limited = TRUE;
          assert_shape (reply, "errors.json", "[]/code", "[]/description", NULL);
        }
      else
        {
          g_assert_cmpuint (status, ==, 200);
          taken_in_a_row++;
        }
    }
  g_assert_true (limited);
  g_assert_cmpuint (taken_in_a_row, >=, 60);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/open311/serve/discovery-and-services", test_discovery_and_services);
  g_test_add_func ("/open311/serve/post-becomes-case", test_post_becomes_case);
  g_test_add_func ("/open311/serve/requests-read", test_requests_read);
  g_test_add_func ("/open311/serve/private-fields-stay", test_private_fields_stay);
  g_test_add_func ("/open311/serve/intake-confined", test_intake_confined);
  g_test_add_func ("/open311/serve/intake-rate-limited", test_intake_rate_limited);

  return g_test_run ();
}
