/* gw-assignment.h: whom to give a case to, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"
#include "gw-worker.h"

G_BEGIN_DECLS

typedef enum
{
  GW_NEARNESS_ELSEWHERE,
  GW_NEARNESS_NEIGHBOUR,     /* works a grid under the same community */
  GW_NEARNESS_OWN_GRID,      /* works the case's grid */
} GwNearness;

/* What is known of a grid worker right now; unknown fields stay zero. */
typedef struct
{
  GwWorker *worker;
  GwNearness nearness;
  guint open_cases;          /* cases assigned and not yet handled */
  gboolean on_duty_known;
  gboolean on_duty;
  gboolean location_known;
  double lat, lon;           /* last known location */
} GwWorkerState;

typedef struct
{
  char *assignee;            /* "worker:ID" or "department:ID" */
  char *name;
  int score;
  char *reasons;             /* why it ranks where it does, for the dispatcher */
} GwSuggestion;

void       gw_suggestion_free     (GwSuggestion        *suggestion);

/* A department a case may go to, by id and by name. */
typedef struct
{
  const char *id;
  const char *name;
} GwDepartmentRef;

/* @lead: the category's responsible (lead) department, or NULL;
 * @cooperating: the departments the territorial list has work with it,
 * which a case may go to directly, without a whistle. Best first. */
GPtrArray *gw_assignment_rank     (const GwCaseData      *kase,
                                   const GwWorkerState   *workers,
                                   guint                  n_workers,
                                   const GwDepartmentRef *lead,
                                   const GwDepartmentRef *cooperating,
                                   guint                  n_cooperating);

/* Spreads @n_cases among @n_workers by open workload, the least loaded
 * first and ties to the first in the array; fills @choice with worker
 * indexes. The workers' open_cases are not changed. */
void       gw_assignment_spread   (const GwWorkerState *workers,
                                   guint                n_workers,
                                   guint                n_cases,
                                   guint               *choice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSuggestion, gw_suggestion_free)

G_END_DECLS
