/* test-feed-quarantine.c: one bad item in a feed page is set aside, the
 * rest of the page is applied and the feed goes on
 *
 * A fake town server in this process serves crafted /changes pages:
 * bytes that are not UTF-8, lone surrogates, escaped NULs, wrong-typed
 * fields and texts the validator refuses, beside good cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gw-case-pull.h"
#include "gw-error.h"
#include "gw-feed-page.h"
#include "gw-field.h"
#include "gw-json.h"
#include "gw-store-quarantine.h"
#include "gw-test-pull.h"
#include "gw-test-util.h"
#include "gw-cache-schema.h"

#define REPORTED_AT "2026-11-23T09:00:00+08:00"

/* A case change; @description is JSON text, written as it goes on the wire. */
static char *
case_change (gint64      seq,
             const char *id,
             gint64      version,
             const char *description)
{
  return g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"case\",\"id\":\"%s\",\"version\":%" G_GINT64_FORMAT ","
                          "\"data\":{\"id\":\"%s\",\"status\":\"reported\",\"source\":\"patrol\",\"lat\":35.4,"
                          "\"lon\":116.97,\"priority\":\"normal\",\"description\":%s,\"reported_at\":\"" REPORTED_AT "\","
                          "\"version\":%" G_GINT64_FORMAT "}}",
                          seq, id, version, id, description, version);
}

static char *
page_of (GPtrArray *changes,
         gint64     last_seq)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (changes, NULL);
  joined = g_strjoinv (",", (char **) changes->pdata);
  return g_strdup_printf ("{\"changes\":[%s],\"last_seq\":%" G_GINT64_FORMAT ",\"more\":false}", joined, last_seq);
}

/* Page one: two good cases, six bad ones, and a grid change. */
static char *
first_page (void)
{
  g_autoptr(GPtrArray) c = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *long_text = g_strnfill (GW_FIELD_DESCRIPTION_CHARS + 1, 'x');
  g_autofree char *long_json = g_strdup_printf ("\"%s\"", long_text);

  g_ptr_array_add (c, case_change (1, "GW-1", 1, "\"井盖缺失\""));
  g_ptr_array_add (c, case_change (2, "GW-2", 1, "\"路灯不亮\""));
  g_ptr_array_add (c, case_change (3, "GW-3", 1, "\"bad \xff byte\""));
  g_ptr_array_add (c, case_change (4, "GW-4", 2, "\"a\\ud800b\""));
  g_ptr_array_add (c, case_change (5, "GW-5", 1, "\"nul \\u0000 here\""));
  g_ptr_array_add (c, g_strdup ("{\"seq\":6,\"kind\":\"case\",\"id\":\"GW-6\",\"version\":1,\"data\":{\"id\":\"GW-6\","
                                "\"status\":\"reported\",\"source\":\"patrol\",\"lat\":35.4,\"lon\":116.97,"
                                "\"priority\":\"normal\",\"reported_at\":\"" REPORTED_AT "\",\"version\":\"1\"}}"));
  g_ptr_array_add (c, case_change (7, "GW-7", 1, "\"bell \\u0007 rings\""));
  g_ptr_array_add (c, case_change (8, "GW-8", 1, long_json));
  g_ptr_array_add (c, g_strdup ("{\"seq\":9,\"kind\":\"grid\",\"id\":\"370881001\",\"version\":3,\"data\":{}}"));
  return page_of (c, 9);
}

/* Page two: a readable GW-3, GW-5 still bad, and a change whose very id
 * is broken. */
static char *
second_page (void)
{
  g_autoptr(GPtrArray) c = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (c, case_change (10, "GW-3", 2, "\"fixed\""));
  g_ptr_array_add (c, case_change (11, "GW-5", 2, "\"still \\u0000\""));
  g_ptr_array_add (c, case_change (12, "GW-\xfe" "9", 1, "\"ok\""));
  return page_of (c, 12);
}

typedef struct
{
  GHashTable *pages;        /* "since" → body */
  guint requests;
} FakeTown;

static void
changes_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FakeTown *town = user_data;
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *body = since ? g_hash_table_lookup (town->pages, since) : NULL;
  g_autofree char *empty = NULL;

  town->requests++;
  if (body == NULL)
    body = empty = g_strdup_printf ("{\"changes\":[],\"last_seq\":%s,\"more\":false}", since ? since : "0");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static char *
serve (SoupServer *server,
       FakeTown   *town)
{
  soup_server_add_handler (server, "/api/v1/changes", changes_handler, town, NULL);
  return gw_test_serve_local (server);
}

static GwQuarantineEntry *
find_entry (GPtrArray  *entries,
            const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      GwQuarantineEntry *e = g_ptr_array_index (entries, i);

      if (g_str_equal (e->id, id))
        return e;
    }
  return NULL;
}

