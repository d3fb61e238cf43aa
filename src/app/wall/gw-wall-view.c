/* gw-wall-view.c: the county at a glance, for a wall screen
 *
 * Read from five metres, left alone all day. The map (its own, with the
 * live cases) takes most of the screen and goes round by itself: the
 * county, each town in turn, then the towns ranked by on-time closing
 * rate; a new urgent case interrupts the round to show where it is. At
 * the side: the clock and whether the data is live or as of when, the
 * day's figures as large tiles, the ranking's top five, the latest
 * urgent cases and the escalations still awaiting their report, soonest
 * deadline first, with the time they have left. All figures come from
 * the cached cases through the core statistics, so the wall keeps
 * showing the county when the network does not, and says since when.
 *
 * Type scales with the screen: the base size is a 45th of the height and
 * never under 24 px, so a 4K wall gets 48 px text and a 1080p one 24 px;
 * the map's symbols and names grow with it. Nothing is ellipsized; long
 * text wraps, and the map's names keep clear of its edges and overlays.
 *
 * Urgent cases queue: each card stays one interval of the round, then
 * the next queued one takes its place, and the round goes on when none
 * is left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-wall-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gw-bar-chart.h"
#include "gw-case-labels.h"
#include "gw-grid.h"
#include "gw-grid-layer.h"
#include "gw-map-view.h"
#include "gw-process.h"
#include "gw-case-symbols.h"
#include "gw-store.h"
#include "gw-wall-view.h"

#define RANKING_DAYS 30
#define SIDE_RANKING 5
#define TICKER_LINES 3
#define AWAITING_LINES 4
/* More would not be seen before they are old news: the ticker has them. */
#define MAX_QUEUED_URGENT 4
/* What the feed calls new may have been reported long ago (a first sync
 * brings the county's old urgent cases): older than this, it is for the
 * ticker, not for a card. */
#define URGENT_NEWS_SECONDS (2 * 3600)
/* Names keep this far from an overlay's edge. */
#define KEEPOUT_MARGIN 8

enum {
  TILE_NEW,
  TILE_CLOSED,
  TILE_ON_TIME,
  TILE_OVERDUE,
  TILE_AWAITING,
  TILE_OPEN,
  TILE_SATISFACTION,
  N_TILES
};

static const char *tile_names[N_TILES] = { "new", "closed", "on-time", "overdue", "awaiting-report", "open",
                                           "satisfaction" };

struct _GwWallView
{
  GtkWidget parent_instance;

  GtkWidget *stage_overlay;     /* the map or the ranking, and what lies over them */
  GtkStack *stage;
  GwMapView *map;
  GtkLabel *ranking_title;
  GwBarChart *full_ranking;
  GtkLabel *caption;
  GtkWidget *urgent_card;
  GtkLabel *urgent_title;
  GtkLabel *urgent_text;
  GtkWidget *side;
  GtkLabel *clock;
  GtkLabel *data_status;
  GtkGrid *tiles;
  GtkLabel *ranking_heading;
  GwBarChart *ranking;
  GtkLabel *ticker_heading;
  GtkWidget *ticker;
  GtkLabel *awaiting_heading;
  GtkWidget *awaiting;
  GtkLabel *tile_values[N_TILES];
  GwCase *urgent_shown;         /* the card's case, or NULL */
  GQueue urgent_queue;          /* of GwCase, oldest first */

  GwCaseModel *model;
  GwCasePoints *points;
  GwCaseFilter *filter;         /* the wall's own: every open case */
  GwReferenceData *reference;   /* the grids, towns and names */
  GtkCssProvider *css;
  int text_size;
  guint interval;
  guint step;
  gboolean running;
  gboolean fold_closed;     /* the model's closed cases folded each round */
  gboolean round_ending;    /* the ranking is coming up: the round ends once it is */
  guint cycle_id;
  guint clock_id;
  GdkFrameClock *round_clock;   /* the round ends after its next paint */
  gulong round_paint_id;
  guint refresh_id;
  guint resize_id;
  int screen_height;            /* 0: the monitor's */
  int fit_size;                 /* the type the side fitted the screen at, or 0 */
  int fit_width, fit_height;    /* the wall's width and screen height it was for */
  int side_found;               /* the side's last width (side_width()), and the */
  int side_for_width, side_for_height, side_for_text;   /* wall and type it was for */
};

G_DEFINE_FINAL_TYPE (GwWallView, gw_wall_view, GTK_TYPE_WIDGET)

/* ---- type that scales with the screen ---- */

/* The screen's height, not the window's: the window grows with its type,
 * the screen does not. */
static int
screen_height (GwWallView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native ? gtk_native_get_surface (native) : NULL;
  GdkMonitor *monitor = surface ? gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (self)), surface) : NULL;
  GdkRectangle geometry;

  if (self->screen_height > 0)
    return self->screen_height;
  if (monitor == NULL)
    return 0;
  gdk_monitor_get_geometry (monitor, &geometry);
  return geometry.height;
}

