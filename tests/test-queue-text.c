/* test-queue-text.c: the queue's cell text, drawn as an inscription, shaped once
 *
 * GwQueueText stands in for the GtkInscription the queue's cells had
 * (gw-queue-text.c). So: it takes the inscription's size and paints the
 * same pixels, cut or not, in English and Chinese, at any height, in a
 * tone's colour too; a text shown again, in the same cell or another, is
 * not shaped again; a cell whose font changes shapes its text anew; and
 * what is kept is bounded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gw-app-test-util.h"
#include "gw-queue-text.h"

static const char *texts[] = {
  "GW20261123-000572",
  "[Urgent] E0301 — a description far too long for the cell, cut at its end",
  "待派遣 · 申请延期 · 已升级",
  "11-19 22:11",
};

typedef struct
{
  GtkWidget *window;
  GtkWidget *box;
} Stage;

static void
stage_open (Stage *stage)
{
  stage->window = gtk_window_new ();
  stage->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_window_set_child (GTK_WINDOW (stage->window), stage->box);
  gtk_window_set_default_size (GTK_WINDOW (stage->window), 400, 300);
}

/* A cell of @width × @height, as the column view gives its cells. */
static GtkWidget *
stage_add (Stage     *stage,
           GtkWidget *widget,
           int        width,
           int        height)
{
  gtk_widget_set_size_request (widget, width, height);
  gtk_widget_set_halign (widget, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (stage->box), widget);
  return widget;
}

static void
stage_show (Stage *stage)
{
  gtk_window_present (GTK_WINDOW (stage->window));
  gw_app_test_wait_drawn (stage->box);
}

static void
stage_close (Stage *stage)
{
  gtk_window_destroy (GTK_WINDOW (stage->window));
}

static GtkWidget *
inscription_new (const char *text)
{
  GtkWidget *inscription = gtk_inscription_new (text);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  return inscription;
}

static GtkWidget *
queue_text_new (const char *text)
{
  GtkWidget *widget = gw_queue_text_new ();

  gw_queue_text_set_text (GW_QUEUE_TEXT (widget), text);
  return widget;
}

/* What @widget paints, as bytes of a texture its size. */
static GBytes *
paint (GtkWidget   *widget,
       GskRenderer *renderer)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  gsize stride = width * 4;
  guchar *data = g_malloc0 (stride * height);

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, stride * height);
}

static void
assert_same_size (GtkWidget *a,
                  GtkWidget *b)
{
  for (GtkOrientation o = GTK_ORIENTATION_HORIZONTAL; o <= GTK_ORIENTATION_VERTICAL; o++)
    {
      int a_min, a_nat, a_min_base, a_nat_base, b_min, b_nat, b_min_base, b_nat_base;

      gtk_widget_measure (a, o, -1, &a_min, &a_nat, &a_min_base, &a_nat_base);
      gtk_widget_measure (b, o, -1, &b_min, &b_nat, &b_min_base, &b_nat_base);
      g_assert_cmpint (a_min, ==, b_min);
      g_assert_cmpint (a_nat, ==, b_nat);
      g_assert_cmpint (a_min_base, ==, b_min_base);
      g_assert_cmpint (a_nat_base, ==, b_nat_base);
    }
}

/* Every text, at a row's height and at a taller one, cut or whole. */
static void
test_draws_like_an_inscription (void)
{
  static const int heights[] = { 20, 36 };
  GskRenderer *renderer = gsk_cairo_renderer_new ();
  GtkWidget *pairs[G_N_ELEMENTS (texts) * G_N_ELEMENTS (heights)][2];
  Stage stage;
  guint n = 0;

  stage_open (&stage);
  for (guint h = 0; h < G_N_ELEMENTS (heights); h++)
    for (guint t = 0; t < G_N_ELEMENTS (texts); t++, n++)
      {
        pairs[n][0] = stage_add (&stage, inscription_new (texts[t]), 150, heights[h]);
        pairs[n][1] = stage_add (&stage, queue_text_new (texts[t]), 150, heights[h]);
      }
  stage_show (&stage);
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) inscribed = paint (pairs[i][0], renderer);
      g_autoptr(GBytes) ours = paint (pairs[i][1], renderer);
      gsize size;
      const guchar *pixels = g_bytes_get_data (ours, &size);
      guint inked = 0;

      assert_same_size (pairs[i][0], pairs[i][1]);
      g_assert_cmpint (gtk_widget_get_height (pairs[i][0]), ==, gtk_widget_get_height (pairs[i][1]));
      for (gsize b = 3; b < size; b += 4)
        inked += pixels[b] != 0;
      g_assert_cmpuint (inked, >, 20);   /* the text is drawn at all */
      g_assert_true (g_bytes_equal (inscribed, ours));
    }

  /* A tone, as the queue gives overdue cases: the same text in another
   * colour, drawn anew. */
  for (guint i = 0; i < n; i += G_N_ELEMENTS (texts))
    {
      g_autoptr(GBytes) plain = paint (pairs[i][1], renderer);
      g_autoptr(GBytes) inscribed = NULL;
      g_autoptr(GBytes) ours = NULL;

      gtk_widget_add_css_class (pairs[i][0], "error");
      gtk_widget_add_css_class (pairs[i][1], "error");
      gw_app_test_wait_drawn (stage.box);
      inscribed = paint (pairs[i][0], renderer);
      ours = paint (pairs[i][1], renderer);
      g_assert_false (g_bytes_equal (plain, ours));
      g_assert_true (g_bytes_equal (inscribed, ours));
    }

  gsk_renderer_unrealize (renderer);
  g_object_unref (renderer);
  stage_close (&stage);
}

