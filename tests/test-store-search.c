/* test-store-search.c: full-text search over cached cases, Chinese included
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case.h"
#include "gw-store-cases.h"
#include "gw-store-search.h"
#include "gw-test-util.h"
#include "gw-cache-schema.h"

static GwCase *
make_case (const char *id,
           const char *description)
{
  GwCaseData d = {
    .id = (char *) id, .description = (char *) description, .version = 1,
    .reported_at = (char *) "2026-11-23T09:00:00+08:00",
  };

  return gw_case_new (&d);
}

static char *
search (GwStore    *store,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = gw_store_search_cases (store, text, 0, &error);

  g_assert_no_error (error);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

static void
test_terms (void)
{
  g_autofree char *index = gw_search_terms ("暴露垃圾, lamp 12", FALSE);
  g_autofree char *query = gw_search_terms ("垃 \"OR lamp", TRUE);

  g_assert_cmpstr (index, ==, "暴露 露垃 垃圾 lamp 12");
  /* Operators and quotes in what a user types are only text. */
  g_assert_cmpstr (query, ==, "\"垃\"* \"OR\"* \"lamp\"*");
}

static void
test_search (void)
{
  g_autofree char *path = gw_test_tmp_path ("search.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_cache_open (path, &error);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
  const struct { const char *query, *expected; } checks[] = {
    { "垃圾", "GW20261123-000101" },
    { "垃", "GW20261123-000101" },
    { "井盖", "GW20261123-000102" },
    { "暴露 垃圾", "GW20261123-000101" },
    { "破损 垃圾", "" },
    { "lamp", "GW20261123-000103" },
    { "LAMP", "GW20261123-000103" },
    { "000102", "GW20261123-000102" },
    { "\"OR (", "" },
    { "", "" },
  };

  g_assert_no_error (error);
  g_ptr_array_add (cases, make_case ("GW20261123-000101", "北关社区暴露垃圾堆放"));
  g_ptr_array_add (cases, make_case ("GW20261123-000102", "道路破损，井盖缺失"));
  g_ptr_array_add (cases, make_case ("GW20261123-000103", "Street lamp broken"));
  g_assert_true (gw_store_index_cases (store, cases, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autofree char *found = search (store, checks[i].query);

      g_assert_cmpstr (found, ==, checks[i].expected);
    }

  /* A new version replaces what was indexed before. */
  g_ptr_array_add (update, make_case ("GW20261123-000101", "已清理"));
  g_assert_true (gw_store_index_cases (store, update, &error));
  {
    g_autofree char *old = search (store, "垃圾");
    g_autofree char *fresh = search (store, "清理");

    g_assert_cmpstr (old, ==, "");
    g_assert_cmpstr (fresh, ==, "GW20261123-000101");
  }
}

typedef struct
{
  GPtrArray *ids;
  GError *error;
  gboolean done;
} SearchWait;

static void
on_searched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SearchWait *w = user_data;

  w->ids = gw_store_search_cases_finish (GW_STORE (object), result, &w->error);
  w->done = TRUE;
}

static gboolean
search_done (gpointer data)
{
  return ((SearchWait *) data)->done;
}

/* A search in a thread lands with what it found; one cancelled for a
 * newer keystroke answers "cancelled", never its stale list, even when
 * it had finished; and the reader finds what the writer committed. */
static void
test_search_async (void)
{
  g_autofree char *path = gw_test_tmp_path ("search-async.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_cache_open (path, &error);
  g_autoptr(GwStore) reader = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) stale = g_cancellable_new ();
  SearchWait old = { 0 }, fresh = { 0 };

  g_assert_no_error (error);
  reader = gw_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_assert_true (reader != store);
  g_ptr_array_add (cases, make_case ("GW20261123-000201", "北关社区暴露垃圾堆放"));
  g_ptr_array_add (cases, make_case ("GW20261123-000202", "Street lamp broken"));
  g_assert_true (gw_store_index_cases (store, cases, &error));

  gw_store_search_cases_async (reader, "垃圾", 0, stale, on_searched, &old);
  gw_test_wait_for (search_done, &old, 10000, "the first search to answer");
  g_assert_no_error (old.error);
  g_assert_cmpuint (old.ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (old.ids, 0), ==, "GW20261123-000201");
  g_clear_pointer (&old.ids, g_ptr_array_unref);

  /* "l", then "lamp" before the first has answered. */
  old.done = FALSE;
  gw_store_search_cases_async (reader, "l", 0, stale, on_searched, &old);
  g_cancellable_cancel (stale);
  gw_store_search_cases_async (reader, "lamp", 0, NULL, on_searched, &fresh);
  gw_test_wait_for (search_done, &old, 10000, "the stale search to answer");
  gw_test_wait_for (search_done, &fresh, 10000, "the fresh search to answer");
  g_assert_error (old.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (old.ids);
  g_assert_no_error (fresh.error);
  g_assert_cmpuint (fresh.ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fresh.ids, 0), ==, "GW20261123-000202");
  g_clear_error (&old.error);
  g_clear_pointer (&fresh.ids, g_ptr_array_unref);

  /* The reader only reads. */
  g_assert_false (gw_store_index_cases (reader, cases, &error));
  g_assert_nonnull (error);
}

static void
test_index_follows_the_store (void)
{
  g_autofree char *path = gw_test_tmp_path ("follow.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_cache_open (path, &error);
  g_autoptr(GwCase) first = make_case ("GW20261123-000201", "占道经营");
  g_autoptr(GwCase) second = make_case ("GW20261123-000202", "占道施工");
  g_autoptr(GwStore) reopened = NULL;

  g_assert_true (gw_store_put_case (store, first, &error));
  g_assert_true (gw_store_update_search_index (store, &error));
  g_assert_no_error (error);
  {
    g_autofree char *found = search (store, "占道");

    g_assert_cmpstr (found, ==, "GW20261123-000201");
  }

  /* Only what was written since is indexed, also after a restart. */
  g_assert_true (gw_store_put_case (store, second, &error));
  g_clear_object (&store);
  reopened = gw_cache_open (path, &error);
  g_assert_true (gw_store_update_search_index (reopened, &error));
  {
    g_autofree char *both = search (reopened, "占道");
    g_autofree char *works = search (reopened, "施工");

    g_assert_nonnull (strstr (both, "000201"));
    g_assert_nonnull (strstr (both, "000202"));
    g_assert_cmpstr (works, ==, "GW20261123-000202");
  }
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/store-search/terms", test_terms);
  g_test_add_func ("/store-search/search", test_search);
  g_test_add_func ("/store-search/index-follows-the-store", test_index_follows_the_store);
  g_test_add_func ("/store-search/async", test_search_async);

  return g_test_run ();
}
