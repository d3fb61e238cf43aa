/* test-wall-review.c: the wall screen and the leader review, in real windows
 *
 * Every figure they show is the core statistics' of the same cached
 * cases; the wall's layout holds at 1920×1080 and 3840×2160 (checked from
 * the allocations: nothing overlaps, nothing is cut, no text under 24 px,
 * the side's headings on one line; on the map, symbols and bubbles as
 * large as the type and no name cut or under the caption or the urgent
 * card); urgent cards name the category and queue, one interval each;
 * the review drills down to a town and exports a PDF whose text has the
 * figures and the period, in Chinese and in English.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <signal.h>
#include <sys/prctl.h>

#include "gw-reference-data.h"
#include "gw-app-test-util.h"
#include "gw-bar-chart.h"
#include "gw-case-layer.h"
#include "gw-case-list.h"
#include "gw-case-queue.h"
#include "gw-dispatch-page.h"
#include "gw-escalation-board.h"
#include "gw-grid-layer.h"
#include "gw-map-view.h"
#include "gw-review-item.h"
#include "gw-test-util.h"
#include "gw-trend-chart.h"
#include "gw-wall-figures.h"

static GPtrArray *
cached_cases (GwWindow *window)
{
  return gw_case_model_ref_cases (gw_window_get_cases (GW_WINDOW (window)));
}

/* Online, with the @n_cases the server was seeded with in the window. */
static void
wait_for_cases (GwWindow *window,
                guint     n_cases)
{
  gw_app_test_wait_for_state (window, GW_CONNECTION_ONLINE);
  gw_app_test_wait_for_cases (window, n_cases);
}

static GwWindow *
open_on_cases (GwTestServer   *server,
               const char     *token,
               const char     *data_dir,
               guint           n_cases,
               GwApplication **app)
{
  GwWindow *window = gw_app_test_open_window (server->url, token, data_dir, app);

  wait_for_cases (window, n_cases);
  return window;
}

/* An urgent card's case, as a new one in the feed would be: open and
 * placed on the map; the newest such. */
static GwCase *
newest_open_case (GPtrArray *cases)
{
  GwCase *newest = NULL;

  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);

      if (!gw_case_status_is_open (gw_case_get_status (kase)) ||
          gw_case_get_data (kase)->location == GW_CASE_LOCATION_UNKNOWN)
        continue;
      if (newest == NULL || gw_case_get_reported_unix (kase) > gw_case_get_reported_unix (newest))
        newest = kase;
    }
  g_assert_nonnull (newest);
  return newest;
}

/* @kase as if it had just been reported: a wall cards only news. */
static GwCase *
reported_now (GwCase *kase)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GwCaseData data = { 0 };
  GwCase *fresh;

  gw_case_data_copy (gw_case_get_data (kase), &data);
  g_free (data.reported_at);
  data.reported_at = g_date_time_format_iso8601 (now);
  fresh = gw_case_new (&data);
  gw_case_data_clear (&data);
  return fresh;
}

static gboolean
wall_says_offline (gpointer data)
{
  return g_str_has_prefix (gw_wall_view_get_data_status (data), "Data as of");
}

static gboolean
has_grids (gpointer data)
{
  return gw_reference_data_get_grids (data)->len > 0;
}

/* The town's grids as the window has them: never from the cache on the
 * main thread, which the app forbids. */
static GPtrArray *
town_grids (GwApplication *app)
{
  GwReferenceData *reference = gw_session_get_reference_data (gw_application_get_session (app));

  gw_test_wait_for (has_grids, reference, 20000, "the town's grids");
  return g_ptr_array_ref (gw_reference_data_get_grids (reference));
}

static guint
queue_length (GwWindow *window)
{
  return gw_case_queue_get_n_shown (gw_dispatch_page_get_queue (gw_window_get_dispatch_page (window)));
}

static gboolean
queue_has_cases (gpointer data)
{
  return queue_length (data) > 0;
}

/* A window opened as a wall, as `gridwatch --wall` opens it: its cases
 * are read, but the desk's queue follows them only once the desk is
 * shown, and then it queues what the desk beside it queues. */
static void
assert_desk_idle_on_a_wall (GwApplication *app,
                            GwWindow      *desk)
{
  GwWindow *as_wall = gw_window_new (ADW_APPLICATION (app));

  g_assert_cmpuint (queue_length (desk), >, 0);
  g_action_group_change_action_state (G_ACTION_GROUP (as_wall), "wall", g_variant_new_boolean (TRUE));
  gtk_window_present (GTK_WINDOW (as_wall));
  gw_app_test_wait_for_cases (as_wall, 120);
  gw_app_test_wait_drawn (GTK_WIDGET (gw_window_get_wall_view (as_wall)));
  g_assert_cmpuint (queue_length (as_wall), ==, 0);
  g_assert_cmpuint (gw_case_list_get_n_cases (gw_window_get_case_list (as_wall)), ==, 0);

  g_action_group_change_action_state (G_ACTION_GROUP (as_wall), "wall", g_variant_new_boolean (FALSE));
  gw_test_wait_for (queue_has_cases, as_wall, 20000, "the desk's queue to follow the cases");
  g_assert_cmpuint (queue_length (as_wall), ==, queue_length (desk));
  gtk_window_destroy (GTK_WINDOW (as_wall));
}

