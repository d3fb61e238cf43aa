/* gw-inspection-plan.h: a joint-inspection plan, how it is made and kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-inspection-data.h"
#include "gw-work-calendar.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 from, to;              /* julian days; to is not included */
  guint32 seed;                  /* of the random draws, published with the plan */
  double random_share;           /* targets drawn for random checks */
  guint max_per_department;      /* visits per target per department per year */
  guint department_capacity;     /* visits a department joins per working day */
  guint inspector_capacity;      /* visits per inspector per working day */
  guint team_size;               /* inspectors per visit, two at least */
  GwWorkCalendar *calendar;      /* NULL: Monday to Friday */
} GwPlanOptions;

#define GW_PLAN_OPTIONS_INIT { 0, 0, 1, 0.05, 2, 60, 3, 2, NULL }

typedef enum
{
  GW_DUE_FREQUENCY,              /* a priority item at its frequency */
  GW_DUE_HIGH_RISK,              /* the same, twice as often for a high risk */
  GW_DUE_DRAWN,                  /* the target was drawn at random */
  GW_DUE_REINSPECTION,           /* a rectification notice is checked */
} GwDueReason;

/* One inspection item owed by one target in one window of days. */
typedef struct
{
  guint item;                    /* in the catalogue */
  guint32 from, to;              /* to is not included */
  GwDueReason reason;
  guint occurrence, of;          /* the k-th of n in the plan's window */
  gboolean deferrable;           /* its window runs past the plan's: the next
                                  * plan may take it when this one is full */
} GwPlanDue;

/* What an inspector found for one item. */
typedef struct
{
  guint item;
  gboolean passed;
  char *note;
} GwFinding;

/* A rectification notice (整改通知) for an item that failed. */
typedef struct
{
  guint item;
  guint32 issued;
  guint32 deadline;              /* rectify by */
  guint32 closed;                /* 0: open; the day a re-inspection passed it */
  guint reinspection;            /* the visit that checks it again */
} GwNotice;

typedef struct
{
  guint id;
  guint target;
  guint32 day;
  guint32 earliest, latest;      /* the days every item allows, latest included */
  guint lead;                    /* a department, by index */
  GArray *dues;                  /* of GwPlanDue */
  GArray *inspectors;            /* of guint */
  gboolean drawn;
  guint reinspects;              /* the visit whose notices it checks; 0: none */
  GArray *findings;              /* of GwFinding; empty until recorded */
  GArray *notices;               /* of GwNotice, issued at this visit */
} GwPlanVisit;

/* Where a target stands in a plan on a day, least to most urgent. */
typedef enum
{
  GW_TARGET_NOT_DUE,
  GW_TARGET_INSPECTED,
  GW_TARGET_UPCOMING,
  GW_TARGET_DRAWN,
  GW_TARGET_VISIT_MISSED,
  GW_TARGET_NOTICE_OPEN,
  GW_TARGET_NOTICE_OVERDUE,
  GW_TARGET_N_STATUSES
} GwTargetStatus;

/* The figures of a plan's results. */
typedef struct
{
  guint visits;
  guint joint_visits;            /* two departments or more */
  double joint_rate;
  guint separate_visits;         /* had each department gone alone */
  guint visits_saved;
  guint visited;                 /* findings recorded */
  guint notices_issued;
  guint notices_closed;
  guint notices_closed_on_time;
} GwInspectionFigures;

#define GW_TYPE_INSPECTION_PLAN (gw_inspection_plan_get_type ())

G_DECLARE_FINAL_TYPE (GwInspectionPlan, gw_inspection_plan, GW, INSPECTION_PLAN, GObject)

GwInspectionPlan  *gw_inspection_plan_compute      (GwInspectionData    *data,
                                                    const GwPlanOptions *options,
                                                    GError             **error);
GwInspectionData  *gw_inspection_plan_get_data     (GwInspectionPlan    *self);
const GwPlanOptions *gw_inspection_plan_get_options (GwInspectionPlan   *self);
guint              gw_inspection_plan_get_n_visits (GwInspectionPlan    *self);
GwPlanVisit       *gw_inspection_plan_get_visit    (GwInspectionPlan    *self,
                                                    guint                index);
GwPlanVisit       *gw_inspection_plan_find_visit   (GwInspectionPlan    *self,
                                                    guint                id);
const gboolean    *gw_inspection_plan_get_drawn    (GwInspectionPlan    *self);
guint              gw_inspection_plan_get_n_dues   (GwInspectionPlan    *self);
guint              gw_inspection_plan_get_lower_bound (GwInspectionPlan *self);
guint              gw_inspection_plan_get_separate_visits (GwInspectionPlan *self);
guint              gw_inspection_plan_get_n_deferred (GwInspectionPlan  *self);
/* Visits that had to go on a day already at 1.3 times the window's mean
 * visits a day: their windows had no other working day with room. */
guint              gw_inspection_plan_get_n_crowded (GwInspectionPlan   *self);
GPtrArray         *gw_inspection_plan_check        (GwInspectionPlan    *self);
gboolean           gw_inspection_plan_move_visit   (GwInspectionPlan    *self,
                                                    guint                id,
                                                    guint32              day,
                                                    GError             **error);
char              *gw_inspection_plan_explain      (GwInspectionPlan    *self,
                                                    const GwPlanVisit   *visit);
char              *gw_inspection_plan_explain_due  (GwInspectionPlan    *self,
                                                    const GwPlanDue     *due);
char              *gw_inspection_plan_to_csv       (GwInspectionPlan    *self);
gboolean           gw_inspection_plan_record_findings (GwInspectionPlan *self,
                                                    guint                visit_id,
                                                    JsonArray           *findings,
                                                    GError             **error);
void               gw_inspection_plan_get_figures  (GwInspectionPlan    *self,
                                                    GwInspectionFigures *figures);
void               gw_inspection_plan_target_statuses (GwInspectionPlan *self,
                                                    guint32              today,
                                                    GwTargetStatus      *statuses,
                                                    guint               *next_visit);
const char        *gw_target_status_label          (GwTargetStatus       status);

/* Working days a rectification notice gives. */
#define GW_NOTICE_WORKING_DAYS 15
JsonNode          *gw_inspection_plan_to_json      (GwInspectionPlan    *self);
GwInspectionPlan  *gw_inspection_plan_new_from_json (GwInspectionData   *data,
                                                    GwWorkCalendar     *calendar,
                                                    JsonNode           *node,
                                                    GError            **error);
const char        *gw_inspection_department_label (const char        *department);
char              *gw_julian_to_string             (guint32              julian);
guint32            gw_julian_from_string           (const char          *text);

/* Who may be drawn for a visit: same rules as the planner's. */
gboolean           gw_inspection_plan_inspector_may (GwInspectionPlan   *self,
                                                    guint               inspector,
                                                    const GwPlanVisit  *visit);

G_END_DECLS
