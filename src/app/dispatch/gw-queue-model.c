/* gw-queue-model.c: the queue's rows, sorted, filtered and selected
 *
 * GtkFilterListModel and GtkSortListModel reach every case through
 * GListModel, a reference and a type check each; over 100,000 cases a
 * filter change cost a large part of a second. This model keeps the
 * cases' positions in the GwCaseModel in two plain arrays: all of them in
 * the sorter's order, and those that match. A filter change walks the
 * first array once; a sort happens only when the cases or the sorting
 * change, at most once per main-loop turn.
 *
 * The items are GwQueueRows, one per position, made when the list asks
 * for them: a filter change gives the rows on screen their new cases and
 * announces only the change in length, so GTK keeps every row widget.
 *
 * GTK 4.8's list views build row widgets for the first two hundred or so
 * positions and destroy those of positions that leave the list: a filter
 * that left thirty cases, then one that gave back thousands, destroyed
 * and rebuilt some 170 rows of seven cells, a tenth of a second each way.
 * So the list never gets shorter than the rows GTK has built: positions
 * past the last case shown hold placeholders, rows without a case, which
 * the cells hide (gw-queue-cell.c). The first time the list fills, those
 * rows are built a few per main-loop turn, not all in one.
 *
 * A case's match is kept until something it depends on changes: the
 * case itself, or what the queue asks (gw_queue_model_refilter), or the
 * search's answer for some cases (gw_queue_model_refilter_positions). A
 * feed page then matches only the cases it brought.
 *
 * The model is its own selection. What is selected is a set of cases
 * (positions in the GwCaseModel, which never move), so a selection
 * survives sorting and filtering; cases the filter hides are dropped from
 * it, so a bulk action never touches a case the dispatcher cannot see.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-model"

#include "config.h"

#include "gw-queue-model.h"
#include "gw-sliced-sort.h"

/* Fewer cases than this are sorted at once; more, between frames. */
#define SLICED_FROM 20000
/* The main thread's share of a frame that a slice of the sort takes. */
#define SLICE_US 4000
/* Rows GTK 4.8 builds around the top of a list view
 * (GTK_LIST_VIEW_MAX_LIST_ITEMS): the list keeps at least this many
 * positions once it has held them. No more: a placeholder past the rows
 * built would be guessed a row's height and leave a gap at the end. */
#define KEPT_ROWS 205
/* Rows built in one main-loop turn while the list first fills: most of
 * a screenful, a few milliseconds of GTK's work. */
#define BUILT_PER_TURN 20

struct _GwQueueModel
{
  GObject parent_instance;
  GwCaseModel *base;
  GtkSorter *sorter;
  GwQueueMatch match;
  gpointer match_data;
  GArray *order;            /* of guint: every position, sorted */
  GArray *shown;            /* of guint: the matching ones, in order */
  GArray *spare;            /* the last shown, kept: no new pages per change */
  guint n_items;            /* what the list was told: shown, then placeholders */
  guint kept;               /* positions the list keeps, at most KEPT_ROWS */
  guint grow_id;            /* builds the next rows while the list first fills */
  GByteArray *matches;      /* by position in base */
  guint matched;            /* matches below this position are known, */
  GtkBitset *rematch;       /* but for these */
  GHashTable *rows;         /* shown position → GwQueueRow, not owned */
  GtkBitset *selected;      /* positions in base */
  GtkBitset *replaced;      /* positions in base changed since the last refilter */
  GtkBitset *unsorted;      /* positions in base changed since the last sort */
  guint resort_id;
  GwSlicedSort *sorting;    /* every case, sorted between frames */
  guint sorting_id;
};

static void list_model_iface_init (GListModelInterface *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwQueueModel, gw_queue_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return GW_TYPE_QUEUE_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return GW_QUEUE_MODEL (model)->n_items;
}

