/* test-case-keys.c: the queue's keys follow the cases, and match as the cases do
 *
 * The queue matches on a compact key per case position (gw-case-keys.c,
 * gw-queue-query.c) instead of the case objects. The keys must follow the
 * model through appends and replacements, and a view and the shared
 * filter must take on the keys exactly the cases they take on the cases
 * themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case-keys.h"
#include "gw-case-queue.h"
#include "gw-queue-query.h"

static const char *categories[] = { "C0101", "C0201", "E0101", "E0301", NULL };
static const char *assignees[] = { "worker:w1", "worker:w2", "department:d1", "department:d2", "town:370883101", NULL, "worker:w1x" };
static const char *handlers[] = { NULL, NULL, "town:370883102", "town:370883101" };

static GwCase *
random_case (GRand  *rand,
             guint   n,
             gint64  now,
             gint64  version)
{
  g_autofree char *id = g_strdup_printf ("GW20261123-%06u", n);
  g_autofree char *grid = g_strdup_printf ("370883%03d%03d", g_rand_int_range (rand, 1, 4), g_rand_int_range (rand, 1, 4));
  g_autoptr(GDateTime) reported = g_date_time_new_from_unix_utc (now - g_rand_int_range (rand, 0, 10 * 86400));
  g_autoptr(GDateTime) deadline = g_date_time_new_from_unix_utc (now + g_rand_int_range (rand, -86400, 86400));
  g_autofree char *reported_at = g_date_time_format_iso8601 (reported);
  g_autofree char *deadline_at = g_date_time_format_iso8601 (deadline);
  gboolean has_deadline = g_rand_int_range (rand, 0, 5) > 0;
  GwCaseData d = {
    .id = id, .status = g_rand_int_range (rand, 0, GW_CASE_N_STATUSES),
    .category = (char *) categories[g_rand_int_range (rand, 0, G_N_ELEMENTS (categories))],
    .source = g_rand_int_range (rand, 0, GW_CASE_N_SOURCES),
    .grid = g_rand_boolean (rand) ? grid : NULL,
    .assignee = (char *) assignees[g_rand_int_range (rand, 0, G_N_ELEMENTS (assignees))],
    .handled_by = (char *) handlers[g_rand_int_range (rand, 0, G_N_ELEMENTS (handlers))],
    .urgent = g_rand_int_range (rand, 0, 4) == 0,
    .requested_deadline = g_rand_int_range (rand, 0, 4) == 0 ? deadline_at : NULL,
    .location = g_rand_int_range (rand, GW_CASE_LOCATION_KNOWN, GW_CASE_LOCATION_OUTSIDE + 1),
    .description = (char *) "test", .reported_at = reported_at,
    .deadline = has_deadline ? deadline_at : NULL, .version = version,
  };

  return gw_case_new (&d);
}

static GPtrArray *
random_cases (GRand  *rand,
              guint   from,
              guint   n,
              gint64  now,
              gint64  version)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = from; i < from + n; i++)
    g_ptr_array_add (cases, random_case (rand, i, now, version));
  return cases;
}

/* Every key says what its case says now. */
static void
assert_keys_follow (GwCaseKeys  *keys,
                    GwCaseModel *model)
{
  const GwCaseKey *key = gw_case_keys_peek (keys);

  g_assert_cmpuint (gw_case_keys_get_size (keys), ==, gw_case_model_get_size (model));
  for (guint i = 0; i < gw_case_model_get_size (model); i++)
    {
      GwCase *kase = gw_case_model_get (model, i);
      const GwCaseData *d = gw_case_get_data (kase);

      g_assert_cmpint (key[i].status, ==, d->status);
      g_assert_cmpint (key[i].source, ==, d->source);
      g_assert_cmpint (key[i].deadline, ==, gw_case_get_deadline_unix (kase));
      g_assert_cmpint (key[i].reported, ==, gw_case_get_reported_unix (kase));
      g_assert_cmpstr (gw_case_keys_get_string (keys, key[i].category), ==, d->category);
      g_assert_cmpstr (gw_case_keys_get_string (keys, key[i].grid), ==, d->grid);
      g_assert_cmpstr (gw_case_keys_get_string (keys, key[i].assignee), ==, d->assignee);
      g_assert_cmpstr (gw_case_keys_get_string (keys, key[i].town), ==, gw_case_data_handling_town (d));
      g_assert_cmpint (!!(key[i].flags & GW_CASE_KEY_URGENT), ==, !!d->urgent);
      g_assert_cmpint (!!(key[i].flags & GW_CASE_KEY_EXTENSION_ASKED), ==, d->requested_deadline != NULL);
      g_assert_cmpint (!!(key[i].flags & GW_CASE_KEY_UNPLACED), ==, d->location == GW_CASE_LOCATION_UNKNOWN);
    }
}

