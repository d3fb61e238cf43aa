/* gw-reference-data.c: the town's grids, towns, departments, categories, workers and whistle items, in memory
 *
 * Read from the cache in a thread, once when made and again whenever
 * gw_reference_data_reload() is called (the session calls it after a
 * reference pull); a reload asked for during a read makes one more read
 * after it, so the last change is never missed. Every page looks things up
 * here instead of asking the cache, and follows "changed": names travel
 * as codes, and the one index of grids by code is this one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-reference-data"

#include "config.h"

#include <string.h>

#include "gw-reference-data.h"
#include "gw-reference-pull.h"
#include "gw-ui-language.h"

/* What a read brings: more is worth more, so two asks make one read. */
typedef enum
{
  READ_NOTHING,
  READ_STATUSES,
  READ_ALL,
} Read;

typedef struct
{
  Read read;
  GPtrArray *grids;
  GPtrArray *departments;
  GPtrArray *categories;
  GPtrArray *workers;
  GPtrArray *statuses;
  GwWhistleList *whistles;
} Snapshot;

struct _GwReferenceData
{
  GObject parent_instance;
  GwStore *store;
  GCancellable *cancellable;
  gboolean loading;
  Read again;                       /* asked for during a read */
  gboolean loaded;

  Snapshot now;
  GHashTable *grids_by_code;        /* borrowed from now.grids */
  GHashTable *categories_by_code;
  GHashTable *departments_by_id;
  GHashTable *workers_by_id;
  GPtrArray *towns;                 /* borrowed from now.grids */
  GHashTable *town_of;              /* grid code -> town code */
  gboolean chinese;                 /* names in Chinese, else in English */
};

