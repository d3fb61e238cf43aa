/* test-case-points.c: the shared case filter, the case model, the map's
 * plain arrays and their clusters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-case-points.h"
#include "gw-case-queue.h"
#include "gw-wall-figures.h"
#include "gw-geo.h"

/* 2026-11-23 10:00 China Standard Time */
#define NOW 1795399200

static GwCase *
make_case (guint        n,
           GwCaseStatus status,
           double       lat,
           double       lon,
           const char  *category,
           const char  *grid,
           gint64       version)
{
  g_autofree char *id = g_strdup_printf ("GW20261123-%06u", n);
  g_autoptr(GDateTime) reported = g_date_time_new_from_unix_utc (NOW - (gint64) n * 600);
  g_autoptr(GDateTime) deadline = g_date_time_add_hours (reported, 4);
  g_autofree char *reported_at = g_date_time_format_iso8601 (reported);
  g_autofree char *deadline_at = g_date_time_format_iso8601 (deadline);
  GwCaseData d = {
    .id = id,
    .status = status,
    .category = (char *) category,
    .source = n % GW_CASE_N_SOURCES,
    .lat = lat,
    .lon = lon,
    .grid = (char *) grid,
    .urgent = n % 10 == 0,
    .description = (char *) "test",
    .reported_at = reported_at,
    .deadline = deadline_at,
    .version = version,
  };

  return gw_case_new (&d);
}

static GPtrArray *
random_cases (guint n,
              guint seed)
{
  static const char *categories[] = { "C0101", "E0101", "E0201", "E0301", "E0501", "E0601", NULL };
  static const char *grids[] = { "370883001001001", "370883001002001", "370883002001001", NULL };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cases, make_case (i, g_rand_int_range (rand, 0, GW_CASE_N_STATUSES),
                                       35.40 + g_rand_double_range (rand, -0.2, 0.2),
                                       116.97 + g_rand_double_range (rand, -0.2, 0.2),
                                       categories[g_rand_int_range (rand, 0, 7)],
                                       grids[g_rand_int_range (rand, 0, 4)], 1));
  return cases;
}

static void
test_filter_criteria (void)
{
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  /* Case 1 was reported 10 minutes before NOW with a 4-hour deadline;
   * case 30 five hours before, so it is overdue while it runs. */
  g_autoptr(GwCase) fresh = make_case (1, GW_CASE_STATUS_REPORTED, 35.4, 116.9, "E0301", "370883001001001", 1);
  g_autoptr(GwCase) late = make_case (30, GW_CASE_STATUS_DISPATCHED, 35.4, 116.9, "C0101", "370883002001001", 1);
  g_autoptr(GwCase) closed = make_case (2, GW_CASE_STATUS_CLOSED, 35.4, 116.9, "E0301", NULL, 1);
  guint changes = 0;

  g_signal_connect_swapped (filter, "changed", G_CALLBACK (g_atomic_int_inc), &changes);

  /* The default is every open case. */
  g_assert_true (gw_case_filter_is_default (filter));
  g_assert_true (gw_case_filter_match (filter, fresh, NOW));
  g_assert_true (gw_case_filter_match (filter, late, NOW));
  g_assert_false (gw_case_filter_match (filter, closed, NOW));

  gw_case_filter_set_stages (filter, GW_CASE_STAGE_CLOSED);
  g_assert_true (gw_case_filter_match (filter, closed, NOW));
  g_assert_false (gw_case_filter_match (filter, fresh, NOW));
  gw_case_filter_set_stages (filter, GW_CASE_STAGES_ALL);

  gw_case_filter_set_overdue_only (filter, TRUE);
  g_assert_true (gw_case_is_overdue (late, NOW));
  g_assert_true (gw_case_filter_match (filter, late, NOW));
  g_assert_false (gw_case_filter_match (filter, fresh, NOW));
  /* Five hours earlier nothing was overdue yet. */
  g_assert_false (gw_case_filter_match (filter, late, NOW - 5 * 3600));
  gw_case_filter_set_overdue_only (filter, FALSE);

  gw_case_filter_set_window (filter, 3600);
  g_assert_true (gw_case_filter_match (filter, fresh, NOW));
  g_assert_false (gw_case_filter_match (filter, late, NOW));
  gw_case_filter_set_window (filter, 0);

  gw_case_filter_set_category (filter, "E03");
  g_assert_true (gw_case_filter_match (filter, fresh, NOW));
  g_assert_false (gw_case_filter_match (filter, late, NOW));
  gw_case_filter_set_category (filter, "");
  g_assert_null (gw_case_filter_get_category (filter));

  /* A grid matches its sub-grids; a case outside the grids matches none. */
  gw_case_filter_set_grid (filter, "370883001");
  g_assert_true (gw_case_filter_match (filter, fresh, NOW));
  g_assert_false (gw_case_filter_match (filter, late, NOW));
  g_assert_false (gw_case_filter_match (filter, closed, NOW));
  gw_case_filter_set_grid (filter, NULL);

  gw_case_filter_set_sources (filter, 1u << gw_case_get_data (late)->source);
  g_assert_true (gw_case_filter_match (filter, late, NOW));
  g_assert_false (gw_case_filter_match (filter, fresh, NOW));
  gw_case_filter_set_sources (filter, 0);

  gw_case_filter_set_urgent_only (filter, TRUE);
  g_assert_true (gw_case_filter_match (filter, late, NOW));    /* 30 % 10 == 0: urgent */
  g_assert_false (gw_case_filter_match (filter, fresh, NOW));

  /* Setting a value it already has is not a change. */
  gw_case_filter_set_urgent_only (filter, TRUE);
  g_assert_cmpuint (changes, ==, 13);

  gw_case_filter_reset (filter);
  g_assert_true (gw_case_filter_is_default (filter));
  g_assert_cmpuint (changes, ==, 14);
}

