/* gw-certificate-bar.h: says why the town server's certificate was refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-session.h"

G_BEGIN_DECLS

#define GW_TYPE_CERTIFICATE_BAR (gw_certificate_bar_get_type ())

G_DECLARE_FINAL_TYPE (GwCertificateBar, gw_certificate_bar, GW, CERTIFICATE_BAR, GtkWidget)

void        gw_certificate_bar_set_session  (GwCertificateBar *self,
                                             GwSession        *session);
void        gw_certificate_bar_set_settings (GwCertificateBar *self,
                                             GSettings        *settings);
gboolean    gw_certificate_bar_trust_file   (GwCertificateBar *self,
                                             GFile            *file);
gboolean    gw_certificate_bar_is_shown     (GwCertificateBar *self);
const char *gw_certificate_bar_get_text     (GwCertificateBar *self);

G_END_DECLS