G_DEFINE_FINAL_TYPE (GwReferenceData, gw_reference_data, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

enum {
  CHANGED,
  STATUSES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
snapshot_clear (Snapshot *snap)
{
  g_clear_pointer (&snap->grids, g_ptr_array_unref);
  g_clear_pointer (&snap->departments, g_ptr_array_unref);
  g_clear_pointer (&snap->categories, g_ptr_array_unref);
  g_clear_pointer (&snap->workers, g_ptr_array_unref);
  g_clear_pointer (&snap->statuses, g_ptr_array_unref);
  g_clear_object (&snap->whistles);
}

static void
snapshot_free (Snapshot *snap)
{
  snapshot_clear (snap);
  g_free (snap);
}

static GPtrArray *
or_empty (GPtrArray *items)
{
  return items ? items : g_ptr_array_new_with_free_func (g_object_unref);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Snapshot *snap = task_data;
  GwStore *store = source_object;
  GError *error = NULL;

  snap->statuses = or_empty (gw_store_list_worker_statuses (store, NULL));
  if (snap->read == READ_STATUSES)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* The grids are what a failure would hide most: said, not swallowed. */
  if (!(snap->grids = gw_store_list_grids (store, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  snap->departments = or_empty (gw_store_list_departments (store, NULL));
  snap->categories = or_empty (gw_store_list_categories (store, NULL));
  snap->workers = or_empty (gw_store_list_workers (store, NULL));
  snap->whistles = gw_reference_read_whistle_list (store);
  g_task_return_boolean (task, TRUE);
}

static GHashTable *
index_by (GPtrArray   *items,
          const char *(*key) (gpointer))
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    g_hash_table_insert (index, (gpointer) key (g_ptr_array_index (items, i)), g_ptr_array_index (items, i));
  return index;
}

static void
take_snapshot (GwReferenceData *self,
               Snapshot        *snap)
{
  if (snap->read == READ_STATUSES)
    {
      g_clear_pointer (&self->now.statuses, g_ptr_array_unref);
      self->now.statuses = g_steal_pointer (&snap->statuses);
      return;
    }
  snapshot_clear (&self->now);
  self->now = *snap;
  memset (snap, 0, sizeof *snap);

  g_hash_table_unref (self->grids_by_code);
  g_hash_table_unref (self->categories_by_code);
  g_hash_table_unref (self->departments_by_id);
  g_hash_table_unref (self->workers_by_id);
  g_ptr_array_unref (self->towns);
  g_hash_table_unref (self->town_of);
  self->grids_by_code = index_by (self->now.grids, (gpointer) gw_grid_get_code);
  self->categories_by_code = index_by (self->now.categories, (gpointer) gw_category_get_code);
  self->departments_by_id = index_by (self->now.departments, (gpointer) gw_department_get_id);
  self->workers_by_id = index_by (self->now.workers, (gpointer) gw_worker_get_id);
  self->towns = g_ptr_array_new ();
  for (guint i = 0; i < self->now.grids->len; i++)
    if (gw_grid_get_level (g_ptr_array_index (self->now.grids, i)) == GW_GRID_LEVEL_TOWN)
      g_ptr_array_add (self->towns, g_ptr_array_index (self->now.grids, i));
  self->town_of = gw_grid_towns_of (self->now.grids);
}

static void start_read (GwReferenceData *self,
                        Read             read);

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GwReferenceData) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *snap = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot read the town's reference data: %s", error->message);
    }
  self->loading = FALSE;
  if (error == NULL)
    {
      /* Who is on duty changes all day: kept, not announced. */
      gboolean whole = snap->read == READ_ALL;

      take_snapshot (self, snap);
      if (whole && !self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
      if (whole)
        g_signal_emit (self, signals[CHANGED], 0);
      /* For the map's workers, which follow every report. */
      g_signal_emit (self, signals[STATUSES_CHANGED], 0);
    }
  if (self->again != READ_NOTHING)
    start_read (self, self->again);
}

static void
start_read (GwReferenceData *self,
            Read             read)
{
  g_autoptr(GTask) task = g_task_new (self->store, self->cancellable, on_read, g_object_ref (self));
  Snapshot *snap = g_new0 (Snapshot, 1);

  /* Until the first whole read, every read is whole. */
  snap->read = self->loaded ? read : READ_ALL;
  self->loading = TRUE;
  self->again = READ_NOTHING;
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, snap, (GDestroyNotify) snapshot_free);
  g_task_run_in_thread (task, read_in_thread);
}

static void
reload (GwReferenceData *self,
        Read             read)
{
  if (self->loading)
    self->again = MAX (self->again, read);
  else
    start_read (self, read);
}

/* Everything again; "changed" when it lands. */
void
gw_reference_data_reload (GwReferenceData *self)
{
  g_return_if_fail (GW_IS_REFERENCE_DATA (self));
  reload (self, READ_ALL);
}

/* Only who is on duty and where, which the pages read when they need it:
 * no "changed", only "statuses-changed". */
void
gw_reference_data_reload_statuses (GwReferenceData *self)
{
  g_return_if_fail (GW_IS_REFERENCE_DATA (self));
  reload (self, READ_STATUSES);
}

static void
gw_reference_data_dispose (GObject *object)
{
  GwReferenceData *self = (GwReferenceData *) object;

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (gw_reference_data_parent_class)->dispose (object);
}

static void
gw_reference_data_finalize (GObject *object)
{
  GwReferenceData *self = (GwReferenceData *) object;

  g_hash_table_unref (self->grids_by_code);
  g_hash_table_unref (self->categories_by_code);
  g_hash_table_unref (self->departments_by_id);
  g_hash_table_unref (self->workers_by_id);
  g_ptr_array_unref (self->towns);
  g_hash_table_unref (self->town_of);
  snapshot_clear (&self->now);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_reference_data_parent_class)->finalize (object);
}

