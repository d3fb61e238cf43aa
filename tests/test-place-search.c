/* test-place-search.c: a place typed into the New Case form: grids and
 * targets by name or address, earlier cases through the cache's index,
 * the exact name first, in a thread that a newer keystroke cancels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-cache-schema.h"
#include "gw-place-search.h"
#include "gw-store-cases.h"
#include "gw-store-search.h"
#include "gw-test-util.h"

typedef struct
{
  GPtrArray *found;
  GError *error;
  gboolean done;
} Found;

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Found *f = user_data;

  f->found = gw_place_search_finish (GW_STORE (object), result, &f->error);
  f->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Found *) data)->done;
}

static void
search (GwStore      *store,
        GPtrArray    *candidates,
        const char   *text,
        GCancellable *cancellable,
        Found        *f)
{
  g_clear_pointer (&f->found, g_ptr_array_unref);
  g_clear_error (&f->error);
  f->done = FALSE;
  gw_place_search_async (store, candidates, text, 6, cancellable, on_found, f);
  gw_test_wait_for (is_done, f, 10000, "the place search");
}

static GwCase *
make_case (const char     *id,
           const char     *description,
           GwCaseLocation  location)
{
  GwCaseData d = {
    .id = (char *) id, .description = (char *) description, .version = 1,
    .reported_at = (char *) "2026-11-23T09:00:00+08:00", .lat = 35.401, .lon = 116.971,
    .location = location,
  };

  return gw_case_new (&d);
}

static const char *
name_at (Found *f,
         guint  i)
{
  return ((GwPlace *) g_ptr_array_index (f->found, i))->name;
}

static void
test_places (void)
{
  g_autofree char *path = gw_test_tmp_path ("place-search.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_cache_open (path, &error);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_place_free);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Found f = { 0 };
  GwPlace *place;

  g_assert_no_error (error);
  g_ptr_array_add (cases, make_case ("GW20261123-000001", "小区门口暴露垃圾\n已清理一半", GW_CASE_LOCATION_KNOWN));
  g_ptr_array_add (cases, make_case ("GW20261123-000002", "小区门口暴露垃圾（无定位）", GW_CASE_LOCATION_UNKNOWN));
  for (guint i = 0; i < cases->len; i++)
    g_assert_true (gw_store_put_case (store, g_ptr_array_index (cases, i), &error));
  g_assert_true (gw_store_index_cases (store, cases, &error));
  g_assert_no_error (error);

  g_ptr_array_add (candidates, gw_place_new (GW_PLACE_TARGET, "鲁南化工厂", "岗山路1号", 35.41, 116.98));
  g_ptr_array_add (candidates, gw_place_new (GW_PLACE_GRID, "岗山社区第2网格", "岗山社区", 35.392, 116.960));
  g_ptr_array_add (candidates, gw_place_new (GW_PLACE_GRID, "岗山社区", "钢山街道", 35.395, 116.962));
  g_ptr_array_add (candidates, gw_place_new (GW_PLACE_GRID, "Gangshan Market", NULL, 35.396, 116.963));

  /* The exact name first, then names that start with it, then names and
   * addresses that hold it. */
  search (store, candidates, "岗山社区", NULL, &f);
  g_assert_no_error (f.error);
  g_assert_cmpuint (f.found->len, ==, 2);
  g_assert_cmpstr (name_at (&f, 0), ==, "岗山社区");
  g_assert_cmpstr (name_at (&f, 1), ==, "岗山社区第2网格");
  search (store, candidates, "岗山路", NULL, &f);
  g_assert_cmpuint (f.found->len, ==, 1);
  place = g_ptr_array_index (f.found, 0);
  g_assert_cmpint (place->kind, ==, GW_PLACE_TARGET);
  g_assert_cmpfloat (place->lat, ==, 35.41);
  /* Case does not matter for Latin names. */
  search (store, candidates, "gangshan m", NULL, &f);
  g_assert_cmpuint (f.found->len, ==, 1);

  /* An earlier case by the words of its description, at its point; one
   * without a trusted point names no place. */
  search (store, candidates, "门口暴露", NULL, &f);
  g_assert_no_error (f.error);
  g_assert_cmpuint (f.found->len, ==, 1);
  place = g_ptr_array_index (f.found, 0);
  g_assert_cmpint (place->kind, ==, GW_PLACE_CASE);
  g_assert_cmpstr (place->name, ==, "小区门口暴露垃圾");
  g_assert_cmpstr (gw_case_get_id (place->kase), ==, "GW20261123-000001");
  g_assert_cmpfloat (place->lon, ==, 116.971);

  /* Nothing typed, nothing found; a newer keystroke cancels. */
  search (store, candidates, "  ", NULL, &f);
  g_assert_cmpuint (f.found->len, ==, 0);
  g_cancellable_cancel (cancelled);
  search (store, candidates, "岗山", cancelled, &f);
  g_assert_null (f.found);
  g_assert_error (f.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&f.error);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/place-search/places", test_places);

  return g_test_run ();
}