/* Two cells with one text share its layout; a cell given a text it
 * showed before gets the layout shaped then; a wider cell has its own. */
static void
test_shaped_once (void)
{
  Stage stage;
  GtkWidget *a, *b, *wide;
  PangoLayout *first;

  stage_open (&stage);
  a = stage_add (&stage, queue_text_new (texts[1]), 150, 20);
  b = stage_add (&stage, queue_text_new (texts[1]), 150, 20);
  wide = stage_add (&stage, queue_text_new (texts[1]), 700, 20);
  stage_show (&stage);

  first = gw_queue_text_get_layout (GW_QUEUE_TEXT (a));
  g_assert_nonnull (first);
  g_assert_true (gw_queue_text_get_layout (GW_QUEUE_TEXT (b)) == first);
  g_assert_true (gw_queue_text_get_layout (GW_QUEUE_TEXT (wide)) != first);
  g_assert_true (pango_layout_is_ellipsized (first));
  g_assert_false (pango_layout_is_ellipsized (gw_queue_text_get_layout (GW_QUEUE_TEXT (wide))));

  gw_queue_text_set_text (GW_QUEUE_TEXT (a), texts[2]);
  gw_app_test_wait_drawn (a);
  g_assert_true (gw_queue_text_get_layout (GW_QUEUE_TEXT (a)) != first);
  g_assert_cmpstr (pango_layout_get_text (gw_queue_text_get_layout (GW_QUEUE_TEXT (a))), ==, texts[2]);

  /* b lets its layout go too: the table still holds it. */
  gw_queue_text_set_text (GW_QUEUE_TEXT (b), texts[3]);
  gw_app_test_wait_drawn (b);
  gw_queue_text_set_text (GW_QUEUE_TEXT (a), texts[1]);
  gw_app_test_wait_drawn (a);
  g_assert_true (gw_queue_text_get_layout (GW_QUEUE_TEXT (a)) == first);
  stage_close (&stage);
}

/* A cell whose font changes does not draw what was shaped in the old. */
static void
test_font_change (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  Stage stage;
  GtkWidget *a, *b;
  PangoLayout *before;
  int width_before, width_after;

  gtk_css_provider_load_from_data (css, ".big { font-size: 20px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  stage_open (&stage);
  a = stage_add (&stage, queue_text_new (texts[0]), 300, 40);
  b = stage_add (&stage, queue_text_new (texts[0]), 300, 40);
  stage_show (&stage);
  before = gw_queue_text_get_layout (GW_QUEUE_TEXT (a));
  pango_layout_get_pixel_size (before, &width_before, NULL);

  gtk_widget_add_css_class (a, "big");
  gw_app_test_wait_drawn (a);
  g_assert_true (gw_queue_text_get_layout (GW_QUEUE_TEXT (a)) != before);
  pango_layout_get_pixel_size (gw_queue_text_get_layout (GW_QUEUE_TEXT (a)), &width_after, NULL);
  g_assert_cmpint (width_after, >, width_before);
  g_assert_true (gw_queue_text_get_layout (GW_QUEUE_TEXT (b)) == before);

  gtk_widget_remove_css_class (a, "big");
  gw_app_test_wait_drawn (a);
  g_assert_true (gw_queue_text_get_layout (GW_QUEUE_TEXT (a)) == before);
  stage_close (&stage);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
}

static PangoLayout *
show (GtkWidget  *widget,
      const char *text)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gw_queue_text_set_text (GW_QUEUE_TEXT (widget), text);
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  return gw_queue_text_get_layout (GW_QUEUE_TEXT (widget));
}

/* The table is bounded: after thousands of other texts, the first is
 * shaped again. */
static void
test_bounded (void)
{
  g_autoptr(PangoLayout) first = NULL;
  Stage stage;
  GtkWidget *cell;

  stage_open (&stage);
  cell = stage_add (&stage, queue_text_new (NULL), 150, 20);
  stage_show (&stage);
  first = g_object_ref (show (cell, "GW20261123-000000"));
  g_assert_true (show (cell, "GW20261123-000001") != first);
  g_assert_true (show (cell, "GW20261123-000000") == first);
  for (guint i = 1; i <= 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("GW20261123-%06u", i);

      show (cell, id);
    }
  g_assert_true (show (cell, "GW20261123-000000") != first);
  stage_close (&stage);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/queue-text/draws-like-an-inscription", test_draws_like_an_inscription);
  g_test_add_func ("/queue-text/shaped-once", test_shaped_once);
  g_test_add_func ("/queue-text/font-change", test_font_change);
  g_test_add_func ("/queue-text/bounded", test_bounded);
  return g_test_run ();
}