/* A forty-fifth of the screen's height, and about an eightieth of the wall's
 * width (a wall is the screen's width; its height grows with the type):
 * the side column is a third of the width, and on a narrower screen
 * (1280x800) its texts wrap more and it grew taller than the screen.
 * Never under 16 px, a 720-line projector's; a fixed 24 px floor cut off
 * the first figures on such screens. */
#define MIN_TEXT_PX 16

/* The type the screen asks for before the side's lines are measured. */
static int
screen_text_size (GwWallView *self,
                  int         width)
{
  int size = screen_height (self) / 45;

  if (width > 0)
    size = MIN (size, width / 78);
  return MAX (MIN_TEXT_PX, size);
}

static int
text_size_for_screen (GwWallView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int size = screen_text_size (self, width);

  if (self->fit_size > 0 && self->fit_width == width && self->fit_height == screen_height (self))
    size = MIN (size, self->fit_size);
  return MAX (MIN_TEXT_PX, size);
}

/* The forty-fifth was measured with DejaVu Sans. Chinese is set in Noto Sans
 * CJK, whose lines are a quarter taller: at 24 px the side came out 90 px
 * taller than a 1080-line screen, and its clock was cut off. Lines taller
 * than the screen has room for shrink the type in proportion (a step more
 * if the spacing between them keeps it over) until the side fits. The
 * smaller type holds until the wall is given another screen. */
static void
fit_type_to_screen (GwWallView *self,
                    int         width,
                    int         needed)
{
  int screen = screen_height (self);

  if (screen <= 0 || needed <= screen || self->text_size <= MIN_TEXT_PX)
    return;
  /* Still the last screen's type (moved from 4K, 48 px on a 1080-line
   * screen): its lines say nothing of the new type's, and a fit scaled
   * down from them came out a step under the 24 px that fits. The type
   * follows the screen first and is measured then. */
  if (self->text_size > screen_text_size (self, width))
    return;
  self->fit_width = width;
  self->fit_height = screen;
  self->fit_size = MIN (self->text_size - 1, self->text_size * screen / needed);
}

static void
apply_text_size (GwWallView *self)
{
  int size = text_size_for_screen (self);
  g_autofree char *css = NULL;

  if (size == self->text_size)
    return;
  self->text_size = size;
  css = g_strdup_printf ("gw-wall-view { font-size: %dpx; }\n"
                         "gw-wall-view .gw-wall-figure { font-size: %dpx; font-weight: bold; }\n"
                         "gw-wall-view .gw-wall-heading { font-size: %dpx; font-weight: bold; }\n"
                         "gw-wall-view .gw-wall-caption { font-size: %dpx; }\n"
                         "gw-wall-view .gw-wall-side { padding: %dpx; }\n",
                         size, (int) (size * 1.8), (int) (size * 1.2), (int) (size * 1.5), size / 2);
  gtk_css_provider_load_from_data (self->css, css, -1);
  gw_map_view_set_wall_mode (self->map, size);
}

static gboolean
resize_text (gpointer data)
{
  GwWallView *self = data;

  self->resize_id = 0;
  apply_text_size (self);
  return G_SOURCE_REMOVE;
}

/* The side column takes a little over a third of the wall, or what its
 * longest words need if that is more; the map the rest. Not a box's
 * share: a box gives each child its natural width first, and English's
 * tile names, on one line each, took the side to 58 % of the screen and
 * cut the county off the map's edges. Where its wrapped lines are taller
 * than @height, it widens a step at a time, up to 45 % (English at 24 px
 * on a 1080-line screen); past that the type shrinks to fit
 * (fit_type_to_screen()), and on the smallest type (a 1280x800 screen) it
 * may widen to 55 %. The last width found is tried first: the side is
 * laid out again at every refresh of its figures, and each step measures
 * all its wrapping lines. */
static int
side_width (GwWallView *self,
            int         width,
            int         height)
{
  int most = width * (self->text_size > MIN_TEXT_PX ? 45 : 55) / 100;
  int minimum, natural, needed, side;

  gtk_widget_measure (self->side, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  side = MAX (minimum, width * 36 / 100);
  most = MIN (most, natural);
  if (self->side_for_width == width && self->side_for_height == height && self->side_for_text == self->text_size &&
      self->side_found > side && self->side_found <= most)
    side = self->side_found;
  for (int percent = side * 100 / MAX (width, 1) + 2; height > 0 && side < most; percent += 2)
    {
      gtk_widget_measure (self->side, GTK_ORIENTATION_VERTICAL, side, &needed, NULL, NULL, NULL);
      if (needed <= height)
        break;
      side = MIN (most, MAX (side, width * percent / 100));
    }
  self->side_for_width = width;
  self->side_for_height = height;
  self->side_for_text = self->text_size;
  self->side_found = side;
  return side;
}

static void
gw_wall_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  GwWallView *self = GW_WALL_VIEW (widget);
  int stage, side;

  /* Asked for its constant size (the default request mode), never for a
   * height at a given width. */
  gtk_widget_measure (self->stage_overlay, orientation, -1, NULL, &stage, NULL, NULL);
  gtk_widget_measure (self->side, orientation, -1, NULL, &side, NULL, NULL);
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? stage + side : MAX (stage, side);
  /* A wall takes the screen, whatever its type asked for: moved from a 4K
   * screen to a smaller one, its 48 px type made it wider than the new
   * screen, and the type is sized from the width it is given; Chinese's
   * taller lines made it taller than a 1080-line screen, and a window
   * without a window manager grew past the screen's edge. It is given the
   * screen, overflows for a moment, and its type follows. */
  *minimum = 0;
  *minimum_baseline = *natural_baseline = -1;
}

