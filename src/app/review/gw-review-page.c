/* gw-review-page.c: the figures leaders rank units by, period against period
 *
 * A week, a month or a quarter (the current one so far, or the last whole
 * one) beside the period before, per town, grid, department or category:
 * headline tiles for the county, a table with every standard figure and
 * its change, the days' cases received and closed, the units' on-time
 * closing rates as bars, and a map. A click on a town drills down to its
 * grids, in the table and on the map. Departments and towns also show how
 * they answered the whistles blown to them, and the marks they got.
 *
 * All figures come from the cached cases through gw_review_compute(), so
 * the review works offline and agrees with the server's /stats and the
 * wall. Nothing here writes: leaders use it as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-review-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gw-bar-chart.h"
#include "gw-map-view.h"
#include "gw-report-process.h"
#include "gw-review-export.h"
#include "gw-review-cell.h"
#include "gw-review-item.h"
#include "gw-case-labels.h"
#include "gw-review-page.h"
#include "gw-trend-chart.h"
#include "gw-ui-language.h"

/* The headline tiles: the county's (or the town's) figures. */
static const char * const tile_columns[] = {
  "received", "closed", "on_time_closing_rate", "overdue", "mean_hours_to_close", "report_on_time_rate",
  "satisfaction_rate", "return_rate",
};

static const struct
{
  const char *id;
  GwReviewSpan span;
  gboolean last;
  const char *label;
} periods[] = {
  { "week", GW_REVIEW_WEEK, FALSE, N_("This Week") },
  { "last-week", GW_REVIEW_WEEK, TRUE, N_("Last Week") },
  { "month", GW_REVIEW_MONTH, FALSE, N_("This Month") },
  { "last-month", GW_REVIEW_MONTH, TRUE, N_("Last Month") },
  { "quarter", GW_REVIEW_QUARTER, FALSE, N_("This Quarter") },
  { "last-quarter", GW_REVIEW_QUARTER, TRUE, N_("Last Quarter") },
};

struct _GwReviewPage
{
  AdwBin parent_instance;

  GtkMenuButton *period_button;
  GtkWidget *county_button;
  GtkLabel *period_label;
  GtkBox *tiles;
  GtkColumnView *table;
  GwTrendChart *trend;
  GwMapView *map;
  GtkLabel *bars_heading;
  GwBarChart *bars;
  GtkLabel *tile_values[G_N_ELEMENTS (tile_columns)];
  GtkLabel *tile_changes[G_N_ELEMENTS (tile_columns)];
  GtkColumnViewColumn **value_columns;   /* one per review column */

  GListStore *rows;
  GwCaseModel *model;
  GwSession *session;
  GwReferenceData *reference;     /* the session's: grids, towns, names */
  GwReview *review;

  guint period;                   /* index into periods[] */
  GwStatsBy by;
  char *town;                     /* drilled down into; NULL: the county */
  guint recompute_id;
};

