/* gw-case-fetch.h: cases the model left in the cache, read back when asked for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-model.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* @ids: of char *, case ids; those the model has are not read again. */
void     gw_case_fetch_async  (GwCaseModel         *model,
                               GwStore             *reader,
                               GPtrArray           *ids,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
/* TRUE when every id asked for is in the model now. */
gboolean gw_case_fetch_finish (GwCaseModel         *model,
                               GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
