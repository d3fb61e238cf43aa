/* test-pull-ahead.c: the next page of the feed is asked for from a page's
 * headers, before its body has come, and a page that breaks its headers'
 * word fails the pull
 *
 * A fake town server in this process serves crafted /changes pages with
 * the headers gridwatch-townd gives (docs/town-api.md), honest or not,
 * and can hold a page's body back until the next page is asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "gw-cache-schema.h"
#include "gw-case-pull.h"
#include "gw-error.h"
#include "gw-store-outbox.h"
#include "gw-test-pull.h"
#include "gw-test-util.h"

#define FEED "feed-a"

typedef struct
{
  const char *since;        /* the request's cursor */
  const char *body;
  const char *next_since;   /* Gridwatch-Next-Since, if any */
  const char *feed;         /* Gridwatch-Feed, if any */
  const char *held_until;   /* the body waits until a request from this cursor */
} FakePage;

typedef struct
{
  const FakePage *pages;
  guint n_pages;
  SoupServerMessage *held;
  const FakePage *held_page;
  GPtrArray *asked;         /* the cursors asked for, in order */
} FakeTown;

static const FakePage *
page_for (FakeTown   *town,
          const char *since)
{
  for (guint i = 0; i < town->n_pages; i++)
    if (g_strcmp0 (town->pages[i].since, since) == 0)
      return &town->pages[i];
  return NULL;
}

static void
release_held (FakeTown *town)
{
  SoupMessageBody *body = soup_server_message_get_response_body (town->held);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, town->held_page->body, strlen (town->held_page->body));
  soup_message_body_complete (body);
  soup_server_message_unpause (town->held);
  g_clear_object (&town->held);
}

static void
changes_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FakeTown *town = user_data;
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  const FakePage *page = page_for (town, since);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  g_ptr_array_add (town->asked, g_strdup (since));
  if (town->held && town->held_page->held_until && g_strcmp0 (town->held_page->held_until, since) == 0)
    release_held (town);
  if (page == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  if (page->next_since)
    soup_message_headers_replace (headers, "Gridwatch-Next-Since", page->next_since);
  if (page->feed)
    soup_message_headers_replace (headers, "Gridwatch-Feed", page->feed);
  if (page->held_until)
    {
      /* The headers go now; the body when the next page is asked for. */
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      town->held = g_object_ref (msg);
      town->held_page = page;
      return;
    }
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            page->body, strlen (page->body));
}

static gboolean
has_case_indexes (gpointer cache)
{
  return gw_cache_has_case_indexes (cache);
}

/* Pulls @pages from a fake town into a new cache, and says what came of it. */
static GwStore *
pull_from (const FakePage *pages,
           guint           n_pages,
           GwTestPull     *w,
           GPtrArray     **asked)
{
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GwTownClient) client = NULL;
  g_autofree char *url = NULL;
  FakeTown town = { pages, n_pages, NULL, NULL, g_ptr_array_new_with_free_func (g_free) };

  soup_server_add_handler (server, "/api/v1/changes", changes_handler, &town, NULL);
  url = gw_test_serve_local (server);
  client = gw_town_client_new (url, NULL);
  /* A client that waited for a held body before asking on would wait here
   * until the end, and fail. */
  gw_test_pull (w, client, cache, 0, 10000);
  g_assert_null (town.held);
  /* Nothing of the pull outlives the test: its indexes are back (they
   * come after it answers, or fails), and what it had in flight ended. */
  g_assert_true (gw_test_wait_until (has_case_indexes, cache, 10000));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  *asked = g_steal_pointer (&town.asked);
  return g_steal_pointer (&cache);
}

#define CASE(seq, id) \
  "{\"seq\":" #seq ",\"kind\":\"case\",\"id\":\"" id "\",\"version\":1,\"data\":{\"id\":\"" id "\"," \
  "\"status\":\"reported\",\"source\":\"patrol\",\"lat\":35.4,\"lon\":116.97,\"priority\":\"normal\"," \
  "\"description\":\"井盖缺失\",\"reported_at\":\"2026-11-23T09:00:00+08:00\",\"version\":1}}"