typedef struct
{
  guint position, removed, added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  Change c = { position, removed, added };

  g_array_append_val (changes, c);
}

static void
test_model_updates_in_place (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GPtrArray) cases = random_cases (100, 1);
  g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  guint position;

  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);
  gw_case_model_update (model, cases);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_cmpuint (changes->len, ==, 1);

  /* Two neighbours and one far away change, one case is new, and one
   * comes with an older version than we have: it is ignored. */
  g_array_set_size (changes, 0);
  g_ptr_array_add (update, make_case (11, GW_CASE_STATUS_CLOSED, 35.4, 116.9, NULL, NULL, 2));
  g_ptr_array_add (update, make_case (10, GW_CASE_STATUS_CLOSED, 35.4, 116.9, NULL, NULL, 2));
  g_ptr_array_add (update, make_case (70, GW_CASE_STATUS_CLOSED, 35.4, 116.9, NULL, NULL, 3));
  g_ptr_array_add (update, make_case (500, GW_CASE_STATUS_REPORTED, 35.4, 116.9, NULL, NULL, 1));
  g_ptr_array_add (update, make_case (20, GW_CASE_STATUS_CLOSED, 35.4, 116.9, NULL, NULL, 0));
  gw_case_model_update (model, update);

  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 10);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 2);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 2);
  g_assert_cmpuint (g_array_index (changes, Change, 1).position, ==, 70);
  g_assert_cmpuint (g_array_index (changes, Change, 2).position, ==, 100);
  g_assert_cmpuint (g_array_index (changes, Change, 2).added, ==, 1);

  g_assert_nonnull (gw_case_model_lookup (model, "GW20261123-000070", &position));
  g_assert_cmpuint (position, ==, 70);
  g_assert_cmpint (gw_case_get_version (gw_case_model_get (model, 70)), ==, 3);
  g_assert_cmpint (gw_case_get_status (gw_case_model_get (model, 20)), ==,
                   gw_case_get_status (g_ptr_array_index (cases, 20)));
  g_assert_null (gw_case_model_lookup (model, "GW-NOPE", NULL));

  /* Replaying the same read changes nothing. */
  g_array_set_size (changes, 0);
  gw_case_model_update (model, update);
  g_assert_cmpuint (changes->len, ==, 0);
}

