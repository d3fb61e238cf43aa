/* gw-feed-page.c: one page of the change feed, read change by change
 *
 * One bad change costs only itself: a change whose text had to be mended
 * (gw_town_client_get_page_async() says where), or whose case cannot be
 * read, is set aside with the reason and its text as it came, and the
 * rest of the page is applied. Only a page whose framing cannot be read
 * (no "changes", "last_seq" or "more") fails as a whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-feed-page"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-error.h"
#include "gw-feed-page.h"
#include "gw-feed-page-private.h"
#include "gw-field.h"
#include "gw-geo.h"
#include "gw-json.h"

/* What mended text reads as: a byte that was not UTF-8 became '?', an
 * escaped NUL or lone surrogate became U+FFFD. */
#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

GwFeedPage *
gw_feed_page_new (void)
{
  GwFeedPage *page = g_new0 (GwFeedPage, 1);

  page->cases = g_ptr_array_new_with_free_func (g_object_unref);
  page->statuses = g_ptr_array_new_with_free_func (g_object_unref);
  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_quarantine_entry_free);
  return page;
}

void
gw_feed_page_free (GwFeedPage *page)
{
  g_clear_pointer (&page->cases, g_ptr_array_unref);
  g_clear_pointer (&page->statuses, g_ptr_array_unref);
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page->feed_id);
  g_free (page);
}

/* The feed's framing of a page: where it ends, and whether more follow. */
gboolean
gw_feed_page_frame (GwTownResponse  *response,
                    JsonArray      **changes,
                    gint64          *last_seq,
                    gboolean        *more)
{
  JsonObject *root = gw_json_node_get_object (response->root);
  JsonNode *more_node = root ? json_object_get_member (root, "more") : NULL;

  *changes = gw_json_object_get_array (root, "changes");
  *last_seq = gw_json_object_get_int (root, "last_seq", -1);
  if (*changes == NULL || *last_seq < 0 || more_node == NULL || !JSON_NODE_HOLDS_VALUE (more_node) ||
      json_node_get_value_type (more_node) != G_TYPE_BOOLEAN)
    return FALSE;
  *more = json_node_get_boolean (more_node) && json_array_get_length (*changes) > 0;
  return TRUE;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Two elements of one array have a comma and white space between them. */
static gboolean
only_comma_between (const char *text,
                    gsize       from,
                    gsize       to)
{
  guint commas = 0;

  for (gsize i = from; i < to; i++)
    {
      if (text[i] == ',')
        commas++;
      else if (!is_space (text[i]))
        return FALSE;
    }
  return commas == 1;
}

static gssize
skip_back (const char *text,
           gssize      i)
{
  while (i >= 0 && is_space (text[i]))
    i--;
  return i;
}

/* The text before @start is `"key" : [`, after the root's '{' or a ','. */
static gboolean
key_before (const char *text,
            gsize       start,
            const char *key)
{
  gssize key_len = strlen (key);
  gssize i = skip_back (text, (gssize) start - 1);

  if (i < 0 || text[i] != '[')
    return FALSE;
  i = skip_back (text, i - 1);
  if (i < 0 || text[i] != ':')
    return FALSE;
  i = skip_back (text, i - 1);
  if (i < key_len + 1 || text[i] != '"' || text[i - key_len - 1] != '"' ||
      memcmp (text + i - key_len, key, key_len) != 0)
    return FALSE;
  i = skip_back (text, i - key_len - 2);
  return i >= 0 && (text[i] == '{' || text[i] == ',');
}

/* The ranges of the elements of "changes", or NULL if they cannot be told
 * apart from those of the root's other arrays: the scan lists the
 * elements of all of them, in the order of the text. */
static const GwJsonRange *
changes_ranges (GBytes *body,
                GArray *elements,
                guint   n_changes)
{
  const char *text = g_bytes_get_data (body, NULL);
  const GwJsonRange *ranges = (const GwJsonRange *) elements->data;
  const GwJsonRange *found = NULL;

  for (guint i = 0; i < elements->len;)
    {
      guint n = 1;

      while (i + n < elements->len && only_comma_between (text, ranges[i + n - 1].end, ranges[i + n].start))
        n++;
      if (key_before (text, ranges[i].start, "changes"))
        {
          /* Twice "changes": which one the parser kept is not ours to guess. */
          if (found != NULL || n != n_changes)
            return NULL;
          found = &ranges[i];
        }
      i += n;
    }
  return found;
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

/* The first mended defect inside @range, or -1; @defects is sorted. */
static gssize
first_defect_in (GArray            *defects,
                 const GwJsonRange *range)
{
  guint lo = 0, hi = defects->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (defects, gsize, mid) < range->start)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < defects->len && g_array_index (defects, gsize, lo) < range->end)
    return g_array_index (defects, gsize, lo);
  return -1;
}