/* The caption and the urgent card lie over the map: its names keep clear. */
static void
update_keepout (GwWallView *self)
{
  GtkWidget *overlays[] = { GTK_WIDGET (self->caption), self->urgent_card };
  GwGridLayer *layer = gw_map_view_get_grid_layer (self->map);
  graphene_rect_t rects[G_N_ELEMENTS (overlays)];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (overlays); i++)
    if (gtk_widget_get_visible (overlays[i]) && gtk_widget_compute_bounds (overlays[i], GTK_WIDGET (layer), &rects[n]))
      graphene_rect_inset (&rects[n++], -KEEPOUT_MARGIN, -KEEPOUT_MARGIN);
  gw_grid_layer_set_label_keepout (layer, rects, n);
}

static void
gw_wall_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  GwWallView *self = GW_WALL_VIEW (widget);
  int side = side_width (self, width, height);
  int stage = MAX (0, width - side);
  int stage_min_width, stage_min_height, side_min_height;
  gboolean rtl;

  /* Narrower or shorter than the type asks for (gw_wall_view_measure()):
   * what is past the screen's right or bottom edge is cut off until the
   * type has followed (left to right, the side's end; right to left, the
   * map's, the side being whole at the left). */
  gtk_widget_measure (self->stage_overlay, GTK_ORIENTATION_HORIZONTAL, -1, &stage_min_width, NULL, NULL, NULL);
  stage = MAX (stage, stage_min_width);
  gtk_widget_measure (self->stage_overlay, GTK_ORIENTATION_VERTICAL, stage, &stage_min_height, NULL, NULL, NULL);
  gtk_widget_measure (self->side, GTK_ORIENTATION_VERTICAL, side, &side_min_height, NULL, NULL, NULL);
  rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  gtk_widget_allocate (self->stage_overlay, stage, MAX (height, stage_min_height), -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (rtl ? side : 0, 0)));
  gtk_widget_allocate (self->side, side, MAX (height, side_min_height), -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (rtl ? 0 : stage, 0)));
  fit_type_to_screen (self, width, MAX (stage_min_height, side_min_height));
  update_keepout (self);
  /* New type sizes re-enter layout: not from inside it. */
  if (screen_height (self) > 0 && text_size_for_screen (self) != self->text_size && self->resize_id == 0)
    self->resize_id = g_idle_add (resize_text, self);
}

/* ---- figures ---- */

static GPtrArray *
all_cases (GwWallView *self)
{
  return self->model ? gw_case_model_ref_cases (self->model) : g_ptr_array_new ();
}

/* The facts of @cases and of the cases the model folded, borrowed: read
 * them before @cases goes or the model changes. */
static GwCaseFacts *
all_facts (GwWallView *self,
           GPtrArray  *cases,
           gsize      *n_facts)
{
  guint n_folded = 0;
  const GwCaseFacts *folded = self->model ? gw_case_model_get_folded (self->model, &n_folded) : NULL;
  GwCaseFacts *facts = gw_case_facts_borrow_all (cases, n_folded);

  if (n_folded > 0)
    memcpy (&facts[cases->len], folded, n_folded * sizeof (GwCaseFacts));
  *n_facts = cases->len + n_folded;
  return facts;
}

static GPtrArray *
towns (GwWallView *self)
{
  return self->reference ? gw_reference_data_get_towns (self->reference) : NULL;
}

static GHashTable *
town_of (GwWallView *self)
{
  return self->reference ? gw_reference_data_get_town_of (self->reference) : NULL;
}

static const char *
name_of (GwWallView *self,
         const char *code)
{
  const char *name = self->reference ? gw_reference_data_get_grid_name (self->reference, code) : NULL;

  return name ? name : code ? code : "";
}

static void
set_tile (GwWallView *self,
          guint       tile,
          const char *text)
{
  gtk_label_set_text (self->tile_values[tile], text);
}

static void
set_tile_uint (GwWallView *self,
               guint       tile,
               guint       value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  set_tile (self, tile, text);
}