static void
test_follow_model (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20);
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseModel) filled = gw_case_model_new ();
  g_autoptr(GwCaseKeys) keys = gw_case_keys_new (model);
  g_autoptr(GwCaseKeys) keys_of_filled = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) first = random_cases (rand, 0, 500, now, 1);
  g_autoptr(GPtrArray) replaced = random_cases (rand, 100, 300, now, 2);
  g_autoptr(GPtrArray) mixed = random_cases (rand, 350, 300, now, 3);

  assert_keys_follow (keys, model);
  gw_case_model_update (model, first);              /* appends */
  assert_keys_follow (keys, model);
  gw_case_model_update (model, replaced);           /* updates at positions */
  assert_keys_follow (keys, model);
  gw_case_model_update (model, mixed);              /* both in one update */
  assert_keys_follow (keys, model);
  g_assert_cmpuint (gw_case_model_get_size (model), ==, 650);

  /* Keys made for a model that has cases already: a queue given another
   * model starts from that model's cases. */
  gw_case_model_update (filled, mixed);
  keys_of_filled = gw_case_keys_new (filled);
  assert_keys_follow (keys_of_filled, filled);
}

/* A case that changes state leaves the views it no longer belongs to:
 * a key that kept the old state would keep it there. */
static void
test_key_not_stale (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseKeys) keys = gw_case_keys_new (model);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GwQueueQuery) before = NULL;
  g_autoptr(GwQueueQuery) after = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GwCaseData d = { .id = (char *) "GW20261123-000001", .status = GW_CASE_STATUS_REPORTED, .category = (char *) "C0101",
                   .grid = (char *) "370883001", .description = (char *) "test",
                   .reported_at = (char *) "2026-11-23T08:00:00+08:00", .version = 1 };
  guint8 matches[2];

  g_ptr_array_add (cases, gw_case_new (&d));
  d.id = (char *) "GW20261123-000002";
  g_ptr_array_add (cases, gw_case_new (&d));
  gw_case_model_update (model, cases);
  before = gw_queue_query_new (keys, GW_QUEUE_VIEW_NEW, NULL, NULL, NULL, now);
  gw_queue_query_run (before, matches, 0, 2);
  g_assert_true (matches[0] && matches[1]);

  /* The second is accepted, in another grid and given to a worker. */
  d.status = GW_CASE_STATUS_ACCEPTED;
  d.grid = (char *) "370883002";
  d.assignee = (char *) "worker:w1";
  d.version = 2;
  g_ptr_array_add (update, gw_case_new (&d));
  gw_case_model_update (model, update);

  after = gw_queue_query_new (keys, GW_QUEUE_VIEW_NEW, NULL, NULL, NULL, now);
  gw_queue_query_run (after, matches, 0, 2);
  g_assert_true (matches[0]);
  g_assert_false (matches[1]);
  g_clear_pointer (&after, gw_queue_query_free);
  after = gw_queue_query_new (keys, GW_QUEUE_VIEW_MINE, "w1", NULL, NULL, now);
  gw_queue_query_run (after, matches, 0, 2);
  g_assert_false (matches[0]);
  g_assert_true (matches[1]);
  g_assert_cmpstr (gw_case_keys_get_string (keys, gw_case_keys_peek (keys)[1].grid), ==, "370883002");
}