static void
forget_row (gpointer  user_data,
            GObject  *where_the_row_was)
{
  GwQueueModel *self = user_data;
  GHashTableIter iter;
  gpointer row;

  /* Rows are looked up by position; a row that lost its position is not
   * in the table any more, and a live one is found by its pointer. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    if (row == (gpointer) where_the_row_was)
      {
        g_hash_table_iter_remove (&iter);
        return;
      }
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GwQueueModel *self = GW_QUEUE_MODEL (model);
  GwQueueRow *row;

  if (position >= self->n_items || self->base == NULL)
    return NULL;
  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row)
    return g_object_ref (row);
  row = gw_queue_row_new (gw_queue_model_get_case (self, position));
  g_object_weak_ref (G_OBJECT (row), forget_row, self);
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static GtkBitset *
get_selection_in_range (GtkSelectionModel *model,
                        guint              position,
                        guint              n_items)
{
  GwQueueModel *self = GW_QUEUE_MODEL (model);
  GtkBitset *result = gtk_bitset_new_empty ();

  if (gtk_bitset_is_empty (self->selected))
    return result;
  for (guint i = position; i < position + n_items && i < self->shown->len; i++)
    if (gtk_bitset_contains (self->selected, g_array_index (self->shown, guint, i)))
      gtk_bitset_add (result, i);
  return result;
}

static gboolean
set_selection (GtkSelectionModel *model,
               GtkBitset         *selected,
               GtkBitset         *mask)
{
  GwQueueModel *self = GW_QUEUE_MODEL (model);
  GtkBitsetIter iter;
  guint position, first = G_MAXUINT, last = 0;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, mask, &position); ok && position < self->shown->len;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      guint kase = g_array_index (self->shown, guint, position);
      gboolean was = gtk_bitset_contains (self->selected, kase);
      gboolean is = gtk_bitset_contains (selected, position);

      if (was == is)
        continue;
      if (is)
        gtk_bitset_add (self->selected, kase);
      else
        gtk_bitset_remove (self->selected, kase);
      first = MIN (first, position);
      last = MAX (last, position);
    }
  if (first <= last)
    gtk_selection_model_selection_changed (model, first, last - first + 1);
  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->get_selection_in_range = get_selection_in_range;
  iface->set_selection = set_selection;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  GwQueueModel *self = user_data;
  guint pa = *(const guint *) a, pb = *(const guint *) b;
  int result = gtk_sorter_compare (self->sorter, gw_case_model_get (self->base, pa), gw_case_model_get (self->base, pb));

  return result != 0 ? result : (pa < pb ? -1 : pa > pb);
}

static gboolean
is_sorted (GwQueueModel *self)
{
  return self->sorter && gtk_sorter_get_order (self->sorter) != GTK_SORTER_ORDER_NONE;
}

static void
stop_sorting (GwQueueModel *self)
{
  g_clear_handle_id (&self->sorting_id, g_source_remove);
  g_clear_pointer (&self->sorting, gw_sliced_sort_free);
}

static void
sort (GwQueueModel *self)
{
  guint n = self->base ? gw_case_model_get_size (self->base) : 0;

  stop_sorting (self);
  gtk_bitset_remove_all (self->unsorted);
  g_array_set_size (self->order, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->order, guint, i) = i;
  if (is_sorted (self))
    g_array_sort_with_data (self->order, compare_positions, self);
}

/* The first index in @order[from, to) whose case sorts after @position's. */
static guint
insertion_point (GwQueueModel *self,
                 const guint  *order,
                 guint         from,
                 guint         to,
                 guint         position)
{
  while (from < to)
    {
      guint middle = from + (to - from) / 2;

      if (compare_positions (&order[middle], &position, self) < 0)
        from = middle + 1;
      else
        to = middle;
    }
  return from;
}

static void sort_changes (GwQueueModel *self);
static void refilter_changes (GwQueueModel *self);

static gboolean
sort_slice (gpointer user_data)
{
  GwQueueModel *self = user_data;

  if (!gw_sliced_sort_step (self->sorting, SLICE_US))
    return G_SOURCE_CONTINUE;
  self->sorting_id = 0;
  g_array_unref (self->order);
  self->order = gw_sliced_sort_steal (self->sorting);
  g_clear_pointer (&self->sorting, gw_sliced_sort_free);
  /* What changed while sorting is sorted in now. */
  sort_changes (self);
  refilter_changes (self);
  return G_SOURCE_REMOVE;
}

/* Every case sorted anew, between frames; until then the list keeps the
 * order it has, and cases that came meanwhile wait for it. */
static void
start_sorting (GwQueueModel *self)
{
  guint n = gw_case_model_get_size (self->base);
  g_autoptr(GArray) positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  stop_sorting (self);
  gtk_bitset_remove_all (self->unsorted);
  for (guint i = 0; i < n; i++)
    g_array_append_val (positions, i);
  self->sorting = gw_sliced_sort_new (positions, compare_positions, self);
  self->sorting_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, sort_slice, self, NULL);
}

