/* gw-case-caller.h: who reported a case and the number they left
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-town-client.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;               /* may be NULL */
  char *phone;              /* may be NULL; masked unless the reader is the desk */
  gboolean masked;
} GwCaseCaller;

void          gw_case_caller_free         (GwCaseCaller        *caller);
GwCaseCaller *gw_case_caller_new_from_json (JsonNode           *root,
                                            GError            **error);
void          gw_case_caller_fetch_async  (GwTownClient        *client,
                                           const char          *case_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GwCaseCaller *gw_case_caller_fetch_finish (GwTownClient        *client,
                                           GAsyncResult        *result,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCaseCaller, gw_case_caller_free)

G_END_DECLS
