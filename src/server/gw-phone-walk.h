/* gw-phone-walk.h: where a simulated grid worker's phone is, moving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GwPhoneWalks GwPhoneWalks;

/* A new waypoint for @worker: somewhere in their grid. */
typedef void (*GwPickWaypoint) (const char *worker,
                                double     *lat,
                                double     *lon,
                                gpointer    data);

GwPhoneWalks *gw_phone_walks_new      (GRand          *rand,
                                       GwPickWaypoint  pick,
                                       gpointer        data);
void          gw_phone_walks_free     (GwPhoneWalks   *walks);
void          gw_phone_walks_step     (GwPhoneWalks   *walks,
                                       const char     *worker,
                                       gint64          now,
                                       double         *lat,
                                       double         *lon);
void          gw_phone_walks_head_to  (GwPhoneWalks   *walks,
                                       const char     *worker,
                                       double          lat,
                                       double          lon);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPhoneWalks, gw_phone_walks_free)

G_END_DECLS