G_DEFINE_FINAL_TYPE (GwReviewPage, gw_review_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PERIOD,
  PROP_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- names ---- */

/* One of the reference data's lists, or NULL without a session. */
static GPtrArray *
reference_list (GwReviewPage *self,
                GPtrArray    *(*get) (GwReferenceData *))
{
  return self->reference ? get (self->reference) : NULL;
}

static GwGrid *
lookup_grid (GwReviewPage *self,
             const char   *code)
{
  return self->reference ? gw_reference_data_lookup_grid (self->reference, code) : NULL;
}

GHashTable *
gw_review_page_dup_names (GwReviewPage *self,
                          const char   *language)
{
  GHashTable *names;
  GPtrArray *workers;

  g_return_val_if_fail (GW_IS_REVIEW_PAGE (self), NULL);

  names = gw_review_export_names (self->by, reference_list (self, gw_reference_data_get_grids),
                                  reference_list (self, gw_reference_data_get_categories),
                                  reference_list (self, gw_reference_data_get_departments), language);
  workers = reference_list (self, gw_reference_data_get_workers);

  /* People by their names, sources as the desk calls them. */
  for (guint i = 0; self->by == GW_STATS_BY_WORKER && workers && i < workers->len; i++)
    {
      GwWorker *worker = g_ptr_array_index (workers, i);

      if (gw_worker_get_name (worker))
        g_hash_table_insert (names, g_strdup (gw_worker_get_id (worker)), g_strdup (gw_worker_get_name (worker)));
    }
  for (GwCaseSource source = 0; self->by == GW_STATS_BY_SOURCE && source <= GW_CASE_SOURCE_WALK_IN; source++)
    if (gw_case_source_to_string (source))
      g_hash_table_insert (names, g_strdup (gw_case_source_to_string (source)), g_strdup (gw_case_source_label (source)));
  return names;
}

static const char *
town_name (GwReviewPage *self)
{
  GwGrid *town = lookup_grid (self, self->town);

  return town ? gw_grid_get_name (town) : self->town;
}

/* ---- the table ---- */

static void
setup_name (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_name (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GwReviewItem *row = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gw_review_item_get_name (row));
}

static void
setup_value (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             const GwReviewColumn     *column)
{
  gtk_list_item_set_child (item, gw_review_cell_new (column));
}

static void
bind_value (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  gw_review_cell_show (GW_REVIEW_CELL (gtk_list_item_get_child (item)),
                       gw_review_item_get_row (gtk_list_item_get_item (item)));
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_utf8_collate (gw_review_item_get_name ((GwReviewItem *) a), gw_review_item_get_name ((GwReviewItem *) b));
}

/* Units without a figure (a dash) sort below every figure. */
static int
compare_values (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const GwReviewColumn *column = user_data;
  double x = column->value (gw_review_item_get_row ((GwReviewItem *) a)->now);
  double y = column->value (gw_review_item_get_row ((GwReviewItem *) b)->now);

  if (isnan (x) || isnan (y))
    return isnan (x) - isnan (y);
  return x < y ? -1 : x > y;
}

static GtkColumnViewColumn *
add_column (GwReviewPage         *self,
            const char           *title,
            GtkListItemFactory   *factory,
            GtkSorter            *sorter)
{
  GtkColumnViewColumn *column = gtk_column_view_column_new (title, factory);

  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->table, column);
  g_object_unref (sorter);
  return column;
}

static void
setup_table (GwReviewPage *self)
{
  guint n;
  const GwReviewColumn *columns = gw_review_get_columns (&n);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkColumnViewColumn *name;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_name), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_name), NULL);
  name = add_column (self, _("Unit"), factory, GTK_SORTER (gtk_custom_sorter_new (compare_names, NULL, NULL)));
  gtk_column_view_column_set_expand (name, TRUE);
  g_object_unref (name);

  self->value_columns = g_new0 (GtkColumnViewColumn *, n);
  for (guint i = 0; i < n; i++)
    {
      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_value), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_value), NULL);
      self->value_columns[i] = add_column (self, _(columns[i].title), factory,
                                           GTK_SORTER (gtk_custom_sorter_new (compare_values, (gpointer) &columns[i], NULL)));
    }

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                    g_object_ref (gtk_column_view_get_sorter (self->table)));
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)))));
  /* Worst on-time closing first: what a leader asks about. */
  gtk_column_view_sort_by_column (self->table, self->value_columns[3], GTK_SORT_ASCENDING);
}

/* ---- computing ---- */

static void
show_tiles (GwReviewPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (tile_columns); i++)
    {
      const GwReviewColumn *column = gw_review_find_column (tile_columns[i]);
      g_autofree char *value = gw_review_format_value (column, column->value (self->review->total->now));

      gtk_label_set_text (self->tile_values[i], value);
      gw_review_show_change (self->tile_changes[i], column, self->review->total);
    }
}

static void
show_bars (GwReviewPage *self,
           GHashTable   *names)
{
  const GwReviewColumn *on_time = gw_review_find_column ("on_time_closing_rate");
  g_autoptr(GPtrArray) ranked = gw_review_rank_on_time (self->review);

  gw_bar_chart_clear (self->bars);
  for (guint i = 0; i < ranked->len; i++)
    {
      const GwReviewRow *row = g_ptr_array_index (ranked, i);
      double rate = on_time->value (row->now);
      g_autofree char *text = gw_review_format_value (on_time, rate);
      const char *name = g_hash_table_lookup (names, row->key);

      gw_bar_chart_add (self->bars, name ? name : row->key, rate, text);
    }
}

