/* gw-session-private.h: what gw-session.c shares with the files it was
 * split into (gw-session-actions.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gw-session.h"

G_BEGIN_DECLS

struct _GwSession
{
  GObject parent_instance;
  GwStore *store;
  GwStore *reader;            /* the window's reads: never behind a writer */
  GwReferenceData *reference;
  GwTownClient *client;
  GCancellable *cancellable;
  SoupWebsocketConnection *live;

  GwConnectionState state;
  GwSessionHold hold;
  char *last_error;
  GDateTime *offline_since;
  guint failures;
  guint retry_seconds;
  gint64 next_attempt;        /* monotonic microseconds */
  guint timeout_id;
  guint status_id;

  gboolean in_round;          /* a sync round is running */
  gboolean pulling;           /* a feed pull or outbox flush is running */
  gboolean pull_again;        /* a poke or an action came meanwhile */
  guint quarantined;          /* feed changes set aside, as the last pull counted */

  char *user;
  gboolean have_role;
  guint return_visit_days;      /* the server's window for return visits; 0: not said */
  GwRole role;

  /* Kept here, so that asking costs no query: read once in a thread,
   * then moved by whatever changes them. */
  guint queued;               /* actions in the outbox */
  GDateTime *last_sync;
  gint64 cursor;              /* the feed's, as far as applied */

  /* Actions to write to the outbox, one at a time and in order: each
   * builds on the one before. */
  GQueue enqueues;
  gboolean enqueuing;
};

enum {
  REFERENCE_CHANGED,
  CASES_CHANGED,
  URGENT_CASE,
  ACTION_REFUSED,
  ACTION_APPLIED,
  QUARANTINE_CHANGED,
  CASES_RESET,
  GW_SESSION_N_SIGNALS
};

extern guint gw_session_signals[GW_SESSION_N_SIGNALS];

typedef struct Enqueue Enqueue;

void gw_session_set_queued    (GwSession *self,
                               guint      queued);
void gw_session_pull_cases    (GwSession *self);
void gw_session_enqueue_free  (Enqueue   *e);

G_END_DECLS