/* Every tile on the wall says what @f says. */
static void
assert_tiles_match (GwWallView          *wall,
                    const GwWallFigures *f)
{
  g_autofree char *open = g_strdup_printf ("%u", f->open_now);
  g_autofree char *new_today = g_strdup_printf ("%u", f->new_today);
  g_autofree char *closed = g_strdup_printf ("%u", f->closed_today);
  g_autofree char *overdue = g_strdup_printf ("%u", f->overdue_now);
  g_autofree char *awaiting = g_strdup_printf ("%u", f->awaiting_report);
  g_autofree char *on_time = f->due_today > 0 ? g_strdup_printf ("%.1f%%", 100 * f->on_time_rate) : g_strdup ("—");

  g_assert_cmpstr (gw_wall_view_get_tile_text (wall, "open"), ==, open);
  g_assert_cmpstr (gw_wall_view_get_tile_text (wall, "new"), ==, new_today);
  g_assert_cmpstr (gw_wall_view_get_tile_text (wall, "closed"), ==, closed);
  g_assert_cmpstr (gw_wall_view_get_tile_text (wall, "overdue"), ==, overdue);
  g_assert_cmpstr (gw_wall_view_get_tile_text (wall, "awaiting-report"), ==, awaiting);
  g_assert_cmpstr (gw_wall_view_get_tile_text (wall, "on-time"), ==, on_time);
}

/* The wall's tiles say what the core statistics say of the same cases. */
static void
test_wall_figures (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("wall-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("wall-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "120", NULL);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GDateTime) now = NULL;
  GwApplication *app;
  GwWindow *window = gw_app_test_open_window (server->url, server->token, data_dir, &app);
  GwWallView *wall = gw_window_get_wall_view (window);
  GwWallFigures f;

  wait_for_cases (window, 120);
  g_action_group_activate_action (G_ACTION_GROUP (window), "wall", NULL);
  gw_app_test_wait_drawn (GTK_WIDGET (wall));
  g_assert_cmpstr (gw_wall_view_get_caption (wall), !=, "");

  gw_wall_view_refresh (wall);
  now = g_date_time_new_now_local ();
  cases = cached_cases (window);
  g_assert_cmpuint (cases->len, >=, 120);
  gw_wall_figures_compute (cases, now, &f);
  assert_tiles_match (wall, &f);
  {
    g_autoptr(GPtrArray) grids = town_grids (app);
    g_autoptr(GHashTable) towns = gw_grid_towns_of (grids);
    g_autoptr(GPtrArray) ranking = gw_wall_town_ranking (cases, now, 30, towns);
    GwBarChart *chart = GW_BAR_CHART (gw_wall_view_get_ranking (wall));

    /* Counted as the wall lists them: a report past its deadline has not
     * come either. */
    {
      guint n_awaiting = 0;

      for (guint i = 0; i < cases->len; i++)
        {
          const GwEscalation *e = gw_case_data_get_escalation (gw_case_get_data (g_ptr_array_index (cases, i)));

          /* Not gw_escalation_awaits_report(): counted on its own. */
          n_awaiting += e && (e->state == GW_ESCALATION_AWAITING_REPORT || e->state == GW_ESCALATION_OVERDUE);
        }
      g_test_message ("%u whistles awaiting their report", n_awaiting);
      g_assert_cmpuint (f.awaiting_report, ==, n_awaiting);
    }
    /* The side's ranking is the core's, best first. */
    g_assert_cmpuint (gw_bar_chart_get_n_bars (chart), ==, MIN (ranking->len, 5));
    for (guint i = 0; i < gw_bar_chart_get_n_bars (chart); i++)
      {
        const GwStatsRow *row = g_ptr_array_index (ranking, i);
        g_autofree char *rate = row->due > row->suspended
                                ? g_strdup_printf ("%.1f%%", 100 * gw_stats_row_on_time_closing_rate (row)) : g_strdup ("—");

        g_assert_cmpstr (gw_bar_chart_get_text (chart, i), ==, rate);
      }
  }

  /* The round goes on by itself: the next step is another view. */
  {
    g_autofree char *before = g_strdup (gw_wall_view_get_caption (wall));

    gw_wall_view_advance (wall);
    g_assert_cmpstr (gw_wall_view_get_caption (wall), !=, before);
  }

  /* Urgent cases queue behind the card shown, each for one tick of the
   * round, named by their category in words; then the round goes on. */
  {
    /* The window's own reference data: the main thread never reads the cache. */
    GPtrArray *categories = gw_reference_data_get_categories (gw_session_get_reference_data (gw_application_get_session (app)));
    g_autofree char *round = g_strdup (gw_wall_view_get_caption (wall));
    g_autoptr(GPtrArray) picked = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GwCase) old = NULL;

    /* Three cases of three categories. */
    for (guint i = 0; i < cases->len && picked->len < 3; i++)
      {
        const char *category = gw_case_get_data (g_ptr_array_index (cases, i))->category;
        gboolean seen = FALSE;

        for (guint k = 0; k < picked->len; k++)
          seen |= g_strcmp0 (gw_case_get_data (g_ptr_array_index (picked, k))->category, category) == 0;
        if (!seen)
          g_ptr_array_add (picked, reported_now (g_ptr_array_index (cases, i)));
      }
    g_assert_cmpuint (picked->len, ==, 3);
    g_assert_null (gw_wall_view_get_urgent_title (wall));
    /* A case reported days ago is the ticker's, not a card's. */
    for (guint i = 0; i < cases->len && old == NULL; i++)
      if (gw_case_get_reported_unix (g_ptr_array_index (cases, i)) < g_get_real_time () / G_USEC_PER_SEC - 86400)
        old = g_object_ref (g_ptr_array_index (cases, i));
    g_assert_nonnull (old);
    gw_wall_view_show_urgent (wall, old);
    g_assert_null (gw_wall_view_get_urgent_title (wall));
    for (guint k = 0; k < picked->len; k++)
      gw_wall_view_show_urgent (wall, g_ptr_array_index (picked, k));
    /* The one on the card already, again: not queued twice. */
    {
      g_autoptr(GwCase) again = reported_now (g_ptr_array_index (picked, 0));

      gw_wall_view_show_urgent (wall, again);
    }
    for (guint k = 0; k < picked->len; k++)
      {
        const char *code = gw_case_get_data (g_ptr_array_index (picked, k))->category;
        const char *name = NULL;
        g_autofree char *expected = NULL;

        for (guint c = 0; c < categories->len; c++)
          if (g_str_equal (gw_category_get_info (g_ptr_array_index (categories, c))->code, code))
            name = gw_category_get_info (g_ptr_array_index (categories, c))->name_en;
        g_assert_nonnull (name);
        expected = g_strdup_printf ("New urgent case: %s", name);
        g_assert_cmpstr (gw_wall_view_get_urgent_title (wall), ==, expected);
        g_assert_null (strstr (gw_wall_view_get_urgent_title (wall), code));
        gw_wall_view_advance (wall);
      }
    g_assert_null (gw_wall_view_get_urgent_title (wall));
    g_assert_cmpstr (gw_wall_view_get_caption (wall), ==, round);
  }

  /* The server goes away: the wall says since when in plain sight and
   * keeps showing the county from the cache. */
  {
    GwSession *session = gw_application_get_session (app);
    g_autofree char *open_before = g_strdup (gw_wall_view_get_tile_text (wall, "open"));
    g_autoptr(GDateTime) last = NULL;
    g_autofree char *time = NULL;
    g_autofree char *expected = NULL;

    g_assert_cmpstr (gw_wall_view_get_data_status (wall), ==, "Live");
    g_subprocess_force_exit (server->process);
    g_subprocess_wait (server->process, NULL, NULL);
    gw_app_test_wait_for_state (window, GW_CONNECTION_OFFLINE);
    gw_test_wait_for (wall_says_offline, wall, 20000, "the wall to say the data is not live");
    last = gw_session_dup_last_sync (session);
    g_assert_nonnull (last);
    time = g_date_time_format (last, "%H:%M");
    expected = g_strdup_printf ("Data as of %s", time);
    g_assert_cmpstr (gw_wall_view_get_data_status (wall), ==, expected);
    gw_wall_view_refresh (wall);
    g_assert_cmpstr (gw_wall_view_get_tile_text (wall, "open"), ==, open_before);
    g_assert_cmpuint (gw_bar_chart_get_n_bars (GW_BAR_CHART (gw_wall_view_get_ranking (wall))), >, 0);
  }
  g_action_group_activate_action (G_ACTION_GROUP (window), "wall", NULL);
  assert_desk_idle_on_a_wall (app, window);
  gw_app_test_close_window (window, app);
}