static void
test_points_change_exactly_one (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GwCasePoints) points = NULL;
  g_autoptr(GPtrArray) cases = random_cases (1000, 2);
  g_autofree GwCasePoint *before = NULL;
  const GwCasePoint *after;
  guint n, n_before;
  struct {
    guint index;
    GwCaseStatus status;
    double lat, lon;
  } changes[] = {
    { 17, GW_CASE_STATUS_REPORTED, 35.5, 117.1 },     /* moves */
    { 400, GW_CASE_STATUS_HANDLED, 0, 0 },            /* restyles */
    { 999, GW_CASE_STATUS_CLOSED, 0, 0 },             /* leaves the map */
  };

  /* Known starting states for the three, so each change is a real one. */
  for (guint c = 0; c < G_N_ELEMENTS (changes); c++)
    {
      g_object_unref (g_ptr_array_index (cases, changes[c].index));
      g_ptr_array_index (cases, changes[c].index) =
        make_case (changes[c].index, c == 0 ? GW_CASE_STATUS_REPORTED : GW_CASE_STATUS_DISPATCHED,
                   35.3, 116.9, "E0101", NULL, 1);
    }
  gw_case_model_update (model, cases);
  points = gw_case_points_new (model, filter);
  gw_case_points_set_now (points, NOW);

  for (guint c = 0; c < G_N_ELEMENTS (changes); c++)
    {
      const GwCasePoint *old;
      g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
      GwCase *was = gw_case_model_get (model, changes[c].index);
      const GwCaseData *d = gw_case_get_data (was);

      old = gw_case_points_get (points, &n_before);
      before = g_memdup2 (old, n_before * sizeof (GwCasePoint));
      g_ptr_array_add (update, make_case (changes[c].index, changes[c].status,
                                          changes[c].lat ? changes[c].lat : d->lat,
                                          changes[c].lon ? changes[c].lon : d->lon,
                                          d->category, d->grid, 2));
      gw_case_model_update (model, update);
      after = gw_case_points_get (points, &n);

      g_assert_cmpuint (n, ==, n_before);
      for (guint i = 0; i < n; i++)
        if (i != changes[c].index)
          g_assert_cmpmem (&before[i], sizeof (GwCasePoint), &after[i], sizeof (GwCasePoint));
      g_assert_true (memcmp (&before[changes[c].index], &after[changes[c].index], sizeof (GwCasePoint)) != 0);
      g_clear_pointer (&before, g_free);
    }

  after = gw_case_points_get (points, &n);
  g_assert_cmpfloat_with_epsilon (after[17].x, gw_mercator_x_from_lon (117.1), 1e-12);
  g_assert_cmpuint (after[400].status, ==, GW_CASE_STATUS_HANDLED);
  g_assert_true (after[400].flags & GW_CASE_POINT_SHOWN);
  g_assert_false (after[999].flags & GW_CASE_POINT_SHOWN);
}

static guint
count_shown_by_hand (GwCaseModel  *model,
                     GwCaseFilter *filter)
{
  guint n = 0;

  for (guint i = 0; i < gw_case_model_get_size (model); i++)
    n += gw_case_filter_match (filter, gw_case_model_get (model, i), NOW);
  return n;
}

static void
test_cluster_counts_add_up (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GwCasePoints) points = NULL;
  g_autoptr(GPtrArray) cases = random_cases (3000, 3);
  g_autoptr(GArray) parents = g_array_new (FALSE, FALSE, sizeof (GwCaseCluster));
  g_autoptr(GArray) children = g_array_new (FALSE, FALSE, sizeof (GwCaseCluster));

  /* Two cases at the very same spot stay together at every level. */
  g_ptr_array_add (cases, make_case (5000, GW_CASE_STATUS_REPORTED, 35.41, 116.95, NULL, NULL, 1));
  g_ptr_array_add (cases, make_case (5001, GW_CASE_STATUS_REPORTED, 35.41, 116.95, NULL, NULL, 1));
  gw_case_model_update (model, cases);
  points = gw_case_points_new (model, filter);
  gw_case_points_set_now (points, NOW);

  for (int f = 0; f < 3; f++)
    {
      guint expected;

      if (f == 1)
        gw_case_filter_set_stages (filter, GW_CASE_STAGE_NEW | GW_CASE_STAGE_HANDLING);
      else if (f == 2)
        gw_case_filter_set_category (filter, "E03");
      expected = count_shown_by_hand (model, filter);
      g_assert_cmpuint (gw_case_points_get_n_shown (points), ==, expected);
      g_assert_cmpuint (expected, >, 100);

      for (int level = 0; level <= 24; level++)
        {
          guint total = 0;
          double cell = ldexp (1.0, -(level + 1));

          g_array_set_size (parents, 0);
          gw_case_points_cluster (points, level, 0, 0, 1, 1, parents);
          for (guint i = 0; i < parents->len; i++)
            total += g_array_index (parents, GwCaseCluster, i).count;
          g_assert_cmpuint (total, ==, expected);

          /* Hierarchy: a parent's members are exactly its children's. */
          if (level % 4 != 0 || level == 24)
            continue;
          for (guint i = 0; i < parents->len; i++)
            {
              GwCaseCluster *p = &g_array_index (parents, GwCaseCluster, i);
              double x0 = floor (p->x / (2 * cell)) * 2 * cell, y0 = floor (p->y / (2 * cell)) * 2 * cell;
              guint sum = 0;

              g_array_set_size (children, 0);
              gw_case_points_cluster (points, level + 1, x0, y0, x0 + 2 * cell - 1e-15, y0 + 2 * cell - 1e-15, children);
              for (guint k = 0; k < children->len; k++)
                sum += g_array_index (children, GwCaseCluster, k).count;
              g_assert_cmpuint (children->len, <=, 4);
              g_assert_cmpuint (sum, ==, p->count);
            }
        }
    }

  /* At the deepest level the two cases at one spot are still one cluster. */
  gw_case_filter_reset (filter);
  g_array_set_size (parents, 0);
  gw_case_points_cluster (points, 30, gw_mercator_x_from_lon (116.95) - 1e-9, gw_mercator_y_from_lat (35.41) - 1e-9,
                          gw_mercator_x_from_lon (116.95) + 1e-9, gw_mercator_y_from_lat (35.41) + 1e-9, parents);
  g_assert_cmpuint (parents->len, ==, 1);
  g_assert_cmpuint (g_array_index (parents, GwCaseCluster, 0).count, ==, 2);
}