static void
show_period (GwReviewPage *self)
{
  g_autofree char *range = gw_review_format_range (self->review->period->from, self->review->period->to);
  g_autofree char *before = gw_review_format_range (self->review->period->before_from, self->review->period->before_to);
  g_autofree char *text = NULL;

  /* Translators: the period reviewed and the one it is compared with */
  text = g_strdup_printf (_("%s, compared with %s"), range, before);
  if (self->town)
    {
      g_autofree char *scoped = g_strdup_printf ("%s · %s", town_name (self), text);

      g_free (text);
      text = g_steal_pointer (&scoped);
    }
  gtk_label_set_text (self->period_label, text);
  gtk_menu_button_set_label (self->period_button, _(periods[self->period].label));
}

void
gw_review_page_recompute (GwReviewPage *self)
{
  g_autoptr(GPtrArray) cases = self->model ? gw_case_model_ref_cases (self->model) : g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GwReviewPeriod) period = NULL;
  g_autoptr(GHashTable) departments = gw_category_departments_of (reference_list (self, gw_reference_data_get_categories));
  g_autoptr(GHashTable) names = NULL;
  guint n;
  const GwReviewColumn *columns = gw_review_get_columns (&n);

  g_return_if_fail (GW_IS_REVIEW_PAGE (self));

  g_clear_handle_id (&self->recompute_id, g_source_remove);
  period = gw_review_period_new (periods[self->period].span, periods[self->period].last, now);

  g_clear_pointer (&self->review, gw_review_free);
  self->review = gw_review_compute (cases, period, self->by, self->town,
                                    self->reference ? gw_reference_data_get_town_of (self->reference) : NULL, departments);
  names = gw_review_page_dup_names (self, NULL);

  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < self->review->rows->len; i++)
      {
        const GwReviewRow *row = g_ptr_array_index (self->review->rows, i);

        g_ptr_array_add (items, gw_review_item_new (row, g_hash_table_lookup (names, row->key)));
      }
    g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), items->pdata, items->len);
  }
  for (guint i = 0; i < n; i++)
    gtk_column_view_column_set_visible (self->value_columns[i], gw_review_shows_column (self->by, &columns[i]));

  show_tiles (self);
  show_bars (self, names);
  gtk_label_set_text (self->bars_heading, _("On-time closing rate"));
  gw_trend_chart_set_days (self->trend, period->from, self->review->received_per_day, self->review->closed_per_day,
                           self->review->received_before);
  show_period (self);
  gtk_widget_set_visible (self->county_button, self->town != NULL);
}

static gboolean
recompute_cb (gpointer user_data)
{
  GwReviewPage *self = user_data;

  self->recompute_id = 0;
  gw_review_page_recompute (self);
  return G_SOURCE_REMOVE;
}

/* Live cases change the figures every few seconds: once a second is
 * plenty for a review, and nothing while nobody looks. */
static void
queue_recompute (GwReviewPage *self)
{
  if (self->recompute_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->recompute_id = g_timeout_add_seconds (1, recompute_cb, self);
}

/* ---- drilling down ---- */

static void
drill_into (GwReviewPage *self,
            const char   *town)
{
  g_free (self->town);
  self->town = g_strdup (town);
  self->by = town ? GW_STATS_BY_GRID : GW_STATS_BY_TOWN;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BY]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.county", town != NULL);
  gw_review_page_recompute (self);
  if (lookup_grid (self, town))
    gw_map_view_show_grid (self->map, lookup_grid (self, town));
  else
    gw_map_view_fit_grids (self->map, TRUE);
}

static void
on_table_activate (GwReviewPage *self,
                   guint         position)
{
  g_autoptr(GwReviewItem) item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (self->table)), position);
  const char *key = item ? gw_review_item_get_row (item)->key : NULL;
  GwGrid *grid = lookup_grid (self, key);

  if (self->by == GW_STATS_BY_TOWN && key)
    drill_into (self, key);
  else if (grid)
    gw_map_view_show_grid (self->map, grid);
}

/* ---- actions ---- */

static void
set_period (GwReviewPage *self,
            const char   *id)
{
  for (guint i = 0; id && i < G_N_ELEMENTS (periods); i++)
    if (g_str_equal (periods[i].id, id) && self->period != i)
      {
        self->period = i;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
        gw_review_page_recompute (self);
      }
}