/* ---- the wall's layout ---- */

static double
font_px (GtkWidget   *widget,
         PangoLayout *layout)
{
  PangoContext *context = layout ? pango_layout_get_context (layout) : gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;
  double dpi = pango_cairo_context_get_resolution (context);

  if (pango_font_description_get_size_is_absolute (font))
    return size;
  return size * (dpi > 0 ? dpi : 96) / 72;
}

typedef struct
{
  GtkWidget *root;
  guint labels;
  GString *problems;
  GtkWidget *side;              /* where headings hold on one line */
  guint names, marks;           /* the map's, over the views checked */
} LayoutCheck;

/* Every label and chart that shows text: big enough, not cut, in view. */
static void
check_text (GtkWidget   *widget,
            LayoutCheck *check,
            double       min_px)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0])
    {
      GtkLabel *label = GTK_LABEL (widget);
      PangoLayout *layout = gtk_label_get_layout (label);
      int text_width;
      double px = font_px (widget, layout);

      check->labels++;
      if (pango_layout_is_ellipsized (layout))
        g_string_append_printf (check->problems, "ellipsized “%s”; ", gtk_label_get_text (label));
      /* The text's own width against the label's content box: wider,
       * and it is cut at the edge. */
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      if (text_width > gtk_widget_get_width (widget))
        g_string_append_printf (check->problems, "“%s” has %d px of %d; ", gtk_label_get_text (label),
                                gtk_widget_get_width (widget), text_width);
      if (px < min_px - 0.01)
        g_string_append_printf (check->problems, "“%s” at %.1f px; ", gtk_label_get_text (label), px);
      if (check->side && gtk_widget_is_ancestor (widget, check->side) && gtk_widget_has_css_class (widget, "gw-wall-heading") &&
          pango_layout_get_line_count (layout) != 1)
        g_string_append_printf (check->problems, "heading “%s” on %d lines; ", gtk_label_get_text (label),
                                pango_layout_get_line_count (layout));
      if (!gtk_widget_compute_bounds (widget, check->root, &bounds) ||
          bounds.origin.x < -0.5 || bounds.origin.y < -0.5 ||
          bounds.origin.x + bounds.size.width > gtk_widget_get_width (check->root) + 0.5 ||
          bounds.origin.y + bounds.size.height > gtk_widget_get_height (check->root) + 0.5)
        g_string_append_printf (check->problems, "“%s” off the screen; ", gtk_label_get_text (label));
    }
  if (GW_IS_BAR_CHART (widget) && font_px (widget, NULL) < min_px - 0.01)
    g_string_append_printf (check->problems, "a chart's text at %.1f px; ", font_px (widget, NULL));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    check_text (child, check, min_px);
}

/* The map's names are whole, in view, and clear of the caption and the
 * card drawn over the map (the wall's overlay's children after the
 * stage); its symbols and bubbles are as large as the type. */
