/* gw-open311-take.h: another system's service request as a case here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-open311-parse.h"
#include "gw-town-server.h"

G_BEGIN_DECLS

/* Cases taken in are the work of this user, of role admin, like the
 * server's own "system". */
#define GW_OPEN311_USER "open311"

typedef enum
{
  GW_OPEN311_TAKEN,         /* a new case */
  GW_OPEN311_UPDATED,       /* its status or notes changed: a comment */
  GW_OPEN311_SAME,          /* nothing new */
  GW_OPEN311_SKIPPED,       /* not taken; the reason is said */
} GwOpen311Outcome;

GwOpen311Outcome gw_open311_take (GwTownServer           *server,
                                  const char             *endpoint,
                                  const GwOpen311Request *request,
                                  const char             *category,
                                  char                  **reason);

G_END_DECLS
