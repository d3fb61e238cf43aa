/* gw-place-search.c: a place typed into the New Case form, found
 *
 * A caller names a place as they know it: a village or community (a
 * grid's name), a shop or a factory (an inspection target's name or
 * address), or a spot where something was reported before ("the market
 * gate", in an earlier case's description, found with the cache's FTS5
 * index). All of it runs in a thread: the cache is SQLite, and the
 * window keeps drawing while the dispatcher types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-place-search"

#include "config.h"

#include <string.h>

#include "gw-place-search.h"
#include "gw-store-cases.h"
#include "gw-store-search.h"

GwPlace *
gw_place_new (GwPlaceKind  kind,
              const char  *name,
              const char  *detail,
              double       lat,
              double       lon)
{
  GwPlace *place = g_new0 (GwPlace, 1);
  g_autofree char *keys = g_strjoin (" ", name ? name : "", detail ? detail : "", NULL);

  place->kind = kind;
  place->name = g_strdup (name);
  place->detail = g_strdup (detail);
  place->keys = g_utf8_casefold (keys, -1);
  place->lat = lat;
  place->lon = lon;
  return place;
}

void
gw_place_free (GwPlace *place)
{
  if (place == NULL)
    return;
  g_free (place->name);
  g_free (place->detail);
  g_free (place->keys);
  g_clear_object (&place->kase);
  g_free (place);
}

static GwPlace *
place_copy (const GwPlace *place)
{
  GwPlace *copy = gw_place_new (place->kind, place->name, place->detail, place->lat, place->lon);

  copy->kase = place->kase ? g_object_ref (place->kase) : NULL;
  return copy;
}

typedef struct
{
  GPtrArray *candidates;
  char *text;
  guint limit;
} Search;

static void
search_free (Search *search)
{
  g_ptr_array_unref (search->candidates);
  g_free (search->text);
  g_free (search);
}

/* The first line of a description, as a place's name. */
static char *
first_line (const char *text)
{
  const char *end = text ? strchr (text, '\n') : NULL;

  return text ? g_strndup (text, end ? (gsize) (end - text) : strlen (text)) : NULL;
}

static void
add_earlier_cases (GwStore    *reader,
                   const char *text,
                   guint       limit,
                   GPtrArray  *found)
{
  g_autoptr(GPtrArray) ids = gw_store_search_cases (reader, text, limit, NULL);

  for (guint i = 0; ids && i < ids->len && found->len < limit; i++)
    {
      g_autoptr(GwCase) kase = gw_store_get_case (reader, g_ptr_array_index (ids, i));
      const GwCaseData *d = kase ? gw_case_get_data (kase) : NULL;
      g_autofree char *name = NULL;
      GwPlace *place;

      /* A case without a trusted point names no place. */
      if (d == NULL || d->location != GW_CASE_LOCATION_KNOWN || gw_case_get_pending (kase))
        continue;
      name = first_line (d->description);
      place = gw_place_new (GW_PLACE_CASE, name ? name : d->id, NULL, d->lat, d->lon);
      place->kase = g_steal_pointer (&kase);
      g_ptr_array_add (found, place);
    }
}

static void
search_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Search *search = task_data;
  g_autofree char *folded = g_utf8_casefold (search->text, -1);
  g_autoptr(GPtrArray) exact = g_ptr_array_new ();
  g_autoptr(GPtrArray) starts = g_ptr_array_new ();
  g_autoptr(GPtrArray) inside = g_ptr_array_new ();
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_place_free);

  g_strstrip (folded);
  for (guint i = 0; *folded && i < search->candidates->len; i++)
    {
      GwPlace *place = g_ptr_array_index (search->candidates, i);
      g_autofree char *name = g_utf8_casefold (place->name ? place->name : "", -1);

      if (g_str_equal (name, folded))
        g_ptr_array_add (exact, place);
      else if (g_str_has_prefix (place->keys, folded))
        g_ptr_array_add (starts, place);
      else if (strstr (place->keys, folded))
        g_ptr_array_add (inside, place);
    }
  for (guint i = 0; i < exact->len && found->len < search->limit; i++)
    g_ptr_array_add (found, place_copy (g_ptr_array_index (exact, i)));
  for (guint i = 0; i < starts->len && found->len < search->limit; i++)
    g_ptr_array_add (found, place_copy (g_ptr_array_index (starts, i)));
  for (guint i = 0; i < inside->len && found->len < search->limit; i++)
    g_ptr_array_add (found, place_copy (g_ptr_array_index (inside, i)));
  if (*folded && found->len < search->limit && !g_cancellable_is_cancelled (cancellable))
    add_earlier_cases (source_object, search->text, search->limit, found);

  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

void
gw_place_search_async (GwStore             *reader,
                       GPtrArray           *candidates,
                       const char          *text,
                       guint                limit,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Search *search;

  g_return_if_fail (GW_IS_STORE (reader));
  g_return_if_fail (candidates != NULL && text != NULL);

  task = g_task_new (reader, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_place_search_async);
  g_task_set_check_cancellable (task, TRUE);
  search = g_new0 (Search, 1);
  search->candidates = g_ptr_array_ref (candidates);
  search->text = g_strdup (text);
  search->limit = MAX (limit, 1);
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);
  g_task_run_in_thread (task, search_in_thread);
}

GPtrArray *
gw_place_search_finish (GwStore       *reader,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, reader), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
