/* test-case-snapshot.c: the window's first read of the cache
 *
 * A first read takes the table in two halves by rowid, in two threads,
 * and puts them end to end: the whole must be every case once, in the
 * order the cases first came to the cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-cache-schema.h"
#include "gw-case-snapshot.h"
#include "gw-store-cases.h"
#include "gw-test-util.h"

/* Open cases (a first read leaves out only those closed long ago), in no
 * order of report time or id as they are written; their ids, as written,
 * in @written if not NULL. */
static void
put_cases (GwStore   *store,
           guint      count,
           GPtrArray *written)
{
  for (guint i = 0; i < count; i++)
    {
      guint n = (i * 7919) % count;
      g_autofree char *id = g_strdup_printf ("GW20261130-%06u", n);
      g_autofree char *reported = g_strdup_printf ("2026-11-%02uT%02u:00:00+08:00", 1 + n % 29, n % 3);
      GwCaseData d = {
        .id = id,
        .status = GW_CASE_STATUS_REPORTED,
        .source = GW_CASE_SOURCE_HOTLINE_12345,
        .lat = 30.1,
        .lon = 120.2,
        .description = (char *) "",
        .reported_at = reported,
        .version = 1,
      };
      g_autoptr(GwCase) kase = gw_case_new (&d);
      g_autoptr(GError) error = NULL;

      g_assert_true (gw_store_put_case (store, kase, &error));
      g_assert_no_error (error);
      if (written != NULL)
        g_ptr_array_add (written, g_strdup (id));
    }
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GwCaseSnapshot **snap = user_data;
  g_autoptr(GError) error = NULL;

  *snap = gw_case_snapshot_read_finish (result, &error);
  g_assert_no_error (error);
}

static GwCaseSnapshot *
read_first (GwStore *store)
{
  GwCaseSnapshot *snap = NULL;

  gw_case_snapshot_read_async (store, 0, NULL, on_read, &snap);
  gw_test_wait_for (gw_test_pointer_is_set, &snap, 30000, "the first read");
  return snap;
}

/* In the order they were first written: a newer version of a case keeps
 * its place. */
static void
test_first_read_in_arrival_order (void)
{
  g_autofree char *path = gw_test_tmp_path ("snapshot.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_cache_open (path, &error);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GwCaseSnapshot) snap = NULL;
  g_autoptr(GwCase) first = NULL;
  g_autoptr(GwCase) newer = NULL;
  GwCaseData d = { 0 };

  g_assert_no_error (error);
  put_cases (store, 1000, written);
  first = gw_store_get_case (store, g_ptr_array_index (written, 0));
  gw_case_data_copy (gw_case_get_data (first), &d);
  d.version = 2;
  d.status = GW_CASE_STATUS_DISPATCHED;
  newer = gw_case_new (&d);
  gw_case_data_clear (&d);
  g_assert_true (gw_store_put_case (store, newer, &error));
  g_assert_no_error (error);

  snap = read_first (store);
  g_assert_cmpuint (snap->cases->len, ==, written->len);
  for (guint i = 0; i < written->len; i++)
    g_assert_cmpstr (gw_case_get_id (g_ptr_array_index (snap->cases, i)), ==, g_ptr_array_index (written, i));
  g_assert_cmpint (gw_case_get_version (g_ptr_array_index (snap->cases, 0)), ==, 2);
}

/* The split leaves about half on each side, and the two ranges together
 * are every case once. */
static void
test_split_halves (void)
{
  g_autofree char *path = gw_test_tmp_path ("split.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_cache_open (path, &error);
  g_autoptr(GPtrArray) below = NULL;
  g_autoptr(GPtrArray) above = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GwCaseQuery low = { .rowid_from = G_MININT64 };
  GwCaseQuery high = { .rowid_below = G_MAXINT64 };
  g_autoptr(GwCaseSnapshot) empty = NULL;

  g_assert_no_error (error);
  /* An empty cache reads as nothing, split or not. */
  empty = read_first (store);
  g_assert_cmpuint (empty->cases->len, ==, 0);

  put_cases (store, 301, NULL);
  low.rowid_below = high.rowid_from = gw_store_split_cases (store);
  below = gw_store_list_cases (store, &low, &error);
  g_assert_no_error (error);
  above = gw_store_list_cases (store, &high, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (below->len + above->len, ==, 301);
  g_assert_cmpuint (below->len, >=, 150);
  g_assert_cmpuint (above->len, >=, 150);
  for (guint h = 0; h < 2; h++)
    {
      GPtrArray *half = h == 0 ? below : above;

      for (guint i = 0; i < half->len; i++)
        g_assert_true (g_hash_table_add (seen, (gpointer) gw_case_get_id (g_ptr_array_index (half, i))));
    }
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/case-snapshot/first-read-in-arrival-order", test_first_read_in_arrival_order);
  g_test_add_func ("/case-snapshot/split-halves", test_split_halves);

  return g_test_run ();
}
