/* gw-case-queue.c: the dispatcher's queue of cases, with saved views
 *
 * A GtkColumnView over the window's GwCaseModel, sorted by the column the
 * dispatcher clicked, then narrowed by the shared GwCaseFilter (what the
 * map shows), by the saved view chosen on the left and by the full-text
 * search. Several cases can be selected for the bulk actions below. The
 * views show how many cases each holds, counted after every change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-queue"

#include "config.h"

#include <glib/gi18n.h>
#include <time.h>

#include "gw-case-labels.h"
#include "gw-case-names.h"
#include "gw-case-queue.h"
#include "gw-case-rules.h"
#include "gw-desk-rules.h"
#include "gw-case-symbols.h"
#include "gw-queue-cell.h"
#include "gw-queue-counts.h"
#include "gw-queue-keys.h"
#include "gw-queue-model.h"
#include "gw-queue-query.h"

struct _GwCaseQueue
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GwQueueViews *views;
  GtkSearchEntry *search;
  GtkColumnView *column_view;
  GtkRevealer *bulk_revealer;
  GtkLabel *bulk_label;
  gboolean read_only;           /* a leader's: no bulk actions */

  GwCaseModel *model;
  GwCaseKeys *keys;           /* what the matching reads, by position */
  GwQueueQuery *query;        /* what is asked now; NULL: to be made */
  GwCaseFilter *filter;
  GwQueueModel *shown;        /* also the selection */

  GwQueueView view;
  char *user;
  GHashTable *matching;       /* ids found by the search; NULL: no search */
  GtkBitset *found;           /* the same as positions in the model, */
  guint found_below;          /* for the cases at positions below this */
  guint counts[GW_QUEUE_N_VIEWS];
  GHashTable *department_counts;  /* department id → open cases it holds */
  char *department;               /* the department view's, or NULL */
  guint count_id;
  gboolean counting;            /* a count is on its way from a thread */
  gboolean count_again;         /* the cases changed while counting */
  gboolean counted_at_once;     /* since the count on its way began */
  GCancellable *cancellable;
  char *focused_id;
  gint64 now;               /* one clock for a whole refilter */
  GwWorkCalendar *calendar; /* counts the return visits' working days */
  GwReferenceData *reference;  /* names categories, grids and assignees */
  guint return_visit_days;  /* the server's window; 0: the default */
};

G_DEFINE_FINAL_TYPE (GwCaseQueue, gw_case_queue, GTK_TYPE_WIDGET)

