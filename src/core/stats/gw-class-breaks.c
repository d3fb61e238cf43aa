/* gw-class-breaks.c: classes for a choropleth, with breaks people can read
 *
 * Breaks are at the quintiles of the positive values, rounded to numbers
 * a leader can read off a legend from across the room (1, 2, 2.5, 5 and
 * their powers of ten; whole numbers for counts). Breaks that round to
 * the same number merge, so there may be fewer than five classes. Zero is
 * no class at all: a grid without cases is not the lightest of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "gw-class-breaks.h"

static double
nice_number (double   value,
             gboolean integral)
{
  double magnitude, f;

  if (integral && value < 10)
    return ceil (value);
  magnitude = pow (10, floor (log10 (value)));
  f = value / magnitude;
  f = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return integral ? ceil (f * magnitude) : f * magnitude;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

/* Zeros and negative values among @values are ignored. */
void
gw_class_breaks_compute (GwClassBreaks *self,
                         const double  *values,
                         guint          n_values,
                         gboolean       integral)
{
  g_autofree double *positive = g_new (double, MAX (n_values, 1));
  guint n = 0;

  self->n_breaks = 0;
  self->integral = integral;
  self->any = FALSE;
  for (guint i = 0; i < n_values; i++)
    if (values[i] > 0)
      positive[n++] = values[i];
  if (n == 0)
    return;
  self->any = TRUE;
  qsort (positive, n, sizeof (double), compare_doubles);

  for (guint q = 1; q < GW_CLASS_BREAKS_MAX_CLASSES; q++)
    {
      double b = nice_number (positive[n * q / GW_CLASS_BREAKS_MAX_CLASSES], integral);

      if (b < positive[n - 1] && (self->n_breaks == 0 || b > self->breaks[self->n_breaks - 1]))
        self->breaks[self->n_breaks++] = b;
    }
}

/* -1 for zero, else 0 (lightest) to n_breaks. */
int
gw_class_breaks_class_of (const GwClassBreaks *self,
                          double               value)
{
  int klass = 0;

  if (value <= 0)
    return -1;
  for (guint i = 0; i < self->n_breaks; i++)
    klass += value > self->breaks[i];
  return klass;
}

static char *
number (const GwClassBreaks *self,
        double               value)
{
  return self->integral ? g_strdup_printf ("%.0f", value) : g_strdup_printf ("%g", value);
}

/* The range of a class as the legend shows it: "1–5", "6", "≥ 10";
 * for ratios "≤ 0.5", "0.5–1", "> 2". */
char *
gw_class_breaks_label (const GwClassBreaks *self,
                       guint                klass)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  g_return_val_if_fail (klass <= self->n_breaks, NULL);

  if (self->integral)
    {
      double from = klass == 0 ? 1 : self->breaks[klass - 1] + 1;

      low = number (self, from);
      if (klass == self->n_breaks)
        return g_strdup_printf ("≥ %s", low);
      high = number (self, self->breaks[klass]);
      return from == self->breaks[klass] ? g_strdup (low) : g_strdup_printf ("%s–%s", low, high);
    }

  if (self->n_breaks == 0)
    return g_strdup ("> 0");
  if (klass == 0)
    {
      high = number (self, self->breaks[0]);
      return g_strdup_printf ("≤ %s", high);
    }
  low = number (self, self->breaks[klass - 1]);
  if (klass == self->n_breaks)
    return g_strdup_printf ("> %s", low);
  high = number (self, self->breaks[klass]);
  return g_strdup_printf ("%s–%s", low, high);
}

gboolean
gw_class_breaks_equal (const GwClassBreaks *a,
                       const GwClassBreaks *b)
{
  /* "Nothing yet" and "all the same" both have no breaks; the legend
   * tells them apart. */
  if (a->n_breaks != b->n_breaks || a->integral != b->integral || a->any != b->any)
    return FALSE;
  for (guint i = 0; i < a->n_breaks; i++)
    if (a->breaks[i] != b->breaks[i])
      return FALSE;
  return TRUE;
}
