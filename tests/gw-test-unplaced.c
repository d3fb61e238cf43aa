/* gw-test-unplaced.c: a case taken in from another system without a point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-json.h"
#include "gw-server-schema.h"
#include "gw-store-feed.h"
#include "gw-store-cases.h"
#include "gw-test-unplaced.h"

void
gw_test_seed_unplaced_case (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwStore) store = gw_server_store_open (db_path, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GwCase) kase = NULL;
  g_auto(GwCaseData) d = { 0 };

  g_assert_no_error (error);
  /* Into the change feed too, as the server writes it: desks pull it. */
  gw_store_record_changes (store, TRUE);
  d.id = g_strdup (GW_TEST_UNPLACED_ID);
  d.status = GW_CASE_STATUS_REPORTED;
  d.category = g_strdup ("E0101");
  d.source = GW_CASE_SOURCE_OPEN311;
  /* The consumer's stand-in: the county's middle, flagged, never 0,0. */
  d.lat = 35.40;
  d.lon = 117.00;
  d.description = g_strdup ("路边垃圾堆放，无定位");
  d.reported_at = gw_format_rfc3339 (now);
  d.created_at = g_strdup (d.reported_at);
  d.updated_at = g_strdup (d.reported_at);
  d.version = 1;
  d.origin_endpoint = g_strdup (GW_TEST_UNPLACED_ENDPOINT);
  d.origin_id = g_strdup (GW_TEST_UNPLACED_ORIGIN_ID);
  d.origin_service = g_strdup ("Rubbish");
  d.location = GW_CASE_LOCATION_UNKNOWN;
  kase = gw_case_new (&d);
  g_assert_true (gw_store_put_case (store, kase, &error));
  g_assert_no_error (error);
}