static void
set_by (GwReviewPage *self,
        const char   *name)
{
  GwStatsBy by;

  if (!name || !gw_stats_by_from_string (name, &by) || (by == self->by && self->town == NULL))
    return;
  /* Another grouping is the county's again. */
  g_clear_pointer (&self->town, g_free);
  self->by = by;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BY]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.county", FALSE);
  gw_review_page_recompute (self);
  gw_map_view_fit_grids (self->map, TRUE);
}

static void
county_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwReviewPage *self = GW_REVIEW_PAGE (widget);

  drill_into (self, NULL);
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwReviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *alert;

  if (gw_review_page_export_finish (self, result, &error) || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  alert = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _("Report Not Exported"),
                                  error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

/* An export waiting for its file: "pdf:" or "csv:" and what to export. */
typedef struct
{
  GwReviewPage *page;
  char *target;
} Export;

static void
export_free (gpointer  data,
             GClosure *closure)
{
  Export *export = data;

  g_object_unref (export->page);
  g_free (export->target);
  g_free (export);
}

static void
on_export_chosen (GtkNativeDialog *dialog,
                  int              response,
                  Export          *export)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_auto(GStrv) parts = g_strsplit (export->target, ":", 2);

  if (response == GTK_RESPONSE_ACCEPT && file)
    gw_review_page_export_async (export->page, parts[0], parts[1], file, NULL, on_exported, g_object_ref (export->page));
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwReviewPage *self = GW_REVIEW_PAGE (widget);
  const char *target = g_variant_get_string (param, NULL);
  gboolean pdf = g_str_has_prefix (target, "pdf:");
  g_autofree char *from = g_date_time_format (self->review->period->from, "%Y%m%d");
  /* Translators: the file name of an exported review, without extension */
  g_autofree char *name = g_strdup_printf ("%s-%s.%s", _("review"), from, pdf ? "pdf" : "csv");
  GtkFileChooserNative *dialog;
  Export *export = g_new0 (Export, 1);

  export->page = g_object_ref (self);
  export->target = g_strdup (target);
  dialog = gtk_file_chooser_native_new (pdf ? _("Export PDF Report") : _("Export Tables as CSV"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_export_chosen), export, export_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- exporting ---- */

/* The map as it is on the screen, for the report: its layers alone (the
 * zoom and layer buttons and the legend are for the screen), drawn again
 * by their parent into a node of their own, then rendered to pixels. */
static cairo_surface_t *
snapshot_map (GwReviewPage *self)
{
  GtkWidget *map = GTK_WIDGET (gw_map_view_get_map (self->map));
  GtkWidget *parent = gtk_widget_get_parent (map);
  GtkNative *native = gtk_widget_get_native (map);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;
  graphene_rect_t bounds;

  if (native == NULL || !gtk_widget_get_mapped (map) || !gtk_widget_compute_bounds (map, parent, &bounds) ||
      bounds.size.width < 16 || bounds.size.height < 16)
    return NULL;
  snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (parent, map, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node, &bounds);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gdk_texture_get_width (texture),
                                        gdk_texture_get_height (texture));
  cairo_surface_flush (surface);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface), cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The units' keys in the order the table shows them now. */
static GStrv
dup_table_order (GwReviewPage *self)
{
  GListModel *shown = G_LIST_MODEL (gtk_column_view_get_model (self->table));
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwReviewItem) item = g_list_model_get_item (shown, i);

      g_strv_builder_add (keys, gw_review_item_get_row (item)->key);
    }
  return g_strv_builder_end (keys);
}

/* In the screen's own language: here and now, the map as shown. */
static gboolean
export_here (GwReviewPage  *self,
             const char    *format,
             GFile         *file,
             GError       **error)
{
  g_autoptr(GHashTable) names = gw_review_page_dup_names (self, NULL);
  g_auto(GStrv) order = dup_table_order (self);
  cairo_surface_t *map;
  gboolean ok;

  gw_review_order_rows (self->review, (const char * const *) order);
  if (!g_str_equal (format, "pdf"))
    return gw_review_write_csv (self->review, names, file, error);
  map = snapshot_map (self);
  ok = gw_review_export_pdf (self->review, names, self->town ? town_name (self) : NULL, map, file, error);
  g_clear_pointer (&map, cairo_surface_destroy);
  return ok;
}