static void
check_map (GwWallView  *wall,
           LayoutCheck *check,
           double       min_px)
{
  GtkWidget *found = gw_app_test_find_widget (GTK_WIDGET (wall), GW_TYPE_MAP_VIEW);
  GwMapView *map;
  GtkWidget *layer, *stage;
  graphene_rect_t view;
  const graphene_rect_t *names;
  double symbol, cluster;
  guint n_names;

  /* Not on the screen: the ranking's view. */
  if (found == NULL)
    return;
  map = GW_MAP_VIEW (found);
  layer = GTK_WIDGET (gw_map_view_get_grid_layer (map));
  stage = gtk_widget_get_ancestor (GTK_WIDGET (map), GTK_TYPE_STACK);
  view = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (layer), gtk_widget_get_height (layer));
  names = gw_grid_layer_get_label_rects (GW_GRID_LAYER (layer), &n_names);
  for (guint i = 0; i < n_names; i++)
    {
      if (!graphene_rect_contains_rect (&view, &names[i]))
        g_string_append_printf (check->problems, "a name at %.0f,%.0f cut by the map's edge; ",
                                names[i].origin.x, names[i].origin.y);
      for (GtkWidget *over = gtk_widget_get_next_sibling (stage); over; over = gtk_widget_get_next_sibling (over))
        {
          graphene_rect_t bounds;

          if (gtk_widget_get_mapped (over) && gtk_widget_compute_bounds (over, layer, &bounds) &&
              graphene_rect_intersection (&bounds, &names[i], NULL))
            g_string_append_printf (check->problems, "a name at %.0f,%.0f under a %s; ", names[i].origin.x,
                                    names[i].origin.y, G_OBJECT_TYPE_NAME (over));
        }
    }
  gw_case_layer_get_smallest (gw_map_view_get_case_layer (map), &symbol, &cluster);
  if (symbol > 0 && symbol < min_px - 0.01)
    g_string_append_printf (check->problems, "a symbol %.1f px wide; ", symbol);
  if (cluster > 0 && cluster < min_px - 0.01)
    g_string_append_printf (check->problems, "a bubble %.1f px wide; ", cluster);
  check->names += n_names;
  check->marks += (symbol > 0) + (cluster > 0);
}

/* No two of the siblings' allocations overlap. */
static void
check_apart (GtkWidget   *parent,
             LayoutCheck *check)
{
  for (GtkWidget *a = gtk_widget_get_first_child (parent); a; a = gtk_widget_get_next_sibling (a))
    for (GtkWidget *b = gtk_widget_get_next_sibling (a); b; b = gtk_widget_get_next_sibling (b))
      {
        graphene_rect_t ra, rb, overlap;

        if (!gtk_widget_get_mapped (a) || !gtk_widget_get_mapped (b) ||
            !gtk_widget_compute_bounds (a, check->root, &ra) || !gtk_widget_compute_bounds (b, check->root, &rb))
          continue;
        if (graphene_rect_intersection (&ra, &rb, &overlap) && overlap.size.width > 0.5 && overlap.size.height > 0.5)
          g_string_append_printf (check->problems, "%s and %s overlap; ", G_OBJECT_TYPE_NAME (a), G_OBJECT_TYPE_NAME (b));
      }
}

typedef struct
{
  GwWallView *wall;
  int width, height, min_px, max_px;
} WallSize;

static GtkWidget *
side_column (GwWallView *wall)
{
  return gtk_widget_get_parent (gw_app_test_find_widget (GTK_WIDGET (wall), GTK_TYPE_GRID));
}

/* The side column's width, its padding too. */
static int
side_border_width (GwWallView *wall)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (side_column (wall), side_column (wall), &bounds));
  return (int) bounds.size.width;
}

/* What the side column needs at the width it was given, as its parent
 * measures it (gtk_widget_get_width() is the width inside its padding,
 * where its lines wrap sooner). */
static int
side_min_height (GwWallView *wall)
{
  int height;

  gtk_widget_measure (side_column (wall), GTK_ORIENTATION_VERTICAL, side_border_width (wall), &height, NULL, NULL, NULL);
  return height;
}

/* As wide and as tall as the screen, with the type sized for it, and all
 * of the side column in it. */
static gboolean
wall_has_size (gpointer data)
{
  WallSize *wanted = data;
  int width = gtk_widget_get_width (GTK_WIDGET (wanted->wall));
  int height = gtk_widget_get_height (GTK_WIDGET (wanted->wall));
  int text_size = gw_wall_view_get_text_size (wanted->wall);

  return width >= wanted->width - 24 && width <= wanted->width && height <= wanted->height &&
         text_size >= wanted->min_px && text_size <= wanted->max_px && side_min_height (wanted->wall) <= height;
}