static void
test_overdue_follows_the_clock (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GwCasePoints) points = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  const GwCasePoint *p;
  guint n;

  /* Reported 10 minutes before NOW with a 4-hour limit. */
  g_ptr_array_add (cases, make_case (1, GW_CASE_STATUS_DISPATCHED, 35.4, 116.9, NULL, NULL, 1));
  gw_case_model_update (model, cases);
  points = gw_case_points_new (model, filter);
  gw_case_points_set_now (points, NOW);
  p = gw_case_points_get (points, &n);
  g_assert_false (p[0].flags & GW_CASE_POINT_OVERDUE);
  g_assert_false (p[0].flags & GW_CASE_POINT_DUE_SOON);

  /* Three hours on, less than two are left: due soon. */
  gw_case_points_set_now (points, NOW + 3 * 3600);
  g_assert_true (p[0].flags & GW_CASE_POINT_DUE_SOON);
  g_assert_false (p[0].flags & GW_CASE_POINT_OVERDUE);

  gw_case_points_set_now (points, NOW + 5 * 3600);
  g_assert_true (p[0].flags & GW_CASE_POINT_OVERDUE);
  g_assert_false (p[0].flags & GW_CASE_POINT_DUE_SOON);

  gw_case_filter_set_overdue_only (filter, TRUE);
  g_assert_cmpuint (gw_case_points_get_n_shown (points), ==, 1);
  gw_case_points_set_now (points, NOW);
  g_assert_cmpuint (gw_case_points_get_n_shown (points), ==, 0);
}

/* A case with state: a proposal is not escalated, a whistle is, and the
 * point follows as the feed replaces the case. */
static GwCase *
with_escalation (GwCase            *kase,
                 GwEscalationState  state)
{
  g_auto(GwCaseData) d = { 0 };
  GwEscalation *e = gw_escalation_new ();

  gw_case_data_copy (gw_case_get_data (kase), &d);
  e->state = state;
  e->to_level = GW_LEVEL_COMMUNITY;
  gw_case_data_add_escalation (&d, e);
  d.version++;
  return gw_case_new (&d);
}

