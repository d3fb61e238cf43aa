/* gw-case-facts.h: what the performance figures read of a case, in 80 bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CASE_FACT_DUPLICATE     = 1 << 0,   /* closed as a duplicate of another */
  GW_CASE_FACT_RETURNED      = 1 << 1,   /* passed back as "not ours" at least once */
  GW_CASE_FACT_RECATEGORISED = 1 << 2,
  GW_CASE_FACT_REWORKED      = 1 << 3,   /* failed a verification */
  GW_CASE_FACT_EXTENDED      = 1 << 4,   /* had its time limit extended */
  GW_CASE_FACT_KEPT_CLOSED   = 1 << 5,   /* unsatisfied, but kept closed by a head */
  GW_CASE_FACT_HELD          = 1 << 7,   /* holds its names and escalations */
} GwCaseFactFlags;

/* Times are Unix seconds, 0 when there is none; the names are the case's
 * shared ones (gw_case_hold_name()). */
typedef struct
{
  gint64 reported;
  gint64 deadline;
  gint64 closed_at;         /* only while the case is closed */
  gint64 visited_at;        /* only when a return visit was made */
  const char *grid;
  const char *assignee;
  const char *handled_by;
  const char *category;
  GPtrArray *escalations;   /* of GwEscalation; NULL when none */
  guint8 status;            /* GwCaseStatus */
  guint8 source;            /* GwCaseSource */
  guint8 visit_result;      /* GwVisitResult */
  guint8 flags;             /* GwCaseFactFlags */
} GwCaseFacts;

void gw_case_facts_init  (GwCaseFacts *facts,
                          GwCase      *kase,
                          gboolean     hold);
void gw_case_facts_clear (GwCaseFacts *facts);
GwCaseFacts *gw_case_facts_borrow_all (GPtrArray         *cases,
                                       guint              room_after);
gboolean gw_case_facts_is_overdue     (const GwCaseFacts *facts,
                                       gint64             now_unix);

G_END_DECLS
