/* gw-case-pull.c: bring the cache's cases up to the server's change feed
 *
 * Page by page from the stored cursor. Each page is applied in one
 * transaction together with the cursor that follows it, so a pull cut
 * short anywhere (the server killed, the app killed) resumes where the
 * last committed page ended, and applying a page twice changes nothing.
 * The next page is fetched and read while the one before is being
 * written, and asked for as soon as a page's headers say where it ends
 * (docs/town-api.md), while that page is still read: pages are still
 * applied one at a time, in order. A change that cannot be read
 * is set aside in the cache (gw-feed-page.c) rather than failing its page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-pull"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-cache-schema.h"
#include "gw-case-pull.h"
#include "gw-error.h"
#include "gw-feed-page.h"
#include "gw-field.h"
#include "gw-json.h"

typedef struct
{
  GwTownClient *client;
  GwStore *store;
  guint page_size;
  guint pages_asked;
  guint pages_applied;
  GQueue pages;             /* of Fetched, in the feed's order: not yet applied */
  gint64 next_since;
  char *feed_id;            /* the feed the cursor belongs to, if known */
  gboolean fetching;        /* a page is asked for and where it ends is not known */
  guint receiving;          /* pages asked for whose ends are known, not yet read */
  gboolean applying;
  gboolean fetched_last;
  gboolean done;            /* the task has returned */
  gboolean deferred;        /* a first pull: the case indexes come at its end */
  GCancellable *cancellable; /* the pull's own, cancelled with the caller's or when it fails */
  gulong cancelled_id;
  GCancellable *caller_cancellable;
  GwCasePullResult *result;
} Pull;

void
gw_case_pull_result_free (GwCasePullResult *result)
{
  g_clear_pointer (&result->new_urgent, g_ptr_array_unref);
  g_free (result);
}

static void
restore_indexes_in_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  /* If this fails, the next gw_cache_open() makes them. */
  if (!gw_cache_restore_case_indexes (task_data, &error))
    g_warning ("Cannot index the cases: %s", error->message);
  g_task_return_boolean (task, error == NULL);
}

/* A first pull's indexes and its WAL's copy into the database are a
 * third of a 100,000-case pull (bench sync), and nothing waits for them:
 * the cases are stored and the window reads them whole; a query that
 * would use an index meanwhile scans, and a write waits its turn for the
 * store. So the pull answers first, and they follow in a thread. */
static void
restore_indexes_later (Pull *pull)
{
  g_autoptr(GTask) restore = NULL;

  if (!pull->deferred)
    return;
  restore = g_task_new (NULL, NULL, NULL, NULL);
  pull->deferred = FALSE;
  g_task_set_task_data (restore, g_object_ref (pull->store), g_object_unref);
  g_task_run_in_thread (restore, restore_indexes_in_thread);
}

/* A page as it came, and its place in the pull: with the next page asked
 * for early, a later page can be read before an earlier one. */
typedef struct
{
  guint index;
  GwTownResponse *response;
} Fetched;

static void
fetched_free (Fetched *fetched)
{
  g_clear_pointer (&fetched->response, gw_town_response_free);
  g_free (fetched);
}

static gint
compare_fetched (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  guint ia = ((const Fetched *) a)->index, ib = ((const Fetched *) b)->index;

  return ia < ib ? -1 : ia > ib;
}

static void
pull_free (Pull *pull)
{
  /* A first pull that stopped short leaves the cache indexed all the same. */
  restore_indexes_later (pull);
  if (pull->caller_cancellable)
    g_cancellable_disconnect (pull->caller_cancellable, pull->cancelled_id);
  g_clear_object (&pull->caller_cancellable);
  g_clear_object (&pull->cancellable);
  g_clear_object (&pull->client);
  g_clear_object (&pull->store);
  g_queue_clear_full (&pull->pages, (GDestroyNotify) fetched_free);
  g_clear_pointer (&pull->result, gw_case_pull_result_free);
  g_free (pull->feed_id);
  g_free (pull);
}

static void advance (GTask *task);

typedef struct
{
  Pull *pull;
  GwTownResponse *page;
} Apply;