/* What the query takes is what the view and the filter take, case by
 * case, for every view but the return visits (which the queue asks the
 * case about) and a range of filters. */
static void
assert_same_as_cases (GwCaseKeys   *keys,
                      GwCaseModel  *model,
                      GwQueueView   view,
                      const char   *user,
                      const char   *department,
                      GwCaseFilter *filter,
                      gint64        now)
{
  g_autoptr(GwQueueQuery) query = gw_queue_query_new (keys, view, user, department, filter, now);
  guint n = gw_case_model_get_size (model);
  g_autofree guint8 *matches = g_new0 (guint8, n);
  guint taken = 0;

  /* In two runs, as a refilter of changes asks. */
  gw_queue_query_run (query, matches, 0, n / 3);
  gw_queue_query_run (query, matches, n / 3, n - n / 3);
  for (guint i = 0; i < n; i++)
    {
      GwCase *kase = gw_case_model_get (model, i);
      gboolean expected = gw_case_queue_view_matches (view, kase, user, now) &&
                          gw_case_filter_match_besides_stage (filter, kase, now);

      if (view == GW_QUEUE_VIEW_DEPARTMENT)
        {
          const char *assignee = gw_case_get_data (kase)->assignee;
          const char *of = assignee && g_str_has_prefix (assignee, "department:") ? assignee + strlen ("department:") : NULL;

          expected = expected && g_strcmp0 (of, department) == 0;
        }
      g_assert_cmpint (matches[i], ==, expected);
      taken += expected;
    }
  g_test_message ("view %d: %u of %u", view, taken, n);
}

static void
test_same_as_cases (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseKeys) keys = gw_case_keys_new (model);
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) cases = random_cases (rand, 0, 3000, now, 1);
  const char *users[] = { NULL, "w1", "d1", "head@370883101", "dispatcher@370883102" };

  gw_case_model_update (model, cases);
  for (guint round = 0; round < 8; round++)
    {
      gw_case_filter_reset (filter);
      switch (round)
        {
        case 1: gw_case_filter_set_category (filter, "E03"); break;
        case 2: gw_case_filter_set_grid (filter, "370883002"); break;
        case 3: gw_case_filter_set_urgent_only (filter, TRUE); break;
        case 4: gw_case_filter_set_overdue_only (filter, TRUE); break;
        case 5: gw_case_filter_set_window (filter, 3 * 86400); break;
        case 6: gw_case_filter_set_sources (filter, (1u << GW_CASE_SOURCE_PATROL) | (1u << GW_CASE_SOURCE_SENSOR)); break;
        case 7:
          gw_case_filter_set_category (filter, "C");
          gw_case_filter_set_grid (filter, "370883001");
          gw_case_filter_set_stages (filter, GW_CASE_STAGE_NEW);
          break;
        default: break;
        }
      for (GwQueueView view = 0; view < GW_QUEUE_N_VIEWS; view++)
        for (guint u = 0; u < G_N_ELEMENTS (users); u++)
          if (view != GW_QUEUE_VIEW_VISITS)
            assert_same_as_cases (keys, model, view, users[u], NULL, filter, now);
      assert_same_as_cases (keys, model, GW_QUEUE_VIEW_DEPARTMENT, NULL, "d1", filter, now);
      assert_same_as_cases (keys, model, GW_QUEUE_VIEW_DEPARTMENT, NULL, "d2", filter, now);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-keys/follow-model", test_follow_model);
  g_test_add_func ("/case-keys/not-stale", test_key_not_stale);
  g_test_add_func ("/case-keys/same-as-cases", test_same_as_cases);
  return g_test_run ();
}