/* Sorts in only the cases that changed or came since the last sort: the
 * others keep their order, since what the sorters compare is the case's
 * own and a case that did not change did not move. A feed page of a few
 * cases then costs a few binary searches over the order, not a sort of
 * every case; sorting 100,000 cases was most of a live change's stall. */
static void
sort_changes (GwQueueModel *self)
{
  guint n = gw_case_model_get_size (self->base);
  guint sorted = self->order->len;
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) kept = NULL;
  GtkBitsetIter iter;
  guint position, from = 0;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, self->unsorted, &position); ok && position < sorted;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_array_append_val (moved, position);
  for (position = sorted; position < n; position++)
    g_array_append_val (moved, position);
  if (moved->len == 0)
    return;
  /* Many changes: one sort of everything costs less, between frames
   * when it is long. */
  if (moved->len > n / 16)
    {
      if (n >= SLICED_FROM)
        start_sorting (self);
      else
        sort (self);
      return;
    }

  g_array_sort_with_data (moved, compare_positions, self);
  kept = g_array_sized_new (FALSE, FALSE, sizeof (guint), sorted);
  for (guint i = 0; i < sorted; i++)
    {
      guint p = g_array_index (self->order, guint, i);

      if (!gtk_bitset_contains (self->unsorted, p))
        g_array_append_val (kept, p);
    }
  gtk_bitset_remove_all (self->unsorted);

  g_array_set_size (self->order, 0);
  for (guint i = 0; i < moved->len; i++)
    {
      guint p = g_array_index (moved, guint, i);
      guint at = insertion_point (self, (const guint *) kept->data, from, kept->len, p);

      g_array_append_vals (self->order, &g_array_index (kept, guint, from), at - from);
      g_array_append_val (self->order, p);
      from = at;
    }
  g_array_append_vals (self->order, &g_array_index (kept, guint, from), kept->len - from);
}

/* How many positions the list holds: every case shown, and at least the
 * rows GTK has built, the rest of them placeholders. While the list first
 * fills, a screenful more per main-loop turn (@grow), in turns of its
 * own: not in a refilter's, which has walked every case already. */
static gboolean grow (gpointer user_data);

static guint
items_to_show (GwQueueModel *self,
               gboolean      growing)
{
  guint n = self->shown->len;

  if (n > self->kept && self->kept < KEPT_ROWS)
    {
      n = growing ? MIN (n, self->kept + BUILT_PER_TURN) : self->kept;
      if (n < self->shown->len && self->grow_id == 0)
        self->grow_id = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, grow, self, NULL);
    }
  self->kept = MAX (self->kept, MIN (n, KEPT_ROWS));
  return MAX (n, self->kept);
}

/* Tells the list its new length; the positions both had only changed
 * cases, which their rows already show. */
static void
announce_length (GwQueueModel *self,
                 gboolean      growing,
                 gboolean      had_selection)
{
  guint old = self->n_items, common;

  self->n_items = items_to_show (self, growing);
  common = MIN (old, self->n_items);
  if (old != self->n_items)
    g_list_model_items_changed (G_LIST_MODEL (self), common, old - common, self->n_items - common);
  if (had_selection && common > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), 0, common);
}

static gboolean
grow (gpointer user_data)
{
  GwQueueModel *self = user_data;

  self->grow_id = 0;
  announce_length (self, TRUE, FALSE);
  return G_SOURCE_REMOVE;
}

/* Every row built gets the case now at its position, or none. */
static void
give_rows_cases (GwQueueModel *self)
{
  GHashTableIter iter;
  gpointer key, row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      guint position = GPOINTER_TO_UINT (key);

      if (position < self->shown->len)
        {
          guint kase = g_array_index (self->shown, guint, position);

          gw_queue_row_set_case (row, gw_case_model_get (self->base, kase),
                                 gtk_bitset_contains (self->replaced, kase));
        }
      else
        gw_queue_row_set_case (row, NULL, FALSE);   /* a placeholder, or about to leave */
    }
  gtk_bitset_remove_all (self->replaced);
}

/* Cases the filter hides are no longer selected. */
static gboolean
keep_selection (GwQueueModel *self)
{
  g_autoptr(GtkBitset) still_selected = NULL;

  if (gtk_bitset_is_empty (self->selected))
    return FALSE;
  still_selected = gtk_bitset_new_empty ();
  for (guint i = 0; i < self->shown->len; i++)
    if (gtk_bitset_contains (self->selected, g_array_index (self->shown, guint, i)))
      gtk_bitset_add (still_selected, g_array_index (self->shown, guint, i));
  gtk_bitset_unref (self->selected);
  self->selected = g_steal_pointer (&still_selected);
  return TRUE;
}