static void
fill_ranking (GwWallView *self,
              GPtrArray  *rows,
              GwBarChart *chart,
              guint       limit)
{
  gw_bar_chart_clear (chart);
  for (guint i = 0; i < rows->len && i < limit; i++)
    {
      const GwStatsRow *row = g_ptr_array_index (rows, i);
      double rate = gw_stats_row_on_time_closing_rate (row);
      g_autofree char *label = g_strdup_printf ("%u %s", i + 1, name_of (self, row->key));
      g_autofree char *text = row->due > row->suspended ? g_strdup_printf ("%.1f%%", 100 * rate) : g_strdup ("—");

      gw_bar_chart_add (chart, label, rate, text);
    }
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  gint64 x = gw_case_get_reported_unix (*(GwCase * const *) a), y = gw_case_get_reported_unix (*(GwCase * const *) b);

  return (y > x) - (y < x);
}

/* A list's lines are made once and reused: a wall refreshes every few
 * seconds for days, and new widgets each time would only churn. */
static GtkLabel *
list_line (GtkWidget *list,
           guint      index)
{
  GtkWidget *line = gtk_widget_get_first_child (list);

  for (guint i = 0; line && i < index; i++)
    line = gtk_widget_get_next_sibling (line);
  if (line == NULL)
    {
      line = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (line), 0);
      gtk_label_set_wrap (GTK_LABEL (line), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (line), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (list), line);
    }
  gtk_widget_remove_css_class (line, "dim-label");
  gtk_widget_remove_css_class (line, "error");
  gtk_widget_set_visible (line, TRUE);
  return GTK_LABEL (line);
}

/* An empty list says so, dimmed. */
static void
end_list (GtkWidget  *list,
          guint       shown,
          guint       lines,
          const char *none)
{
  if (shown == 0)
    {
      GtkLabel *line = list_line (list, shown++);

      gtk_label_set_text (line, none);
      gtk_widget_add_css_class (GTK_WIDGET (line), "dim-label");
    }
  for (guint i = shown; i < lines; i++)
    gtk_widget_set_visible (GTK_WIDGET (list_line (list, i)), FALSE);
}

/* A category by its name in the UI language; NULL while the names are not
 * known: a code is not for people. */
static const char *
category_name (GwWallView *self,
               const char *code)
{
  return self->reference ? gw_reference_data_get_category_name (self->reference, code) : NULL;
}

/* "Category · grid", or the grid alone while the category has no name. */
static char *
what_and_where (GwWallView       *self,
                const GwCaseData *d)
{
  const char *category = category_name (self, d->category);

  return category ? g_strdup_printf ("%s · %s", category, name_of (self, d->grid)) : g_strdup (name_of (self, d->grid));
}

static void
fill_ticker (GwWallView *self,
             GPtrArray  *cases)
{
  g_autoptr(GPtrArray) urgent = g_ptr_array_new ();
  guint shown = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);

      if (gw_case_get_data (kase)->urgent && gw_case_status_is_open (gw_case_get_status (kase)))
        g_ptr_array_add (urgent, kase);
    }
  g_ptr_array_sort (urgent, newest_first);
  for (; shown < urgent->len && shown < TICKER_LINES; shown++)
    {
      const GwCaseData *d = gw_case_get_data (g_ptr_array_index (urgent, shown));
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (gw_case_get_reported_unix (g_ptr_array_index (urgent, shown)));
      g_autofree char *time = g_date_time_format (at, "%H:%M");
      g_autofree char *what = what_and_where (self, d);
      g_autofree char *text = g_strdup_printf ("%s  %s", time, what);

      gtk_label_set_text (list_line (self->ticker, shown), text);
    }
  end_list (self->ticker, shown, TICKER_LINES, _("No urgent case open"));
}

typedef struct
{
  GwCase *kase;
  gint64 deadline;
} Awaiting;

static int
soonest_first (gconstpointer a,
               gconstpointer b)
{
  const Awaiting *x = a, *y = b;

  return (x->deadline > y->deadline) - (x->deadline < y->deadline);
}

/* Escalations whose called party has not reported yet, the soonest
 * deadline (or the longest late) first: who the command center chases. */
