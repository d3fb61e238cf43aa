/* gw-simulator-private.h: what the simulator's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-phone-walk.h"
#include "gw-simulator.h"

G_BEGIN_DECLS

struct _GwSimulator
{
  GObject parent_instance;
  GwTownServer *server;
  GwStore *store;
  GRand *rand;
  GPtrArray *grids;          /* unit grids, where cases are reported */
  GHashTable *by_code;       /* code → every GwGrid, for the chain up from a unit grid */
  GPtrArray *categories;
  double *category_weight;   /* cumulative */
  GHashTable *worker_grids;  /* worker id → the first unit grid they work */
  GwPhoneWalks *walks;       /* where their phones are, moving */
  GPtrArray *photos_before;  /* URLs of the demo's site photos */
  GPtrArray *photos_after;
  guint per_minute;
  gboolean steady;           /* no busy mornings and quiet nights, no backlog growing */
  gint64 live_since_unix;    /* when it began serving: what changed since is live traffic */
  GDateTime *virtual_now;    /* during a warm-up, the simulated clock; NULL live */
  GHashTable *warm_changes;  /* case id → its last change in the warm-up, if still its last */
  guint tick_id;
  guint ticks;
  double backlog;            /* fractional arrivals carried over */
  gint64 progress_offsets[7]; /* the next page of each status progress() walks */
};

/* The simulator's clock: the simulated one during a warm-up, else now. */
GDateTime *gw_simulator_now             (GwSimulator      *self);

/* When the case last changed, on the simulator's clock: the server
 * stamps a change's record with the time it is made, which in a
 * warm-up is not the simulated time. */
GDateTime *gw_simulator_last_change     (GwSimulator      *self,
                                         const GwCaseData *d);

/* Acts on the case as it is now in the store, so a series of actions
 * each builds on the one before; @at NULL is the simulator's now. */
void     gw_simulator_act_at            (GwSimulator      *self,
                                         const char       *case_id,
                                         const char       *user,
                                         GwRole            role,
                                         const char       *action,
                                         JsonObject       *params,
                                         GDateTime        *at);
/* The same with one string parameter @member (none if NULL). */
void     gw_simulator_act_with_at       (GwSimulator      *self,
                                         const char       *case_id,
                                         const char       *user,
                                         GwRole            role,
                                         const char       *action,
                                         const char       *member,
                                         const char       *value,
                                         GDateTime        *at);

/* Seconds between @min_seconds and @max_seconds, the same for the same
 * case every time: the simulated people are slow or quick by case. */
guint    gw_simulator_delay_for         (const char       *id,
                                         guint             min_seconds,
                                         guint             max_seconds);

/* gw-simulator-whistles.c */
gboolean gw_simulator_whistled          (const char       *case_id);
void     gw_simulator_whistle_at        (GwSimulator      *self,
                                         const GwCaseData *d,
                                         GDateTime        *at);
void     gw_simulator_follow_escalation (GwSimulator      *self,
                                         const char       *case_id,
                                         GDateTime        *at);

G_END_DECLS