static void
gw_reference_data_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GwReferenceData *self = GW_REFERENCE_DATA (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_reference_data_class_init (GwReferenceDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_reference_data_dispose;
  object_class->finalize = gw_reference_data_finalize;
  object_class->get_property = gw_reference_data_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A read landed: anything may have changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The workers' statuses were read again, after every read. */
  signals[STATUSES_CHANGED] = g_signal_new ("statuses-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_reference_data_init (GwReferenceData *self)
{
  self->cancellable = g_cancellable_new ();
  self->now.grids = g_ptr_array_new_with_free_func (g_object_unref);
  self->now.departments = g_ptr_array_new_with_free_func (g_object_unref);
  self->now.categories = g_ptr_array_new_with_free_func (g_object_unref);
  self->now.workers = g_ptr_array_new_with_free_func (g_object_unref);
  self->now.statuses = g_ptr_array_new_with_free_func (g_object_unref);
  self->grids_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->categories_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->departments_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->workers_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->towns = g_ptr_array_new ();
  self->town_of = g_hash_table_new (g_str_hash, g_str_equal);
  self->now.whistles = g_object_ref (gw_whistle_list_get_built_in ());
  self->chinese = gw_ui_language_is_chinese (NULL);
}

/* Reads @store (best a reader: gw_store_open_reader()) at once. */
GwReferenceData *
gw_reference_data_new (GwStore *store)
{
  GwReferenceData *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_object_new (GW_TYPE_REFERENCE_DATA, NULL);
  self->store = g_object_ref (store);
  start_read (self, READ_ALL);
  return self;
}

gboolean
gw_reference_data_is_loaded (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), FALSE);
  return self->loaded;
}

GPtrArray *
gw_reference_data_get_grids (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->now.grids;
}

GPtrArray *
gw_reference_data_get_departments (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->now.departments;
}

GPtrArray *
gw_reference_data_get_categories (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->now.categories;
}

GPtrArray *
gw_reference_data_get_workers (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->now.workers;
}

GPtrArray *
gw_reference_data_get_worker_statuses (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->now.statuses;
}

GwGrid *
gw_reference_data_lookup_grid (GwReferenceData *self,
                               const char      *code)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return code ? g_hash_table_lookup (self->grids_by_code, code) : NULL;
}

GwCategory *
gw_reference_data_lookup_category (GwReferenceData *self,
                                   const char      *code)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return code ? g_hash_table_lookup (self->categories_by_code, code) : NULL;
}

GwDepartment *
gw_reference_data_lookup_department (GwReferenceData *self,
                                     const char      *id)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return id ? g_hash_table_lookup (self->departments_by_id, id) : NULL;
}

GwWorker *
gw_reference_data_lookup_worker (GwReferenceData *self,
                                 const char      *id)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return id ? g_hash_table_lookup (self->workers_by_id, id) : NULL;
}


/* Code -> GwGrid, for gw_grid_find_ancestor(): the one index of the
 * grids, borrowed until the next "changed". */
GHashTable *
gw_reference_data_get_grid_index (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->grids_by_code;
}

/* In code order, borrowed from the grids. */
GPtrArray *
gw_reference_data_get_towns (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->towns;
}

/* Grid code -> the code of the town it lies in (a town's is its own). */
GHashTable *
gw_reference_data_get_town_of (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->town_of;
}

/* The county's list, last pulled; the built-in one until a server gave
 * one. Never NULL. */
GwWhistleList *
gw_reference_data_get_whistle_list (GwReferenceData *self)
{
  g_return_val_if_fail (GW_IS_REFERENCE_DATA (self), NULL);
  return self->now.whistles;
}

/* The names people see, NULL for a code nothing names. */
const char *
gw_reference_data_get_grid_name (GwReferenceData *self,
                                 const char      *code)
{
  GwGrid *grid = gw_reference_data_lookup_grid (self, code);

  return grid ? gw_grid_get_name (grid) : NULL;
}

/* In the language of the user interface. */
const char *
gw_reference_data_get_category_name (GwReferenceData *self,
                                     const char      *code)
{
  GwCategory *category = gw_reference_data_lookup_category (self, code);
  const GwCategoryInfo *info = category ? gw_category_get_info (category) : NULL;

  if (info == NULL)
    return NULL;
  return self->chinese || info->name_en == NULL ? info->name : info->name_en;
}

/* For a page that keeps the reference data in *@field and follows its
 * "changed" with @on_changed (swapped, @follower first): the former one is
 * let go, @reference (NULL: none) is held and followed. Whether it is
 * another: the page then looks again at once. */
gboolean
gw_reference_data_follow (GwReferenceData **field,
                          GwReferenceData  *reference,
                          gpointer          follower,
                          GCallback         on_changed)
{
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (reference == NULL || GW_IS_REFERENCE_DATA (reference), FALSE);

  if (*field == reference)
    return FALSE;
  if (*field)
    g_signal_handlers_disconnect_by_data (*field, follower);
  g_set_object (field, reference);
  if (reference)
    g_signal_connect_swapped (reference, "changed", on_changed, follower);
  return TRUE;
}