enum {
  CASE_SELECTED,
  CASE_ACTIVATED,
  SEARCH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Closed, not yet called back, and still within the working days the
 * server allows for it. */
static gboolean
visit_due (GwCase         *kase,
           gint64          now,
           GwWorkCalendar *calendar,
           guint           days)
{
  g_autoptr(GDateTime) when = NULL;
  GwCaseContext context = { 0 };

  if (gw_case_get_status (kase) != GW_CASE_STATUS_CLOSED)
    return FALSE;
  when = g_date_time_new_from_unix_utc (now);
  context.now = when;
  context.calendar = calendar;
  context.return_visit_days = days;
  return gw_desk_rules_visit_is_open (gw_case_get_data (kase), &context);
}

gboolean
gw_case_queue_view_matches (GwQueueView  view,
                            GwCase      *kase,
                            const char  *user,
                            gint64       now)
{
  const GwCaseData *d = gw_case_get_data (kase);
  const char *town;

  switch (view)
    {
    case GW_QUEUE_VIEW_NEW:
      return d->status == GW_CASE_STATUS_REPORTED;
    case GW_QUEUE_VIEW_OVERDUE:
      return gw_case_is_overdue (kase, now);
    case GW_QUEUE_VIEW_DUE_SOON:
      return gw_case_is_due_soon (kase, now);
    case GW_QUEUE_VIEW_RETURNED:
      return d->status == GW_CASE_STATUS_RETURNED;
    case GW_QUEUE_VIEW_EXTENSIONS:
      return d->requested_deadline != NULL && gw_case_status_is_running (d->status);
    case GW_QUEUE_VIEW_HELD:
      return d->status == GW_CASE_STATUS_SUSPENDED || d->status == GW_CASE_STATUS_REGISTERED;
    case GW_QUEUE_VIEW_MINE:
      /* Given to me, for a grid worker or department; a dispatcher's are
       * the ones waiting at the desk. */
      if (user && d->assignee && g_str_has_suffix (d->assignee, user) && strchr (d->assignee, ':') &&
          g_str_equal (strchr (d->assignee, ':') + 1, user))
        return gw_case_status_is_open (d->status);
      return d->status == GW_CASE_STATUS_ACCEPTED || d->status == GW_CASE_STATUS_FILED ||
             d->status == GW_CASE_STATUS_HANDLED || d->status == GW_CASE_STATUS_VERIFIED;
    case GW_QUEUE_VIEW_UNPLACED:
      return d->location == GW_CASE_LOCATION_UNKNOWN && gw_case_status_is_open (d->status);
    case GW_QUEUE_VIEW_TOWNS:
      /* A town's own user ("NAME@CODE") sees its town's. */
      town = gw_case_data_handling_town (d);
      return town && (gw_user_town (user) == NULL || g_str_equal (town, gw_user_town (user))) &&
             gw_case_status_is_open (d->status);
    case GW_QUEUE_VIEW_VISITS:
      return visit_due (kase, now, NULL, 0);
    case GW_QUEUE_VIEW_DEPARTMENT:   /* narrowed to one department by the queue */
    case GW_QUEUE_VIEW_OPEN:
    default:
      return gw_case_status_is_open (d->status);
    }
}


/* The view with return visits counted on @calendar with the server's
 * window of @return_visit_days (0: the default). Safe in a thread: the
 * case is immutable and the calendar locks what can change. */
gboolean
gw_case_queue_view_matches_full (GwQueueView     view,
                                 GwCase         *kase,
                                 const char     *user,
                                 gint64          now,
                                 GwWorkCalendar *calendar,
                                 guint           return_visit_days)
{
  if (view == GW_QUEUE_VIEW_VISITS)
    return visit_due (kase, now, calendar, return_visit_days);
  return gw_case_queue_view_matches (view, kase, user, now);
}

/* The view as this queue counts it: return visits with the server's
 * window on the working calendar. */
static gboolean
view_matches (GwCaseQueue *self,
              GwQueueView  view,
              GwCase      *kase,
              gint64       now)
{
  return gw_case_queue_view_matches_full (view, kase, self->user, now, self->calendar, self->return_visit_days);
}

/* The search's answer as positions in the model, looked up once per
 * answer: hashing every case's id on every keystroke was most of a
 * refilter. Cases that came after the answer are looked up by id. */
static void
find_positions (GwCaseQueue *self)
{
  GHashTableIter iter;
  gpointer id;
  guint position;

  g_clear_pointer (&self->found, gtk_bitset_unref);
  self->found_below = 0;
  if (self->matching == NULL || self->model == NULL)
    return;
  self->found = gtk_bitset_new_empty ();
  self->found_below = gw_case_model_get_size (self->model);
  g_hash_table_iter_init (&iter, self->matching);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (gw_case_model_lookup (self->model, id, &position))
      gtk_bitset_add (self->found, position);
}

static gboolean
search_matches (GwCaseQueue *self,
                GwCase      *kase,
                guint        position)
{
  if (self->matching == NULL)
    return TRUE;
  if (position < self->found_below)
    return gtk_bitset_contains (self->found, position);
  return g_hash_table_contains (self->matching, gw_case_get_id (kase));
}

/* The view and the filter on the keys, then the search; return visits,
 * which the keys cannot tell, on the closed cases left. */
static void
match_cases (guint8   *matches,
             guint     from,
             guint     n,
             gpointer  user_data)
{
  GwCaseQueue *self = user_data;

  if (self->query == NULL)
    self->query = gw_queue_query_new (self->keys, self->view, self->user, self->department, self->filter, self->now);
  gw_queue_query_run (self->query, matches, from, n);
  if (self->matching == NULL && self->view != GW_QUEUE_VIEW_VISITS)
    return;
  for (guint position = from; position < from + n; position++)
    {
      GwCase *kase;

      if (!matches[position])
        continue;
      kase = position < self->found_below ? NULL : gw_case_model_get (self->model, position);
      if (!search_matches (self, kase, position))
        matches[position] = FALSE;
      else if (self->view == GW_QUEUE_VIEW_VISITS)
        matches[position] = view_matches (self, self->view, gw_case_model_get (self->model, position), self->now);
    }
}

/* ---- columns ---- */

static char *
reported_text (GwCase *kase)
{
  time_t reported = (time_t) gw_case_get_reported_unix (kase);
  struct tm local;
  char text[64];

  /* strftime, not GDateTime: forty rows change on every filter change. */
  if (reported <= 0 || localtime_r (&reported, &local) == NULL ||
      /* Translators: a date and time in the case queue, as strftime() formats it */
      strftime (text, sizeof text, _("%m-%d %H:%M"), &local) == 0)
    return g_strdup ("");
  return g_strdup (text);
}

static char *
state_text (GwCase *kase)
{
  const GwCaseData *d = gw_case_get_data (kase);
  const GwEscalation *e = gw_case_data_get_escalation (d);
  gboolean escalated = e && gw_escalation_is_open (e);

  return g_strdup_printf ("%s%s%s%s%s", gw_case_status_label (d->status),
                          d->requested_deadline ? _(" · extension asked") : "",
                          escalated ? " · " : "", escalated ? gw_escalation_state_label (e->state) : "",
                          gw_case_get_pending (kase) ? _(" (sending)") : "");
}

/* A case that may repeat an open one says so until the desk decides. */
static const char *
duplicate_badge (const GwCaseData *d)
{
  if (d->duplicate_of)
    return _("[Duplicate] ");
  if (d->possible_duplicates && d->possible_duplicates[0] && gw_case_status_is_open (d->status))
    return _("[Possible duplicate] ");
  return "";
}

/* What the queue's cells show: with the queue's names and its clock. */
static char *
describe (GwQueueColumn   column,
          GwCase         *kase,
          const char    **tone,
          gpointer        user_data)
{
  GwCaseQueue *self = user_data;
  const GwCaseData *d = gw_case_get_data (kase);
  const char *name;
  gint64 now = self->now;

  switch (column)
    {
    case GW_QUEUE_COLUMN_ID:
      return g_strdup (d->id);
    case GW_QUEUE_COLUMN_PROBLEM:
      name = self->reference ? gw_reference_data_get_category_name (self->reference, d->category) : NULL;
      *tone = d->urgent ? "error" : NULL;
      return g_strdup_printf ("%s%s%s — %s", d->urgent ? _("[Urgent] ") : "", duplicate_badge (d),
                              name ? name : (d->category ? d->category : ""), d->description ? d->description : "");
    case GW_QUEUE_COLUMN_GRID:
      name = self->reference ? gw_reference_data_get_grid_name (self->reference, d->grid) : NULL;
      return g_strdup (name ? name : (d->grid ? d->grid : _("outside the grids")));
    case GW_QUEUE_COLUMN_STATE:
      /* A town that handles the case itself, by name, before its state:
       * a long state is cut at its end, the town stays in sight. */
      if ((name = gw_case_data_handling_town (d)))
        {
          g_autofree char *state = state_text (kase);
          const char *town_name = self->reference ? gw_reference_data_get_grid_name (self->reference, name) : NULL;

          return g_strdup_printf ("%s · %s", town_name ? town_name : name, state);
        }
      return state_text (kase);
    case GW_QUEUE_COLUMN_ASSIGNEE:
      {
        char *assignee = gw_case_assignee_label (self->reference, d->assignee);

        return assignee ? assignee : g_strdup ("—");
      }
    case GW_QUEUE_COLUMN_TIME_LEFT:
      *tone = gw_case_is_overdue (kase, now) ? "error" : gw_case_is_due_soon (kase, now) ? "warning" : NULL;
      return gw_case_time_left_label (kase, now);
    case GW_QUEUE_COLUMN_REPORTED:
    default:
      return reported_text (kase);
    }
}

/* What a column's factory makes its cells with. */
typedef struct
{
  GwCaseQueue *queue;       /* owns the column view that owns the factory */
  GwQueueColumn column;
} ColumnCells;

static void
column_cells_free (gpointer  data,
                   GClosure *closure)
{
  g_free (data);
}

/* A cell for life: it follows whichever row its list item holds. */
static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ColumnCells              *cells)
{
  gw_queue_cell_attach (item, cells->column, describe, cells->queue);
}

