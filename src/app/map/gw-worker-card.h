/* gw-worker-card.h: a grid worker at a glance, at their dot on the map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_WORKER_CARD (gw_worker_card_get_type ())

G_DECLARE_FINAL_TYPE (GwWorkerCard, gw_worker_card, GW, WORKER_CARD, GtkPopover)

typedef struct
{
  const char *id;
  const char *name;
  const char *phone;          /* NULL: not for this reader's eyes */
  const char *grids;          /* their grids by name, in one line */
  guint open_cases;
  gint64 reported;            /* Unix seconds */
  const char *case_id;        /* the case selected on the map, or NULL */
  const char *case_title;     /* how it is named on the button */
  const char *cannot_assign;  /* why it cannot go to them now, or NULL */
} GwWorkerCardInfo;

GtkWidget  *gw_worker_card_new           (const GwWorkerCardInfo *info);
const char *gw_worker_card_get_worker_id (GwWorkerCard           *self);
char       *gw_worker_card_get_text      (GwWorkerCard           *self);

G_END_DECLS
