/* gw-case-filter.h: which cases a dispatcher wants to see, on the map and in the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"

G_BEGIN_DECLS

/* The lifecycle folded into what a dispatcher asks about. */
typedef enum
{
  GW_CASE_STAGE_NEW      = 1 << 0,   /* reported, not yet accepted */
  GW_CASE_STAGE_DISPATCH = 1 << 1,   /* accepted, filed or returned: with the dispatcher */
  GW_CASE_STAGE_HANDLING = 1 << 2,   /* dispatched or in progress */
  GW_CASE_STAGE_HANDLED  = 1 << 3,   /* handled or verified, to be closed */
  GW_CASE_STAGE_HELD     = 1 << 4,   /* suspended or on the problem register */
  GW_CASE_STAGE_CLOSED   = 1 << 5,   /* closed or rejected */
} GwCaseStage;

#define GW_CASE_STAGES_ALL  0x3f
#define GW_CASE_STAGES_OPEN (GW_CASE_STAGES_ALL & ~GW_CASE_STAGE_CLOSED)
#define GW_CASE_N_STAGES    6

GwCaseStage gw_case_stage_of (GwCaseStatus status);

#define GW_TYPE_CASE_FILTER (gw_case_filter_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseFilter, gw_case_filter, GW, CASE_FILTER, GObject)

GwCaseFilter *gw_case_filter_new              (void);
GwCaseFilter *gw_case_filter_copy             (GwCaseFilter *self);
guint         gw_case_filter_get_stages       (GwCaseFilter *self);
void          gw_case_filter_set_stages       (GwCaseFilter *self,
                                               guint         stages);
guint         gw_case_filter_get_sources      (GwCaseFilter *self);
void          gw_case_filter_set_sources      (GwCaseFilter *self,
                                               guint         sources);
const char   *gw_case_filter_get_category     (GwCaseFilter *self);
void          gw_case_filter_set_category     (GwCaseFilter *self,
                                               const char   *code_prefix);
gboolean      gw_case_filter_get_urgent_only  (GwCaseFilter *self);
void          gw_case_filter_set_urgent_only  (GwCaseFilter *self,
                                               gboolean      urgent_only);
gboolean      gw_case_filter_get_overdue_only (GwCaseFilter *self);
void          gw_case_filter_set_overdue_only (GwCaseFilter *self,
                                               gboolean      overdue_only);
guint         gw_case_filter_get_window       (GwCaseFilter *self);
void          gw_case_filter_set_window       (GwCaseFilter *self,
                                               guint         seconds);
const char   *gw_case_filter_get_grid         (GwCaseFilter *self);
void          gw_case_filter_set_grid         (GwCaseFilter *self,
                                               const char   *code);
void          gw_case_filter_reset            (GwCaseFilter *self);
gboolean      gw_case_filter_is_default       (GwCaseFilter *self);
gboolean      gw_case_filter_depends_on_time  (GwCaseFilter *self);
gboolean      gw_case_filter_match            (GwCaseFilter *self,
                                               GwCase       *kase,
                                               gint64        now_unix);
gboolean      gw_case_filter_match_besides_stage (GwCaseFilter *self,
                                                  GwCase       *kase,
                                                  gint64        now_unix);

G_END_DECLS