static void
apply_free (Apply *apply)
{
  g_clear_pointer (&apply->page, gw_town_response_free);
  g_free (apply);
}

typedef struct
{
  GwTownResponse *page;
  GPtrArray *written;
} Drop;

static void
drop_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Drop *drop = task_data;

  /* Here, not when the task goes: that may be on the main thread. */
  g_clear_pointer (&drop->written, g_ptr_array_unref);
  g_clear_pointer (&drop->page, gw_town_response_free);
  g_task_return_boolean (task, TRUE);
}

/* Thousands of cases: freed beside the writing of the next page, rather
 * than in its way (the writing is the pull's slowest step), and never on
 * the main thread (tens of ms a page there). */
static void
drop_page (GwTownResponse *page,
           GPtrArray      *written)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  Drop *drop = g_new0 (Drop, 1);

  drop->page = page;
  drop->written = written;
  g_task_set_task_data (task, drop, g_free);
  g_task_run_in_thread (task, drop_in_thread);
}

static void
apply_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Apply *apply = task_data;
  Pull *pull = apply->pull;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_object_unref);
  GwFeedPage *page = apply->page->read;
  g_autoptr(GError) error = NULL;

  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&apply->page->read_error));
      return;
    }
  if (!gw_store_apply_feed_page (pull->store, page->cases, page->statuses, page->items, page->last_seq, page->feed_id,
                                 page->reset, written, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* After a reset the reference collections are fetched whole again. */
  pull->result->reset |= page->reset;
  pull->result->reference_changed |= page->reference_changed || page->reset;
  pull->result->statuses += page->statuses->len;
  pull->result->applied += written->len;
  pull->result->cursor = page->last_seq;
  pull->result->newly_quarantined += page->n_quarantined;
  pull->result->quarantined = gw_store_count_quarantine (pull->store);
  for (guint i = 0; i < written->len; i++)
    {
      GwCase *kase = g_ptr_array_index (written, i);
      const GwCaseData *d = gw_case_get_data (kase);

      if (d->urgent && d->version == 1)
        g_ptr_array_add (pull->result->new_urgent, g_object_ref (kase));
    }
  drop_page (g_steal_pointer (&apply->page), g_steal_pointer (&written));
  g_task_return_boolean (task, TRUE);
}

static void
fail (GTask  *task,
      GError *error)
{
  Pull *pull = g_task_get_task_data (task);

  /* The first failure answers; what is still in flight is cancelled and
   * ends quietly, and a first pull's indexes come back now rather than
   * when the last of it has ended. */
  if (!pull->done)
    {
      pull->done = TRUE;
      g_cancellable_cancel (pull->cancellable);
      restore_indexes_later (pull);
      g_task_return_error (task, error);
    }
  else
    g_error_free (error);
}

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;

  pull->applying = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }
  advance (task);
}

/* The next page asks within the feed the last one came from (@feed_id,
 * if it named one). */
static void
follow_feed (Pull       *pull,
             const char *feed_id)
{
  if (feed_id && g_strcmp0 (feed_id, pull->feed_id) != 0)
    {
      g_free (pull->feed_id);
      pull->feed_id = g_strdup (feed_id);
    }
}

/* One page asked for: what its headers promised, checked against its body. */
typedef struct
{
  GTask *task;              /* the pull's */
  guint index;
  gboolean released;        /* its headers said where it ends: the next was asked for */
  gint64 promised_since;
  char *promised_feed;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->task);
  g_free (fetch->promised_feed);
  g_free (fetch);
}

/* The page's end before its body: the next page can be asked for now.
 * Taken only when it moves the cursor on and names a feed as a feed is
 * named; the body must then agree (on_page()). */