static void
test_wall_layout (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("layout-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("layout-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "300", "--seed-days", "30", NULL);
  /* Back from 4K last: a wall moved to a smaller screen narrows with it.
   * Then lines as tall as Noto Sans CJK's, Chinese's font: a quarter taller
   * than DejaVu Sans's, they made the side taller than a 1080-line screen. */
  const struct { int width, height, min_px, max_px; double line_height; } screens[] = {
    { 1280, 800, 16, 16, 0 }, { 1920, 1080, 24, 24, 0 }, { 3840, 2160, 48, 48, 0 }, { 1920, 1080, 24, 24, 0 },
    { 1920, 1080, 16, 23, 1.45 },
  };
  g_autoptr(GtkCssProvider) tall_lines = gtk_css_provider_new ();
  GwApplication *app;
  GwWindow *window = open_on_cases (server, server->token, data_dir, 300, &app);
  GwWallView *wall = gw_window_get_wall_view (window);
  g_autoptr(GPtrArray) cases = cached_cases (window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "wall", NULL);
  for (guint s = 0; s < G_N_ELEMENTS (screens); s++)
    {
      guint names = 0, marks = 0;

      if (screens[s].line_height > 0)
        {
          g_autofree char *css = g_strdup_printf ("gw-wall-view label { line-height: %.2f; }", screens[s].line_height);

          gtk_css_provider_load_from_data (tall_lines, css, -1);
          gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (tall_lines),
                                                      GTK_STYLE_PROVIDER_PRIORITY_USER);
        }
      for (guint step = 0; step < 4; step++)
        {
          LayoutCheck check = { GTK_WIDGET (wall), 0, g_string_new (NULL), NULL, 0, 0 };
          WallSize wanted;
          GtkWidget *tiles;

          /* The fourth view: an urgent case's card over the map. */
          if (step == 3)
            {
            g_autoptr(GwCase) fresh = reported_now (newest_open_case (cases));

            gw_wall_view_show_urgent (wall, fresh);
            g_assert_nonnull (gw_wall_view_get_urgent_title (wall));
          }
          /* Xvfb has no window manager: the window takes the size asked,
           * less its shadow, as it is not full screen for real. */
          gw_wall_view_set_screen_height (wall, screens[s].height);
          gtk_window_set_default_size (GTK_WINDOW (window), screens[s].width, screens[s].height);
          wanted = (WallSize) { wall, screens[s].width, screens[s].height, screens[s].min_px, screens[s].max_px };
          g_assert_true (gw_test_wait_until (wall_has_size, &wanted, 30000));
          /* The new type sizes, then the layout they make. */
          gw_app_test_wait_frames (GTK_WIDGET (wall), 3);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (wall)), >=, screens[s].width - 24);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (wall)), <=, screens[s].width);
          /* Nor taller than the screen: a window without a window manager
           * grows to what its content asks, where a screen would cut the
           * wall off. */
          g_test_message ("%dx%d view %u: wall %d tall, its side needs %d, text %d", screens[s].width, screens[s].height,
                          step, gtk_widget_get_height (GTK_WIDGET (wall)), side_min_height (wall),
                          gw_wall_view_get_text_size (wall));
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (wall)), <=, screens[s].height);
          g_assert_cmpint (side_min_height (wall), <=, gtk_widget_get_height (GTK_WIDGET (wall)));
          g_assert_cmpint (gw_wall_view_get_text_size (wall), >=, screens[s].min_px);
          g_assert_cmpint (gw_wall_view_get_text_size (wall), <=, screens[s].max_px);
          /* The map keeps more than half of the wall: English's tile names
           * on one line each once took the side to 58 % of the screen, and
           * the county ran off the map's edges. Only the smallest type's
           * side may widen further (screens[0], 1280x800). */
          if (gw_wall_view_get_text_size (wall) > screens[0].min_px)
            g_assert_cmpint (side_border_width (wall), <=, gtk_widget_get_width (GTK_WIDGET (wall)) * 45 / 100 + 1);

          tiles = gw_app_test_find_widget (GTK_WIDGET (wall), GTK_TYPE_GRID);
          g_assert_nonnull (tiles);
          check.side = side_column (wall);
          check_text (GTK_WIDGET (wall), &check, screens[s].min_px);
          check_map (wall, &check, screens[s].min_px);
          names += check.names;
          marks += check.marks;
          check_apart (tiles, &check);
          check_apart (gtk_widget_get_parent (tiles), &check);
          if (check.problems->len)
            g_test_message ("%dx%d, view %u: %s", screens[s].width, screens[s].height, step, check.problems->str);
          g_assert_cmpuint (check.problems->len, ==, 0);
          /* The tiles, the clock, the headings, the ranking and the ticker. */
          g_assert_cmpuint (check.labels, >=, 15);
          g_string_free (check.problems, TRUE);
          /* The county, the towns, the urgent card; then the round again. */
          gw_wall_view_advance (wall);
        }
      /* The map's names and symbols were there to be checked. */
      g_assert_cmpuint (names, >, 0);
      g_assert_cmpuint (marks, >, 0);
    }
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (tall_lines));
  g_action_group_activate_action (G_ACTION_GROUP (window), "wall", NULL);
  gw_app_test_close_window (window, app);
}

static gboolean
is_wall (GwWindow *window)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), "wall");

  return g_variant_get_boolean (state);
}

static gboolean
has_drawn (gpointer data)
{
  return gw_grid_layer_get_n_cached_tiles (data) > 0 && gw_grid_layer_get_label_bytes (data) > 0;
}

static gboolean
model_folded (gpointer data)
{
  guint n_folded;

  gw_case_model_get_folded (gw_window_get_cases (data), &n_folded);
  return n_folded > 0;
}

/* A window opened as a wall keeps only the open cases whole: at the end
 * of a round the closed ones leave the model for their facts, and the
 * figures stay what they were. The desk, once shown, has them all. */
/* Every card on the escalation board, in every column. */
static guint
board_cards (GwWindow *window)
{
  GwEscalationBoard *board = gw_window_get_escalation_board (window);
  guint n = 0;

  for (GwBoardColumn column = 0; column < GW_BOARD_N_COLUMNS; column++)
    n += gw_escalation_board_get_count (board, column);
  return n;
}

/* When the crossfade to the ranking ends, and the paints around it. */
typedef struct
{
  GwGridLayer *layer;
  guint paints;
  int tiles_when_still;         /* -1: not yet */
  guint paints_when_still;
} RoundEnd;

static void
count_paint (GdkFrameClock *clock,
             RoundEnd      *round_end)
{
  round_end->paints++;
}