static void
on_report_run (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (gw_report_process_run_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* In the other language, gridwatch-report makes it from the server's
 * cases: gettext's language belongs to the whole process, and the app's
 * threads translate all the while. It has no screen, so no map. */
static void
export_elsewhere (GwReviewPage *self,
                  const char   *format,
                  const char   *language,
                  GFile        *file,
                  GTask        *task)
{
  GwTownClient *client = self->session ? gw_session_get_client (self->session) : NULL;
  g_autofree char *path = g_file_get_path (file);
  g_auto(GStrv) order = dup_table_order (self);
  GwReportRequest request = {
    .span = periods[self->period].span,
    .last = periods[self->period].last,
    .by = self->by,
    .town = self->town,
    .language = language,
    .order = (const char * const *) order,
  };

  if (client == NULL || path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "%s",
                               client ? _("A report in the other language can only be saved to a local file.")
                                      : _("A report in the other language is made from the town server’s cases: "
                                          "connect to a town server first."));
      return;
    }
  request.server = gw_town_client_get_base_url (client);
  request.token = gw_town_client_get_token (client);
  request.ca_file = gw_town_client_get_ca_file (client);
  request.allow_plain_http = gw_town_client_get_plain_token_allowed (client);
  if (g_str_equal (format, "pdf"))
    request.pdf = path;
  else
    request.csv = path;
  gw_report_process_run_async (&request, g_task_get_cancellable (task), on_report_run, g_object_ref (task));
}

void
gw_review_page_export_async (GwReviewPage        *self,
                             const char          *format,
                             const char          *language,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (GW_IS_REVIEW_PAGE (self));
  g_return_if_fail (format && language && G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_review_page_export_async);
  if (gw_ui_language_is_chinese (language) != gw_ui_language_is_chinese (NULL))
    {
      export_elsewhere (self, format, language, file, task);
      return;
    }
  if (self->review == NULL)
    gw_review_page_recompute (self);
  if (export_here (self, format, file, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

gboolean
gw_review_page_export_finish (GwReviewPage  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the widget ---- */

static void
setup_tiles (GwReviewPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (tile_columns); i++)
    {
      GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (_(gw_review_find_column (tile_columns[i])->title));
      GtkWidget *value = gtk_label_new (NULL);
      GtkWidget *change = gtk_label_new (NULL);

      gtk_widget_add_css_class (tile, "card");
      gtk_widget_add_css_class (tile, "gw-review-tile");
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_widget_add_css_class (value, "title-1");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (change, "numeric");
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
      gtk_box_append (GTK_BOX (tile), title);
      gtk_box_append (GTK_BOX (tile), value);
      gtk_box_append (GTK_BOX (tile), change);
      gtk_box_append (self->tiles, tile);
      self->tile_values[i] = GTK_LABEL (value);
      self->tile_changes[i] = GTK_LABEL (change);
    }
}

static void
gw_review_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwReviewPage *self = GW_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      g_value_set_string (value, periods[self->period].id);
      break;
    case PROP_BY:
      g_value_set_string (value, gw_stats_by_to_string (self->by));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_review_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GwReviewPage *self = GW_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_PERIOD:
      set_period (self, g_value_get_string (value));
      break;
    case PROP_BY:
      set_by (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_review_page_map (GtkWidget *widget)
{
  GwReviewPage *self = GW_REVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (gw_review_page_parent_class)->map (widget);
  /* What changed while nobody looked. */
  gw_review_page_recompute (self);
}

static void
gw_review_page_dispose (GObject *object)
{
  GwReviewPage *self = (GwReviewPage *) object;

  g_clear_handle_id (&self->recompute_id, g_source_remove);
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_pointer (&self->review, gw_review_free);
  gw_reference_data_follow (&self->reference, NULL, self, NULL);
  g_clear_pointer (&self->town, g_free);
  g_clear_object (&self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (gw_review_page_parent_class)->dispose (object);
}

static void
gw_review_page_finalize (GObject *object)
{
  GwReviewPage *self = (GwReviewPage *) object;
  guint n;

  gw_review_get_columns (&n);
  for (guint i = 0; self->value_columns && i < n; i++)
    g_object_unref (self->value_columns[i]);
  g_free (self->value_columns);

  G_OBJECT_CLASS (gw_review_page_parent_class)->finalize (object);
}

static void
gw_review_page_class_init (GwReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gw_review_page_get_property;
  object_class->set_property = gw_review_page_set_property;
  object_class->dispose = gw_review_page_dispose;
  object_class->finalize = gw_review_page_finalize;
  widget_class->map = gw_review_page_map;

  properties[PROP_PERIOD] = g_param_spec_string ("period", NULL, NULL, "month", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BY] = g_param_spec_string ("by", NULL, NULL, "town", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GW_TYPE_BAR_CHART);
  g_type_ensure (GW_TYPE_MAP_VIEW);
  g_type_ensure (GW_TYPE_TREND_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, period_button);
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, county_button);
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, tiles);
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, table);
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, trend);
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, map);
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, bars_heading);
  gtk_widget_class_bind_template_child (widget_class, GwReviewPage, bars);
  gtk_widget_class_bind_template_callback (widget_class, on_table_activate);

  gtk_widget_class_install_property_action (widget_class, "review.period", "period");
  gtk_widget_class_install_property_action (widget_class, "review.by", "by");
  gtk_widget_class_install_action (widget_class, "review.county", NULL, county_action);
  gtk_widget_class_install_action (widget_class, "review.export", "s", export_action);
}