static void
assert_entry (GPtrArray  *entries,
              const char *id,
              gint64      seq,
              const char *reason_part)
{
  GwQuarantineEntry *e = find_entry (entries, id);

  g_assert_nonnull (e);
  g_test_message ("%s (seq %" G_GINT64_FORMAT "): %s", e->id, e->seq, e->reason);
  g_assert_cmpint (e->seq, ==, seq);
  g_assert_cmpstr (e->kind, ==, "case");
  g_assert_nonnull (strstr (e->reason, reason_part));
  g_assert_nonnull (e->at);
  g_assert_null (e->raw);
}

/* The entry's text as it came, from the cache. */
static GBytes *
raw_of (GwStore    *cache,
        const char *id)
{
  GBytes *raw = gw_store_dup_quarantine_raw (cache, "case", id);

  g_assert_nonnull (raw);
  g_assert_cmpuint (g_bytes_get_size (raw), >, 0);
  g_assert_cmpuint (g_bytes_get_size (raw), <=, GW_QUARANTINE_MAX_RAW);
  return raw;
}

static void
assert_description (GwStore    *cache,
                    const char *id,
                    gint64      version,
                    const char *description)
{
  g_autoptr(GwCase) kase = gw_store_get_case (cache, id);

  g_assert_nonnull (kase);
  g_assert_cmpint (gw_case_get_version (kase), ==, version);
  g_assert_cmpstr (gw_case_get_data (kase)->description, ==, description);
}

static void
test_bad_items_set_aside (void)
{
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GPtrArray) seed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GwTownClient) client = NULL;
  g_autofree char *url = NULL;
  FakeTown town = { g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free), 0 };
  GwCaseData d = { .id = (char *) "GW-4", .source = GW_CASE_SOURCE_PATROL, .lat = 35.4, .lon = 116.97,
                   .description = (char *) "kept", .reported_at = (char *) REPORTED_AT, .version = 1 };
  GwTestPull w = { 0 };

  /* GW-4 was cached before its next version came broken. */
  g_ptr_array_add (seed, gw_case_new (&d));
  g_assert_true (gw_store_apply_cases (cache, seed, 0, NULL, NULL));

  g_hash_table_insert (town.pages, (gpointer) "0", first_page ());
  g_hash_table_insert (town.pages, (gpointer) "9", second_page ());
  url = serve (server, &town);
  client = gw_town_client_new (url, NULL);

  gw_test_pull (&w, client, cache, 0, 10000);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->applied, ==, 2);
  g_assert_cmpint (w.result->cursor, ==, 9);
  g_assert_cmpuint (w.result->newly_quarantined, ==, 6);
  g_assert_cmpuint (w.result->quarantined, ==, 6);
  g_assert_true (w.result->reference_changed);
  g_assert_cmpint (gw_store_get_cursor (cache), ==, 9);

  /* The good ones are in; the broken GW-4 left the cached one alone. */
  g_assert_cmpuint (gw_store_count_cases (cache), ==, 3);
  assert_description (cache, "GW-1", 1, "井盖缺失");
  assert_description (cache, "GW-2", 1, "路灯不亮");
  assert_description (cache, "GW-4", 1, "kept");

  entries = gw_store_list_quarantine (cache, 0, NULL);
  g_assert_cmpuint (entries->len, ==, 6);
  g_assert_cmpuint (gw_store_count_quarantine (cache), ==, 6);
  assert_entry (entries, "GW-3", 3, "not valid UTF-8");
  assert_entry (entries, "GW-4", 4, "lone UTF-16 surrogate");
  assert_entry (entries, "GW-5", 5, "escaped NUL");
  assert_entry (entries, "GW-6", 6, "no valid version");
  assert_entry (entries, "GW-7", 7, "control characters");
  assert_entry (entries, "GW-8", 8, "at most 5000 characters");

  /* The text is kept as it came, the broken byte included. */
  {
    g_autoptr(GBytes) bytes = raw_of (cache, "GW-3");
    gsize len;
    const char *raw = g_bytes_get_data (bytes, &len);

    g_assert_cmpint (raw[0], ==, '{');
    g_assert_cmpint (raw[len - 1], ==, '}');
    g_assert_nonnull (memchr (raw, 0xff, len));
    g_assert_nonnull (g_strstr_len (raw, len, "\"seq\":3,"));
  }
  {
    g_autoptr(GBytes) bytes = raw_of (cache, "GW-4");

    g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "a\\ud800b"));
  }
  /* GW-8's text is the longest; it is kept whole, within the cap. */
  g_bytes_unref (raw_of (cache, "GW-8"));
  g_assert_null (gw_store_dup_quarantine_raw (cache, "case", "GW-1"));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A readable GW-3 clears its entry; GW-5's entry is the newer change;
   * a change with a broken id is known by its seq. */
  gw_test_pull (&w, client, cache, 0, 10000);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->applied, ==, 1);
  g_assert_cmpint (gw_store_get_cursor (cache), ==, 12);
  g_assert_cmpuint (w.result->quarantined, ==, 6);
  assert_description (cache, "GW-3", 2, "fixed");

  entries = gw_store_list_quarantine (cache, 0, NULL);
  g_assert_null (find_entry (entries, "GW-3"));
  assert_entry (entries, "GW-5", 11, "escaped NUL");
  assert_entry (entries, "seq 12", 12, "not valid UTF-8");
  g_assert_cmpuint (entries->len, ==, 6);

  /* Nothing new: nothing changes. */
  gw_test_pull (&w, client, cache, 0, 10000);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->applied, ==, 0);
  g_assert_cmpuint (w.result->newly_quarantined, ==, 0);
  g_assert_cmpuint (w.result->quarantined, ==, 6);

  g_clear_pointer (&w.result, gw_case_pull_result_free);
  g_hash_table_unref (town.pages);
}