static void
note_still (GtkStack   *stage,
            GParamSpec *pspec,
            RoundEnd   *round_end)
{
  if (round_end->tiles_when_still < 0 && !gtk_stack_get_transition_running (stage) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (stage), "ranking") == 0)
    {
      round_end->tiles_when_still = (int) gw_grid_layer_get_n_cached_tiles (round_end->layer);
      round_end->paints_when_still = round_end->paints;
    }
}

static gboolean
keep_ticking (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_wall_only_folds_closed_cases (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("fold-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("fold-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "150", NULL);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GDateTime) now = NULL;
  GwApplication *app;
  GwWindow *window = gw_app_test_open_wall (server->url, server->token, data_dir, &app);
  GwWallView *wall = gw_window_get_wall_view (window);
  GwWallFigures f;
  GwGridLayer *layer;
  guint n_open = 0, n_escalated = 0;
  RoundEnd round_end = { NULL, 0, -1, 0 };
  guint tick_id;
  GtkWidget *stage;
  GdkFrameClock *clock;

  wait_for_cases (window, 150);
  g_assert_true (is_wall (window));
  cases = cached_cases (window);
  for (guint i = 0; i < cases->len; i++)
    {
      n_open += gw_case_status_is_open (gw_case_get_status (g_ptr_array_index (cases, i)));
      n_escalated += gw_case_data_get_escalation (gw_case_get_data (g_ptr_array_index (cases, i))) != NULL;
    }
  g_assert_cmpuint (n_open, <, cases->len);
  g_assert_cmpuint (n_escalated, >, 0);
  /* The desk's pages, which nobody sees, do not follow the cases. */
  g_assert_null (gw_case_layer_get_points (gw_map_view_get_case_layer (gw_window_get_map_view (window))));
  g_assert_cmpuint (board_cards (window), ==, 0);
  now = g_date_time_new_now_local ();
  gw_wall_figures_compute (cases, now, &f);

  /* The round's first view, the county, drawn. */
  layer = gw_map_view_get_grid_layer (GW_MAP_VIEW (gw_app_test_find_widget (GTK_WIDGET (wall), GW_TYPE_MAP_VIEW)));
  gw_test_wait_for (has_drawn, layer, 20000, "the county's tiles and names drawn");

  /* On to the round's end: at its ranking, once the map has faded out,
   * nothing drawn for it is held. Not at the crossfade's last tick but
   * after the next paint: until then the renderer holds the last frame
   * it drew, the fading map's tiles in it, and the size the round reads
   * swung by them. */
  round_end.layer = layer;
  stage = gtk_widget_get_ancestor (gw_app_test_find_widget (GTK_WIDGET (wall), GW_TYPE_MAP_VIEW), GTK_TYPE_STACK);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (wall));
  g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &round_end);
  g_signal_connect (stage, "notify::transition-running", G_CALLBACK (note_still), &round_end);
  /* A tick callback on the wall across the round's end: the round lets
   * go of its own handler on the clock, not GTK's, which has the wall
   * for data too and, once cut off, never ticks the wall again. */
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (wall), keep_ticking, NULL, NULL);
  for (guint step = 0; step < 100 && g_strcmp0 (gw_wall_view_get_caption (wall), "ranking") != 0; step++)
    gw_wall_view_advance (wall);
  g_assert_cmpstr (gw_wall_view_get_caption (wall), ==, "ranking");
  gw_test_wait_for (model_folded, window, 20000, "the round's end");
  g_signal_handlers_disconnect_by_data (clock, &round_end);
  g_signal_handlers_disconnect_by_data (stage, &round_end);
  g_assert_cmpint (round_end.tiles_when_still, >, 0);
  g_assert_cmpuint (round_end.paints, >, round_end.paints_when_still);
  gw_app_test_wait_frames (GTK_WIDGET (wall), 2);
  gtk_widget_remove_tick_callback (GTK_WIDGET (wall), tick_id);
  /* And the ranking's frames do not draw the faded map again. */
  gw_app_test_wait_drawn (GTK_WIDGET (wall));
  g_assert_cmpuint (gw_grid_layer_get_n_cached_tiles (layer), ==, 0);
  g_assert_cmpuint (gw_grid_layer_get_label_bytes (layer), ==, 0);
  g_assert_cmpuint (gw_case_model_get_size (gw_window_get_cases (window)), <=, n_open);
  for (guint i = 0; i < gw_case_model_get_size (gw_window_get_cases (window)); i++)
    g_assert_true (gw_case_status_is_open (gw_case_get_status (gw_case_model_get (gw_window_get_cases (window), i))) ||
                   gw_case_data_get_escalation (gw_case_get_data (gw_case_model_get (gw_window_get_cases (window), i))));

  /* The same figures from the open cases and the facts of the others
   * (the simulator is not running: nothing changed meanwhile). */
  gw_wall_view_refresh (wall);
  assert_tiles_match (wall, &f);

  /* Off the wall, the desk reads every case again. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "wall", NULL);
  g_assert_false (is_wall (window));
  gw_app_test_wait_for_cases (window, cases->len);
  g_assert_cmpuint (gw_case_model_get_size (gw_window_get_cases (window)), ==, cases->len);
  /* And its pages follow them again. */
  g_assert_nonnull (gw_case_layer_get_points (gw_map_view_get_case_layer (gw_window_get_map_view (window))));
  gw_escalation_board_refresh (gw_window_get_escalation_board (window));
  g_assert_cmpuint (board_cards (window), ==, n_escalated);
  gw_app_test_close_window (window, app);
}

/* ---- the review ---- */

