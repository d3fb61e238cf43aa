/* gw-case-photo.h: one photo of a case, loaded in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-store.h"
#include "gw-town-client.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CASE_PHOTO_LOADING,
  GW_CASE_PHOTO_SHOWN,
  GW_CASE_PHOTO_FAILED,
} GwCasePhotoState;

#define GW_TYPE_CASE_PHOTO (gw_case_photo_get_type ())

G_DECLARE_FINAL_TYPE (GwCasePhoto, gw_case_photo, GW, CASE_PHOTO, GtkWidget)

GtkWidget        *gw_case_photo_new       (GwTownClient *client,
                                           GwStore      *store,
                                           const char   *url);
GwCasePhotoState  gw_case_photo_get_state (GwCasePhoto  *self);

G_END_DECLS
