/* gw-case-facts.c: what the performance figures read of a case
 *
 * The figures read a case's times, its unit and a few flags, and parsed
 * its timestamps again on every computation. A case's facts are those
 * parts, parsed once: made on the fly for a computation over cases, or
 * held on their own by whoever needs the figures of cases it no longer
 * keeps whole (a wall has no use for a closed case's texts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case-facts.h"

/* @hold: the facts outlive @kase, so they take a reference on its names
 * and escalations; else they borrow them while @kase lives. */
void
gw_case_facts_init (GwCaseFacts *facts,
                    GwCase      *kase,
                    gboolean     hold)
{
  const GwCaseData *d;

  g_return_if_fail (facts != NULL);
  g_return_if_fail (GW_IS_CASE (kase));

  d = gw_case_get_data (kase);
  *facts = (GwCaseFacts) {
    .reported = gw_case_get_reported_unix (kase),
    .deadline = gw_case_get_deadline_unix (kase),
    .closed_at = d->status == GW_CASE_STATUS_CLOSED ? gw_case_time_to_unix (d->closed_at) : 0,
    .visited_at = d->visit_result != GW_VISIT_NONE ? gw_case_time_to_unix (d->visit_at) : 0,
    .grid = d->grid,
    .assignee = d->assignee,
    .handled_by = d->handled_by,
    .category = d->category,
    .escalations = d->escalations && d->escalations->len > 0 ? d->escalations : NULL,
    .status = d->status,
    .source = d->source,
    .visit_result = d->visit_result,
    .flags = (d->duplicate_of ? GW_CASE_FACT_DUPLICATE : 0) |
             (d->returns > 0 ? GW_CASE_FACT_RETURNED : 0) |
             (d->recategorised > 0 ? GW_CASE_FACT_RECATEGORISED : 0) |
             (d->reworks > 0 ? GW_CASE_FACT_REWORKED : 0) |
             (d->extensions > 0 ? GW_CASE_FACT_EXTENDED : 0) |
             (d->visit_kept_closed ? GW_CASE_FACT_KEPT_CLOSED : 0),
  };

  if (!hold)
    return;
  facts->flags |= GW_CASE_FACT_HELD;
  gw_case_hold_name (facts->grid);
  gw_case_hold_name (facts->assignee);
  gw_case_hold_name (facts->handled_by);
  gw_case_hold_name (facts->category);
  if (facts->escalations)
    g_ptr_array_ref (facts->escalations);
}

void
gw_case_facts_clear (GwCaseFacts *facts)
{
  g_return_if_fail (facts != NULL);

  if (facts->flags & GW_CASE_FACT_HELD)
    {
      gw_case_release_name (facts->grid);
      gw_case_release_name (facts->assignee);
      gw_case_release_name (facts->handled_by);
      gw_case_release_name (facts->category);
      g_clear_pointer (&facts->escalations, g_ptr_array_unref);
    }
  *facts = (GwCaseFacts) { 0 };
}

/* The borrowed facts of every case of @cases (NULL: none), for a
 * computation that ends before the cases go, with @room_after places left
 * after them for the caller's own. Free with g_free(). */
GwCaseFacts *
gw_case_facts_borrow_all (GPtrArray *cases,
                          guint      room_after)
{
  guint n = cases ? cases->len : 0;
  GwCaseFacts *facts = g_new (GwCaseFacts, MAX (n + room_after, 1));

  for (guint i = 0; i < n; i++)
    gw_case_facts_init (&facts[i], g_ptr_array_index (cases, i), FALSE);
  return facts;
}

/* As gw_case_is_overdue() of the case. */
gboolean
gw_case_facts_is_overdue (const GwCaseFacts *facts,
                          gint64             now_unix)
{
  return gw_case_deadline_passed (facts->deadline, facts->status, now_unix);
}
