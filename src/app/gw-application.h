/* gw-application.h: the Gridwatch application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gw-case-snapshot.h"
#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_APPLICATION (gw_application_get_type ())

G_DECLARE_FINAL_TYPE (GwApplication, gw_application, GW, APPLICATION, AdwApplication)

GwApplication *gw_application_new             (GApplicationFlags  flags);
void           gw_application_configure       (GwApplication     *self,
                                               const char        *server_url,
                                               const char        *token,
                                               const char        *data_dir);
gboolean       gw_application_connect         (GwApplication     *self,
                                               const char        *server_url,
                                               const char        *token,
                                               GError           **error);
/* The first window opens as a wall screen (--wall). */
void           gw_application_set_start_as_wall (GwApplication   *self,
                                                 gboolean         wall);
GwSession     *gw_application_get_session     (GwApplication     *self);
GSettings     *gw_application_get_settings    (GwApplication     *self);
const char    *gw_application_get_store_error (GwApplication     *self);
GwCaseSnapshotEarly *gw_application_take_early_read (GwApplication *self);

G_END_DECLS
