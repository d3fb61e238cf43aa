/* gw-escalation-board.h: every whistle blown, by state, with time left
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-model.h"
#include "gw-case-rules.h"
#include "gw-reference-data.h"

G_BEGIN_DECLS

/* The board's columns, in order. */
typedef enum
{
  GW_BOARD_PROPOSED,
  GW_BOARD_AWAITING_APPROVAL,
  GW_BOARD_AWAITING_REPORT,
  GW_BOARD_REPORTED,
  GW_BOARD_RESOLVED,
  GW_BOARD_OVERDUE,
} GwBoardColumn;

#define GW_BOARD_N_COLUMNS 6

#define GW_TYPE_ESCALATION_BOARD (gw_escalation_board_get_type ())

G_DECLARE_FINAL_TYPE (GwEscalationBoard, gw_escalation_board, GW, ESCALATION_BOARD, GtkWidget)

void   gw_escalation_board_set_model       (GwEscalationBoard *self,
                                            GwCaseModel       *model);
void   gw_escalation_board_set_reference_data (GwEscalationBoard *self,
                                               GwReferenceData   *reference);
void   gw_escalation_board_set_user        (GwEscalationBoard *self,
                                            gboolean           role_known,
                                            GwRole             role,
                                            const char        *user);
void   gw_escalation_board_set_department  (GwEscalationBoard *self,
                                            const char        *department_id);
void   gw_escalation_board_refresh         (GwEscalationBoard *self);
void   gw_escalation_board_set_quiet       (GwEscalationBoard *self,
                                            gboolean           quiet);
guint  gw_escalation_board_get_count       (GwEscalationBoard *self,
                                            GwBoardColumn      column);

G_END_DECLS