static void
test_escalated_flag (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GwCasePoints) points = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GwCase) plain = make_case (1, GW_CASE_STATUS_IN_PROGRESS, 35.4, 116.9, NULL, NULL, 1);
  g_autoptr(GwCase) proposed = with_escalation (plain, GW_ESCALATION_PROPOSED);
  g_autoptr(GwCase) whistled = with_escalation (proposed, GW_ESCALATION_AWAITING_REPORT);
  g_autoptr(GwCase) resolved = with_escalation (whistled, GW_ESCALATION_RESOLVED);
  const GwCasePoint *p;
  guint n;

  g_ptr_array_add (cases, g_object_ref (proposed));
  gw_case_model_update (model, cases);
  points = gw_case_points_new (model, filter);
  p = gw_case_points_get (points, &n);
  g_assert_false (p[0].flags & GW_CASE_POINT_ESCALATED);

  g_ptr_array_index (cases, 0) = g_object_ref (whistled);
  g_object_unref (proposed);
  gw_case_model_update (model, cases);
  p = gw_case_points_get (points, &n);
  g_assert_true (p[0].flags & GW_CASE_POINT_ESCALATED);

  g_object_unref (g_ptr_array_index (cases, 0));
  g_ptr_array_index (cases, 0) = g_object_ref (resolved);
  gw_case_model_update (model, cases);
  p = gw_case_points_get (points, &n);
  g_assert_false (p[0].flags & GW_CASE_POINT_ESCALATED);
}

/* A case that arrived beside open ones carries a badge while it runs. */
static void
test_duplicate_flag (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GwCasePoints) points = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  char *near[] = { (char *) "GW20261123-000002", NULL };
  const GwCasePoint *p;
  guint n;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GwCase) plain = make_case (10 + i, i == 2 ? GW_CASE_STATUS_CLOSED : GW_CASE_STATUS_REPORTED,
                                           35.4, 116.9, NULL, NULL, 1);
      g_auto(GwCaseData) d = { 0 };

      gw_case_data_copy (gw_case_get_data (plain), &d);
      if (i > 0)
        d.possible_duplicates = g_strdupv (near);
      g_ptr_array_add (cases, gw_case_new (&d));
    }
  gw_case_model_update (model, cases);
  points = gw_case_points_new (model, filter);
  p = gw_case_points_get (points, &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < n; i++)
    {
      const char *id = gw_case_get_id (gw_case_model_get (model, i));

      /* Only the running one that has them: not the plain, not the closed. */
      g_assert_cmpint (!!(p[i].flags & GW_CASE_POINT_DUPLICATE), ==, g_str_equal (id, "GW20261123-000011"));
    }
}

/* A case taken in without a location is not drawn at its stand-in
 * point; it waits in the queue's "Location Unknown" view until placed. */
static void
test_unplaced_off_the_map (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GwCasePoints) points = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GwCase) placed = make_case (1, GW_CASE_STATUS_REPORTED, 35.4, 116.9, NULL, NULL, 1);
  g_auto(GwCaseData) d = { 0 };
  g_autoptr(GwCase) unplaced = NULL;
  const GwCasePoint *p;
  guint n;

  gw_case_data_copy (gw_case_get_data (placed), &d);
  g_free (d.id);
  d.id = g_strdup ("GW20261123-000002");
  d.location = GW_CASE_LOCATION_UNKNOWN;
  unplaced = gw_case_new (&d);
  g_ptr_array_add (cases, g_object_ref (placed));
  g_ptr_array_add (cases, g_object_ref (unplaced));
  gw_case_model_update (model, cases);
  points = gw_case_points_new (model, filter);
  p = gw_case_points_get (points, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (p[0].flags & GW_CASE_POINT_SHOWN);
  g_assert_false (p[1].flags & GW_CASE_POINT_SHOWN);
  g_assert_false (gw_case_queue_view_matches (GW_QUEUE_VIEW_UNPLACED, placed, NULL, NOW));
  g_assert_true (gw_case_queue_view_matches (GW_QUEUE_VIEW_UNPLACED, unplaced, NULL, NOW));
  g_assert_true (gw_case_queue_view_matches (GW_QUEUE_VIEW_OPEN, unplaced, NULL, NOW));
}

static void
test_times_parse_like_gdatetime (void)
{
  static const char *stamps[] = {
    "2026-11-23T09:30:00+08:00", "2024-02-29T23:59:59+08:00", "1999-12-31T16:00:00-05:30",
    "2026-01-01T00:00:00+00:00", "2026-11-23T01:30:00Z", "2026-11-23T09:30:00.250+08:00",
  };

  /* The hand-written fast path and GDateTime agree, and what the fast
   * path does not know still parses. */
  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    {
      g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (stamps[i], NULL);
      GwCaseData d = { .id = (char *) "GW-T", .reported_at = (char *) stamps[i], .deadline = (char *) stamps[i],
                       .version = 1 };
      g_autoptr(GwCase) kase = gw_case_new (&d);

      g_assert_nonnull (expected);
      g_assert_cmpint (gw_case_get_reported_unix (kase), ==, g_date_time_to_unix (expected));
      g_assert_cmpint (gw_case_get_deadline_unix (kase), ==, g_date_time_to_unix (expected));
    }
}