static void
assert_same_stats (const GwStatsRow *got,
                   const GwStatsRow *expected)
{
  g_assert_cmpuint (got->received, ==, expected->received);
  g_assert_cmpuint (got->due, ==, expected->due);
  g_assert_cmpuint (got->closed, ==, expected->closed);
  g_assert_cmpuint (got->closed_on_time, ==, expected->closed_on_time);
  g_assert_cmpuint (got->overdue, ==, expected->overdue);
  g_assert_cmpuint (got->escalations, ==, expected->escalations);
  g_assert_cmpuint (got->ratings, ==, expected->ratings);
}

/* The table on the screen holds the core statistics of both periods for
 * every unit, and the tiles the total's. */
static void
assert_review_is_core (GwWindow     *window,
                       GwReviewPage *page)
{
  GwReview *shown = gw_review_page_get_review (page);
  g_autoptr(GPtrArray) cases = cached_cases (window);
  g_autoptr(GPtrArray) now = gw_case_stats_compute (cases, shown->period->from, shown->period->to, shown->by,
                                                    g_object_get_data (G_OBJECT (page), "towns"), NULL);
  GListModel *rows = gw_review_page_get_rows (page);
  const GwReviewColumn *columns;
  guint n, matched = 0;

  columns = gw_review_get_columns (&n);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, shown->rows->len);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GwReviewItem) item = g_list_model_get_item (rows, i);
      const GwReviewRow *row = gw_review_item_get_row (item);

      for (guint k = 0; k + 1 < now->len; k++)
        if (g_strcmp0 (((GwStatsRow *) g_ptr_array_index (now, k))->key, row->key) == 0 &&
            shown->by != GW_STATS_BY_DEPARTMENT)
          {
            assert_same_stats (row->now, g_ptr_array_index (now, k));
            matched++;
          }
    }
  if (shown->by != GW_STATS_BY_DEPARTMENT)
    g_assert_cmpuint (matched, >, 0);
  assert_same_stats (shown->total->now, g_ptr_array_index (now, now->len - 1));
  for (guint i = 0; i < n; i++)
    if (g_str_equal (columns[i].id, "received") || g_str_equal (columns[i].id, "on_time_closing_rate"))
      {
        g_autofree char *expected = gw_review_format_value (&columns[i], columns[i].value (g_ptr_array_index (now, now->len - 1)));

        g_assert_cmpstr (gw_review_page_get_tile_text (page, columns[i].id), ==, expected);
      }
}

static char *
pdf_text (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
  char *out = NULL;

  g_assert_nonnull (p);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, NULL));
  return out;
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Export;

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Export *e = user_data;

  e->ok = gw_review_page_export_finish (GW_REVIEW_PAGE (object), result, &e->error);
  e->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
  return ((Export *) data)->done;
}

/* In the other language gridwatch-report makes it, while the main loop
 * goes on. */
static void
export_and_wait (GwReviewPage *page,
                 const char   *format,
                 const char   *language,
                 GFile        *file)
{
  Export e = { FALSE, FALSE, NULL };

  gw_review_page_export_async (page, format, language, file, NULL, on_exported, &e);
  g_assert_true (gw_test_wait_until (export_done, &e, 60000));
  g_assert_no_error (e.error);
  g_assert_true (e.ok);
}

