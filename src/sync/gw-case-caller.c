/* gw-case-caller.c: who reported a case and the number they left
 *
 * GET /api/v1/cases/{id}/caller, for the panel and the return visit: a
 * number is not in the case itself (it would travel in the change feed
 * to everyone), and the server masks it for all but the desk. What
 * comes back is checked like any text from the network: a name of at
 * most 200 characters, a number by gw_phone_check() — or, masked, the
 * same with stars for digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-caller"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-case-caller.h"
#include "gw-field.h"
#include "gw-json.h"
#include "gw-phone.h"
#include "gw-town-fetch.h"

void
gw_case_caller_free (GwCaseCaller *caller)
{
  if (caller == NULL)
    return;
  g_free (caller->name);
  g_free (caller->phone);
  g_free (caller);
}

static gboolean
check_phone (const char  *phone,
             gboolean     masked,
             GError     **error)
{
  g_autofree char *digits = g_strdup (phone);

  /* A masked number is checked as the number it stands for. */
  if (masked)
    g_strdelimit (digits, "*", '0');
  return gw_phone_check (digits, error);
}

GwCaseCaller *
gw_case_caller_new_from_json (JsonNode  *root,
                              GError   **error)
{
  g_autoptr(GwCaseCaller) caller = g_new0 (GwCaseCaller, 1);
  g_autoptr(GError) local = NULL;
  JsonObject *obj = gw_json_node_get_object (root);
  const char *name = NULL, *phone = NULL;

  if (obj == NULL)
    return gw_json_fail (error, _("the caller is not an object"));
  if (!gw_field_text (obj, "name", GW_FIELD_OPTIONAL, GW_FIELD_NAME_CHARS, &name, &local) ||
      !gw_field_bool (obj, "masked", GW_FIELD_OPTIONAL, &caller->masked, &local) ||
      !gw_field_text (obj, "phone", GW_FIELD_OPTIONAL, GW_PHONE_MAX_CHARS, &phone, &local) ||
      (phone && !check_phone (phone, caller->masked, &local)))
    return gw_json_fail (error, _("the caller cannot be read: %s"), local->message);

  caller->name = g_strdup (name);
  caller->phone = g_strdup (phone);
  return g_steal_pointer (&caller);
}

void
gw_case_caller_fetch_async (GwTownClient        *client,
                            const char          *case_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *escaped = g_uri_escape_string (case_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/caller", escaped);

  gw_town_fetch_async (client, path, (GwTownParse) gw_case_caller_new_from_json, (GDestroyNotify) gw_case_caller_free,
                       cancellable, callback, user_data);
}

GwCaseCaller *
gw_case_caller_fetch_finish (GwTownClient  *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  return gw_town_fetch_finish (client, result, error);
}
