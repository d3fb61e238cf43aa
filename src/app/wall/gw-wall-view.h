/* gw-wall-view.h: the county at a glance, for a wall screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-model.h"
#include "gw-wall-figures.h"

#include "gw-reference-data.h"

G_BEGIN_DECLS

#define GW_TYPE_WALL_VIEW (gw_wall_view_get_type ())

G_DECLARE_FINAL_TYPE (GwWallView, gw_wall_view, GW, WALL_VIEW, GtkWidget)

void        gw_wall_view_set_model       (GwWallView  *self,
                                          GwCaseModel *model);
void        gw_wall_view_set_reference_data (GwWallView      *self,
                                             GwReferenceData *reference);

void        gw_wall_view_set_data_time   (GwWallView  *self,
                                          gboolean     live,
                                          GDateTime   *as_of);
void        gw_wall_view_set_interval    (GwWallView  *self,
                                          guint        seconds);
void        gw_wall_view_set_fold_closed (GwWallView  *self,
                                          gboolean     fold_closed);
void        gw_wall_view_set_running     (GwWallView  *self,
                                          gboolean     running);
void        gw_wall_view_refresh         (GwWallView  *self);
void        gw_wall_view_advance         (GwWallView  *self);
void        gw_wall_view_show_urgent     (GwWallView  *self,
                                          GwCase      *kase);
void        gw_wall_view_set_screen_height (GwWallView *self,
                                          int          height);
int         gw_wall_view_get_text_size   (GwWallView  *self);
const char *gw_wall_view_get_caption     (GwWallView  *self);
const char *gw_wall_view_get_tile_text   (GwWallView  *self,
                                          const char  *name);
const char *gw_wall_view_get_urgent_title (GwWallView *self);
GtkWidget  *gw_wall_view_get_ranking     (GwWallView  *self);
const char *gw_wall_view_get_data_status (GwWallView  *self);

G_END_DECLS