static void
gw_review_page_init (GwReviewPage *self)
{
  self->period = 2;   /* this month */
  self->by = GW_STATS_BY_TOWN;
  self->rows = g_list_store_new (GW_TYPE_REVIEW_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  setup_table (self);
  setup_tiles (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.county", FALSE);
  gw_review_page_recompute (self);
}

/* ---- feeding ---- */

void
gw_review_page_set_model (GwReviewPage *self,
                          GwCaseModel  *model)
{
  g_return_if_fail (GW_IS_REVIEW_PAGE (self));

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (queue_recompute), self);
  queue_recompute (self);
}

/* The grids or names were read again. */
static void
on_reference_changed (GwReviewPage *self)
{
  gw_map_view_set_grids (self->map, reference_list (self, gw_reference_data_get_grids));
  queue_recompute (self);
}

void
gw_review_page_set_session (GwReviewPage *self,
                            GwSession    *session)
{
  GwReferenceData *reference;

  g_return_if_fail (GW_IS_REVIEW_PAGE (self));

  g_set_object (&self->session, session);
  reference = session ? gw_session_get_reference_data (session) : NULL;
  if (gw_reference_data_follow (&self->reference, reference, self, G_CALLBACK (on_reference_changed)))
    on_reference_changed (self);
  queue_recompute (self);
}

GwReview *
gw_review_page_get_review (GwReviewPage *self)
{
  g_return_val_if_fail (GW_IS_REVIEW_PAGE (self), NULL);
  return self->review;
}

const char *
gw_review_page_get_town (GwReviewPage *self)
{
  g_return_val_if_fail (GW_IS_REVIEW_PAGE (self), NULL);
  return self->town;
}

GListModel *
gw_review_page_get_rows (GwReviewPage *self)
{
  g_return_val_if_fail (GW_IS_REVIEW_PAGE (self), NULL);
  return G_LIST_MODEL (gtk_column_view_get_model (self->table));
}

const char *
gw_review_page_get_tile_text (GwReviewPage *self,
                              const char   *column_id)
{
  g_return_val_if_fail (GW_IS_REVIEW_PAGE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tile_columns); i++)
    if (g_str_equal (tile_columns[i], column_id))
      return gtk_label_get_text (self->tile_values[i]);
  return NULL;
}

GtkWidget *
gw_review_page_get_map (GwReviewPage *self)
{
  g_return_val_if_fail (GW_IS_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->map);
}

GtkWidget *
gw_review_page_get_bars (GwReviewPage *self)
{
  g_return_val_if_fail (GW_IS_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->bars);
}

GtkWidget *
gw_review_page_get_trend (GwReviewPage *self)
{
  g_return_val_if_fail (GW_IS_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->trend);
}
