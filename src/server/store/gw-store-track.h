/* gw-store-track.h: where each grid worker's phone said it was
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/* Points older than this are let go as new ones come. */
#define GW_TRACK_KEEP_DAYS 31

gboolean   gw_store_add_track_points (GwStore     *self,
                                      GPtrArray   *statuses,
                                      GError     **error);
GPtrArray *gw_store_list_track       (GwStore     *self,
                                      const char  *worker,
                                      GDateTime   *from,
                                      GDateTime   *to,
                                      GError     **error);

G_END_DECLS
