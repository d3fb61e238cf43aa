/* gw-class-breaks.h: classes for a choropleth, with breaks people can read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_CLASS_BREAKS_MAX_CLASSES 5

typedef struct
{
  double breaks[GW_CLASS_BREAKS_MAX_CLASSES - 1];
  guint n_breaks;             /* classes: n_breaks + 1 */
  gboolean integral;          /* counts, not ratios */
  gboolean any;               /* some value above zero: one class at least */
} GwClassBreaks;

void     gw_class_breaks_compute  (GwClassBreaks       *self,
                                   const double        *values,
                                   guint                n_values,
                                   gboolean             integral);
int      gw_class_breaks_class_of (const GwClassBreaks *self,
                                   double               value);
char    *gw_class_breaks_label    (const GwClassBreaks *self,
                                   guint                klass);
gboolean gw_class_breaks_equal    (const GwClassBreaks *a,
                                   const GwClassBreaks *b);

G_END_DECLS
