/* gw-store-quarantine.h: feed items the cache could not read, set aside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store-outbox.h"

G_BEGIN_DECLS

/* The element's text is kept as evidence, up to this many bytes. */
#define GW_QUARANTINE_MAX_RAW (64 * 1024)

/* One change of the feed, by what the cache knows of it. */
typedef struct
{
  gint64 seq;               /* -1: the element had no readable seq */
  char *kind;               /* "case", "grid"…; "" when unreadable */
  char *id;                 /* the item's id, or "seq N" when unreadable */
  char *reason;             /* translated; NULL: the change was read */
  GBytes *raw;              /* the element as it came; NULL when read,
                             * and in lists (gw_store_dup_quarantine_raw()) */
  char *at;                 /* RFC 3339; set when read back from the store */
} GwQuarantineEntry;

GwQuarantineEntry *gw_quarantine_entry_new  (gint64              seq,
                                             const char         *kind,
                                             const char         *id,
                                             const char         *reason,
                                             GBytes             *raw);
void               gw_quarantine_entry_free (GwQuarantineEntry  *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwQuarantineEntry, gw_quarantine_entry_free)

gboolean           gw_store_apply_feed_page (GwStore            *self,
                                             GPtrArray          *cases,
                                             GPtrArray          *statuses,
                                             GPtrArray          *items,
                                             gint64              cursor,
                                             const char         *feed_id,
                                             gboolean            reset,
                                             GPtrArray          *written,
                                             GError            **error);
char              *gw_store_dup_cursor_feed (GwStore            *self);
GPtrArray         *gw_store_list_quarantine (GwStore            *self,
                                             guint               limit,
                                             GError            **error);
GBytes            *gw_store_dup_quarantine_raw (GwStore         *self,
                                             const char         *kind,
                                             const char         *id);
guint              gw_store_count_quarantine (GwStore           *self);

G_END_DECLS