static void
fill_awaiting (GwWallView *self,
               GPtrArray  *cases,
               gint64      now)
{
  g_autoptr(GArray) awaiting = g_array_new (FALSE, FALSE, sizeof (Awaiting));
  guint shown = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);
      GwEscalation *e = gw_case_data_get_escalation (gw_case_get_data (kase));
      g_autoptr(GDateTime) deadline = NULL;

      if (e == NULL || !gw_escalation_awaits_report (e) ||
          e->report_deadline == NULL || (deadline = g_date_time_new_from_iso8601 (e->report_deadline, NULL)) == NULL)
        continue;
      g_array_append_val (awaiting, ((Awaiting) { kase, g_date_time_to_unix (deadline) }));
    }
  g_array_sort (awaiting, soonest_first);
  for (; shown < awaiting->len && shown < AWAITING_LINES; shown++)
    {
      const Awaiting *a = &g_array_index (awaiting, Awaiting, shown);
      gint64 left = a->deadline - now;
      g_autofree char *span = gw_span_label (left);
      g_autofree char *when = left >= 0 ? g_strdup_printf (_("%s left to report"), span)
                                        : g_strdup_printf (_("report %s late"), span);
      g_autofree char *what = what_and_where (self, gw_case_get_data (a->kase));
      g_autofree char *text = g_strdup_printf ("%s  %s", when, what);
      GtkLabel *line = list_line (self->awaiting, shown);

      gtk_label_set_text (line, text);
      if (left < 0)
        gtk_widget_add_css_class (GTK_WIDGET (line), "error");
    }
  end_list (self->awaiting, shown, AWAITING_LINES, _("No escalation awaiting report"));
}

void
gw_wall_view_refresh (GwWallView *self)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%H:%M");
  g_autofree GwCaseFacts *facts = NULL;
  gsize n_facts;
  GwWallFigures f;

  g_return_if_fail (GW_IS_WALL_VIEW (self));

  gtk_label_set_text (self->clock, clock);
  cases = all_cases (self);
  facts = all_facts (self, cases, &n_facts);
  gw_wall_figures_compute_facts (facts, n_facts, now, &f);
  set_tile_uint (self, TILE_NEW, f.new_today);
  set_tile_uint (self, TILE_CLOSED, f.closed_today);
  if (f.due_today > 0)
    {
      g_autofree char *rate = g_strdup_printf ("%.1f%%", 100 * f.on_time_rate);

      set_tile (self, TILE_ON_TIME, rate);
    }
  else
    set_tile (self, TILE_ON_TIME, "—");
  set_tile_uint (self, TILE_OVERDUE, f.overdue_now);
  set_tile_uint (self, TILE_AWAITING, f.awaiting_report);
  set_tile_uint (self, TILE_OPEN, f.open_now);
  if (f.visited > 0)
    {
      g_autofree char *rate = g_strdup_printf ("%.1f%%", 100 * f.satisfaction_rate);

      set_tile (self, TILE_SATISFACTION, rate);
    }
  else
    set_tile (self, TILE_SATISFACTION, "—");

  rows = gw_wall_town_ranking_facts (facts, n_facts, now, RANKING_DAYS, town_of (self));
  fill_ranking (self, rows, self->ranking, SIDE_RANKING);
  fill_ranking (self, rows, self->full_ranking, G_MAXUINT);
  fill_ticker (self, cases);
  fill_awaiting (self, cases, g_date_time_to_unix (now));
}

static gboolean
refresh_later (gpointer data)
{
  GwWallView *self = data;

  self->refresh_id = 0;
  gw_wall_view_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Changes come in bursts from the feed: one refresh after the burst. */
static void
on_model_changed (GwWallView *self)
{
  if (self->refresh_id == 0 && self->running)
    self->refresh_id = g_timeout_add_seconds (2, refresh_later, self);
}

static gboolean
on_clock (gpointer data)
{
  gw_wall_view_refresh (data);
  return G_SOURCE_CONTINUE;
}

/* ---- the round ---- */

static void
show_step (GwWallView *self)
{
  guint n_towns = towns (self) ? towns (self)->len : 0;

  g_clear_object (&self->urgent_shown);
  gtk_widget_set_visible (self->urgent_card, FALSE);
  if (self->step == 0)
    {
      gtk_stack_set_visible_child_name (self->stage, "map");
      gtk_label_set_text (self->caption, _("The whole county"));
      gw_map_view_fit_grids (self->map, TRUE);
    }
  else if (self->step <= n_towns)
    {
      GwGrid *town = g_ptr_array_index (towns (self), self->step - 1);

      gtk_stack_set_visible_child_name (self->stage, "map");
      gtk_label_set_text (self->caption, gw_grid_get_name (town));
      gw_map_view_show_grid (self->map, town);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stage, "ranking");
      gtk_label_set_text (self->caption, "");
    }
}

/* The card says what and where in words: the category's name in the UI
 * language, the town and the grid. */
static void
show_urgent_card (GwWallView *self)
{
  const GwCaseData *d = gw_case_get_data (self->urgent_shown);
  const char *category = category_name (self, d->category);
  const char *town = d->grid && town_of (self) ? g_hash_table_lookup (town_of (self), d->grid) : NULL;
  g_autofree char *title = category ? g_strdup_printf (_("New urgent case: %s"), category) : g_strdup (_("New urgent case"));
  g_autofree char *place = town && g_strcmp0 (town, d->grid) != 0
                           ? g_strdup_printf ("%s %s", name_of (self, town), name_of (self, d->grid))
                           : g_strdup (name_of (self, d->grid));
  g_autofree char *text = d->description && *d->description ? g_strdup_printf ("%s · %s", place, d->description)
                                                            : g_steal_pointer (&place);

  gtk_label_set_text (self->urgent_title, title);
  gtk_label_set_text (self->urgent_text, text);
  gtk_widget_set_visible (self->urgent_card, TRUE);
}