/* In the server's shape but not a time, or a time only GDateTime knows
 * how to take: the fast path says what GDateTime says. */
static void
test_times_judged_like_gdatetime (void)
{
  static const char *stamps[] = {
    "2026-02-29T09:30:00+08:00", "2024-02-29T09:30:00+08:00", "2100-02-29T09:30:00+08:00",
    "2000-02-29T09:30:00+08:00", "2026-04-31T09:30:00+08:00", "2026-04-30T09:30:00+08:00",
    "2026-13-01T09:30:00+08:00", "2026-00-10T09:30:00+08:00", "2026-11-00T09:30:00+08:00",
    "2026-11-23T24:00:00+08:00", "2026-11-23T09:60:00+08:00", "2026-11-23T09:30:60+08:00",
    "2026-11-23T09:30:00+23:59", "2026-11-23T09:30:00+24:00", "2026-11-23T09:30:00-08:60",
    "0000-06-01T00:00:00+00:00", "0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00",
    "2026-11-23T09:30:00+0800", "2026-11-23 09:30:00+08:00", "2026-1l-23T09:30:00+08:00", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    {
      g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (stamps[i], NULL);

      g_test_message ("%s", stamps[i]);
      g_assert_cmpint (gw_case_time_is_valid (stamps[i]), ==, expected != NULL);
      g_assert_cmpint (gw_case_time_to_unix (stamps[i]), ==, expected ? g_date_time_to_unix (expected) : 0);
    }
  g_assert_false (gw_case_time_is_valid (NULL));
}

static void
test_symbols (void)
{
  g_assert_cmpint (gw_case_symbol_for_category ("C0101"), ==, GW_CASE_SYMBOL_SQUARE);
  g_assert_cmpint (gw_case_symbol_for_category ("E0301"), ==, GW_CASE_SYMBOL_TRIANGLE);
  g_assert_cmpint (gw_case_symbol_for_category ("E0501"), ==, GW_CASE_SYMBOL_STAR);
  g_assert_cmpint (gw_case_symbol_for_category ("E0401"), ==, GW_CASE_SYMBOL_DIAMOND);
  g_assert_cmpint (gw_case_symbol_for_category (NULL), ==, GW_CASE_SYMBOL_CIRCLE);
}

static void
figures_of_model (GwCaseModel   *model,
                  GDateTime     *now,
                  GwWallFigures *figures,
                  char         **ranking)
{
  g_autoptr(GPtrArray) cases = gw_case_model_ref_cases (model);
  g_autoptr(GHashTable) towns = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_folded;
  const GwCaseFacts *folded = gw_case_model_get_folded (model, &n_folded);
  g_autofree GwCaseFacts *facts = g_new (GwCaseFacts, cases->len + n_folded + 1);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonNode) json = NULL;

  g_hash_table_insert (towns, (char *) "370883001001001", (char *) "370883001");
  g_hash_table_insert (towns, (char *) "370883001002001", (char *) "370883001");
  g_hash_table_insert (towns, (char *) "370883002001001", (char *) "370883002");
  for (guint i = 0; i < cases->len; i++)
    gw_case_facts_init (&facts[i], g_ptr_array_index (cases, i), FALSE);
  if (n_folded > 0)
    memcpy (&facts[cases->len], folded, n_folded * sizeof (GwCaseFacts));
  gw_wall_figures_compute_facts (facts, cases->len + n_folded, now, figures);
  rows = gw_wall_town_ranking_facts (facts, cases->len + n_folded, now, 30, towns);
  g_ptr_array_add (rows, g_new0 (GwStatsRow, 1));   /* the total to_json expects */
  json = gw_case_stats_to_json (rows, now, now, GW_STATS_BY_TOWN);
  *ranking = json_to_string (json, FALSE);
}

/* A wall folds the closed cases of its model: only the open stay, the
 * figures stay the same, and a newer version of a folded case comes
 * back. */