static int
compare_cases (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GwCase *ca = (GwCase *) a, *cb = (GwCase *) b;
  const GwCaseData *da = gw_case_get_data (ca), *db = gw_case_get_data (cb);
  GwQueueColumn column = GPOINTER_TO_INT (user_data);
  gint64 x = 0, y = 0;
  int result;

  switch (column)
    {
    case GW_QUEUE_COLUMN_ID:
      return g_strcmp0 (da->id, db->id);
    case GW_QUEUE_COLUMN_PROBLEM:
      result = g_strcmp0 (da->category, db->category);
      return result ? result : g_strcmp0 (da->id, db->id);
    case GW_QUEUE_COLUMN_GRID:
      result = g_strcmp0 (da->grid, db->grid);
      return result ? result : g_strcmp0 (da->id, db->id);
    case GW_QUEUE_COLUMN_STATE:
      x = da->status, y = db->status;
      break;
    case GW_QUEUE_COLUMN_ASSIGNEE:
      result = g_strcmp0 (da->assignee, db->assignee);
      return result ? result : g_strcmp0 (da->id, db->id);
    case GW_QUEUE_COLUMN_TIME_LEFT:
      /* Cases without a running clock go last. */
      x = gw_case_status_is_running (da->status) && gw_case_get_deadline_unix (ca) ? gw_case_get_deadline_unix (ca) : G_MAXINT64;
      y = gw_case_status_is_running (db->status) && gw_case_get_deadline_unix (cb) ? gw_case_get_deadline_unix (cb) : G_MAXINT64;
      break;
    case GW_QUEUE_COLUMN_REPORTED:
    default:
      x = gw_case_get_reported_unix (ca), y = gw_case_get_reported_unix (cb);
      break;
    }
  if (x != y)
    return x < y ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return g_strcmp0 (da->id, db->id);
}