/* The round stops where the case is, for one interval. */
static void
show_urgent (GwWallView *self,
             GwCase     *kase)
{
  const GwCaseData *d = gw_case_get_data (kase);

  g_set_object (&self->urgent_shown, kase);
  gtk_stack_set_visible_child_name (self->stage, "map");
  gtk_label_set_text (self->caption, _("New urgent case"));
  /* The neighbourhood, not the street corner: seen from across the room;
   * the same ground on a 4K wall as on a 1080p one. */
  gw_map_view_set_position (self->map, d->lat, d->lon, 15 + log2 (MAX (self->text_size, 24) / 24.0));
  show_urgent_card (self);
}

/* The soak bench reads the wall's size just after this line. */
static void
on_round_memory_released (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GwWallView *self = GW_WALL_VIEW (object);
  gsize in_use, held_free;
  guint n_folded = 0;
  g_autofree char *arenas = NULL;
  gssize rss_kb = gw_process_release_memory_finish (result, NULL);

  if (self->map == NULL)
    return;   /* closed meanwhile */
  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;
  arenas = gw_process_describe_arenas ();
  if (self->model)
    gw_case_model_get_folded (self->model, &n_folded);
  if (gw_process_get_heap_use (&in_use, &held_free))
    g_debug ("round done rss_kb=%" G_GSSIZE_FORMAT " heap_in_use_kb=%" G_GSIZE_FORMAT " heap_free_kb=%" G_GSIZE_FORMAT
             " sqlite_kb=%" G_GSIZE_FORMAT " symbols_kb=%" G_GSIZE_FORMAT " names_kb=%" G_GSIZE_FORMAT " tiles=%u"
             " cases_whole=%u cases_folded=%u arenas=%s",
             rss_kb, in_use / 1024, held_free / 1024, gw_store_get_memory_used () / 1024,
             gw_case_symbols_get_cached_bytes () / 1024,
             gw_grid_layer_get_label_bytes (gw_map_view_get_grid_layer (self->map)) / 1024,
             gw_grid_layer_get_n_cached_tiles (gw_map_view_get_grid_layer (self->map)),
             self->model ? gw_case_model_get_size (self->model) : 0, n_folded, arenas ? arenas : "-");
  else
    g_debug ("round done");
}

static void
stop_waiting_for_paint (GwWallView *self)
{
  if (self->round_clock == NULL)
    return;
  /* By its id: GTK's own handlers on the clock (the wall's tick
   * callbacks) have the wall for their data too. */
  g_clear_signal_handler (&self->round_paint_id, self->round_clock);
  g_clear_object (&self->round_clock);
}

static void
end_round (GwWallView *self)
{
  stop_waiting_for_paint (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stage), "ranking") != 0)
    return;
  if (self->fold_closed && self->model)
    gw_case_model_fold_closed (self->model);
  gw_case_symbols_forget ();
  gw_grid_layer_forget_drawn (gw_map_view_get_grid_layer (self->map));
  gw_process_release_memory_async (self, on_round_memory_released, NULL);
}

/* The round's maps are over when its ranking is up and the stack's
 * crossfade has ended: until then the fading map is drawn, and would
 * draw again what was let go. With the map out of sight, the wall lets
 * go of what it drew and hands memory back. Always at this point, where
 * nothing of a map is held, so the soak bench, which measures from the
 * end of the first round, compares like with like. A card shown over
 * the ranking meanwhile skips the round's end.
 *
 * Not at the crossfade's last tick, though, but after the paint that
 * follows it: the renderer keeps the frame it drew last, the fading map's
 * tiles with it, until it draws the next. The size read beside that paint
 * swung by the fifteen-odd tiles of a map (±2 MB) as one thread or the
 * other came first. */
static void
end_round_when_still (GwWallView *self)
{
  GdkFrameClock *clock;

  if (!self->round_ending || self->map == NULL || gtk_stack_get_transition_running (self->stage))
    return;
  self->round_ending = FALSE;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL)
    {
      end_round (self);
      return;
    }
  stop_waiting_for_paint (self);
  self->round_clock = g_object_ref (clock);
  self->round_paint_id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (end_round), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* One tick of the round: the next urgent case queued, or the next view. */
void
gw_wall_view_advance (GwWallView *self)
{
  g_autoptr(GwCase) next = NULL;
  gboolean moves_on;
  guint n_towns;

  g_return_if_fail (GW_IS_WALL_VIEW (self));

  if ((next = g_queue_pop_head (&self->urgent_queue)))
    {
      show_urgent (self, next);
      return;
    }
  /* After a card, the round goes on where it was. */
  n_towns = towns (self) ? towns (self)->len : 0;
  moves_on = self->urgent_shown == NULL;
  if (moves_on)
    self->step = (self->step + 1) % (n_towns + 2);
  show_step (self);
  if (moves_on && self->step == n_towns + 1)
    {
      self->round_ending = TRUE;
      end_round_when_still (self);
    }
}

