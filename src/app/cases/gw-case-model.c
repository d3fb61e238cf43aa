/* gw-case-model.c: every cached case, as one list that only grows
 *
 * A case keeps its position for the life of the model: a newer version
 * replaces it in place and a new case is appended. Views that keep their
 * own arrays indexed by position (the map's points) then update exactly
 * the items that changed. Cases are not removed: a closed case is still
 * a case, and filters decide who shows it. The order is the cases'
 * arrival (a first read comes in the cache's order, new cases after it):
 * views that show an order sort by it.
 *
 * Except on a wall, which shows open cases and only the figures of the
 * others, and runs for weeks: gw_case_model_fold_closed() lets go of the
 * closed cases and keeps their facts, some 150 bytes where the case took
 * 1,200. A newer version of a folded case comes back as a new item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-model"

#include "config.h"

#include "gw-case-model.h"
#include "gw-case-facts.h"

struct _GwCaseModel
{
  GObject parent_instance;
  GPtrArray *items;         /* of GwCase */
  gboolean items_shared;    /* handed out: copied before it changes */
  GHashTable *positions;    /* id (owned by the case) -> position + 1 */
  guint filling;            /* updates taken in slices under way */

  /* Folded cases, in three arrays of the same order. */
  GArray *folded_facts;     /* of GwCaseFacts, held */
  GPtrArray *folded_ids;    /* of char *, owned */
  GArray *folded_versions;  /* of gint64 */
  GHashTable *folded_index; /* id (in folded_ids) -> index + 1 */
};

enum {
  PROP_0,
  PROP_FILLING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwCaseModel, gw_case_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return GW_TYPE_CASE;
}

static guint
get_n_items (GListModel *model)
{
  return GW_CASE_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GwCaseModel *self = GW_CASE_MODEL (model);

  return position < self->items->len ? g_object_ref (g_ptr_array_index (self->items, position)) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
gw_case_model_finalize (GObject *object)
{
  GwCaseModel *self = (GwCaseModel *) object;

  g_hash_table_unref (self->positions);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->folded_index);
  g_array_unref (self->folded_facts);
  g_ptr_array_unref (self->folded_ids);
  g_array_unref (self->folded_versions);

  G_OBJECT_CLASS (gw_case_model_parent_class)->finalize (object);
}