/* Pages that are still refused whole: nothing applied, cursor stays. */
static void
test_unreadable_pages_fail (void)
{
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GString) deep = g_string_new ("{\"changes\":[");
  const char *pages[] = {
    NULL,
    "{\"changes\":[{\"seq\":1,\"kind\":\"case\",\"data\":\"\xff\"",
    "\xff\xfe not JSON at all",
    /* A defect that cannot be pinned on one change: "changes" twice. */
    "{\"changes\":[{\"seq\":1,\"kind\":\"case\",\"id\":\"a\xff\"}],\"changes\":[{\"seq\":2}],\"last_seq\":2,\"more\":false}",
  };

  g_string_append (deep, "{\"seq\":1,\"kind\":\"case\",\"id\":\"x\",\"data\":");
  for (guint i = 0; i < GW_JSON_MAX_DEPTH + 10; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < GW_JSON_MAX_DEPTH + 10; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}],\"last_seq\":1,\"more\":false}");
  pages[0] = deep->str;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      FakeTown town = { g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free), 0 };
      g_autofree char *url = NULL;
      g_autoptr(GwTownClient) client = NULL;
      GwTestPull w = { 0 };

      g_hash_table_insert (town.pages, (gpointer) "0", g_strdup (pages[i]));
      url = serve (server, &town);
      client = gw_town_client_new (url, NULL);
      gw_test_pull (&w, client, cache, 0, 10000);
      g_assert_nonnull (w.error);
      g_test_message ("page %u: %s", i, w.error->message);
      g_assert_cmpint (gw_store_get_cursor (cache), ==, 0);
      g_assert_cmpuint (gw_store_count_cases (cache), ==, 0);
      g_assert_cmpuint (gw_store_count_quarantine (cache), ==, 0);
      g_clear_error (&w.error);
      g_hash_table_unref (town.pages);
    }
}

