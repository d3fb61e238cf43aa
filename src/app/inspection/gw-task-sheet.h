/* gw-task-sheet.h: one visit's task sheet, as lines that the screen and
 * the printed page both lay out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gw-inspection-plan.h"

G_BEGIN_DECLS

typedef enum
{
  GW_SHEET_SECTION,     /* Target, Visit, Inspectors, …: label */
  GW_SHEET_GROUP,       /* a department within the items: label */
  GW_SHEET_FIELD,       /* label: value */
  GW_SHEET_ITEM,        /* a box to tick: label (code and name), value (legal basis), detail (why, when) */
  GW_SHEET_NOTE,        /* label */
} GwSheetLineKind;

typedef struct
{
  GwSheetLineKind kind;
  char *label;
  char *value;
  char *detail;
} GwSheetLine;

/* Of GwSheetLine: target, visit (day and window, lead, drawn), the team,
 * each department's items with their legal basis, and the inspectors
 * kept off this target for a conflict of interest. */
GPtrArray *gw_task_sheet_lines (GwInspectionPlan  *plan,
                                const GwPlanVisit *visit);

G_END_DECLS