/* Wide enough for the widest of @texts in the UI's language and font,
 * with the cell's padding: fixed widths in pixels cut English. */
static int
text_width (GwCaseQueue        *self,
            const char * const *texts)
{
  int widest = 0;

  for (guint i = 0; texts[i]; i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->column_view), texts[i]);
      int width;

      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  return widest + 28;
}

static void
add_column (GwCaseQueue   *self,
            GwQueueColumn  column,
            const char    *title,
            gboolean       expand,
            int            width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_cases, GINT_TO_POINTER (column), NULL));
  ColumnCells *cells = g_new0 (ColumnCells, 1);

  cells->queue = self;
  cells->column = column;
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cell), cells, column_cells_free, 0);
  col = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_sorter (col, sorter);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_append_column (self->column_view, col);
}

/* ---- counts and selection ---- */

static void
show_counts (GwCaseQueue   *self,
             GwQueueCounts *counts)
{
  memcpy (self->counts, counts->views, sizeof self->counts);
  g_clear_pointer (&self->department_counts, g_hash_table_unref);
  self->department_counts = g_steal_pointer (&counts->departments);
  gw_queue_views_set_counts (self->views, self->counts, self->department_counts);
}

static gboolean count_views (gpointer user_data);

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwQueueCounts) counts = NULL;
  g_autoptr(GError) error = NULL;
  GwCaseQueue *self;

  counts = gw_queue_counts_compute_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  self->counting = FALSE;
  /* Counted at once meanwhile, for a caller that could not wait: those
   * counts are newer. */
  if (self->counted_at_once)
    self->counted_at_once = FALSE;
  else if (counts)
    show_counts (self, counts);
  if (self->count_again)
    {
      self->count_again = FALSE;
      count_views (self);
    }
}

