/* gw-outbox.h: send the dispatcher's queued actions to the town server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store-outbox.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

/* An action the server did not apply as asked. */
typedef struct
{
  char *case_id;
  char *action;
  guint status;           /* 409: someone else changed the case first */
  char *message;
  GwCase *server_case;    /* the case as the server has it, if it said */
} GwOutboxRefusal;

typedef struct
{
  guint sent;
  GPtrArray *refusals;    /* GwOutboxRefusal */
  guint queued;           /* actions left in the outbox */
} GwOutboxResult;

void            gw_outbox_result_free  (GwOutboxResult      *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwOutboxResult, gw_outbox_result_free)

void            gw_outbox_flush_async  (GwTownClient        *client,
                                        GwStore             *store,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GwOutboxResult *gw_outbox_flush_finish (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