/* The scanner mends in place, same length, and says where. */
static void
test_scan_repair (void)
{
  const char text[] = "{\"changes\":[{\"a\":\"x\xffy\"}, {\"b\":\"\\u0000\"},3 ,{\"c\":\"\\ud800\"}],\"last_seq\":3}";
  gsize len = sizeof text - 1;
  g_autofree char *copy = g_memdup2 (text, len);
  g_autoptr(GArray) defects = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) elements = g_array_new (FALSE, FALSE, sizeof (GwJsonRange));
  g_autoptr(GBytes) mended = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GwJsonScan scan = { .repair = TRUE, .defects = defects, .elements = elements };
  const char *first[] = { "{\"a\":\"x", "{\"b\":", "3", "{\"c\":" };
  JsonArray *changes;

  /* Without repair, the first defect is refused. */
  {
    GwJsonScan strict = { 0 };
    g_autoptr(GError) strict_error = NULL;

    g_assert_false (gw_json_scan (copy, len, &strict, &strict_error));
    g_assert_error (strict_error, GW_ERROR, GW_ERROR_INVALID_DATA);
    g_assert_cmpmem (copy, len, text, len);
  }

  g_assert_true (gw_json_scan (copy, len, &scan, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (defects->len, ==, 3);
  g_assert_cmpuint (elements->len, ==, 4);
  g_assert_true (g_utf8_validate (copy, len, NULL));
  for (guint i = 0; i < elements->len; i++)
    {
      GwJsonRange *r = &g_array_index (elements, GwJsonRange, i);

      g_assert_cmpint (strncmp (text + r->start, first[i], strlen (first[i])), ==, 0);
      g_assert_true (text[r->end - 1] == '}' || text[r->end - 1] == '3');
    }

  /* Each defect lies in the element that held it, and is gone. */
  for (guint i = 0; i < defects->len; i++)
    {
      gsize at = g_array_index (defects, gsize, i);
      guint holder = G_MAXUINT;

      for (guint j = 0; j < elements->len; j++)
        if (at >= g_array_index (elements, GwJsonRange, j).start && at < g_array_index (elements, GwJsonRange, j).end)
          holder = j;
      g_assert_true (holder == 0 || holder == 1 || holder == 3);
      if (text[at] == '\\')
        g_assert_cmpint (strncmp (copy + at, "\\ufffd", 6), ==, 0);
      else
        g_assert_cmpint (copy[at], ==, '?');
    }

  mended = g_bytes_new (copy, len);
  root = gw_json_parse_bytes (mended, &error);
  g_assert_no_error (error);
  changes = gw_json_object_get_array (gw_json_node_get_object (root), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, elements->len);
  g_assert_cmpstr (gw_json_object_get_string (json_array_get_object_element (changes, 1), "b"), ==, "\xef\xbf\xbd");
}

/* A page read in memory, as the client hands it over. */
static GwFeedPage *
read_page (const char  *text,
           GError     **error)
{
  g_autoptr(GwTownResponse) response = g_new0 (GwTownResponse, 1);
  gsize len = strlen (text);
  g_autofree char *copy = g_memdup2 (text, len);
  g_autoptr(GBytes) mended = NULL;
  GwJsonScan scan = { .repair = TRUE };

  response->body = g_bytes_new (text, len);
  response->defects = scan.defects = g_array_new (FALSE, FALSE, sizeof (gsize));
  response->elements = scan.elements = g_array_new (FALSE, FALSE, sizeof (GwJsonRange));
  g_assert_true (gw_json_scan (copy, len, &scan, NULL));
  mended = g_bytes_new (copy, len);
  response->root = gw_json_parse_bytes (mended, NULL);
  g_assert_nonnull (response->root);
  return gw_feed_page_read (response, error);
}

/* Another array of the root, before "changes", does not shift the
 * elements: its defect is nobody's, the changes' defects are theirs. */
static void
test_page_other_arrays (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwFeedPage) page = NULL;
  g_autofree char *good = case_change (2, "GW-2", 1, "\"ok\"");
  g_autofree char *bad = case_change (3, "GW-3", 1, "\"b\xc3\"");
  g_autofree char *text = g_strdup_printf ("{\"notes\":[\"n\xff\", 7], \"changes\" : [%s, %s],\"last_seq\":3,\"more\":false}",
                                           good, bad);
  GwQuarantineEntry *item;

  page = read_page (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->cases->len, ==, 1);
  g_assert_cmpstr (gw_case_get_id (g_ptr_array_index (page->cases, 0)), ==, "GW-2");
  g_assert_cmpuint (page->items->len, ==, 2);
  g_assert_cmpuint (page->n_quarantined, ==, 1);
  item = g_ptr_array_index (page->items, 0);
  g_assert_null (item->reason);
  g_assert_cmpstr (item->id, ==, "GW-2");
  item = g_ptr_array_index (page->items, 1);
  g_assert_cmpstr (item->id, ==, "GW-3");
  g_assert_nonnull (strstr (item->reason, "not valid UTF-8"));
  g_assert_cmpmem (g_bytes_get_data (item->raw, NULL), g_bytes_get_size (item->raw), bad, strlen (bad));
  g_clear_pointer (&page, gw_feed_page_free);

  /* A readable page without defects still keeps a bad case's text. */
  page = read_page ("{\"changes\":[{\"seq\":1,\"kind\":\"case\",\"id\":\"x\",\"data\":{\"id\":\"x\",\"status\":\"flying\"}},"
                    "17,{\"seq\":3}],\"last_seq\":3,\"more\":false}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->n_quarantined, ==, 3);
  item = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (item->id, ==, "x");
  g_assert_nonnull (strstr (item->reason, "unknown status"));
  g_assert_cmpmem (g_bytes_get_data (item->raw, NULL), 13, "{\"seq\":1,\"kin", 13);
  item = g_ptr_array_index (page->items, 1);
  g_assert_cmpstr (item->id, ==, "seq ? #2");
  g_assert_cmpstr (item->kind, ==, "");
  item = g_ptr_array_index (page->items, 2);
  g_assert_cmpstr (item->id, ==, "seq 3");
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/feed-quarantine/scan-repair", test_scan_repair);
  g_test_add_func ("/feed-quarantine/page-other-arrays", test_page_other_arrays);
  g_test_add_func ("/feed-quarantine/bad-items-set-aside", test_bad_items_set_aside);
  g_test_add_func ("/feed-quarantine/unreadable-pages-fail", test_unreadable_pages_fail);

  return g_test_run ();
}