/* In a thread: a count over every case, once per burst of changes. */
static gboolean
count_views (gpointer user_data)
{
  GwCaseQueue *self = user_data;

  self->count_id = 0;
  if (self->counting)
    {
      self->count_again = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (self->model == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      g_autoptr(GwQueueCounts) counts = gw_queue_counts_compute (none, NULL, NULL, 0, NULL, 0);

      show_counts (self, counts);
      return G_SOURCE_REMOVE;
    }
  self->counting = TRUE;
  self->counted_at_once = FALSE;
  gw_queue_counts_compute_async (self->model, self->filter, self->user, now_unix (), self->calendar,
                                 self->return_visit_days, self->cancellable, on_counted, self);
  return G_SOURCE_REMOVE;
}

/* For callers that need the counts as they are now. */
static void
count_at_once (GwCaseQueue *self)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GwQueueCounts) counts = NULL;

  if (self->count_id == 0 && !self->counting)
    return;
  g_clear_handle_id (&self->count_id, g_source_remove);
  cases = self->model ? gw_case_model_ref_cases (self->model) : g_ptr_array_new ();
  counts = gw_queue_counts_compute (cases, self->filter, self->user, now_unix (), self->calendar,
                                    self->return_visit_days);
  show_counts (self, counts);
  /* What is on its way is older. */
  self->counted_at_once = self->counting;
  self->count_again = FALSE;
}

static void
queue_count (GwCaseQueue *self)
{
  /* Once per burst of changes, not once per change. A first pull comes
   * in slices for seconds on end, each a change: counted every second
   * then, not four times (each a count of every case in a thread beside
   * the window's, and a relayout of the window for the new figures). */
  if (self->count_id == 0)
    self->count_id = g_timeout_add (self->model && gw_case_model_get_filling (self->model) ? 1000 : 250,
                                    count_views, self);
}

/* What the queue asks changed: a new query, on one clock. */
static void
match_anew (GwCaseQueue *self)
{
  self->now = now_unix ();
  g_clear_pointer (&self->query, gw_queue_query_free);
  gw_queue_model_refilter (self->shown);
}

static void
refilter (GwCaseQueue *self)
{
  match_anew (self);
  queue_count (self);
}

static void
on_selection_changed (GwCaseQueue *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->shown));
  guint n = gtk_bitset_get_size (selected);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case selected", "%u cases selected", n), n);

  gtk_label_set_text (self->bulk_label, text);
  gtk_revealer_set_reveal_child (self->bulk_revealer, n > 1 && !self->read_only);

  if (n == 1)
    {
      GwCase *kase = gw_queue_model_get_case (self->shown, gtk_bitset_get_nth (selected, 0));

      if (g_strcmp0 (self->focused_id, gw_case_get_id (kase)) != 0)
        {
          g_free (self->focused_id);
          self->focused_id = g_strdup (gw_case_get_id (kase));
          g_signal_emit (self, signals[CASE_SELECTED], 0, self->focused_id);
        }
    }
}

static void
on_activate (GtkColumnView *view,
             guint          position,
             GwCaseQueue   *self)
{
  GwCase *kase = gw_queue_model_get_case (self->shown, position);

  if (kase)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, gw_case_get_id (kase));
}

static void
on_view_selected (GwCaseQueue *self,
                  GwQueueView  view,
                  const char  *department)
{
  if (view == GW_QUEUE_VIEW_DEPARTMENT)
    gw_case_queue_show_department (self, department);
  else
    gw_case_queue_set_view (self, view);
}

static void
on_search_changed (GwCaseQueue *self)
{
  g_signal_emit (self, signals[SEARCH_CHANGED], 0, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

/* ---- actions bound to keys ---- */

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  gw_case_queue_move (GW_CASE_QUEUE (widget), g_variant_get_int32 (param));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (GW_CASE_QUEUE (widget)->search));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GwCaseQueue *self = GW_CASE_QUEUE (widget);

  if (self->focused_id)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, self->focused_id);
}

