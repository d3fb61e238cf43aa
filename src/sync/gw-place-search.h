/* gw-place-search.h: a place typed into the New Case form, found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case.h"
#include "gw-store.h"

G_BEGIN_DECLS

typedef enum
{
  GW_PLACE_GRID,      /* a grid, community or town, at its label point */
  GW_PLACE_TARGET,    /* an inspection target: an enterprise or site */
  GW_PLACE_CASE,      /* where an earlier case was reported */
} GwPlaceKind;

typedef struct
{
  GwPlaceKind kind;
  char *name;         /* as people know it */
  char *detail;       /* an address, a level; may be NULL */
  char *keys;         /* what a typed text is matched against, case-folded */
  double lat;
  double lon;
  GwCase *kase;       /* GW_PLACE_CASE: the earlier case */
} GwPlace;

GwPlace   *gw_place_new             (GwPlaceKind          kind,
                                     const char          *name,
                                     const char          *detail,
                                     double               lat,
                                     double               lon);
void       gw_place_free            (GwPlace             *place);

/* @candidates: the grids and targets as GwPlaces, made once and not
 * changed afterwards (the search reads them in a thread); the earlier
 * cases come from the cache's full-text index. At most @limit places:
 * a name that is @text first, then names that start with it. A search whose @cancellable is
 * cancelled (a newer keystroke) answers G_IO_ERROR_CANCELLED. */
void       gw_place_search_async    (GwStore             *reader,
                                     GPtrArray           *candidates,
                                     const char          *text,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GPtrArray *gw_place_search_finish   (GwStore             *reader,
                                     GAsyncResult        *result,
                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPlace, gw_place_free)

G_END_DECLS