/* Told from the text as it came: the mended copy holds '?' or U+FFFD. */
static const char *
describe_defect (GBytes *body,
                 gsize   offset)
{
  gsize len;
  const char *text = g_bytes_get_data (body, &len);

  if (text[offset] == '\\')
    return offset + 6 <= len && memcmp (text + offset + 2, "0000", 4) == 0
           ? _("its text holds an escaped NUL (\\u0000)")
           : _("its text holds a lone UTF-16 surrogate");
  if (text[offset] == '\0')
    return _("its text holds a NUL byte");
  return _("its text is not valid UTF-8");
}

/* A name from the change, if it can be trusted to be the item's own. */
static const char *
trusted_name (const char *name,
              gboolean    mended)
{
  if (name == NULL ||
      !gw_text_check (name, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "id", NULL) ||
      (mended && (strchr (name, '?') || strstr (name, REPLACEMENT_CHARACTER))))
    return NULL;
  return name;
}

/* The change's id, else its case's, else where it stood in the feed. */
static char *
item_id (JsonObject *change,
         gint64      seq,
         guint       index,
         gboolean    mended)
{
  JsonObject *data = change ? gw_json_node_get_object (json_object_get_member (change, "data")) : NULL;
  const char *id = trusted_name (gw_json_object_get_string (change, "id"), mended);

  /* An id that is there but cannot be trusted is not made up from the case's. */
  if (id == NULL && change && !json_object_has_member (change, "id"))
    id = trusted_name (gw_json_object_get_string (data, "id"), mended);
  if (id)
    return g_strdup (id);
  if (seq >= 0)
    return g_strdup_printf ("seq %" G_GINT64_FORMAT, seq);
  return g_strdup_printf ("seq ? #%u", index + 1);
}

/* A phone's report as the feed brings it: the worker's own id, a
 * position on the globe if any. */
static GwWorkerStatus *
read_status (JsonObject  *change,
             const char  *id,
             GError     **error)
{
  g_autoptr(GwWorkerStatus) status = gw_worker_status_new_from_json (json_object_get_member (change, "data"), error);
  double lat, lon;

  if (status == NULL)
    return NULL;
  if (g_strcmp0 (gw_worker_status_get_worker_id (status), id) != 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_SERVER, _("the report is for another worker than its change"));
      return NULL;
    }
  if (gw_worker_status_get_location (status, &lat, &lon) && !gw_coordinate_is_valid (lon, lat))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_SERVER, _("the reported position is not on the globe"));
      return NULL;
    }
  return g_steal_pointer (&status);
}

