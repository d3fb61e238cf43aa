/* gw-case-history.h: a case's audit history, from the town server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gw-town-client.h"

G_BEGIN_DECLS

typedef struct
{
  char *at;                 /* RFC 3339, may be NULL */
  char *action;
  char *user;               /* the login name */
  char *user_name;          /* the name to show, when the server has one */
} GwCaseHistoryEntry;

void       gw_case_history_entry_free  (GwCaseHistoryEntry *entry);
GPtrArray *gw_case_history_from_json   (JsonNode            *root,
                                        GError             **error);
void       gw_case_history_fetch_async (GwTownClient        *client,
                                        const char          *case_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray *gw_case_history_fetch_finish (GwTownClient       *client,
                                         GAsyncResult       *result,
                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCaseHistoryEntry, gw_case_history_entry_free)

G_END_DECLS