/* Matches the cases whose match is not known, in runs of neighbours. */
static void
match_changes (GwQueueModel *self)
{
  guint n = self->order->len;
  GtkBitsetIter iter;
  guint position, start = 0, end = 0;

  g_byte_array_set_size (self->matches, n);
  self->matched = MIN (self->matched, n);
  if (self->match == NULL)
    {
      memset (self->matches->data, TRUE, n);
      self->matched = n;
      return;
    }
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, self->rematch, &position); ok && position < self->matched;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      if (end > start && position == end)
        {
          end++;
          continue;
        }
      if (end > start)
        self->match (self->matches->data, start, end - start, self->match_data);
      start = position;
      end = position + 1;
    }
  if (end > start)
    self->match (self->matches->data, start, end - start, self->match_data);
  if (n > self->matched)
    self->match (self->matches->data, self->matched, n - self->matched, self->match_data);
  self->matched = n;
  gtk_bitset_remove_all (self->rematch);
}

/* Matches what changed, gives every row on screen its case and announces
 * only the change in length. */
static void
refilter_changes (GwQueueModel *self)
{
  GArray *old;
  const guint8 *matches;
  const guint *order;
  guint *shown, n = 0;

  /* The cases are matched in the order they lie in memory, then taken in
   * the sorter's order: reading them sorted was a cache miss per case.
   * Written in place, without a branch: an append per match was a tenth
   * of a change that shows most cases. */
  match_changes (self);
  matches = self->matches->data;
  old = self->shown;
  self->shown = self->spare;
  self->spare = old;
  g_array_set_size (self->shown, self->order->len);
  order = (const guint *) self->order->data;
  shown = (guint *) self->shown->data;
  for (guint i = 0; i < self->order->len; i++)
    {
      shown[n] = order[i];
      n += matches[order[i]] != 0;
    }
  g_array_set_size (self->shown, n);

  give_rows_cases (self);
  announce_length (self, FALSE, keep_selection (self));
}

/* What the queue asks changed: every case is matched again. */
void
gw_queue_model_refilter (GwQueueModel *self)
{
  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  self->matched = 0;
  gtk_bitset_remove_all (self->rematch);
  refilter_changes (self);
}

/* The answer changed for these cases only (positions in the GwCaseModel). */
void
gw_queue_model_refilter_positions (GwQueueModel *self,
                                   GtkBitset    *positions)
{
  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  gtk_bitset_union (self->rematch, positions);
  refilter_changes (self);
}

/* The sorting changed: the matches stand. */
static void
resort (GwQueueModel *self)
{
  g_clear_handle_id (&self->resort_id, g_source_remove);
  sort (self);
  refilter_changes (self);
}

/* The cases changed, not the sorting. While every case is being sorted
 * the rows shown still take their new versions; the sort's end sorts in
 * the changes. */
static void
sort_in_changes (GwQueueModel *self)
{
  g_clear_handle_id (&self->resort_id, g_source_remove);
  if (self->sorting == NULL)
    {
      if (is_sorted (self) && self->base)
        sort_changes (self);
      else
        sort (self);
    }
  refilter_changes (self);
}

static gboolean
resort_idle (gpointer user_data)
{
  GwQueueModel *self = user_data;

  self->resort_id = 0;
  sort_in_changes (self);
  return G_SOURCE_REMOVE;
}

/* A page of the feed replaces cases in many runs: one sort for all of
 * them. Below the model's own slices (gw_case_model_update_async), so
 * that a first read taken in a slice at a time is sorted once, at its
 * end, rather than once a slice. */
static void
on_base_changed (GwQueueModel *self,
                 guint         position,
                 guint         removed,
                 guint         added)
{
  if (removed == added)
    {
      gtk_bitset_add_range (self->replaced, position, added);
      gtk_bitset_add_range (self->unsorted, position, added);
      gtk_bitset_add_range (self->rematch, position, added);
    }
  if (self->resort_id == 0)
    self->resort_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE + 10, resort_idle, self, NULL);
}

