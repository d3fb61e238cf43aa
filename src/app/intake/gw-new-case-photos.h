/* gw-new-case-photos.h: the photos a caller sent, chosen from files and
 * uploaded with the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_NEW_CASE_PHOTOS (gw_new_case_photos_get_type ())

G_DECLARE_FINAL_TYPE (GwNewCasePhotos, gw_new_case_photos, GW, NEW_CASE_PHOTOS, GObject)

GwNewCasePhotos *gw_new_case_photos_new          (void);
void             gw_new_case_photos_choose       (GwNewCasePhotos  *self,
                                                  GtkWindow        *parent);
void             gw_new_case_photos_add_file     (GwNewCasePhotos  *self,
                                                  GFile            *file);
void             gw_new_case_photos_clear        (GwNewCasePhotos  *self);
guint            gw_new_case_photos_get_n_files  (GwNewCasePhotos  *self);
char            *gw_new_case_photos_describe     (GwNewCasePhotos  *self);
/* Every photo read and checked: a GPtrArray of GwOutboxPhoto. */
void             gw_new_case_photos_read_async   (GwNewCasePhotos  *self,
                                                  GCancellable     *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer          user_data);
GPtrArray       *gw_new_case_photos_read_finish  (GwNewCasePhotos  *self,
                                                  GAsyncResult     *result,
                                                  GError          **error);

G_END_DECLS
