/* gw-review-export.h: the leader review as a PDF report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gw-review.h"

G_BEGIN_DECLS

/* In the current language; @names maps the review's keys to names, @map
 * (may be NULL) is a picture of the map as shown. */
gboolean gw_review_export_pdf (GwReview    *review,
                               GHashTable  *names,
                               const char  *title,
                               GdkTexture  *map,
                               GFile       *file,
                               GError     **error);

G_END_DECLS
