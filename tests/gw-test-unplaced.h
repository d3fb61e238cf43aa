/* gw-test-unplaced.h: a case taken in from another system without a
 * point, as the desk finds it in its "location unknown" view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-test-util.h"

G_BEGIN_DECLS

#define GW_TEST_UNPLACED_ID "GW20261203-900001"
#define GW_TEST_UNPLACED_ENDPOINT "http://127.0.0.1:1/open311/v2"
#define GW_TEST_UNPLACED_ORIGIN_ID "REQ-7731"

/* Written into the town server's database at @db_path (the server not
 * running), as the Open311 consumer stores such a request: category
 * E0101, reported now, no grid, a stand-in point, its source link. */
void gw_test_seed_unplaced_case (const char *db_path);

G_END_DECLS