static gboolean
on_cycle (gpointer data)
{
  gw_wall_view_advance (data);
  return G_SOURCE_CONTINUE;
}

static void
restart_cycle (GwWallView *self)
{
  g_clear_handle_id (&self->cycle_id, g_source_remove);
  if (self->running && self->interval > 0)
    self->cycle_id = g_timeout_add_seconds (self->interval, on_cycle, self);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (gw_case_get_data ((GwCase *) a)->id, gw_case_get_data ((GwCase *) b)->id) != 0;
}

/* Shown at once when no card is up; else queued behind it, newest kept;
 * not at all when it is old news. */
void
gw_wall_view_show_urgent (GwWallView *self,
                          GwCase     *kase)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));
  g_return_if_fail (GW_IS_CASE (kase));

  if (gw_case_get_reported_unix (kase) < g_get_real_time () / G_USEC_PER_SEC - URGENT_NEWS_SECONDS)
    return;
  if (self->urgent_shown == NULL)
    {
      show_urgent (self, kase);
      restart_cycle (self);
      gw_wall_view_refresh (self);
      return;
    }
  if (compare_ids (self->urgent_shown, kase) == 0 ||
      g_queue_find_custom (&self->urgent_queue, kase, (GCompareFunc) compare_ids))
    return;
  g_queue_push_tail (&self->urgent_queue, g_object_ref (kase));
  if (g_queue_get_length (&self->urgent_queue) > MAX_QUEUED_URGENT)
    g_object_unref (g_queue_pop_head (&self->urgent_queue));
}

/* The card's heading, or NULL when no card is up. */
const char *
gw_wall_view_get_urgent_title (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), NULL);

  if (self->urgent_shown == NULL)
    return NULL;
  return gtk_label_get_text (self->urgent_title);
}

/* ---- the widget ---- */

static void
gw_wall_view_dispose (GObject *object)
{
  GwWallView *self = (GwWallView *) object;

  g_clear_handle_id (&self->cycle_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->resize_id, g_source_remove);
  stop_waiting_for_paint (self);
  g_clear_object (&self->urgent_shown);
  g_queue_clear_full (&self->urgent_queue, g_object_unref);
  if (self->css)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)), GTK_STYLE_PROVIDER (self->css));
  g_clear_object (&self->css);
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->points);
  g_clear_object (&self->filter);
  gw_reference_data_follow (&self->reference, NULL, self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_WALL_VIEW);

  G_OBJECT_CLASS (gw_wall_view_parent_class)->dispose (object);
}

static void
gw_wall_view_class_init (GwWallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_wall_view_dispose;
  widget_class->measure = gw_wall_view_measure;
  widget_class->size_allocate = gw_wall_view_size_allocate;

  g_type_ensure (GW_TYPE_MAP_VIEW);
  g_type_ensure (GW_TYPE_BAR_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-wall-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWallView, stage_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, stage);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, map);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, ranking_title);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, full_ranking);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, caption);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, urgent_card);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, urgent_title);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, urgent_text);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, side);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, clock);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, data_status);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, tiles);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, ranking_heading);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, ranking);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, ticker_heading);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, ticker);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, awaiting_heading);
  gtk_widget_class_bind_template_child (widget_class, GwWallView, awaiting);

  gtk_widget_class_set_css_name (widget_class, "gw-wall-view");
}

