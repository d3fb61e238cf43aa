/* gw-case-keys.c: what the queue filters on, one small key per case position
 *
 * A refilter that read each case object for its state, deadline and codes
 * took a cache miss per case: over 100,000 cases most of the queue's
 * filter change went there. The keys are the same facts packed into one
 * array of small structs, in the GwCaseModel's positions, with codes and
 * assignees as indexes into strings kept once each; a refilter is then a
 * walk over contiguous memory, and a prefix or an assignee is checked
 * once per distinct string, not once per case.
 *
 * The array follows the model's "items-changed" as it is emitted, before
 * anybody matches: a replaced case's key is made anew, new cases' keys are
 * appended. Strings are never dropped (the model never drops cases).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-keys"

#include "config.h"

#include "gw-case-keys.h"

struct _GwCaseKeys
{
  GObject parent_instance;
  GwCaseModel *model;
  GArray *keys;             /* of GwCaseKey, by position in the model */
  GPtrArray *strings;       /* index → string; 0 is NULL */
  GHashTable *indexes;      /* string (owned by strings) → index */
};

G_DEFINE_FINAL_TYPE (GwCaseKeys, gw_case_keys, G_TYPE_OBJECT)

static guint32
index_of (GwCaseKeys *self,
          const char *string)
{
  gpointer index;

  if (string == NULL)
    return 0;
  if (g_hash_table_lookup_extended (self->indexes, string, NULL, &index))
    return GPOINTER_TO_UINT (index);
  g_ptr_array_add (self->strings, g_strdup (string));
  g_hash_table_insert (self->indexes, g_ptr_array_index (self->strings, self->strings->len - 1),
                       GUINT_TO_POINTER (self->strings->len - 1));
  return self->strings->len - 1;
}

static void
make_key (GwCaseKeys *self,
          GwCaseKey  *key,
          GwCase     *kase)
{
  const GwCaseData *d = gw_case_get_data (kase);

  *key = (GwCaseKey) {
    .deadline = gw_case_get_deadline_unix (kase),
    .reported = gw_case_get_reported_unix (kase),
    .category = index_of (self, d->category),
    .grid = index_of (self, d->grid),
    .assignee = index_of (self, d->assignee),
    .town = index_of (self, gw_case_data_handling_town (d)),
    .status = d->status,
    .source = d->source,
    .flags = (d->urgent ? GW_CASE_KEY_URGENT : 0) |
             (d->requested_deadline ? GW_CASE_KEY_EXTENSION_ASKED : 0) |
             (d->location == GW_CASE_LOCATION_UNKNOWN ? GW_CASE_KEY_UNPLACED : 0),
  };
}

/* From @position on, the keys of the cases there now. */
static void
on_items_changed (GwCaseKeys *self,
                  guint       position,
                  guint       removed,
                  guint       added)
{
  guint n = gw_case_model_get_size (self->model);
  guint end = removed == added ? position + added : n;

  g_array_set_size (self->keys, n);
  for (guint i = position; i < end; i++)
    make_key (self, &g_array_index (self->keys, GwCaseKey, i), gw_case_model_get (self->model, i));
}

static void
gw_case_keys_finalize (GObject *object)
{
  GwCaseKeys *self = (GwCaseKeys *) object;

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_array_unref (self->keys);
  g_hash_table_unref (self->indexes);
  g_ptr_array_unref (self->strings);

  G_OBJECT_CLASS (gw_case_keys_parent_class)->finalize (object);
}

static void
gw_case_keys_class_init (GwCaseKeysClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_case_keys_finalize;
}

static void
gw_case_keys_init (GwCaseKeys *self)
{
  self->keys = g_array_new (FALSE, TRUE, sizeof (GwCaseKey));
  self->strings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->strings, NULL);
  self->indexes = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Keys for every case in @model, kept in step with it. */
GwCaseKeys *
gw_case_keys_new (GwCaseModel *model)
{
  GwCaseKeys *self;

  g_return_val_if_fail (GW_IS_CASE_MODEL (model), NULL);

  self = g_object_new (GW_TYPE_CASE_KEYS, NULL);
  self->model = g_object_ref (model);
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_items_changed), self);
  on_items_changed (self, 0, 0, gw_case_model_get_size (model));
  return self;
}

guint
gw_case_keys_get_size (GwCaseKeys *self)
{
  g_return_val_if_fail (GW_IS_CASE_KEYS (self), 0);
  return self->keys->len;
}

/* The keys by position; valid until the model changes. */
const GwCaseKey *
gw_case_keys_peek (GwCaseKeys *self)
{
  g_return_val_if_fail (GW_IS_CASE_KEYS (self), NULL);
  return (const GwCaseKey *) self->keys->data;
}

guint
gw_case_keys_get_n_strings (GwCaseKeys *self)
{
  g_return_val_if_fail (GW_IS_CASE_KEYS (self), 0);
  return self->strings->len;
}

const char *
gw_case_keys_get_string (GwCaseKeys *self,
                         guint32     index)
{
  g_return_val_if_fail (GW_IS_CASE_KEYS (self), NULL);
  g_return_val_if_fail (index < self->strings->len, NULL);
  return g_ptr_array_index (self->strings, index);
}
