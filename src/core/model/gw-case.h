/* gw-case.h: one case (案卷) as the town server knows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "gw-escalation.h"

G_BEGIN_DECLS

/* The lifecycle after GB/T 30428 / CJ/T 315. */
typedef enum
{
  GW_CASE_STATUS_REPORTED,
  GW_CASE_STATUS_ACCEPTED,
  GW_CASE_STATUS_REJECTED,
  GW_CASE_STATUS_FILED,
  GW_CASE_STATUS_DISPATCHED,
  GW_CASE_STATUS_IN_PROGRESS,
  GW_CASE_STATUS_HANDLED,
  GW_CASE_STATUS_VERIFIED,
  GW_CASE_STATUS_CLOSED,
  GW_CASE_STATUS_RETURNED,
  GW_CASE_STATUS_SUSPENDED,
  GW_CASE_STATUS_REGISTERED,   /* on the problem register (挂账) */
} GwCaseStatus;

#define GW_CASE_N_STATUSES 12

typedef enum
{
  GW_CASE_SOURCE_PATROL,
  GW_CASE_SOURCE_HOTLINE_12345,
  GW_CASE_SOURCE_PETITION,
  GW_CASE_SOURCE_MAILBOX,
  GW_CASE_SOURCE_SENSOR,
  GW_CASE_SOURCE_OPEN311,
  GW_CASE_SOURCE_OTHER,
  GW_CASE_SOURCE_WALK_IN,       /* a resident at the center's counter (来访) */
} GwCaseSource;

#define GW_CASE_N_SOURCES 8

/* What the resident said when the desk called back (回访). */
typedef enum
{
  GW_VISIT_NONE,
  GW_VISIT_SATISFIED,
  GW_VISIT_BASICALLY_SATISFIED,
  GW_VISIT_UNSATISFIED,
} GwVisitResult;

/* Whether a case's point can be trusted. A case taken in from another
 * system may come without one (never placed at 0,0: its point is then
 * only a stand-in, off the map until the desk places it) or with one
 * outside the county (kept, without a grid). */
typedef enum
{
  GW_CASE_LOCATION_KNOWN,
  GW_CASE_LOCATION_UNKNOWN,
  GW_CASE_LOCATION_OUTSIDE,
} GwCaseLocation;

const char *gw_case_status_to_string   (GwCaseStatus  status);
gboolean    gw_case_status_from_string (const char   *name,
                                        GwCaseStatus *status);
gboolean    gw_case_status_is_open     (GwCaseStatus  status);
const char *gw_case_source_to_string   (GwCaseSource  source);
gboolean    gw_case_source_from_string (const char   *name,
                                        GwCaseSource *source);

#define GW_TYPE_CASE (gw_case_get_type ())

G_DECLARE_FINAL_TYPE (GwCase, gw_case, GW, CASE, GObject)

/* The fields, in one plain struct so that code that builds or changes a
 * case (the server, the rules, the simulator) writes them directly. Times
 * are RFC 3339 strings with an offset, as they travel. */
typedef struct
{
  char *id;
  GwCaseStatus status;
  char *category;
  GwCaseSource source;
  double lat;
  double lon;
  char *grid;
  gboolean urgent;
  char *description;
  char *reporter;
  char **media;
  char *reported_at;
  char *deadline;
  char *assignee;           /* "worker:ID", "department:ID" or "town:CODE" (gw_assignee_parse) */
  gint64 version;
  char *created_at;
  char *updated_at;

  /* Where the case is in its lifecycle beyond its status; travels as the
   * "lifecycle" object. */
  char *note;               /* the reason or result given with the last action */
  char *closed_at;
  guint reworks;            /* failed verifications */
  guint extensions;         /* approved extensions */
  guint returns;            /* returned by a department that is not responsible */
  char *requested_deadline; /* an extension waiting for approval */
  GwCaseStatus held_from;   /* status before a suspension */
  char *held_at;            /* when it was suspended */
  GPtrArray *escalations;   /* of GwEscalation, oldest first; may be NULL */

  /* The desk's part of the lifecycle (gw-case-desk.c): duplicates,
   * recategorising and the return visit to the resident. */
  char **possible_duplicates;   /* open cases nearby when it arrived; may be NULL */
  char *duplicate_of;           /* closed as a duplicate of that case */
  GwCaseStatus duplicate_from;  /* the status it left for that */
  char **duplicates;            /* cases closed as duplicates of this one; may be NULL */
  guint recategorised;          /* times its category was corrected */
  guint reopened;               /* reopened after an unsatisfied return visit */
  GwVisitResult visit_result;   /* GW_VISIT_NONE until visited */
  char *visit_note;
  char *visit_at;
  char *visit_by;
  char *visit_kept_closed;      /* a head's reason to keep it closed after all */
  /* "town:CODE" when the town the case lies in handles its category
   * itself (the territorial list's 乡镇自办), set when it arrives; NULL:
   * the category's lead department answers for it. */
  char *handled_by;
  /* Where a case taken in from another system (Open311) came from: the
   * endpoint, its id there and the service it was filed under. Travels
   * in "lifecycle" as "origin", with the location when not known. */
  char *origin_endpoint;
  char *origin_id;
  char *origin_service;
  GwCaseLocation location;
} GwCaseData;

