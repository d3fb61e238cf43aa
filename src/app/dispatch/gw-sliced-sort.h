/* gw-sliced-sort.h: a merge sort of positions that stops and resumes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GwSlicedSort GwSlicedSort;

GwSlicedSort *gw_sliced_sort_new   (GArray           *positions,
                                    GCompareDataFunc  compare,
                                    gpointer          user_data);
gboolean      gw_sliced_sort_step  (GwSlicedSort     *self,
                                    gint64            budget_us);
GArray       *gw_sliced_sort_steal (GwSlicedSort     *self);
void          gw_sliced_sort_free  (GwSlicedSort     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSlicedSort, gw_sliced_sort_free)

G_END_DECLS
