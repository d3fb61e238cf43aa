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

  return g_test_run ();
}
