/* gw-outbox-report.h: a new case, queued to be reported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

#define GW_OUTBOX_LOCAL_PREFIX "local-"

/* @photos: of GwOutboxPhoto, checked by the caller (gw_media_sniff()); may be NULL. */
char *gw_outbox_report_case (GwStore     *store,
                             JsonObject  *report,
                             GPtrArray   *photos,
                             GError     **error);

G_END_DECLS