static gboolean
gw_case_queue_grab_focus (GtkWidget *widget)
{
  /* Into the cases, where the keys work. */
  return gtk_widget_grab_focus (GTK_WIDGET (GW_CASE_QUEUE (widget)->column_view));
}

static void
gw_case_queue_dispose (GObject *object)
{
  GwCaseQueue *self = (GwCaseQueue *) object;

  g_clear_handle_id (&self->count_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->filter)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  if (self->shown)
    g_signal_handlers_disconnect_by_data (self->shown, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CASE_QUEUE);
  g_clear_pointer (&self->query, gw_queue_query_free);
  g_clear_object (&self->keys);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);
  g_clear_object (&self->shown);
  g_clear_object (&self->calendar);
  gw_reference_data_follow (&self->reference, NULL, self, NULL);
  g_clear_pointer (&self->matching, g_hash_table_unref);
  g_clear_pointer (&self->found, gtk_bitset_unref);
  g_clear_pointer (&self->department_counts, g_hash_table_unref);
  g_clear_pointer (&self->department, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->focused_id, g_free);

  G_OBJECT_CLASS (gw_case_queue_parent_class)->dispose (object);
}

static void
gw_case_queue_class_init (GwCaseQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_queue_dispose;
  widget_class->grab_focus = gw_case_queue_grab_focus;

  /* One case is selected: the panel shows it. */
  signals[CASE_SELECTED] = g_signal_new ("case-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Enter or a double click on a case. */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The search text changed: whoever has the index answers with ids. */
  signals[SEARCH_CHANGED] = g_signal_new ("search-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (GW_TYPE_QUEUE_VIEWS);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-case-queue.ui");
  gtk_widget_class_bind_template_child (widget_class, GwCaseQueue, box);
  gtk_widget_class_bind_template_child (widget_class, GwCaseQueue, views);
  gtk_widget_class_bind_template_child (widget_class, GwCaseQueue, search);
  gtk_widget_class_bind_template_child (widget_class, GwCaseQueue, column_view);
  gtk_widget_class_bind_template_child (widget_class, GwCaseQueue, bulk_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwCaseQueue, bulk_label);

  gtk_widget_class_install_action (widget_class, "queue.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "queue.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "queue.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "queue.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "queue.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_slash, 0, "queue.search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-case-queue");
}

static void
gw_case_queue_init (GwCaseQueue *self)
{
  g_autoptr(GtkColumnViewColumn) first = NULL;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->calendar = gw_work_calendar_new_china ();

  self->department_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->views, "view-selected", G_CALLBACK (on_view_selected), self);

  {
    g_autofree char *days = g_strdup_printf (_("%d days"), 999);
    g_autofree char *overdue = g_strdup_printf (_("overdue by %s"), days);
    g_autofree char *hours = g_strdup_printf (_("%d h %02d min"), 23, 59);
    g_autofree char *left = g_strdup_printf (_("%s left"), hours);
    g_autofree char *state = g_strdup_printf ("%s · %s", gw_case_status_label (GW_CASE_STATUS_IN_PROGRESS),
                                              gw_escalation_state_label (GW_ESCALATION_AWAITING_REPORT));
    const char *time_left[] = { overdue, left, NULL };
    const char *states[] = { state, NULL };
    const char *ids[] = { "GW20261231-00000", NULL };
    const char *reported[] = { "12-31 23:59", NULL };

    add_column (self, GW_QUEUE_COLUMN_TIME_LEFT, _("Time Left"), FALSE, text_width (self, time_left));
    add_column (self, GW_QUEUE_COLUMN_PROBLEM, _("Problem"), TRUE, 220);
    add_column (self, GW_QUEUE_COLUMN_GRID, _("Grid"), FALSE, 130);
    add_column (self, GW_QUEUE_COLUMN_STATE, _("State"), FALSE, text_width (self, states));
    add_column (self, GW_QUEUE_COLUMN_ASSIGNEE, _("Assigned to"), FALSE, 110);
    add_column (self, GW_QUEUE_COLUMN_ID, _("Case"), FALSE, text_width (self, ids));
    add_column (self, GW_QUEUE_COLUMN_REPORTED, _("Reported"), FALSE, text_width (self, reported));
  }

  /* Sorted first, filtered second, in plain arrays: a filter change, the
   * common thing, then walks the cases once and sorts nothing. */
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->now = now_unix ();
  self->shown = gw_queue_model_new (match_cases, self);
  gw_queue_model_set_sorter (self->shown, sorter);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->shown));
  gw_queue_keys_attach (self->column_view, self->shown);
  g_signal_connect_swapped (self->shown, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_activate), self);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed), self);

  /* Most urgent first: the least time left. The list model hands out a
   * reference that sort_by_column does not take. */
  first = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), 0);
  gtk_column_view_sort_by_column (self->column_view, first, GTK_SORT_ASCENDING);
}

