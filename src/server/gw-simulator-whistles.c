/* gw-simulator-whistles.c: the simulated county's whistles and the reports of those called
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-simulator"

#include "config.h"

#include "gw-simulator-private.h"
#include "gw-store-cases.h"
#include "gw-whistle-list.h"

/* One case in ten is whistled up: half to the community, three in ten to
 * the town, two in ten to a county department. Of the called parties,
 * three in five report promptly, one is late and one has not yet. */
gboolean
gw_simulator_whistled (const char *case_id)
{
  return g_str_hash (case_id) % 10 == 5;
}

static guint
response_kind (const char *case_id)
{
  return (g_str_hash (case_id) >> 8) % 5;   /* 0-2 prompt, 3 late, 4 not yet */
}

/* Whether the party called for the case reports now, its escalation in
 * @state and @waited_seconds since it was called: the prompt ones at
 * once, the late ones once overdue, the rest not yet. In a steady county,
 * which takes everything up in the end, the late and the slow ones report
 * an hour to four after they were called: waiting for a deadline twelve
 * working days away, their cases piled up for the length of a benchmark
 * (a wall's soak saw the cases it keeps grow with them). */
gboolean
gw_simulator_called_party_reports (gboolean            steady,
                                   const char         *case_id,
                                   GwEscalationState   state,
                                   gint64              waited_seconds)
{
  guint kind = response_kind (case_id);

  if (kind < 3)
    return TRUE;
  if (state == GW_ESCALATION_OVERDUE && kind == 3)
    return TRUE;
  return steady && (state == GW_ESCALATION_OVERDUE || waited_seconds > (gint64) gw_simulator_delay_for (case_id, 3600, 4 * 3600));
}

void
gw_simulator_whistle_at (GwSimulator      *self,
                         const GwCaseData *d,
                         GDateTime        *at)
{
  GwWhistleList *list = gw_whistle_list_get_default ();
  const GwWhistleItem *item = gw_whistle_list_suggest (list, d->category);
  guint pick = (g_str_hash (d->id) >> 4) % 10;
  GwLevel level = pick < 5 ? GW_LEVEL_COMMUNITY : pick < 8 ? GW_LEVEL_TOWN : GW_LEVEL_COUNTY;
  g_autofree char *called = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  GwGrid *grid = d->grid ? g_hash_table_lookup (self->by_code, d->grid) : NULL;

  if (item == NULL)
    item = gw_whistle_list_get_item (list, g_str_hash (d->id) % gw_whistle_list_get_n_items (list));
  if (level == GW_LEVEL_COUNTY)
    called = g_strdup (item->department);
  else if (grid != NULL)
    {
      GwGrid *up = gw_grid_find_ancestor (grid, self->by_code, level == GW_LEVEL_COMMUNITY
                                          ? GW_GRID_LEVEL_COMMUNITY : GW_GRID_LEVEL_TOWN);
      called = up ? g_strdup (gw_grid_get_code (up)) : NULL;
    }
  if (called == NULL)
    return;

  json_object_set_string_member (params, "to_level", gw_level_to_string (level));
  json_object_set_string_member (params, "called", called);
  json_object_set_string_member (params, "item", item->code);
  json_object_set_string_member (params, "reason", level == GW_LEVEL_COUNTY ? "需县直部门执法力量介入，网格和社区无权处置。"
                                                   : "群众反映强烈，本级协调未果，请上级报到。");
  gw_simulator_act_at (self, d->id, "simulator-dispatch", GW_ROLE_DISPATCHER, "whistle", params, at);
}

/* Who reports for the called party, and as what. */
static const char *
reporter_of (const GwEscalation *e,
             GwRole             *role)
{
  *role = e->to_level == GW_LEVEL_COUNTY ? GW_ROLE_DEPARTMENT : GW_ROLE_DISPATCHER;
  return e->to_level == GW_LEVEL_COUNTY ? e->called : "simulator-report";
}