static void
test_model_folds_closed_cases (void)
{
  g_autoptr(GwCaseModel) model = gw_case_model_new ();
  g_autoptr(GPtrArray) cases = random_cases (300, 7);
  g_autoptr(GwCaseFilter) filter = gw_case_filter_new ();
  g_autoptr(GwCasePoints) points = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (NOW);
  g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *ranking_before = NULL, *ranking_after = NULL;
  GwWallFigures before, after;
  guint n_open = 0, n_folded, folded_id = 0;

  gw_case_model_update (model, cases);
  points = gw_case_points_new (model, filter);
  figures_of_model (model, now, &before, &ranking_before);
  for (guint i = 0; i < cases->len; i++)
    {
      if (gw_case_status_is_open (gw_case_get_status (g_ptr_array_index (cases, i))))
        n_open++;
      else
        folded_id = i;
    }
  g_assert_cmpuint (n_open, >, 0);
  g_assert_cmpuint (n_open, <, cases->len);

  g_assert_cmpuint (gw_case_model_fold_closed (model), ==, cases->len - n_open);
  g_assert_cmpuint (gw_case_model_get_size (model), ==, n_open);
  for (guint i = 0; i < gw_case_model_get_size (model); i++)
    {
      guint position;

      g_assert_true (gw_case_status_is_open (gw_case_get_status (gw_case_model_get (model, i))));
      g_assert_true (gw_case_model_lookup (model, gw_case_get_id (gw_case_model_get (model, i)), &position) != NULL);
      g_assert_cmpuint (position, ==, i);
    }
  gw_case_model_get_folded (model, &n_folded);
  g_assert_cmpuint (n_folded, ==, cases->len - n_open);
  /* The map follows. */
  {
    guint n_points;

    gw_case_points_get (points, &n_points);
    g_assert_cmpuint (n_points, ==, n_open);
  }
  /* The cases given to the model are gone from it: the facts hold. */
  g_clear_pointer (&cases, g_ptr_array_unref);
  figures_of_model (model, now, &after, &ranking_after);
  g_assert_cmpint (memcmp (&before, &after, sizeof before), ==, 0);
  g_assert_cmpstr (ranking_after, ==, ranking_before);
  g_assert_cmpuint (after.open_now, ==, n_open);
  /* Nothing more to fold. */
  g_assert_cmpuint (gw_case_model_fold_closed (model), ==, 0);

  /* An older version of a folded case is not news; a newer one, reopened,
   * is a case again. */
  g_ptr_array_add (update, make_case (folded_id, GW_CASE_STATUS_IN_PROGRESS, 35.4, 116.9, "E0101", NULL, 0));
  gw_case_model_update (model, update);
  g_assert_cmpuint (gw_case_model_get_size (model), ==, n_open);
  g_ptr_array_set_size (update, 0);
  g_ptr_array_add (update, make_case (folded_id, GW_CASE_STATUS_IN_PROGRESS, 35.4, 116.9, "E0101", NULL, 2));
  gw_case_model_update (model, update);
  g_assert_cmpuint (gw_case_model_get_size (model), ==, n_open + 1);
  gw_case_model_get_folded (model, &n_folded);
  g_assert_cmpuint (n_folded, ==, 300 - n_open - 1);
  g_assert_nonnull (gw_case_model_lookup (model, gw_case_get_id (g_ptr_array_index (update, 0)), NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-filter/criteria", test_filter_criteria);
  g_test_add_func ("/case-model/updates-in-place", test_model_updates_in_place);
  g_test_add_func ("/case-model/folds-closed-cases", test_model_folds_closed_cases);
  g_test_add_func ("/case-points/change-moves-restyles-removes-exactly-one", test_points_change_exactly_one);
  g_test_add_func ("/case-points/cluster-counts-add-up", test_cluster_counts_add_up);
  g_test_add_func ("/case-points/overdue-follows-the-clock", test_overdue_follows_the_clock);
  g_test_add_func ("/case-points/symbols", test_symbols);
  g_test_add_func ("/case-points/escalated-flag", test_escalated_flag);
  g_test_add_func ("/case-points/duplicate-flag", test_duplicate_flag);
  g_test_add_func ("/case-points/unplaced-off-the-map", test_unplaced_off_the_map);
  g_test_add_func ("/case/times-parse-like-gdatetime", test_times_parse_like_gdatetime);
  g_test_add_func ("/case/times-judged-like-gdatetime", test_times_judged_like_gdatetime);

  return g_test_run ();
}
