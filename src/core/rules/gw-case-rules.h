/* gw-case-rules.h: who may do what to a case, and what it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"
#include "gw-category.h"
#include "gw-work-calendar.h"

#include "gw-whistle-list.h"

G_BEGIN_DECLS

typedef enum
{
  GW_ROLE_DISPATCHER,
  GW_ROLE_LEADER,
  GW_ROLE_PLANNER,
  GW_ROLE_WORKER,
  GW_ROLE_ADMIN,
  GW_ROLE_DEPARTMENT,   /* an officer of a responsible department */
  GW_ROLE_HEAD,         /* the head of a community or town, who approves whistles */
  GW_ROLE_INTAKE,       /* another system reporting through Open311: creates, reads its own */
} GwRole;

#define GW_N_ROLES 8

const char *gw_role_to_string   (GwRole      role);
gboolean    gw_role_from_string (const char *name,
                                 GwRole     *role);

#define GW_CASE_RULES_ERROR (gw_case_rules_error_quark ())

typedef enum
{
  GW_CASE_RULES_ERROR_UNKNOWN_ACTION,
  GW_CASE_RULES_ERROR_FORBIDDEN,       /* the role may never do it */
  GW_CASE_RULES_ERROR_ILLEGAL,         /* not in the case's present state */
  GW_CASE_RULES_ERROR_INVALID_PARAMS,
} GwCaseRulesError;

GQuark    gw_case_rules_error_quark (void);
gboolean  gw_case_rules_fail        (GError          **error,
                                     GwCaseRulesError  code,
                                     const char       *format,
                                     ...) G_GNUC_PRINTF (3, 4);

gboolean  gw_case_rules_role_may    (GwRole        role,
                                     const char   *action);
const char *gw_user_town             (const char   *user);
gboolean  gw_case_rules_may_act_on  (GwCase       *kase,
                                     GwRole        role,
                                     const char   *user);
gboolean  gw_case_rules_is_legal    (GwCaseStatus  status,
                                     const char   *action);
gboolean  gw_case_rules_is_legal_now (GwCase       *kase,
                                     const char   *action);
/* When an action happens and on which calendar its times count; NULL
 * fields are now and wall-clock time. */
typedef GwCategory *(*GwCategoryLookup) (const char *code,
                                         gpointer    data);
/* The code of the town a grid lies in, newly allocated, or NULL. */
typedef char       *(*GwTownLookup)     (const char *grid,
                                         gpointer    data);

#define GW_RETURN_VISIT_DAYS 2

typedef struct
{
  GDateTime *now;
  GwWorkCalendar *calendar;
  const char *user;       /* who acts: recorded in escalations and visits */
  /* The categories, for "recategorise" and a reopened case's deadline;
   * NULL: the deadline stays (the app's what-if). */
  GwCategoryLookup lookup_category;
  gpointer lookup_data;
  guint return_visit_days;  /* working days after closing; 0: GW_RETURN_VISIT_DAYS */
  /* The towns (with lookup_data), for a recategorised case that a town
   * handles itself; NULL: who handles it stays (the app's what-if). */
  GwTownLookup lookup_town;
  /* What may be whistled up; NULL: gw_whistle_list_get_default (). */
  GwWhistleList *whistles;
} GwCaseContext;

GDateTime *gw_case_context_now      (const GwCaseContext *context);
char      *gw_case_context_now_text (const GwCaseContext *context);

const char * const *gw_case_rules_list_actions (void);
const char *gw_case_rules_text_param (JsonObject          *params,
                                     const char          *member,
                                     const char          *action,
                                     gboolean             required,
                                     GError             **error);
GwCase   *gw_case_rules_apply       (GwCase              *current,
                                     GwRole               role,
                                     const char          *action,
                                     JsonObject          *params,
                                     const GwCaseContext *context,
                                     GError             **error);

G_END_DECLS
