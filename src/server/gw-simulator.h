/* gw-simulator.h: realistic case traffic for the demo and the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-town-server.h"

G_BEGIN_DECLS

#define GW_TYPE_SIMULATOR (gw_simulator_get_type ())

G_DECLARE_FINAL_TYPE (GwSimulator, gw_simulator, GW, SIMULATOR, GObject)

GwSimulator *gw_simulator_new         (GwTownServer  *server,
                                       guint32        seed);
void         gw_simulator_start       (GwSimulator   *self,
                                       guint          cases_per_minute);
gboolean     gw_simulator_warm_up     (GwSimulator   *self,
                                       guint          cases_per_minute,
                                       guint          minutes,
                                       GError       **error);
void         gw_simulator_set_steady  (GwSimulator   *self,
                                       gboolean       steady);
double       gw_simulator_pace        (guint          per_minute,
                                       gboolean       steady,
                                       int            hour);
gboolean     gw_simulator_taken_up_late (gboolean      steady,
                                         const char   *case_id,
                                         gint64        age_seconds,
                                         gint64        live_seconds);
gboolean     gw_simulator_called_party_reports (gboolean           steady,
                                                const char        *case_id,
                                                GwEscalationState  state,
                                                gint64             waited_seconds);
gboolean     gw_simulator_report_case (GwSimulator   *self,
                                       GError       **error);
guint        gw_simulator_seed_cases  (GwSimulator   *self,
                                       guint          n_cases,
                                       guint          days,
                                       GError       **error);

G_END_DECLS
