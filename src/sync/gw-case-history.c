/* gw-case-history.c: a case's audit history, from the town server
 *
 * What was done to a case, by whom and when: the actions the server
 * accepted, oldest first. Fetched for whoever shows a case, so that no
 * widget speaks HTTP itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-history"

#include "config.h"

#include "gw-case-history.h"
#include "gw-field.h"
#include "gw-json.h"
#include "gw-town-fetch.h"

void
gw_case_history_entry_free (GwCaseHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->action);
  g_free (entry->user);
  g_free (entry->user_name);
  g_free (entry);
}

/* {"items": [{"at", "action", "user", "user_name", "status"}, …]}: the refused
 * attempts the audit keeps too are not history. */
GPtrArray *
gw_case_history_from_json (JsonNode  *root,
                           GError   **error)
{
  JsonArray *items = gw_json_object_get_array (gw_json_node_get_object (root), "items");
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_case_history_entry_free);

  if (items == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the history has no items");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *obj = gw_json_node_get_object (json_array_get_element (items, i));
      gint64 status = obj ? gw_json_object_get_int (obj, "status", 0) : 0;
      GwCaseHistoryEntry *entry;
      const char *name = NULL;

      if (status != 200 && status != 201)
        continue;
      entry = g_new0 (GwCaseHistoryEntry, 1);
      entry->at = g_strdup (gw_json_object_get_string (obj, "at"));
      entry->action = g_strdup (gw_json_object_get_string (obj, "action"));
      entry->user = g_strdup (gw_json_object_get_string (obj, "user"));
      /* A name to show, or none: never a reason to drop the line. */
      if (gw_field_text (obj, "user_name", GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, &name, NULL))
        entry->user_name = g_strdup (name);
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

void
gw_case_history_fetch_async (GwTownClient        *client,
                             const char          *case_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *escaped = g_uri_escape_string (case_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/history", escaped);

  gw_town_fetch_async (client, path, (GwTownParse) gw_case_history_from_json, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, user_data);
}

/* The entries (GwCaseHistoryEntry), or NULL and @error. */
GPtrArray *
gw_case_history_fetch_finish (GwTownClient  *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  return gw_town_fetch_finish (client, result, error);
}