static GBytes *
raw_text (GBytes            *body,
          JsonNode          *node,
          const GwJsonRange *range)
{
  char *text;

  if (range)
    return g_bytes_new_from_bytes (body, range->start,
                                   MIN (range->end - range->start, GW_QUARANTINE_MAX_RAW));
  /* Not g_bytes_new_take (g_steal_pointer (&text), strlen (text)): the
   * order in which arguments are evaluated is the compiler's, and clang
   * took strlen() of NULL (found by fuzzing). */
  text = json_to_string (node, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

/* One change of a page read by json-glib: set aside with its reason, or
 * read. @range and @defect as found in the page's text, if known. */
void
gw_feed_page_read_change (GwFeedPage        *page,
                          GBytes            *body,
                          JsonNode          *node,
                          const GwJsonRange *range,
                          gssize             defect,
                          guint              i)
{
  JsonObject *change = gw_json_node_get_object (node);
  gint64 seq = gw_json_object_get_int (change, "seq", -1);
  const char *kind = trusted_name (gw_json_object_get_string (change, "kind"), defect >= 0);
  g_autofree char *id = item_id (change, seq, i, defect >= 0);
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) raw = NULL;
  GwCase *kase = NULL;
  GwWorkerStatus *status = NULL;
  const char *reason = NULL;

  /* Grids and the like come whole from their collections; phones'
   * reports come one by one, here. */
  if (kind && !g_str_equal (kind, "case") && !g_str_equal (kind, "worker_status"))
    page->reference_changed = TRUE;

  if (defect >= 0)
    reason = describe_defect (body, defect);
  else if (change == NULL)
    reason = _("it is not an object");
  else if (kind == NULL)
    reason = _("it does not say what kind of item it is");
  else if (g_str_equal (kind, "case") &&
           !(kase = gw_case_new_from_json (json_object_get_member (change, "data"), &local)))
    reason = local->message;
  else if (g_str_equal (kind, "worker_status") && !(status = read_status (change, id, &local)))
    reason = local->message;

  if (reason != NULL)
    {
      raw = raw_text (body, node, range);
      page->n_quarantined++;
    }
  else if (kase)
    g_ptr_array_add (page->cases, kase);
  else if (status)
    g_ptr_array_add (page->statuses, status);
  g_ptr_array_add (page->items, gw_quarantine_entry_new (seq, kind, id, reason, raw));
}

GwFeedPage *
gw_feed_page_read (GwTownResponse  *response,
                   GError         **error)
{
  g_autoptr(GwFeedPage) page = NULL;
  g_autoptr(GArray) defects = NULL;
  const GwJsonRange *ranges = NULL;
  JsonObject *root;
  g_autoptr(GError) framing = NULL;
  const char *feed_id = NULL;
  JsonArray *changes;
  guint n_changes;

  /* Read without a tree if it can be: that reader is stricter than the
   * scan, so text that would need mending goes to the tree. */
  if (response->root == NULL && (page = gw_feed_page_read_text (response->body)))
    return g_steal_pointer (&page);
  if (!gw_town_response_ensure_root (response, error))
    return NULL;
  root = gw_json_node_get_object (response->root);
  page = gw_feed_page_new ();

  if (!gw_feed_page_frame (response, &changes, &page->last_seq, &page->more))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_SERVER, _("The server's change feed is not in the expected form"));
      return NULL;
    }
  if (!gw_field_bool (root, "reset", GW_FIELD_OPTIONAL, &page->reset, &framing) ||
      !gw_field_text (root, "feed", GW_FIELD_NOT_BLANK, GW_FIELD_FEED_ID_CHARS, &feed_id, &framing))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_SERVER, _("The server's change feed is not in the expected form: %s"),
                   framing->message);
      return NULL;
    }
  page->feed_id = g_strdup (feed_id);

  n_changes = json_array_get_length (changes);
  defects = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (response->defects)
    g_array_append_vals (defects, response->defects->data, response->defects->len);
  g_array_sort (defects, compare_offsets);
  if (response->body && response->elements && n_changes > 0)
    ranges = changes_ranges (response->body, response->elements, n_changes);
  if (ranges == NULL && n_changes > 0 && defects->len > 0)
    {
      /* Mended text that cannot be pinned on a change could be any of them. */
      g_set_error (error, GW_ERROR, GW_ERROR_SERVER,
                   _("The server's change feed holds broken text that cannot be told apart from its changes"));
      return NULL;
    }

  for (guint i = 0; i < n_changes; i++)
    {
      const GwJsonRange *range = ranges ? &ranges[i] : NULL;

      gw_feed_page_read_change (page, response->body, json_array_get_element (changes, i), range,
                                range ? first_defect_in (defects, range) : -1, i);
    }

  return g_steal_pointer (&page);
}