static void
on_page_headers (SoupMessageHeaders *headers,
                 gpointer            user_data)
{
  Fetch *fetch = user_data;
  Pull *pull = g_task_get_task_data (fetch->task);
  const char *since_text = soup_message_headers_get_one (headers, "Gridwatch-Next-Since");
  const char *feed = soup_message_headers_get_one (headers, "Gridwatch-Feed");
  guint64 since;

  if (pull->done || since_text == NULL || pull->next_since == G_MAXINT64 ||
      !g_ascii_string_to_unsigned (since_text, 10, pull->next_since + 1, G_MAXINT64, &since, NULL) ||
      (feed && !gw_text_check (feed, -1, GW_FIELD_NOT_BLANK, GW_FIELD_FEED_ID_CHARS, "feed", NULL)))
    return;

  fetch->released = TRUE;
  fetch->promised_since = since;
  fetch->promised_feed = g_strdup (feed);
  pull->fetching = FALSE;
  pull->receiving++;
  pull->next_since = since;
  follow_feed (pull, feed);
  advance (fetch->task);
}

/* The page that its headers announced, as its body says. */
static gboolean
kept_its_word (Fetch      *fetch,
               GwFeedPage *read)
{
  return read->more && read->last_seq == fetch->promised_since && g_strcmp0 (read->feed_id, fetch->promised_feed) == 0;
}

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GTask) task = g_object_ref (fetch->task);
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;
  GwTownResponse *page;
  GwFeedPage *read;
  Fetched *fetched;

  if (fetch->released)
    pull->receiving--;
  else
    pull->fetching = FALSE;
  page = gw_town_client_get_finish (GW_TOWN_CLIENT (object), result, &error);
  if (page == NULL)
    {
      fetch_free (fetch);
      fail (task, error);
      return;
    }

  if ((read = page->read) != NULL && fetch->released)
    {
      /* A page that broke its headers' word is refused like one that
       * could not be read: by the apply, once the pages before it stand. */
      if (!kept_its_word (fetch, read))
        {
          g_clear_pointer (&page->read, page->read_free);
          page->read_error = g_error_new_literal (GW_ERROR, GW_ERROR_SERVER,
                                                  _("The server sent a page of changes that did not end where its headers said"));
          pull->fetched_last = TRUE;
        }
    }
  else if (read != NULL)
    {
      pull->next_since = read->last_seq;
      pull->fetched_last = !read->more;
      follow_feed (pull, read->feed_id);
    }
  /* A page that could not be read is refused by the apply, in order. */
  else
    pull->fetched_last = TRUE;

  fetched = g_new0 (Fetched, 1);
  fetched->index = fetch->index;
  fetched->response = page;
  g_queue_insert_sorted (&pull->pages, fetched, compare_fetched, NULL);
  fetch_free (fetch);
  advance (task);
}

/* A change that cannot be read is set aside in the cache, and the rest
 * of the page is applied with the cursor past it: one bad item must not
 * stop the feed for good. The page's tree goes as soon as it is read. */
static gpointer
read_page (GwTownResponse  *response,
           GError         **error)
{
  GwFeedPage *page = gw_feed_page_read (response, error);

  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->elements, g_array_unref);
  g_clear_pointer (&response->defects, g_array_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  return page;
}

/* A first page of the full size kept the writer idle for as long as the
 * server took to gather it and the reader to read it (a fifth of a
 * 100,000-case pull): the first pages are small, and double up to the
 * size asked for, so writing starts early and goes on beside the
 * reading. */
#define FIRST_PAGE_SIZE 500

static guint
next_page_size (Pull *pull)
{
  guint size = FIRST_PAGE_SIZE;

  for (guint i = 0; i < pull->pages_asked && size < pull->page_size; i++)
    size *= 2;
  return MIN (size, pull->page_size);
}

/* Apply the oldest fetched page, fetch the next one meanwhile, and
 * answer when everything fetched is applied and nothing more comes. */
