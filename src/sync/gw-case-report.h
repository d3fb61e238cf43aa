/* gw-case-report.h: a new case from the desk, into the outbox in a thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-session.h"

G_BEGIN_DECLS

/* @photos: of GwOutboxPhoto, may be NULL. */
void  gw_case_report_async  (GwSession           *session,
                             JsonObject          *report,
                             GPtrArray           *photos,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
/* The stand-in's id, or NULL and why the report cannot be taken. */
char *gw_case_report_finish (GwSession           *session,
                             GAsyncResult        *result,
                             GError             **error);

G_END_DECLS