static void
test_asks_before_the_body (void)
{
  /* The first page's body waits for the second page's request: only a
   * client that asks from the headers gets it. */
  static const FakePage pages[] = {
    { "0", "{\"changes\":[" CASE (1, "GW-1") "," CASE (2, "GW-2") "],\"last_seq\":2,\"more\":true,\"feed\":\"" FEED "\"}",
      "2", FEED, "2" },
    { "2", "{\"changes\":[" CASE (3, "GW-3") "],\"last_seq\":3,\"more\":true,\"feed\":\"" FEED "\"}", "3", FEED, NULL },
    { "3", "{\"changes\":[" CASE (5, "GW-5") "],\"last_seq\":5,\"more\":false,\"feed\":\"" FEED "\"}", NULL, NULL, NULL },
  };
  g_autoptr(GPtrArray) asked = NULL;
  GwTestPull w = { 0 };
  g_autoptr(GwStore) cache = pull_from (pages, G_N_ELEMENTS (pages), &w, &asked);

  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->applied, ==, 4);
  g_assert_cmpint (w.result->cursor, ==, 5);
  g_assert_cmpint (gw_store_get_cursor (cache), ==, 5);
  g_assert_cmpuint (gw_store_count_cases (cache), ==, 4);
  g_assert_cmpuint (asked->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (asked, 1), ==, "2");
  g_assert_cmpstr (g_ptr_array_index (asked, 2), ==, "3");
  gw_test_pull_clear (&w);
}

static void
test_broken_word_fails (void)
{
  /* The second page's headers say it ends at 4; its body, at 3. */
  static const FakePage pages[] = {
    { "0", "{\"changes\":[" CASE (1, "GW-1") "],\"last_seq\":1,\"more\":true,\"feed\":\"" FEED "\"}", "1", FEED, NULL },
    { "1", "{\"changes\":[" CASE (3, "GW-3") "],\"last_seq\":3,\"more\":true,\"feed\":\"" FEED "\"}", "4", FEED, NULL },
    { "4", "{\"changes\":[" CASE (9, "GW-9") "],\"last_seq\":9,\"more\":false,\"feed\":\"" FEED "\"}", NULL, NULL, NULL },
  };
  g_autoptr(GPtrArray) asked = NULL;
  GwTestPull w = { 0 };
  g_autoptr(GwStore) cache = pull_from (pages, G_N_ELEMENTS (pages), &w, &asked);
  g_autoptr(GwCase) second = NULL;

  g_assert_error (w.error, GW_ERROR, GW_ERROR_SERVER);
  g_assert_nonnull (strstr (w.error->message, "headers"));
  /* The first page stands; nothing of the second, nor of what followed it. */
  g_assert_cmpint (gw_store_get_cursor (cache), ==, 1);
  g_assert_cmpuint (gw_store_count_cases (cache), ==, 1);
  second = gw_store_get_case (cache, "GW-3");
  g_assert_null (second);
  gw_test_pull_clear (&w);
}

static void
test_unusable_headers_are_ignored (void)
{
  /* A cursor that does not move on, or a feed id no feed has: the pull
   * goes on from the body, as with a server that sends no such headers. */
  g_autofree char *long_feed = g_strnfill (65, 'f');
  const FakePage pages[] = {
    { "0", "{\"changes\":[" CASE (1, "GW-1") "],\"last_seq\":1,\"more\":true}", "0", NULL, NULL },
    { "1", "{\"changes\":[" CASE (2, "GW-2") "],\"last_seq\":2,\"more\":true}", "2", long_feed, NULL },
    { "2", "{\"changes\":[" CASE (3, "GW-3") "],\"last_seq\":3,\"more\":true}", "-3", NULL, NULL },
    /* The cursor at the end of its range, and a server that still says
     * where the next page would start. */
    { "3", "{\"changes\":[" CASE (4, "GW-4") "],\"last_seq\":9223372036854775807,\"more\":true}",
      "9223372036854775807", NULL, NULL },
    { "9223372036854775807", "{\"changes\":[],\"last_seq\":9223372036854775807,\"more\":false}",
      "9223372036854775807", NULL, NULL },
  };
  g_autoptr(GPtrArray) asked = NULL;
  GwTestPull w = { 0 };
  g_autoptr(GwStore) cache = pull_from (pages, G_N_ELEMENTS (pages), &w, &asked);

  g_assert_no_error (w.error);
  g_assert_cmpuint (w.result->applied, ==, 4);
  g_assert_cmpint (gw_store_get_cursor (cache), ==, G_MAXINT64);
  g_assert_cmpuint (asked->len, ==, 5);
  gw_test_pull_clear (&w);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/pull-ahead/asks-before-the-body", test_asks_before_the_body);
  g_test_add_func ("/pull-ahead/broken-word-fails", test_broken_word_fails);
  g_test_add_func ("/pull-ahead/unusable-headers-are-ignored", test_unusable_headers_are_ignored);

  return g_test_run ();
}