/* ---- API ---- */

void
gw_case_queue_set_model (GwCaseQueue  *self,
                         GwCaseModel  *model,
                         GwCaseFilter *filter)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->filter)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_set_object (&self->model, model);
  g_set_object (&self->filter, filter);
  g_clear_pointer (&self->query, gw_queue_query_free);
  g_clear_object (&self->keys);
  if (model)
    self->keys = gw_case_keys_new (model);
  if (model)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (queue_count), self);
  if (filter)
    g_signal_connect_swapped (filter, "changed", G_CALLBACK (refilter), self);
  self->now = now_unix ();
  find_positions (self);
  gw_queue_model_set_base (self->shown, model);
  refilter (self);
}

void
gw_case_queue_set_user (GwCaseQueue *self,
                        const char  *user)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));

  if (g_strcmp0 (self->user, user) == 0)
    return;
  g_free (self->user);
  self->user = g_strdup (user);
  refilter (self);
}

/* The names were read again: the cells say them anew. */
static void
on_names_changed (GwCaseQueue *self)
{
  gw_queue_model_rebind (self->shown);
}

/* What names the categories, grids, towns and assignees; the cells follow
 * its "changed". */
void
gw_case_queue_set_reference_data (GwCaseQueue     *self,
                                  GwReferenceData *reference)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));

  if (gw_reference_data_follow (&self->reference, reference, self, G_CALLBACK (on_names_changed)))
    on_names_changed (self);
}

/* The working days after closing in which the resident is called back. */
void
gw_case_queue_set_return_visit_days (GwCaseQueue *self,
                                     guint        days)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));

  if (self->return_visit_days == days)
    return;
  self->return_visit_days = days;
  refilter (self);
}

/* NULL: no search; else only these cases. */
void
gw_case_queue_set_search (GwCaseQueue *self,
                          GPtrArray   *matching_ids)
{
  g_autoptr(GtkBitset) old_found = NULL;
  g_autoptr(GtkBitset) changed = NULL;
  guint changed_from;

  g_return_if_fail (GW_IS_CASE_QUEUE (self));

  old_found = self->found ? gtk_bitset_ref (self->found) : NULL;
  changed_from = self->found_below;
  g_clear_pointer (&self->matching, g_hash_table_unref);
  if (matching_ids)
    {
      self->matching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < matching_ids->len; i++)
        g_hash_table_add (self->matching, g_strdup (g_ptr_array_index (matching_ids, i)));
    }
  find_positions (self);
  /* From one answer to the next, only the cases found by one of them and
   * not the other, and those looked up by id, can change. */
  if (old_found == NULL || self->found == NULL || self->model == NULL)
    {
      refilter (self);
      return;
    }
  changed = gtk_bitset_copy (old_found);
  gtk_bitset_difference (changed, self->found);
  changed_from = MIN (changed_from, self->found_below);
  if (gw_case_model_get_size (self->model) > changed_from)
    gtk_bitset_add_range (changed, changed_from, gw_case_model_get_size (self->model) - changed_from);
  gw_queue_model_refilter_positions (self->shown, changed);
  queue_count (self);
}

