/* gw-escalation.h: one whistle blown on a case, and what came of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The chain: the grid whistles and the community reports, the community
 * whistles and the town reports, the town whistles and a county
 * department reports. */
typedef enum
{
  GW_LEVEL_GRID,
  GW_LEVEL_COMMUNITY,
  GW_LEVEL_TOWN,
  GW_LEVEL_COUNTY,
} GwLevel;

#define GW_N_LEVELS 4

typedef enum
{
  GW_ESCALATION_PROPOSED,           /* by the server: overdue or returned twice */
  GW_ESCALATION_AWAITING_APPROVAL,  /* the calling level's head must agree */
  GW_ESCALATION_AWAITING_REPORT,    /* the called party must report */
  GW_ESCALATION_REPORTED,
  GW_ESCALATION_RESOLVED,
  GW_ESCALATION_OVERDUE,            /* no report by the deadline */
  GW_ESCALATION_DENIED,             /* the head did not agree */
} GwEscalationState;

#define GW_N_ESCALATION_STATES 7

typedef struct
{
  GwEscalationState state;
  GwLevel to_level;             /* who is called; the caller is one below */
  char *called;                 /* community or town code, or department id */
  char *item;                   /* the whistle list's item code */
  char *reason;
  char *whistled_by;
  char *whistled_at;
  char *approved_by;            /* or denied_by, when denied */
  char *approved_at;
  char *report_deadline;
  char *reported_by;
  char *reported_at;
  char *report_note;
  char *resolved_at;
  char *resolution;
  int rating;                   /* 1-5; 0: not rated yet */
  char *rating_comment;
} GwEscalation;

const char   *gw_level_to_string              (GwLevel            level);
gboolean      gw_level_from_string            (const char        *name,
                                               GwLevel           *level);
const char   *gw_level_label                  (GwLevel            level);
const char   *gw_escalation_state_to_string   (GwEscalationState  state);
gboolean      gw_escalation_state_from_string (const char        *name,
                                               GwEscalationState *state);
const char   *gw_escalation_state_label       (GwEscalationState  state);

GwEscalation *gw_escalation_new               (void);
GwEscalation *gw_escalation_copy              (const GwEscalation *self);
void          gw_escalation_free              (GwEscalation      *self);
gboolean      gw_escalation_is_open           (const GwEscalation *self);
gboolean      gw_escalation_awaits_report     (const GwEscalation *self);
gboolean      gw_escalation_was_late          (const GwEscalation *self);
JsonNode     *gw_escalation_to_json           (const GwEscalation *self);
GwEscalation *gw_escalation_new_from_json     (JsonNode          *node,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwEscalation, gw_escalation_free)

G_END_DECLS
