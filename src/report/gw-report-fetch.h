/* gw-report-fetch.h: a town server's cases and reference data, for one report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

/* Pulls everything @client's server has into @store (an empty cache),
 * running the thread-default main context until it is done. */
gboolean gw_report_fetch (GwTownClient  *client,
                          GwStore       *store,
                          GError       **error);

G_END_DECLS