void
gw_case_queue_set_view (GwCaseQueue *self,
                        GwQueueView  view)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  g_return_if_fail (view < GW_QUEUE_N_VIEWS);

  if (self->view != view)
    {
      self->view = view;
      g_clear_pointer (&self->department, g_free);
      match_anew (self);
    }
  gw_queue_views_select (self->views, view, NULL);
}

/* What one department has been given and still holds. */
void
gw_case_queue_show_department (GwCaseQueue *self,
                               const char  *department_id)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  g_return_if_fail (department_id != NULL);

  if (self->view != GW_QUEUE_VIEW_DEPARTMENT || g_strcmp0 (self->department, department_id) != 0)
    {
      self->view = GW_QUEUE_VIEW_DEPARTMENT;
      g_free (self->department);
      self->department = g_strdup (department_id);
      match_anew (self);
    }
  gw_queue_views_select (self->views, GW_QUEUE_VIEW_DEPARTMENT, department_id);
}

void
gw_case_queue_set_departments (GwCaseQueue *self,
                               GPtrArray   *departments)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));

  gw_queue_views_set_departments (self->views, departments);
  queue_count (self);
}

GwQueueView
gw_case_queue_get_view (GwCaseQueue *self)
{
  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), GW_QUEUE_VIEW_OPEN);
  return self->view;
}

guint
gw_case_queue_get_view_count (GwCaseQueue *self,
                              GwQueueView  view)
{
  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), 0);
  g_return_val_if_fail (view < GW_QUEUE_N_VIEWS, 0);

  count_at_once (self);
  return self->counts[view];
}

guint
gw_case_queue_get_department_count (GwCaseQueue *self,
                                    const char  *department_id)
{
  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), 0);

  count_at_once (self);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->department_counts, department_id));
}

guint
gw_case_queue_get_n_shown (GwCaseQueue *self)
{
  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), 0);
  gw_queue_model_flush (self->shown);
  return gw_queue_model_get_n_shown (self->shown);
}

char **
gw_case_queue_get_selected (GwCaseQueue *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), NULL);
  gw_queue_model_flush (self->shown);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->shown));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      GwCase *kase = gw_queue_model_get_case (self->shown, position);

      g_strv_builder_add (ids, gw_case_get_id (kase));
    }
  return g_strv_builder_end (ids);
}

gboolean
gw_case_queue_select (GwCaseQueue *self,
                      const char  *case_id)
{
  guint n;

  g_return_val_if_fail (GW_IS_CASE_QUEUE (self), FALSE);
  gw_queue_model_flush (self->shown);

  n = gw_queue_model_get_n_shown (self->shown);
  for (guint i = 0; i < n; i++)
    {
      GwCase *kase = gw_queue_model_get_case (self->shown, i);

      if (g_strcmp0 (gw_case_get_id (kase), case_id) == 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->shown), i, TRUE);
          gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

/* j and k: the next or previous case becomes the one selected. */
void
gw_case_queue_move (GwCaseQueue *self,
                    int          step)
{
  g_autoptr(GtkBitset) selected = NULL;
  guint n, position = 0;

  g_return_if_fail (GW_IS_CASE_QUEUE (self));
  gw_queue_model_flush (self->shown);

  n = gw_queue_model_get_n_shown (self->shown);
  if (n == 0)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->shown));
  if (!gtk_bitset_is_empty (selected))
    position = (guint) CLAMP ((int) gtk_bitset_get_minimum (selected) + step, 0, (int) n - 1);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->shown), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", position);
}

/* Time passed: time left, overdue and due soon change. */
void
gw_case_queue_refresh_time (GwCaseQueue *self)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));

  refilter (self);
  gw_queue_model_rebind (self->shown);
}

/* Leaders look and do not touch: no bulk action bar. */
void
gw_case_queue_set_read_only (GwCaseQueue *self,
                             gboolean     read_only)
{
  g_return_if_fail (GW_IS_CASE_QUEUE (self));

  self->read_only = read_only;
  gtk_widget_set_visible (GTK_WIDGET (self->bulk_revealer), !read_only);
}