static void
advance (GTask *task)
{
  Pull *pull = g_task_get_task_data (task);

  if (pull->done)
    return;

  if (!pull->applying && !g_queue_is_empty (&pull->pages) &&
      ((Fetched *) g_queue_peek_head (&pull->pages))->index == pull->pages_applied)
    {
      GTask *apply = g_task_new (NULL, pull->cancellable, on_applied, g_object_ref (task));
      Apply *data = g_new0 (Apply, 1);
      Fetched *fetched = g_queue_pop_head (&pull->pages);

      data->pull = pull;
      data->page = g_steal_pointer (&fetched->response);
      fetched_free (fetched);
      pull->pages_applied++;
      g_task_set_task_data (apply, data, (GDestroyNotify) apply_free);
      pull->applying = TRUE;
      g_task_run_in_thread (apply, apply_in_thread);
      g_object_unref (apply);
    }

  /* One page being applied and two more, waiting or on their way, at
   * most: memory stays bounded however long the feed. */
  if (!pull->fetching && !pull->fetched_last && g_queue_is_empty (&pull->pages) && pull->receiving < 2)
    {
      g_autofree char *escaped = pull->feed_id ? g_uri_escape_string (pull->feed_id, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u%s%s",
                                               pull->next_since, next_page_size (pull),
                                               escaped ? "&feed=" : "", escaped ? escaped : "");
      Fetch *fetch = g_new0 (Fetch, 1);

      fetch->task = g_object_ref (task);
      fetch->index = pull->pages_asked++;
      pull->fetching = TRUE;
      gw_town_client_get_page_async (pull->client, path, read_page, (GDestroyNotify) gw_feed_page_free,
                                     on_page_headers, fetch, pull->cancellable, on_page, fetch);
    }

  if (!pull->applying && !pull->fetching && pull->receiving == 0 && g_queue_is_empty (&pull->pages) &&
      pull->fetched_last)
    {
      pull->done = TRUE;
      restore_indexes_later (pull);
      g_task_return_pointer (task, g_steal_pointer (&pull->result), (GDestroyNotify) gw_case_pull_result_free);
    }
}

typedef struct
{
  gint64 cursor;
  char *feed_id;
  gboolean deferred;
} Cursor;

static void
cursor_free (Cursor *cursor)
{
  g_free (cursor->feed_id);
  g_free (cursor);
}

static void
read_cursor_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Cursor *cursor = g_new0 (Cursor, 1);

  cursor->cursor = gw_store_get_cursor (task_data);
  cursor->feed_id = gw_store_dup_cursor_feed (task_data);
  /* Only where nothing can be asked of the indexes meanwhile but by the
   * pull itself: an empty cache. */
  cursor->deferred = cursor->cursor == 0 && gw_store_count_cases (task_data) == 0 &&
                     gw_cache_defer_case_indexes (task_data, NULL);
  g_task_return_pointer (task, cursor, (GDestroyNotify) cursor_free);
}

static void
on_cursor_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *pull = g_task_get_task_data (task);
  GError *error = NULL;
  Cursor *cursor = g_task_propagate_pointer (G_TASK (result), &error);

  if (cursor == NULL)
    {
      fail (task, error);
      return;
    }
  pull->result->cursor = pull->next_since = cursor->cursor;
  pull->feed_id = g_steal_pointer (&cursor->feed_id);
  pull->deferred = cursor->deferred;
  cursor_free (cursor);
  advance (task);
}

static void
cancel_pull (GCancellable *caller,
             GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
gw_case_pull_async (GwTownClient        *client,
                    GwStore             *store,
                    guint                page_size,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Pull *pull;

  g_return_if_fail (GW_IS_TOWN_CLIENT (client));
  g_return_if_fail (GW_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_case_pull_async);

  pull = g_new0 (Pull, 1);
  pull->cancellable = g_cancellable_new ();
  if (cancellable)
    {
      pull->caller_cancellable = g_object_ref (cancellable);
      pull->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_pull), pull->cancellable, NULL);
    }
  pull->client = g_object_ref (client);
  pull->store = g_object_ref (store);
  pull->page_size = page_size ? page_size : 1000;
  pull->result = g_new0 (GwCasePullResult, 1);
  pull->result->new_urgent = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&pull->pages);
  g_task_set_task_data (task, pull, (GDestroyNotify) pull_free);

  /* Where the feed was left is in the cache: read in a thread too. */
  {
    g_autoptr(GTask) start = g_task_new (NULL, cancellable, on_cursor_read, task);

    g_task_set_task_data (start, g_object_ref (store), g_object_unref);
    g_task_run_in_thread (start, read_cursor_in_thread);
  }
}

GwCasePullResult *
gw_case_pull_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
