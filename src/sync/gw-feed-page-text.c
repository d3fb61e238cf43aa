/* gw-feed-page-text.c: a feed page read from its text, without a tree
 *
 * A first pull is a hundred pages of a thousand cases; building each
 * page's json-glib tree, reading the cases out of it and freeing it was
 * most of the pull. Here the page's text is walked once and each case
 * read straight into its GwCaseData (gw-case-reader.c). A change this
 * reader is not sure of (another kind than a case, a case it declines)
 * is handed, alone, to the tree reader of gw-feed-page.c, which reads it
 * or sets it aside with its reason; a page whose framing it is not sure
 * of is declined whole, and read with a tree, which reads it or says
 * what is wrong with it. So the page that comes out is the one the tree
 * reader would make.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-feed-page"

#include "config.h"

#include "gw-case-reader.h"
#include "gw-feed-page-private.h"
#include "gw-field.h"

typedef enum
{
  CHANGE_SEQ, CHANGE_KIND, CHANGE_ID, CHANGE_DATA, CHANGE_N_MEMBERS,
} ChangeMember;

static const char * const change_members[CHANGE_N_MEMBERS] = { "seq", "kind", "id", "data" };

typedef struct
{
  gint64 seq;
  char *kind;
  char *id;
  GwCase *kase;
} Change;

static void
change_clear (Change *c)
{
  g_free (c->kind);
  g_free (c->id);
  g_clear_object (&c->kase);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Change, change_clear)

static gboolean
read_change_member (GwJsonReader *r,
                    Change       *c,
                    ChangeMember  member)
{
  switch (member)
    {
    case CHANGE_SEQ: return gw_json_reader_int (r, &c->seq);
    case CHANGE_KIND: return gw_json_reader_string (r, &c->kind);
    case CHANGE_ID: return gw_json_reader_string (r, &c->id);
    case CHANGE_DATA: return (c->kase = gw_case_read (r)) != NULL;
    case CHANGE_N_MEMBERS:
    default:
      /* Members the tree reader does not read either ("version"). */
      return gw_json_reader_skip (r);
    }
}

/* A case's change, added to @page as gw_feed_page_read_change() would;
 * FALSE, and @page untouched, for anything else. */
static gboolean
read_case_change (GwJsonReader *r,
                  GwFeedPage   *page)
{
  g_auto(Change) c = { 0 };
  guint32 seen = 0;
  guint m;

  if (!gw_json_reader_begin (r, GW_JSON_OBJECT))
    return FALSE;
  while (gw_json_reader_next_member (r, change_members, CHANGE_N_MEMBERS, &seen, &m))
    if (!read_change_member (r, &c, m))
      return FALSE;
  /* The item's id as item_id() finds it: its own, else its case's. */
  if (r->failure || !(seen & (1u << CHANGE_SEQ)) || c.kind == NULL || !g_str_equal (c.kind, "case") ||
      c.kase == NULL ||
      (c.id && !gw_text_check (c.id, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, "id", NULL)))
    return gw_json_reader_fail (r, "a change this reader does not read");

  g_ptr_array_add (page->items, gw_quarantine_entry_new (c.seq, c.kind, c.id ? c.id : gw_case_get_id (c.kase),
                                                         NULL, NULL));
  g_ptr_array_add (page->cases, g_steal_pointer (&c.kase));
  return TRUE;
}

/* The change at r, by this reader or else by the tree reader. */
static gboolean
read_change (GwJsonReader *r,
             GBytes       *body,
             GwFeedPage   *page,
             guint         index)
{
  GwJsonReader attempt = *r;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(JsonNode) node = NULL;
  GwJsonRange range;

  if (read_case_change (&attempt, page))
    {
      *r = attempt;
      return TRUE;
    }
  /* Still JSON? The whole page is read with a tree if not. */
  gw_json_reader_peek (r);
  range.start = gw_json_reader_offset (r);
  if (!gw_json_reader_skip (r))
    return FALSE;
  range.end = gw_json_reader_offset (r);
  text = g_bytes_new_from_bytes (body, range.start, range.end - range.start);
  if (!(node = gw_json_parse_scanned (text, NULL)))
    return gw_json_reader_fail (r, "a change that json-glib cannot read");
  gw_feed_page_read_change (page, body, node, &range, -1, index);
  return TRUE;
}

static gboolean
read_changes (GwJsonReader *r,
              GBytes       *body,
              GwFeedPage   *page)
{
  gboolean more;

  if (!gw_json_reader_begin (r, GW_JSON_ARRAY))
    return FALSE;
  while (gw_json_reader_next (r, &more) && more)
    if (!read_change (r, body, page, page->items->len))
      return FALSE;
  return r->failure == NULL;
}

typedef enum
{
  PAGE_CHANGES, PAGE_LAST_SEQ, PAGE_MORE, PAGE_RESET, PAGE_FEED, PAGE_N_MEMBERS,
} PageMember;

static const char * const page_members[PAGE_N_MEMBERS] = { "changes", "last_seq", "more", "reset", "feed" };

static gboolean
read_page_member (GwJsonReader *r,
                  GBytes       *body,
                  GwFeedPage   *page,
                  PageMember    member)
{
  switch (member)
    {
    case PAGE_CHANGES: return read_changes (r, body, page);
    case PAGE_LAST_SEQ: return gw_json_reader_int (r, &page->last_seq);
    case PAGE_MORE: return gw_json_reader_bool (r, &page->more);
    case PAGE_RESET:
      return gw_json_reader_peek (r) == GW_JSON_NULL ? gw_json_reader_null (r) : gw_json_reader_bool (r, &page->reset);
    case PAGE_FEED:
      return gw_json_reader_peek (r) == GW_JSON_NULL ? gw_json_reader_null (r)
                                                     : gw_json_reader_string (r, &page->feed_id);
    case PAGE_N_MEMBERS:
    default:
      /* Members the tree reader does not read either. */
      return gw_json_reader_skip (r);
    }
}

/* The page, or NULL if it is to be read with a tree. */
GwFeedPage *
gw_feed_page_read_text (GBytes *body)
{
  g_autoptr(GwFeedPage) page = gw_feed_page_new ();
  GwJsonReader r;
  guint32 seen = 0;
  guint m;
  gsize size;
  const char *text = body ? g_bytes_get_data (body, &size) : NULL;

  if (text == NULL)
    return NULL;
  gw_json_reader_init (&r, text, size);
  if (!gw_json_reader_begin (&r, GW_JSON_OBJECT))
    return NULL;
  while (gw_json_reader_next_member (&r, page_members, PAGE_N_MEMBERS, &seen, &m))
    if (!read_page_member (&r, body, page, m))
      return NULL;
  /* The framing as gw_feed_page_frame() and gw_feed_page_read() want it. */
  if (!gw_json_reader_finish (&r) ||
      !(seen & (1u << PAGE_CHANGES)) || !(seen & (1u << PAGE_MORE)) || page->last_seq < 0 ||
      !(seen & (1u << PAGE_LAST_SEQ)) ||
      (page->feed_id && !gw_text_check (page->feed_id, -1, GW_FIELD_NOT_BLANK, GW_FIELD_FEED_ID_CHARS, "feed", NULL)))
    return NULL;
  page->more = page->more && page->items->len > 0;
  return g_steal_pointer (&page);
}