static void
gw_wall_view_init (GwWallView *self)
{
  const char *tile_labels[N_TILES] = {
    N_("New today"), N_("Closed today"), N_("On time today"),
    N_("Overdue now"), N_("Awaiting report"), N_("Open cases"), N_("7-day satisfaction"),
  };
  g_autofree char *ranking = g_strdup_printf (_("Towns by on-time closing rate, last %u days"), RANKING_DAYS);
  /* The side's heading holds on one line of the side's third. */
  g_autofree char *ranking_short = g_strdup_printf (_("On time by town, %u days"), RANKING_DAYS);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->interval = 20;
  self->filter = gw_case_filter_new ();
  self->css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (self->css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  gtk_label_set_text (self->ranking_heading, ranking_short);
  gtk_label_set_text (self->ranking_title, ranking);
  gtk_label_set_text (self->ticker_heading, _("Latest urgent cases"));
  gtk_label_set_text (self->awaiting_heading, _("Escalations awaiting report"));
  gw_map_view_set_wall_mode (self->map, 24);
  g_signal_connect_swapped (self->stage, "notify::transition-running", G_CALLBACK (end_round_when_still), self);

  for (guint i = 0; i < N_TILES; i++)
    {
      GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *name = gtk_label_new (_(tile_labels[i]));
      GtkWidget *value = gtk_label_new ("—");

      gtk_widget_add_css_class (tile, "gw-wall-tile");
      gtk_widget_set_name (tile, tile_names[i]);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_add_css_class (value, "gw-wall-figure");
      gtk_widget_add_css_class (value, "numeric");
      if (i == TILE_OVERDUE || i == TILE_AWAITING)
        gtk_widget_add_css_class (value, "error");
      gtk_box_append (GTK_BOX (tile), value);
      gtk_box_append (GTK_BOX (tile), name);
      gtk_grid_attach (self->tiles, tile, i % 4, i / 4, 1, 1);
      self->tile_values[i] = GTK_LABEL (value);
    }
  gw_wall_view_set_data_time (self, TRUE, NULL);
}

/* Every case the county has, with no desk's filter, while the wall is
 * shown: a desk's window has the wall too, and keeping a second point for
 * each of 100,000 cases there cost the desk a pass over every case at
 * each pull. */
static void
update_points (GwWallView *self)
{
  if (self->running && self->model)
    {
      if (self->points == NULL)
        self->points = gw_case_points_new (self->model, self->filter);
    }
  else
    g_clear_object (&self->points);
  gw_map_view_set_case_points (self->map, self->points);
}

void
gw_wall_view_set_model (GwWallView  *self,
                        GwCaseModel *model)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  g_clear_object (&self->points);
  if (model)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_model_changed), self);
  update_points (self);
  if (self->running)
    gw_wall_view_refresh (self);
}

/* The grids, towns or names were read again: the map, the round of towns
 * and the urgent card follow. */
static void
on_reference_changed (GwWallView *self)
{
  gw_map_view_set_grids (self->map, self->reference ? gw_reference_data_get_grids (self->reference) : NULL);
  self->step = 0;
  if (self->urgent_shown)
    show_urgent_card (self);
  if (self->running)
    {
      show_step (self);
      gw_wall_view_refresh (self);
    }
}

void
gw_wall_view_set_reference_data (GwWallView      *self,
                                 GwReferenceData *reference)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));

  if (gw_reference_data_follow (&self->reference, reference, self, G_CALLBACK (on_reference_changed)))
    on_reference_changed (self);
}

/* Live, or the time of the last data: said in plain sight. */
void
gw_wall_view_set_data_time (GwWallView *self,
                            gboolean    live,
                            GDateTime  *as_of)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));

  if (live)
    {
      gtk_label_set_text (self->data_status, _("Live"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->data_status), "gw-wall-stale");
    }
  else
    {
      g_autofree char *time = as_of ? g_date_time_format (as_of, "%H:%M") : NULL;
      g_autofree char *text = time ? g_strdup_printf (_("Data as of %s"), time) : g_strdup (_("No data from the server yet"));

      gtk_label_set_text (self->data_status, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->data_status), "gw-wall-stale");
    }
}

void
gw_wall_view_set_interval (GwWallView *self,
                           guint       seconds)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));

  self->interval = seconds;
  restart_cycle (self);
}

/* A window that is only a wall (the desk never shown) has no use for a
 * closed case's texts: at each round's end the model keeps only their
 * facts, which the figures read. */
void
gw_wall_view_set_fold_closed (GwWallView *self,
                              gboolean    fold_closed)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));
  self->fold_closed = fold_closed;
}

/* Timers only while the wall is shown. */
void
gw_wall_view_set_running (GwWallView *self,
                          gboolean    running)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));

  if (self->running == running)
    return;
  self->running = running;
  update_points (self);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (running)
    {
      self->clock_id = g_timeout_add_seconds (30, on_clock, self);
      self->step = 0;
      show_step (self);
      gw_wall_view_refresh (self);
    }
  restart_cycle (self);
}

/* For a screen other than the one the window is on: tests lay out a 4K
 * wall on a smaller display. */
void
gw_wall_view_set_screen_height (GwWallView *self,
                                int         height)
{
  g_return_if_fail (GW_IS_WALL_VIEW (self));

  self->screen_height = height;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

int
gw_wall_view_get_text_size (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), 0);
  return self->text_size;
}

const char *
gw_wall_view_get_caption (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stage) && g_str_equal (gtk_stack_get_visible_child_name (self->stage), "ranking")
         ? "ranking" : gtk_label_get_text (self->caption);
}

const char *
gw_wall_view_get_tile_text (GwWallView *self,
                            const char *name)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), NULL);

  for (guint i = 0; i < N_TILES; i++)
    if (g_str_equal (name, tile_names[i]))
      return gtk_label_get_text (self->tile_values[i]);
  return NULL;
}

GtkWidget *
gw_wall_view_get_ranking (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), NULL);
  return GTK_WIDGET (self->ranking);
}

const char *
gw_wall_view_get_data_status (GwWallView *self)
{
  g_return_val_if_fail (GW_IS_WALL_VIEW (self), NULL);
  return gtk_label_get_text (self->data_status);
}
