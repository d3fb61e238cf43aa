/* gw-town-server-escalations.c: what the escalation rules do by themselves
 *
 * Every half minute the server looks for reports that did not come by
 * their deadline (the escalation goes overdue) and for cases overdue by
 * the margin or returned twice (a whistle is proposed, never blown: a
 * dispatcher decides). Both go through the same actions path as a
 * person's, as the user "system": rules, audit and change feed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-town-server"

#include "config.h"

#include "gw-escalation-rules.h"
#include "gw-store-feed.h"
#include "gw-town-server-private.h"

#define SWEEP_SECONDS 30
#define SWEEP_BATCH 500

/* Returns how many cases it acted on. */
guint
gw_town_server_sweep_escalations (GwTownServer *self,
                                  GDateTime    *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, gw_work_calendar_get_timezone (self->calendar));
  g_autoptr(GDateTime) cutoff = g_date_time_add_seconds (local, -(gdouble) self->escalation_margin);
  g_autofree char *cutoff_text = gw_format_rfc3339 (cutoff);
  GwCaseQuery query = { .escalation_cutoff = cutoff_text, .limit = SWEEP_BATCH };
  g_autoptr(GPtrArray) cases = gw_store_list_cases (self->store, &query, NULL);
  guint acted = 0;

  for (guint i = 0; cases && i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);
      g_autoptr(JsonObject) params = NULL;
      g_autoptr(JsonNode) response = NULL;
      const char *action = gw_escalation_rules_due (gw_case_get_data (kase), g_date_time_to_unix (now),
                                                    self->escalation_margin, &params);

      if (action == NULL)
        continue;
      if (gw_town_server_apply_action (self, "system", GW_ROLE_ADMIN, gw_case_get_id (kase), NULL, action, params,
                                       gw_case_get_version (kase), &response) == SOUP_STATUS_OK)
        acted++;
    }
  return acted;
}

static gboolean
sweep (gpointer user_data)
{
  GwTownServer *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  gw_town_server_sweep_escalations (self, now);
  return G_SOURCE_CONTINUE;
}

void
gw_town_server_set_escalation_margin (GwTownServer *self,
                                      gint64        seconds)
{
  g_return_if_fail (GW_IS_TOWN_SERVER (self));

  self->escalation_margin = MAX (seconds, 0);
  /* The first look, at what went overdue while the server was down, is
   * the caller's, before it listens: see gw_town_server_sweep_escalations(). */
  if (self->sweep_id == 0)
    self->sweep_id = g_timeout_add_seconds (SWEEP_SECONDS, sweep, self);
}