static void
gw_queue_model_dispose (GObject *object)
{
  GwQueueModel *self = (GwQueueModel *) object;
  GHashTableIter iter;
  gpointer row;

  g_clear_handle_id (&self->resort_id, g_source_remove);
  g_clear_handle_id (&self->grow_id, g_source_remove);
  stop_sorting (self);
  /* Going away: nobody needs to hear that the list empties. */
  if (self->base)
    g_signal_handlers_disconnect_by_data (self->base, self);
  if (self->sorter)
    g_signal_handlers_disconnect_by_data (self->sorter, self);
  g_clear_object (&self->base);
  g_clear_object (&self->sorter);
  if (self->rows)
    {
      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, NULL, &row))
        g_object_weak_unref (row, forget_row, self);
    }
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->shown, g_array_unref);
  g_clear_pointer (&self->spare, g_array_unref);
  g_clear_pointer (&self->matches, g_byte_array_unref);
  g_clear_pointer (&self->selected, gtk_bitset_unref);
  g_clear_pointer (&self->replaced, gtk_bitset_unref);
  g_clear_pointer (&self->unsorted, gtk_bitset_unref);
  g_clear_pointer (&self->rematch, gtk_bitset_unref);

  G_OBJECT_CLASS (gw_queue_model_parent_class)->dispose (object);
}

static void
gw_queue_model_class_init (GwQueueModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_queue_model_dispose;
}

static void
gw_queue_model_init (GwQueueModel *self)
{
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
  self->spare = g_array_new (FALSE, FALSE, sizeof (guint));
  self->matches = g_byte_array_new ();
  self->rows = g_hash_table_new (NULL, NULL);
  self->selected = gtk_bitset_new_empty ();
  self->replaced = gtk_bitset_new_empty ();
  self->unsorted = gtk_bitset_new_empty ();
  self->rematch = gtk_bitset_new_empty ();
}

GwQueueModel *
gw_queue_model_new (GwQueueMatch match,
                    gpointer     user_data)
{
  GwQueueModel *self = g_object_new (GW_TYPE_QUEUE_MODEL, NULL);

  self->match = match;
  self->match_data = user_data;
  return self;
}

void
gw_queue_model_set_base (GwQueueModel *self,
                         GwCaseModel  *base)
{
  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  if (self->base)
    g_signal_handlers_disconnect_by_data (self->base, self);
  g_set_object (&self->base, base);
  if (base)
    g_signal_connect_swapped (base, "items-changed", G_CALLBACK (on_base_changed), self);
  if (self->order)
    {
      gtk_bitset_remove_all (self->selected);
      self->matched = 0;
      resort (self);
    }
}

void
gw_queue_model_set_sorter (GwQueueModel *self,
                           GtkSorter    *sorter)
{
  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  if (self->sorter)
    g_signal_handlers_disconnect_by_data (self->sorter, self);
  g_set_object (&self->sorter, sorter);
  if (sorter)
    g_signal_connect_swapped (sorter, "changed", G_CALLBACK (resort), self);
  if (self->order)
    resort (self);
}

/* Sorts now what changed since the last sort, for callers that need the
 * list as it is. */
void
gw_queue_model_flush (GwQueueModel *self)
{
  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  if (self->sorting)
    {
      while (!gw_sliced_sort_step (self->sorting, G_MAXINT32))
        ;
      g_source_remove (self->sorting_id);
      sort_slice (self);
    }
  if (self->resort_id)
    sort_in_changes (self);
  while (self->grow_id)
    {
      g_clear_handle_id (&self->grow_id, g_source_remove);
      announce_length (self, TRUE, FALSE);
    }
}

/* What the rows show changed without new cases: the time left, names. */
void
gw_queue_model_rebind (GwQueueModel *self)
{
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (GW_IS_QUEUE_MODEL (self));

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    gw_queue_row_set_case (row, gw_queue_row_get_case (row), TRUE);
}

/* The cases shown; the list may hold placeholders after them. */
guint
gw_queue_model_get_n_shown (GwQueueModel *self)
{
  g_return_val_if_fail (GW_IS_QUEUE_MODEL (self), 0);
  return self->shown->len;
}

GwCase *
gw_queue_model_get_case (GwQueueModel *self,
                         guint         position)
{
  g_return_val_if_fail (GW_IS_QUEUE_MODEL (self), NULL);

  if (position >= self->shown->len || self->base == NULL)
    return NULL;
  return gw_case_model_get (self->base, g_array_index (self->shown, guint, position));
}