/* Whom a case may be given to: the one reading of an assignee. */
typedef enum
{
  GW_ASSIGNEE_INVALID,
  GW_ASSIGNEE_WORKER,
  GW_ASSIGNEE_DEPARTMENT,
  GW_ASSIGNEE_TOWN,          /* a town that handles the category itself */
} GwAssigneeKind;

GwAssigneeKind gw_assignee_parse      (const char       *assignee,
                                       const char      **id);

/* The town that handles the case itself, by code, else NULL. */
const char   *gw_case_data_handling_town (const GwCaseData *data);

void          gw_case_data_clear      (GwCaseData       *data);
void          gw_case_data_copy       (const GwCaseData *src,
                                       GwCaseData       *dest);

GwCase           *gw_case_new             (const GwCaseData *data);
GwCase           *gw_case_new_take        (GwCaseData       *data);
gboolean          gw_case_data_check_texts (const GwCaseData *data,
                                            GError          **error);
gboolean          gw_case_time_is_valid   (const char       *text);
const char       *gw_case_location_to_string (GwCaseLocation  location);
gboolean          gw_case_location_from_string (const char     *name,
                                                GwCaseLocation *location);
GwCase           *gw_case_new_from_json   (JsonNode         *node,
                                           GError          **error);
JsonNode         *gw_case_to_json         (GwCase           *self);
gboolean          gw_case_data_has_lifecycle (const GwCaseData *data);
GwEscalation     *gw_case_data_get_escalation (const GwCaseData *data);
void              gw_case_data_add_escalation (GwCaseData     *data,
                                               GwEscalation   *escalation);
JsonNode         *gw_case_lifecycle_to_json (const GwCaseData *data);
gboolean          gw_case_lifecycle_from_json (GwCaseData     *data,
                                               JsonNode       *node,
                                               GError        **error);
const GwCaseData *gw_case_get_data        (GwCase           *self);
const char       *gw_case_get_id          (GwCase           *self);
GwCaseStatus      gw_case_get_status      (GwCase           *self);
gint64            gw_case_get_version     (GwCase           *self);
gboolean          gw_case_get_pending     (GwCase           *self);
void              gw_case_set_pending     (GwCase           *self,
                                           gboolean          pending);
gint64            gw_case_time_to_unix      (const char     *rfc3339);
/* A case's category, grid, assignee and handled_by are shared among the
 * cases that have the same; whoever keeps one after the case holds it. */
void              gw_case_hold_name         (const char     *name);
void              gw_case_release_name      (const char     *name);
gint64            gw_case_get_reported_unix (GwCase         *self);
gint64            gw_case_get_deadline_unix (GwCase         *self);
gboolean          gw_case_is_overdue      (GwCase           *self,
                                           gint64            now_unix);
gboolean          gw_case_deadline_passed (gint64            deadline_unix,
                                           GwCaseStatus      status,
                                           gint64            now_unix);
gboolean          gw_case_is_due_soon     (GwCase           *self,
                                           gint64            now_unix);
/* Closed or rejected before @horizon, a Unix time (gw_review_horizon()). */
gboolean          gw_case_closed_before   (GwCase           *self,
                                           gint64            horizon);

/* Less time than this left: "due soon", in the queue and on the map. */
#define GW_CASE_DUE_SOON_SECONDS (2 * 3600)
gboolean          gw_case_status_is_running (GwCaseStatus   status);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwCaseData, gw_case_data_clear)

G_END_DECLS