static void
assert_report (GwReviewPage *page,
               const char   *language,
               const char   *title,
               const char   *total)
{
  GwReview *review = gw_review_page_get_review (page);
  g_autofree char *name = g_strdup_printf ("review-%s.pdf", language);
  g_autofree char *path = gw_test_tmp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *range = gw_review_format_range (review->period->from, review->period->to);
  g_autofree char *before = gw_review_format_range (review->period->before_from, review->period->before_to);
  guint n;
  const GwReviewColumn *columns = gw_review_get_columns (&n);

  export_and_wait (page, "pdf", language, file);
  /* To look at them: GW_TEST_PICTURES=/some/dir meson test wall-review */
  if (g_getenv ("GW_TEST_PICTURES"))
    {
      g_autofree char *copy = g_build_filename (g_getenv ("GW_TEST_PICTURES"), name, NULL);
      g_autoptr(GFile) destination = g_file_new_for_path (copy);

      g_file_copy (file, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }
  text = pdf_text (file);
  if (strstr (text, title) == NULL)
    g_test_message ("%s: %s", language, text);
  g_assert_nonnull (strstr (text, title));
  g_assert_nonnull (strstr (text, range));
  g_assert_nonnull (strstr (text, before));
  g_assert_nonnull (strstr (text, total));
  /* Every unit's name and every figure of the total, with its change. */
  for (guint i = 0; i < review->rows->len; i++)
    {
      g_autoptr(GHashTable) names = gw_review_page_dup_names (page, language);
      const GwReviewRow *row = g_ptr_array_index (review->rows, i);

      g_assert_nonnull (strstr (text, g_hash_table_lookup (names, row->key)));
    }
  /* The table's total line: each figure, then its change, in order. */
  {
    const char *total_line = g_strrstr (text, total);
    g_autofree char *line = g_strndup (total_line, strcspn (total_line, "\n"));
    const char *at = line;

    for (guint i = 0; i < n; i++)
      {
        g_autofree char *value = gw_review_format_value (&columns[i], columns[i].value (review->total->now));
        g_autofree char *change = gw_review_format_change (&columns[i], review->total);

        if (!gw_review_shows_column (review->by, &columns[i]))
          continue;
        at = strstr (at, value);
        g_assert_nonnull (at);
        at += strlen (value);
        if (change)
          {
            at = strstr (at, change);
            g_assert_nonnull (at);
            at += strlen (change);
          }
      }
  }
}

typedef struct
{
  GwReviewPage *page;
  const char *town;
} TownWait;

static gboolean
review_of_town (gpointer data)
{
  TownWait *w = data;
  GwReview *review = gw_review_page_get_review (w->page);

  return g_strcmp0 (gw_review_page_get_town (w->page), w->town) == 0 && review && review->by == GW_STATS_BY_GRID;
}

static gboolean
review_has_rows (gpointer data)
{
  return g_list_model_get_n_items (gw_review_page_get_rows (data)) > 0;
}

static void
test_review (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("review-server.sqlite");
  g_autofree char *data_dir = gw_test_tmp_path ("review-data");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", "--seed-cases", "600", "--seed-days", "70", NULL);
  g_autofree char *leader = gw_test_add_user (server_db, "lingdao", "leader");
  GwApplication *app;
  GwWindow *window = open_on_cases (server, leader, data_dir, 600, &app);
  GwReviewPage *page = gw_window_get_review_page (window);
  g_autoptr(GPtrArray) grids = NULL;
  GtkWidget *table;
  GwReview *review;
  const char *town;
  guint town_position = 0;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "review");
  g_assert_true (gw_test_wait_until (review_has_rows, page, 10000));
  grids = town_grids (app);
  g_object_set_data_full (G_OBJECT (page), "towns", gw_grid_towns_of (grids), (GDestroyNotify) g_hash_table_unref);

  /* Every period and grouping a leader can choose. */
  for (guint p = 0; p < 6; p++)
    {
      const char *periods[] = { "week", "last-week", "month", "last-month", "quarter", "last-quarter" };

      gtk_widget_activate_action (GTK_WIDGET (page), "review.period", "s", periods[p]);
      assert_review_is_core (window, page);
    }
  gtk_widget_activate_action (GTK_WIDGET (page), "review.period", "s", "last-month");
  for (guint b = 0; b < 4; b++)
    {
      const char *groupings[] = { "grid", "department", "category", "town" };

      gtk_widget_activate_action (GTK_WIDGET (page), "review.by", "s", groupings[b]);
      assert_review_is_core (window, page);
    }
  review = gw_review_page_get_review (page);
  g_assert_cmpuint (gw_trend_chart_get_n_days (GW_TREND_CHART (gw_review_page_get_trend (page))), ==,
                    review->received_per_day->len);
  {
    const GwReviewColumn *on_time = gw_review_find_column ("on_time_closing_rate");
    guint with_rate = 0;

    for (guint i = 0; i < review->rows->len; i++)
      with_rate += !isnan (on_time->value (((GwReviewRow *) g_ptr_array_index (review->rows, i))->now));
    g_assert_cmpuint (gw_bar_chart_get_n_bars (GW_BAR_CHART (gw_review_page_get_bars (page))), ==, with_rate);
  }

  /* A click on a town: its grids, in the table and on the map. */
  table = gw_app_test_find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  {
    g_autoptr(GwReviewItem) item = g_list_model_get_item (gw_review_page_get_rows (page), town_position);
    g_autofree char *code = g_strdup (gw_review_item_get_row (item)->key);
    TownWait w = { page, code };

    g_signal_emit_by_name (table, "activate", town_position);
    gw_test_wait_for (review_of_town, &w, 20000, "the review of the town's grids");
    town = gw_review_page_get_town (page);
    g_assert_cmpstr (town, ==, code);
    g_assert_cmpstr (gw_grid_layer_get_selected (gw_map_view_get_grid_layer (GW_MAP_VIEW (gw_review_page_get_map (page)))),
                     ==, code);
    review = gw_review_page_get_review (page);
    g_assert_cmpint (review->by, ==, GW_STATS_BY_GRID);
    for (guint i = 0; i < review->rows->len; i++)
      g_assert_true (g_str_has_prefix (((GwReviewRow *) g_ptr_array_index (review->rows, i))->key, code));
  }

  /* The report, in both languages, whatever the screen speaks. */
  assert_report (page, "en", "Performance Review", "Total");
  assert_report (page, "zh_CN", "绩效", "合计");
  {
    g_autofree char *path = gw_test_tmp_path ("review-zh.csv");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *csv = NULL;

    export_and_wait (page, "csv", "zh_CN", file);
    g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF\"单位\""));
    /* The screen still speaks English. */
    g_assert_cmpstr (_("Total"), ==, "Total");
  }

  gtk_widget_activate_action (GTK_WIDGET (page), "review.county", NULL);
  g_assert_null (gw_review_page_get_town (page));
  gw_app_test_close_window (window, app);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A 4K screen of the test's own: GTK keeps windows within their monitor,
 * and the wall must be seen at 3840×2160. */
static GSubprocess *
start_4k_screen (void)
{
  const char *argv[] = { "Xvfb", "-displayfd", "1", "-screen", "0", "3840x2160x24", "-nolisten", "tcp", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *number = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  GSubprocess *xvfb;

  /* A test that aborts takes its screen with it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  xvfb = g_subprocess_launcher_spawnv (launcher, argv, &error);

  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (xvfb));
  number = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (number);
  display = g_strdup_printf (":%s", g_strstrip (number));
  g_setenv ("DISPLAY", display, TRUE);
  return xvfb;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocess) xvfb = NULL;
  int status;

  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  xvfb = start_4k_screen ();
  /* The catalogue as built, for the reports in Chinese; the app's own
   * domain, as its main() sets it. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GW_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/wall-review/wall-figures", test_wall_figures);
  g_test_add_func ("/wall-review/wall-layout", test_wall_layout);
  g_test_add_func ("/wall-review/wall-only-folds-closed-cases", test_wall_only_folds_closed_cases);
  g_test_add_func ("/wall-review/review", test_review);

  status = g_test_run ();
  g_subprocess_force_exit (xvfb);
  return status;
}