static GDateTime *
last_step_time (const GwEscalation *e,
                const GwCaseData   *d)
{
  const char *times[] = { e->resolved_at, e->reported_at, e->approved_at, e->whistled_at, d->updated_at };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    if (times[i])
      return g_date_time_new_from_iso8601 (times[i], NULL);
  return g_date_time_new_now_local ();
}

/* One step of the escalation's life, if its time has come; @at NULL is
 * now, live; else the simulated past of a seeded case, where every step
 * whose time has come is taken. */
void
gw_simulator_follow_escalation (GwSimulator *self,
                                const char  *case_id,
                                GDateTime   *at)
{
  for (guint step = 0; step < 4; step++)
    {
      g_autoptr(GwCase) kase = gw_store_get_case (self->store, case_id);
      const GwCaseData *d = kase ? gw_case_get_data (kase) : NULL;
      GwEscalation *e = d ? gw_case_data_get_escalation (d) : NULL;
      g_autoptr(GDateTime) now = gw_simulator_now (self);
      g_autoptr(GDateTime) since = NULL;
      g_autoptr(GDateTime) when = NULL;
      GwRole role;
      const char *reporter;
      gint64 waited;

      if (e == NULL)
        return;
      /* Live, each step waits a while after the case's last change (the
       * overdue mark too); seeded, it follows the escalation's own times. */
      since = at ? last_step_time (e, d) : gw_simulator_last_change (self, d);
      /* Seeded: each step an hour or two after the last. */
      when = at ? g_date_time_add_hours (since, 1 + g_str_hash (case_id) % 2) : g_date_time_ref (now);
      if (at && g_date_time_compare (when, at) > 0)
        return;
      waited = g_date_time_difference (now, since) / G_USEC_PER_SEC;
      if (!at && waited < (gint64) gw_simulator_delay_for (case_id, 40, 240))
        return;

      switch (e->state)
        {
        case GW_ESCALATION_AWAITING_APPROVAL:
          if (g_str_hash (case_id) % 7 == 0)
            gw_simulator_act_with_at (self, case_id, "simulator-head", GW_ROLE_HEAD, "deny_whistle", "reason",
                               "本级尚可协调处置，暂不吹哨。", at ? when : NULL);
          else
            gw_simulator_act_with_at (self, case_id, "simulator-head", GW_ROLE_HEAD, "approve_whistle", NULL, NULL, at ? when : NULL);
          break;
        case GW_ESCALATION_AWAITING_REPORT:
        case GW_ESCALATION_OVERDUE:
          if (!gw_simulator_called_party_reports (self->steady, case_id, e->state, waited))
            return;
          reporter = reporter_of (e, &role);
          gw_simulator_act_with_at (self, case_id, reporter, role, "report", "note",
                             "已报到，派员到场核实并制定处置方案。", at ? when : NULL);
          break;
        case GW_ESCALATION_REPORTED:
          gw_simulator_act_with_at (self, case_id, "simulator-dispatch", GW_ROLE_DISPATCHER, "resolve_escalation", "resolution",
                             "上级部门到场处置完毕，问题已解决。", at ? when : NULL);
          break;
        case GW_ESCALATION_RESOLVED:
          if (e->rating > 0 || e->reported_at == NULL)
            return;
          {
            g_autoptr(JsonObject) params = json_object_new ();

            /* Late responses get the lower marks. */
            json_object_set_int_member (params, "rating", gw_escalation_was_late (e) ? 1 + g_str_hash (case_id) % 3
                                                                                      : 3 + g_str_hash (case_id) % 3);
            json_object_set_string_member (params, "comment", gw_escalation_was_late (e) ? "报到不及时。" : "响应迅速，处置得力。");
            gw_simulator_act_at (self, case_id, "simulator-dispatch", GW_ROLE_DISPATCHER, "rate", params, at ? when : NULL);
          }
          return;
        case GW_ESCALATION_PROPOSED:
        case GW_ESCALATION_DENIED:
        default:
          return;
        }
      if (!at)
        return;
    }
}
