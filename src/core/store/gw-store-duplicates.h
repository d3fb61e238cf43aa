/* gw-store-duplicates.h: the open cases that may report the same thing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"
#include "gw-case.h"

G_BEGIN_DECLS

#define GW_DUPLICATE_RADIUS_M 100.0
#define GW_DUPLICATE_DAYS 3.0

typedef struct
{
  double lat;
  double lon;
  const char *category;   /* NULL: any category */
  GDateTime *at;          /* when the new report was made; NULL: now */
  const char *exclude;    /* the new case itself, if it has an id */
  double radius_m;        /* 0: GW_DUPLICATE_RADIUS_M */
  double days;            /* 0: GW_DUPLICATE_DAYS */
  guint limit;            /* the nearest so many; 0: every one */
  gboolean ids_only;      /* their ids and distances: kase stays NULL */
} GwDuplicateQuery;

typedef struct
{
  char *id;
  GwCase *kase;
  double distance_m;
} GwDuplicate;

void       gw_duplicate_free          (GwDuplicate            *duplicate);
gboolean   gw_duplicate_same_class    (const char             *a,
                                       const char             *b);
GPtrArray *gw_store_find_duplicates   (GwStore                *self,
                                       const GwDuplicateQuery *query,
                                       GError                **error);

G_END_DECLS