static void
gw_case_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_FILLING:
      g_value_set_boolean (value, gw_case_model_get_filling (GW_CASE_MODEL (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_model_class_init (GwCaseModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_case_model_finalize;
  object_class->get_property = gw_case_model_get_property;

  /* Whether a large update is being taken in, slice by slice: what is
   * worked out from all the cases at once (the map's counts per grid) can
   * wait for the last slice rather than be redone for every one. */
  properties[PROP_FILLING] =
    g_param_spec_boolean ("filling", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_case_model_init (GwCaseModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->positions = g_hash_table_new (g_str_hash, g_str_equal);
  self->folded_facts = g_array_new (FALSE, FALSE, sizeof (GwCaseFacts));
  g_array_set_clear_func (self->folded_facts, (GDestroyNotify) gw_case_facts_clear);
  self->folded_ids = g_ptr_array_new_with_free_func (g_free);
  self->folded_versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->folded_index = g_hash_table_new (g_str_hash, g_str_equal);
}

GwCaseModel *
gw_case_model_new (void)
{
  return g_object_new (GW_TYPE_CASE_MODEL, NULL);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = *(const guint *) a, pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

/* Copy on write: the queue's counts, the wall and the review read all
 * the cases on every burst of changes, each in turn; a reference to each
 * of 100,000 cases, for each of them, on the main thread, was a stall.
 * Now they share the array, and only a change after it was handed out
 * copies it, once. */
static gpointer
ref_case (gconstpointer kase,
          gpointer      unused)
{
  return g_object_ref ((gpointer) kase);
}

static void
own_items (GwCaseModel *self)
{
  GPtrArray *copy;

  if (!self->items_shared)
    return;
  copy = g_ptr_array_copy (self->items, ref_case, NULL);
  g_ptr_array_set_free_func (copy, g_object_unref);
  g_ptr_array_unref (self->items);
  self->items = copy;
  self->items_shared = FALSE;
}

/* A folded case's facts let go of: the last one takes its place. */
static void
unfold (GwCaseModel *self,
        guint        index)
{
  guint last = self->folded_ids->len - 1;

  g_hash_table_remove (self->folded_index, g_ptr_array_index (self->folded_ids, index));
  if (index != last)
    g_hash_table_insert (self->folded_index, g_ptr_array_index (self->folded_ids, last), GUINT_TO_POINTER (index + 1));
  g_array_remove_index_fast (self->folded_facts, index);
  g_ptr_array_remove_index_fast (self->folded_ids, index);
  g_array_remove_index_fast (self->folded_versions, index);
}

/* FALSE for an old version of a folded case; a case folded at this
 * version or an older one is unfolded, to come back as a new item (a
 * reopened case; the desk's full read after a wall). */
static gboolean
take_from_folded (GwCaseModel *self,
                  GwCase      *kase)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->folded_index, gw_case_get_id (kase)));

  if (index == 0)
    return TRUE;
  if (gw_case_get_version (kase) < g_array_index (self->folded_versions, gint64, index - 1))
    return FALSE;
  unfold (self, index - 1);
  return TRUE;
}

/* Takes newer versions of known cases and new cases; older or equal
 * versions are ignored, so replaying a read is harmless. */
void
gw_case_model_update (GwCaseModel *self,
                      GPtrArray   *cases)
{
  g_autoptr(GArray) replaced = g_array_new (FALSE, FALSE, sizeof (guint));
  guint old_len;

  g_return_if_fail (GW_IS_CASE_MODEL (self));

  if (cases == NULL || cases->len == 0)
    return;
  own_items (self);
  old_len = self->items->len;
  for (guint i = 0; cases && i < cases->len; i++)
    {
      GwCase *kase = g_ptr_array_index (cases, i);
      guint position;
      GwCase *known = gw_case_model_lookup (self, gw_case_get_id (kase), &position);

      if (known == NULL)
        {
          if (!take_from_folded (self, kase))
            continue;
          g_ptr_array_add (self->items, g_object_ref (kase));
          g_hash_table_insert (self->positions, (gpointer) gw_case_get_id (kase),
                               GUINT_TO_POINTER (self->items->len));
          continue;
        }
      /* The pending flag changes without a new version. */
      if (known == kase || (gw_case_get_version (kase) < gw_case_get_version (known)) ||
          (gw_case_get_version (kase) == gw_case_get_version (known) &&
           gw_case_get_pending (kase) == gw_case_get_pending (known)))
        continue;

      g_hash_table_remove (self->positions, gw_case_get_id (known));
      g_ptr_array_index (self->items, position) = g_object_ref (kase);
      g_object_unref (known);
      g_hash_table_insert (self->positions, (gpointer) gw_case_get_id (kase), GUINT_TO_POINTER (position + 1));
      if (position < old_len)
        g_array_append_val (replaced, position);
    }

  /* One signal per run of neighbours: a page of the feed is one update. */
  g_array_sort (replaced, compare_positions);
  for (guint i = 0; i < replaced->len; )
    {
      guint start = g_array_index (replaced, guint, i), end = start;

      for (i++; i < replaced->len && g_array_index (replaced, guint, i) <= end + 1; i++)
        end = g_array_index (replaced, guint, i);
      g_list_model_items_changed (G_LIST_MODEL (self), start, end - start + 1, end - start + 1);
    }
  if (self->items->len > old_len)
    g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, self->items->len - old_len);
}

/* Lets go of every closed or rejected case, keeping its facts for the
 * figures (gw_case_model_get_folded()); the rest keep their order. One
 * change of the whole list: whoever follows the model reads it again.
 * Returns how many were folded. */
guint
gw_case_model_fold_closed (GwCaseModel *self)
{
  g_autoptr(GPtrArray) kept = NULL;
  guint old_len;

  g_return_val_if_fail (GW_IS_CASE_MODEL (self), 0);

  old_len = self->items->len;
  kept = g_ptr_array_new_full (old_len, g_object_unref);
  for (guint i = 0; i < old_len; i++)
    {
      GwCase *kase = g_ptr_array_index (self->items, i);
      gint64 version = gw_case_get_version (kase);
      GwCaseFacts facts;

      const GwEscalation *whistle = gw_case_data_get_escalation (gw_case_get_data (kase));

      /* One whose action waits in the outbox may change again here; a
       * wall lists the whistles still awaiting their report. */
      if (gw_case_status_is_open (gw_case_get_status (kase)) || gw_case_get_pending (kase) ||
          (whistle && gw_escalation_awaits_report (whistle)))
        {
          g_ptr_array_add (kept, g_object_ref (kase));
          continue;
        }
      gw_case_facts_init (&facts, kase, TRUE);
      g_array_append_val (self->folded_facts, facts);
      g_ptr_array_add (self->folded_ids, g_strdup (gw_case_get_id (kase)));
      g_array_append_val (self->folded_versions, version);
      g_hash_table_insert (self->folded_index, g_ptr_array_index (self->folded_ids, self->folded_ids->len - 1),
                           GUINT_TO_POINTER (self->folded_ids->len));
    }
  if (kept->len == old_len)
    return 0;

  /* Whoever shares the old array keeps it as it was. */
  g_hash_table_remove_all (self->positions);
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&kept);
  self->items_shared = FALSE;
  for (guint i = 0; i < self->items->len; i++)
    g_hash_table_insert (self->positions, (gpointer) gw_case_get_id (g_ptr_array_index (self->items, i)),
                         GUINT_TO_POINTER (i + 1));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  return old_len - self->items->len;
}

/* The facts of the folded cases, for the figures (NULL when there are
 * none): read them at once, on the model's thread; the next update or
 * fold may change them. */
const GwCaseFacts *
gw_case_model_get_folded (GwCaseModel *self,
                          guint       *n_folded)
{
  g_return_val_if_fail (GW_IS_CASE_MODEL (self), NULL);
  g_return_val_if_fail (n_folded != NULL, NULL);

  *n_folded = self->folded_facts->len;
  return (const GwCaseFacts *) self->folded_facts->data;
}

GwCase *
gw_case_model_get (GwCaseModel *self,
                   guint        position)
{
  g_return_val_if_fail (GW_IS_CASE_MODEL (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_ptr_array_index (self->items, position);
}

GwCase *
gw_case_model_lookup (GwCaseModel *self,
                      const char  *id,
                      guint       *position)
{
  guint index;

  g_return_val_if_fail (GW_IS_CASE_MODEL (self), NULL);

  index = id ? GPOINTER_TO_UINT (g_hash_table_lookup (self->positions, id)) : 0;
  if (index == 0)
    return NULL;
  if (position)
    *position = index - 1;
  return g_ptr_array_index (self->items, index - 1);
}

gboolean
gw_case_model_get_filling (GwCaseModel *self)
{
  g_return_val_if_fail (GW_IS_CASE_MODEL (self), FALSE);
  return self->filling > 0;
}

static void
set_filling (GwCaseModel *self,
             gboolean     filling)
{
  gboolean was = self->filling > 0;

  self->filling += filling ? 1 : -1;
  if (was != (self->filling > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
}

guint
gw_case_model_get_size (GwCaseModel *self)
{
  g_return_val_if_fail (GW_IS_CASE_MODEL (self), 0);
  return self->items->len;
}

GPtrArray *
gw_case_model_ref_cases (GwCaseModel *self)
{
  g_return_val_if_fail (GW_IS_CASE_MODEL (self), NULL);

  self->items_shared = TRUE;
  return g_ptr_array_ref (self->items);
}

typedef struct
{
  GwCaseModel *model;
  GPtrArray *cases;
  guint done;
  gint64 slice_us;
} Slices;

/* However the update ends, taken in, cancelled or dropped with its
 * main loop, the model is no longer filling by it. */
static void
slices_free (Slices *slices)
{
  set_filling (slices->model, FALSE);
  g_object_unref (slices->model);
  g_ptr_array_unref (slices->cases);
  g_free (slices);
}

static gboolean
update_slice (gpointer user_data)
{
  GTask *task = user_data;
  GwCaseModel *self = g_task_get_source_object (task);
  Slices *slices = g_task_get_task_data (task);
  gint64 until = g_get_monotonic_time () + slices->slice_us;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  /* Whole slices of GW_CASE_MODEL_SLICE, as many as the time allows. */
  do
    {
      guint n = MIN (GW_CASE_MODEL_SLICE, slices->cases->len - slices->done);
      g_autoptr(GPtrArray) slice = g_ptr_array_new_full (n, NULL);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (slice, g_ptr_array_index (slices->cases, slices->done + i));
      gw_case_model_update (self, slice);
      slices->done += n;
    }
  while (slices->done < slices->cases->len && g_get_monotonic_time () < until);

  if (slices->done < slices->cases->len)
    return G_SOURCE_CONTINUE;
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

/* gw_case_model_update() a slice at a time, between frames: a first pull
 * of 100,000 cases taken in at once held the window for a tenth of a
 * second and more, everything that follows the model included. A slice
 * takes whole GW_CASE_MODEL_SLICEs for up to @slice_us of the main thread
 * (GW_CASE_MODEL_SLICE_US where the window is in use). */
void
gw_case_model_update_async (GwCaseModel         *self,
                            GPtrArray           *cases,
                            gint64               slice_us,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Slices *slices;
  GSource *source;

  g_return_if_fail (GW_IS_CASE_MODEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_case_model_update_async);
  slices = g_new0 (Slices, 1);
  slices->model = g_object_ref (self);
  slices->cases = cases ? g_ptr_array_ref (cases) : g_ptr_array_new ();
  slices->slice_us = slice_us;
  set_filling (self, TRUE);
  g_task_set_task_data (task, slices, (GDestroyNotify) slices_free);
  /* Below the frame clock's priority: a frame comes between slices. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, update_slice, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[gw] gw_case_model_update_async");
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

gboolean
gw_case_model_update_finish (GwCaseModel   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
