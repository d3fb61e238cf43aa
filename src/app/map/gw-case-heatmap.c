/* gw-case-heatmap.c: the density of the shown cases, as one texture
 *
 * Cases are counted on a raster a quarter of the view's resolution,
 * blurred with three box passes (close to a Gaussian) and coloured from
 * clear through yellow to red, relative to the densest place in view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-heatmap"

#include "config.h"

#include <math.h>

#include "gw-case-heatmap.h"

#define HEAT_BLUR_CELLS 4

static void
box_blur (float *values,
          float *scratch,
          int    width,
          int    height,
          int    radius)
{
  /* Rows, then columns: three passes of this approach a Gaussian. */
  for (int y = 0; y < height; y++)
    {
      float *row = values + (gsize) y * width, sum = 0;

      for (int x = -radius; x <= radius; x++)
        sum += row[CLAMP (x, 0, width - 1)];
      for (int x = 0; x < width; x++)
        {
          scratch[(gsize) y * width + x] = sum / (2 * radius + 1);
          sum += row[MIN (x + radius + 1, width - 1)] - row[MAX (x - radius, 0)];
        }
    }
  for (int x = 0; x < width; x++)
    {
      float sum = 0;

      for (int y = -radius; y <= radius; y++)
        sum += scratch[(gsize) CLAMP (y, 0, height - 1) * width + x];
      for (int y = 0; y < height; y++)
        {
          values[(gsize) y * width + x] = sum / (2 * radius + 1);
          sum += scratch[(gsize) MIN (y + radius + 1, height - 1) * width + x] -
                 scratch[(gsize) MAX (y - radius, 0) * width + x];
        }
    }
}

static void
heat_color (float   v,
            guint8 *pixel)
{
  /* Transparent through yellow and orange to red; premultiplied BGRA. */
  static const float stops[][4] = {
    { 0.00f, 1.00f, 0.93f, 0.40f },
    { 0.35f, 1.00f, 0.70f, 0.15f },
    { 0.70f, 0.96f, 0.36f, 0.05f },
    { 1.00f, 0.75f, 0.05f, 0.10f },
  };
  float alpha = MIN (1.0f, v * 3.0f) * 0.78f;
  float r = stops[3][1], g = stops[3][2], b = stops[3][3];

  for (guint i = 1; i < G_N_ELEMENTS (stops); i++)
    if (v <= stops[i][0])
      {
        float f = (v - stops[i - 1][0]) / (stops[i][0] - stops[i - 1][0]);

        r = stops[i - 1][1] + f * (stops[i][1] - stops[i - 1][1]);
        g = stops[i - 1][2] + f * (stops[i][2] - stops[i - 1][2]);
        b = stops[i - 1][3] + f * (stops[i][3] - stops[i - 1][3]);
        break;
      }
  pixel[0] = (guint8) (b * alpha * 255);
  pixel[1] = (guint8) (g * alpha * 255);
  pixel[2] = (guint8) (r * alpha * 255);
  pixel[3] = (guint8) (alpha * 255);
}

/* A texture of 1/GW_CASE_HEATMAP_CELL the view's size; draw it scaled by GW_CASE_HEATMAP_CELL. */
GdkTexture *
gw_case_heatmap_render (GwCasePoints         *points_source,
                        const GwMapTransform *t)
{
  int width = (int) ceil (2 * t->half_width / GW_CASE_HEATMAP_CELL) + 1;
  int height = (int) ceil (2 * t->half_height / GW_CASE_HEATMAP_CELL) + 1;
  g_autofree float *density = g_new0 (float, (gsize) width * height);
  g_autofree float *scratch = g_new0 (float, (gsize) width * height);
  g_autofree guint8 *pixels = g_new (guint8, (gsize) width * height * 4);
  g_autoptr(GBytes) bytes = NULL;
  const GwCasePoint *points;
  float peak = 0;
  guint n;

  points = gw_case_points_get (points_source, &n);
  for (guint i = 0; i < n; i++)
    {
      double x, y;
      int cx, cy;

      if (!(points[i].flags & GW_CASE_POINT_SHOWN))
        continue;
      gw_map_transform_to_screen_rotated (t, points[i].x, points[i].y, &x, &y);
      cx = (int) floor (x / GW_CASE_HEATMAP_CELL);
      cy = (int) floor (y / GW_CASE_HEATMAP_CELL);
      if (cx >= 0 && cy >= 0 && cx < width && cy < height)
        density[(gsize) cy * width + cx] += 1;
    }

  for (int pass = 0; pass < 3; pass++)
    box_blur (density, scratch, width, height, HEAT_BLUR_CELLS / 2 + 1);
  for (gsize i = 0; i < (gsize) width * height; i++)
    peak = MAX (peak, density[i]);
  for (gsize i = 0; i < (gsize) width * height; i++)
    heat_color (peak > 0 ? density[i] / peak : 0, pixels + 4 * i);

  bytes = g_bytes_new_take (g_steal_pointer (&pixels), (gsize) width * height * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, width * 4);
}

